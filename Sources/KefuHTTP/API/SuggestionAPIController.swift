import Foundation
import Hummingbird
import KefuDomain
import KefuServices

/// Suggestions (R-TKT-7): forward to a department, its decision, telling the member; and the periodic summary
/// `/api/v1/reports/suggestions` as JSON or an XLSX workbook.
struct SuggestionAPIController {
    let services: Services
    let catalog: Catalog

    func addRoutes(to router: Router<KefuRequestContext>) {
        router.post("api/v1/tickets/:id/suggestion/forward", use: forward)
        router.post("api/v1/tickets/:id/suggestion/decision", use: decide)
        router.post("api/v1/tickets/:id/suggestion/notify", use: notify)
        router.get("api/v1/reports/suggestions", use: report)
    }

    /// The body of the three steps; `version` (or `If-Match`) for optimistic concurrency.
    struct Step: ActionBody {
        var version: Int64?
        var category: String?
        var department: String?
        var request: String?
        var dueAt: Date?
        var contact: String?
        var decision: String?
        var reason: String?
        var body: String?
    }

    @Sendable func forward(_ request: Request, context: KefuRequestContext) async throws -> Response {
        let (principal, id, body) = try await request.action(Step.self, context: context)
        var department: Department?
        if let text = body.department, !text.isEmpty {
            department = Department(rawValue: text)
            if department == nil { throw ServiceError.validation([FieldError(field: "department", code: "error.unknown_value")]) }
        }
        _ = try await services.tickets.forwardSuggestion(id: id, category: body.category, department: department, request: body.request,
                                                         dueAt: body.dueAt, contact: body.contact, expectedVersion: body.version, by: principal)
        return try await respond(id, principal)
    }

    @Sendable func decide(_ request: Request, context: KefuRequestContext) async throws -> Response {
        let (principal, id, body) = try await request.action(Step.self, context: context)
        _ = try await services.tickets.decideSuggestion(id: id, decision: body.decision, reason: body.reason, expectedVersion: body.version,
                                                        by: principal)
        return try await respond(id, principal)
    }

    @Sendable func notify(_ request: Request, context: KefuRequestContext) async throws -> Response {
        let (principal, id, body) = try await request.action(Step.self, context: context)
        _ = try await services.tickets.notifySuggestion(id: id, body: body.body, expectedVersion: body.version, by: principal)
        return try await respond(id, principal)
    }

    /// The ticket after the step, with its `suggestion` (and the draft reply while the member is still to be told).
    private func respond(_ id: Int64, _ principal: Principal) async throws -> Response {
        let detail = try await services.tickets.get(id: id, by: principal)
        var ticket = TicketJSON(detail.ticket, permissions: principal.permissions)
        ticket.suggestion = SuggestionJSON(detail, catalog: catalog)
        return try KefuJSON.response(ticket, headers: [.eTag: "\"\(detail.ticket.version)\""])
    }

    /// `period` (`week` or `month`), or `from` and `to` (business days, both included); default this month.
    static func range(_ request: Request, tickets: TicketService) throws -> (from: LocalDate, to: LocalDate, start: Date, end: Date) {
        let parameters = request.uri.queryParameters
        func day(_ name: String) throws -> LocalDate? {
            guard let text = parameters[name[...]].map(String.init), !text.isEmpty else { return nil }
            guard let day = LocalDate(text) else { throw RequestError.badParameter(FieldError(field: name, code: "error.date_format")) }
            return day
        }
        var period: SuggestionPeriod?
        if let text = parameters["period"].map(String.init), !text.isEmpty {
            period = SuggestionPeriod(rawValue: text)
            if period == nil { throw RequestError.badParameter(FieldError(field: "period", code: "error.unknown_value")) }
        }
        return tickets.suggestionRange(period: period, from: try day("from"), to: try day("to"))
    }

    @Sendable func report(_ request: Request, context: KefuRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        let range = try Self.range(request, tickets: services.tickets)
        let report = try await services.tickets.suggestionReport(from: range.from, to: range.to, start: range.start, end: range.end, by: principal)
        if request.uri.queryParameters["format"].map(String.init) == "xlsx" {
            let categories = try await services.tickets.categories(by: .system)
            let labels = SuggestionSheet.labels(catalog, context.language, categories: categories)
            let data = try await services.tickets.suggestionSheet(report, labels: labels, by: principal)
            return ReportAPIController.attachment("\(labels.summarySheet)-\(range.from)-\(range.to).xlsx", data)
        }
        return try KefuJSON.response(SuggestionReportJSON(report))
    }
}
