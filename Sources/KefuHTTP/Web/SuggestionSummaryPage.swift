import Foundation
import KefuDomain
import KefuServices
import KefuStore

/// The values of `tickets/suggestions`: the period with its picker, the counts and the list (R-TKT-7).
struct SuggestionSummaryPage {
    let report: SuggestionReport
    let catalog: Catalog
    let language: Language
    let categories: [TicketRepository.Category]
    let formatter: TimeFormatter

    func text(_ key: String, _ arguments: [String: String] = [:]) -> String { catalog.text(key, language, arguments) }

    var values: [String: Any] {
        let summary = report.summary
        let names = SuggestionSheet.names(catalog, language, categories: categories)
        let name = { (key: String) in names[key] ?? key }
        let range = "from=\(report.from)&to=\(report.to)"
        let decisions: [(String, Int)] = [
            ("adopted", summary.byDecision.adopted), ("partly_adopted", summary.byDecision.partlyAdopted),
            ("not_adopted", summary.byDecision.notAdopted), ("pending", summary.byDecision.pending),
        ]
        return [
            "from": report.from.description, "to": report.to.description,
            "week_href": "/tickets/suggestions?period=week", "month_href": "/tickets/suggestions?period=month",
            "download": "/api/v1/reports/suggestions?\(range)&format=xlsx",
            "total": summary.total, "told": summary.told,
            "adoption_rate": summary.adoptionRate.map(TicketService.percent) ?? text("suggestions.report.no_rate"),
            "average_days": summary.averageDaysToDecision.map { String(format: "%.1f", $0) } ?? text("suggestions.report.no_rate"),
            "by_decision": decisions.map { ["code": $0.0, "label": name("decision.\($0.0)"), "count": $0.1] as [String: Any] },
            "by_category": summary.byCategory.map { ["label": name("category.\($0.key)"), "count": $0.count] as [String: Any] },
            "by_department": summary.byDepartment.map { ["label": name("department.\($0.key)"), "count": $0.count] as [String: Any] },
            "has_lines": !report.lines.isEmpty, "capped": report.lines.count >= TicketService.suggestionReportLimit,
            "lines": report.lines.map { line -> [String: Any] in
                [
                    "ticket_id": line.ticketID, "number": line.number, "received": formatter.string(line.receivedAt),
                    "customer": line.customerName, "subject": line.subject,
                    "category": name("category.\(line.category ?? SuggestionSummary.unclassified)"),
                    "department": name("department.\(line.department?.rawValue ?? SuggestionSummary.notForwarded)"),
                    "decision": name("decision.\(line.decision?.rawValue ?? "pending")"), "decision_code": line.decision?.rawValue ?? "pending",
                    "reason": line.reason ?? "", "decided_at": line.decidedAt.map(formatter.string) ?? "",
                    "told_at": line.notifiedAt.map(formatter.string) ?? "",
                ]
            },
        ]
    }
}

/// The words of the summary in the reader's language, for the page and the workbook.
enum SuggestionSheet {
    /// `category.<code>`, `department.<code>` and `decision.<code>` (with the keys for "none yet") → name.
    static func names(_ catalog: Catalog, _ language: Language, categories: [TicketRepository.Category]) -> [String: String] {
        var names: [String: String] = [
            "category.\(SuggestionSummary.unclassified)": catalog.text("suggestions.report.unclassified", language),
            "department.\(SuggestionSummary.notForwarded)": catalog.text("suggestions.report.not_forwarded", language),
            "decision.pending": catalog.text("suggestions.decision.pending", language),
        ]
        for category in categories { names["category.\(category.code)"] = language == .en ? category.nameEN : category.name }
        for department in Department.allCases { names["department.\(department.rawValue)"] = catalog.text("department.\(department.rawValue)", language) }
        for decision in SuggestionDecision.allCases {
            names["decision.\(decision.rawValue)"] = catalog.text("suggestions.decision.\(decision.rawValue)", language)
        }
        return names
    }

    static func labels(_ catalog: Catalog, _ language: Language, categories: [TicketRepository.Category]) -> SuggestionSheetLabels {
        let text = { (key: String) in catalog.text(key, language) }
        return SuggestionSheetLabels(
            summarySheet: text("suggestions.sheet.summary"), listSheet: text("suggestions.sheet.list"),
            summary: [
                "period": text("suggestions.report.period"), "total": text("suggestions.report.total"),
                "adopted": text("suggestions.decision.adopted"), "partly_adopted": text("suggestions.decision.partly_adopted"),
                "not_adopted": text("suggestions.decision.not_adopted"), "pending": text("suggestions.decision.pending"),
                "adoption_rate": text("suggestions.report.adoption_rate"), "average_days": text("suggestions.report.average_days"),
                "told": text("suggestions.report.told"), "by_category": text("suggestions.report.by_category"),
                "by_department": text("suggestions.report.by_department"),
            ],
            listHeader: ["suggestions.report.number", "suggestions.report.received", "suggestions.report.customer", "suggestions.report.subject",
                         "suggestions.category", "suggestions.department", "suggestions.decision", "suggestions.reason",
                         "suggestions.report.decided_at", "suggestions.report.told_at"].map(text),
            names: names(catalog, language, categories: categories))
    }
}
