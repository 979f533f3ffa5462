import Foundation
import KefuDomain
import KefuServices

/// What one iCalendar import from a calendar's page came to: a report, or the problems that stopped it.
struct CalendarImportOutcome: Sendable {
    var calendarID: Int64
    var at: Date
    var report: ICSImportReport?
    var errors: [FieldError] = []

    func values(_ catalog: Catalog, _ language: Language, _ formatter: TimeFormatter) -> [String: Any] {
        var values: [String: Any] = [
            "at": formatter.string(at), "failed": !errors.isEmpty,
            "errors": errors.map { catalog.message(for: $0, language) },
        ]
        if let report {
            values["report"] = [
                "summary": catalog.text("sla.ics.summary", language, [
                    "holidays": "\(report.holidaysAdded)", "working_days": "\(report.workingDaysAdded)", "skipped": "\(report.skipped.count)",
                ]),
                "has_skipped": !report.skipped.isEmpty,
                "skipped": report.skipped.map { skipped -> [String: Any] in
                    ["line": skipped.line, "reason": catalog.text("sla.ics.skipped.\(skipped.reason.rawValue)", language),
                     "summary": skipped.summary ?? ""]
                },
            ] as [String: Any]
        }
        return values
    }
}

/// Each person's last calendar import, kept in this instance's memory for an hour so that the page can show it after
/// the upload (like ``CatalogImportOutcomes``); what the import changed is in the store like any other change.
actor CalendarImportOutcomes {
    static let kept: TimeInterval = 3600
    private var outcomes: [Int64: CalendarImportOutcome] = [:]

    func keep(_ outcome: CalendarImportOutcome, for user: Int64?) {
        guard let user else { return }
        outcomes = outcomes.filter { outcome.at.timeIntervalSince($0.value.at) < Self.kept }
        outcomes[user] = outcome
    }

    /// The person's last import into `calendarID`, if it is recent.
    func last(for user: Int64?, calendarID: Int64, now: Date) -> CalendarImportOutcome? {
        guard let user, let outcome = outcomes[user], outcome.calendarID == calendarID, now.timeIntervalSince(outcome.at) < Self.kept else { return nil }
        return outcome
    }
}
