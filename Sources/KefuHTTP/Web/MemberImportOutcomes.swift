import Foundation
import KefuDomain
import KefuServices

/// What one member import from the page came to: a report, or the problems that stopped it before any row; and the
/// file itself while rows are left to decide about.
struct MemberImportOutcome: Sendable {
    var id = UUID().uuidString.lowercased()
    var filename: String?
    var options: MemberImportOptions
    var at: Date
    var report: MemberImportReport?
    var errors: [FieldError] = []
    var file: Data?

    init(filename: String?, options: MemberImportOptions, at: Date) {
        self.filename = filename
        self.options = options
        self.at = at
    }

    /// Rows listed on the page; a file with more says how many were left out.
    static let shownRows = 1000

    func values(_ catalog: Catalog, _ language: Language, _ formatter: TimeFormatter) -> [String: Any] {
        var values: [String: Any] = [
            "id": id, "filename": filename ?? "", "at": formatter.string(at), "failed": !errors.isEmpty,
            "errors": errors.map { ["field": $0.field, "message": catalog.message(for: $0, language)] },
        ]
        guard let report else { return values }
        let layout = MemberImportLayout(positions: [:], headers: report.columns)
        let column = { (field: String) in layout.column(for: field) ?? field }
        let more = { (count: Int) in
            count > Self.shownRows ? catalog.text("member_import.more_rows", language, ["count": "\(count - Self.shownRows)"]) : ""
        }
        let problems = report.badRows.flatMap { row in row.errors.map { (row.line, $0) } }
        let canRetry = !report.committed && file != nil
        values["report"] = [
            "committed": report.committed, "total_rows": report.totalRows, "imported": report.imported, "updated": report.updated,
            "unchanged": report.unchanged, "skipped": report.skipped, "bad_row_count": report.badRows.count,
            "has_bad_rows": !report.badRows.isEmpty,
            "bad_rows": problems.prefix(Self.shownRows).map { line, error -> [String: Any] in
                ["line": line, "column": column(error.field), "field": error.field, "reason": catalog.message(for: error, language)]
            },
            "more_bad_rows": more(problems.count),
            "has_duplicates": !report.duplicates.isEmpty,
            "duplicates": report.duplicates.prefix(Self.shownRows).map { duplicate -> [String: Any] in
                ["line": duplicate.line, "member_id": duplicate.memberID, "column": column(duplicate.field),
                 "action": catalog.text("member_import.action.\(Self.actionKey(duplicate.action, committed: report.committed))", language)]
            },
            "more_duplicates": more(report.duplicates.count),
            "can_retry": canRetry, "duplicates_option": options.duplicates.rawValue,
            "offer_good_rows": canRetry && options.mode == .allOrNothing,
            "offer_duplicate_choices": canRetry && report.hasReportedDuplicates && options.duplicates == .report,
        ] as [String: Any]
        return values
    }

    /// Before anything is stored, "skipped" and "updated" are what would happen.
    static func actionKey(_ action: MemberImportReport.Duplicate.Action, committed: Bool) -> String {
        guard !committed else { return action.rawValue }
        switch action {
        case .skipped: return "would_skip"
        case .updated: return "would_update"
        case .reported, .unchanged: return action.rawValue
        }
    }
}

/// Each person's last member import, kept in this instance's memory for an hour so the page can show it after the
/// upload (like ``CatalogImportOutcomes``); what the import wrote is in the store like anything else.
actor MemberImportOutcomes {
    static let kept: TimeInterval = 3600
    private var outcomes: [Int64: MemberImportOutcome] = [:]

    func keep(_ outcome: MemberImportOutcome, for user: Int64?) {
        guard let user else { return }
        outcomes = outcomes.filter { outcome.at.timeIntervalSince($0.value.at) < Self.kept }
        outcomes[user] = outcome
    }

    func last(for user: Int64?, now: Date) -> MemberImportOutcome? {
        guard let user, let outcome = outcomes[user], now.timeIntervalSince(outcome.at) < Self.kept else { return nil }
        return outcome
    }
}
