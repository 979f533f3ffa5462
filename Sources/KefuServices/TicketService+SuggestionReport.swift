import Foundation
import KefuDomain
import KefuFiles
import KefuStore

/// The periodic summary of suggestions (R-TKT-7): what came in during a period, what was decided, as JSON, a page
/// and an XLSX workbook.
public struct SuggestionReport: Sendable, Equatable {
    public var from: LocalDate
    public var to: LocalDate
    public var summary: SuggestionSummary
    /// The suggestions received in the period, oldest first.
    public var lines: [SuggestionLine]
}

/// A ready-made period for the summary.
public enum SuggestionPeriod: String, CaseIterable, Sendable {
    /// Monday to Sunday of the current week.
    case week
    /// The current month.
    case month
}

/// The words of the workbook, in the reader's language (the HTTP layer fills them from the catalogs).
public struct SuggestionSheetLabels: Sendable {
    public var summarySheet: String
    public var listSheet: String
    /// Row titles of the summary by key: `period`, `total`, `adopted`, `partly_adopted`, `not_adopted`, `pending`,
    /// `adoption_rate`, `average_days`, `told`, `by_category`, `by_department`.
    public var summary: [String: String]
    /// Column titles of the list: number, received, customer, subject, category, department, decision, reason, decided, told.
    public var listHeader: [String]
    /// Names of codes: `category.<code>`, `department.<code>`, `decision.<code>`.
    public var names: [String: String]

    public init(summarySheet: String, listSheet: String, summary: [String: String], listHeader: [String], names: [String: String]) {
        self.summarySheet = summarySheet
        self.listSheet = listSheet
        self.summary = summary
        self.listHeader = listHeader
        self.names = names
    }

    func name(_ key: String) -> String { names[key] ?? key.split(separator: ".").last.map(String.init) ?? key }
}

extension TicketService {
    /// The most suggestions one summary reads.
    public static let suggestionReportLimit = 10_000

    /// The business days of a summary: `from`…`to` when given (both included), else this week or (default) this month.
    public func suggestionRange(period: SuggestionPeriod?, from: LocalDate?, to: LocalDate?) -> (from: LocalDate, to: LocalDate, start: Date, end: Date) {
        guard from == nil, to == nil, period == .week else { return registerRange(from: from, to: to) }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        let today = calendar.dateComponents([.year, .month, .day], from: clock.now)
        let day = LocalDate(year: today.year!, month: today.month!, day: today.day!)!
        let monday = day.adding(days: 1 - day.weekday)
        return registerRange(from: monday, to: monday.adding(days: 6))
    }

    /// The summary of the suggestions received in `[start, end)` (`from`…`to` are the same period as business days).
    /// Needs `reports.view`.
    public func suggestionReport(from: LocalDate, to: LocalDate, start: Date, end: Date, by principal: Principal) async throws -> SuggestionReport {
        try principal.require(.reportsView)
        let lines = try await database.read { try await suggestions.lines(from: start, to: end, limit: Self.suggestionReportLimit, on: $0) }
        return SuggestionReport(from: from, to: to, summary: SuggestionSummary(lines: lines), lines: lines)
    }

    /// The summary as a workbook: a summary sheet and the list. The export is logged (`suggestions.exported`).
    public func suggestionSheet(_ report: SuggestionReport, labels: SuggestionSheetLabels, by principal: Principal) async throws -> Data {
        try principal.require(.reportsView)
        let summary = report.summary
        let row = { (key: String, value: XLSXCell) -> [XLSXCell] in [.text(labels.summary[key] ?? key), value] }
        var summaryRows: [[XLSXCell]] = [
            row("period", .text("\(report.from) – \(report.to)")), row("total", .integer(Int64(summary.total))),
            row("adopted", .integer(Int64(summary.byDecision.adopted))), row("partly_adopted", .integer(Int64(summary.byDecision.partlyAdopted))),
            row("not_adopted", .integer(Int64(summary.byDecision.notAdopted))), row("pending", .integer(Int64(summary.byDecision.pending))),
            row("adoption_rate", summary.adoptionRate.map { .text(Self.percent($0)) } ?? .empty),
            row("average_days", summary.averageDaysToDecision.map { .decimal($0) } ?? .empty), row("told", .integer(Int64(summary.told))),
            [], row("by_category", .empty),
        ]
        summaryRows += summary.byCategory.map { [.text(labels.name("category.\($0.key)")), .integer(Int64($0.count))] }
        summaryRows += [[], row("by_department", .empty)]
        summaryRows += summary.byDepartment.map { [.text(labels.name("department.\($0.key)")), .integer(Int64($0.count))] }
        let listRows: [[XLSXCell]] = report.lines.map { line in
            [.text(line.number), .dateTime(line.receivedAt, timeZone: timeZone), .text(line.customerName), .text(line.subject),
             .text(labels.name("category.\(line.category ?? SuggestionSummary.unclassified)")),
             .text(labels.name("department.\(line.department?.rawValue ?? SuggestionSummary.notForwarded)")),
             .text(labels.name("decision.\(line.decision?.rawValue ?? "pending")")), .text(line.reason ?? ""),
             line.decidedAt.map { .dateTime($0, timeZone: timeZone) } ?? .empty, line.notifiedAt.map { .dateTime($0, timeZone: timeZone) } ?? .empty]
        }
        let data = try XLSXWriter(sheets: [
            XLSXSheet(name: labels.summarySheet, header: [], rows: summaryRows),
            XLSXSheet(name: labels.listSheet, header: labels.listHeader, rows: listRows),
        ]).data()
        let event = principal.event("suggestions.exported", entity: "report", id: "suggestions",
                                    after: Snapshot.json(["from": report.from.description, "to": report.to.description,
                                                          "rows": "\(report.lines.count)"]), at: clock.now)
        try await database.transaction { try await events.append(event, on: $0) }
        return data
    }

    /// A share as people read it: 0.667 → "66.7%".
    public static func percent(_ share: Double) -> String {
        String(format: "%.1f%%", share * 100)
    }
}
