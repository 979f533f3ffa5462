import Foundation
import Hummingbird
import KefuDomain
import KefuServices

/// `/api/v1/reports/registers`: the inquiry and complaint registers (R-TKT-10), as JSON or an XLSX sheet.
struct RegisterAPIController {
    let services: Services

    func addRoutes(to router: Router<KefuRequestContext>) {
        router.get("api/v1/reports/registers", use: registers)
    }

    /// `kind`, `from` and `to` (business days, both included; default this month) from the query string.
    static func query(_ request: Request, tickets: TicketService) throws -> (kind: RegisterKind, from: LocalDate, to: LocalDate, start: Date, end: Date) {
        let parameters = request.uri.queryParameters
        let kindText = parameters["kind"].map(String.init) ?? RegisterKind.inquiry.rawValue
        guard let kind = RegisterKind(rawValue: kindText) else {
            throw RequestError.badParameter(FieldError(field: "kind", code: "error.unknown_value"))
        }
        func day(_ name: String) throws -> LocalDate? {
            guard let text = parameters[name[...]].map(String.init), !text.isEmpty else { return nil }
            guard let day = LocalDate(text) else { throw RequestError.badParameter(FieldError(field: name, code: "error.date_format")) }
            return day
        }
        let range = tickets.registerRange(from: try day("from"), to: try day("to"))
        return (kind, range.from, range.to, range.start, range.end)
    }

    @Sendable func registers(_ request: Request, context: KefuRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        let query = try Self.query(request, tickets: services.tickets)
        if request.uri.queryParameters["format"].map(String.init) == "xlsx" {
            let data = try await services.tickets.registerSheet(query.kind, from: query.start, to: query.end, by: principal)
            return ReportAPIController.attachment("\(query.kind.sheetName)-\(query.from)-\(query.to).xlsx", data)
        }
        let lines = try await services.tickets.register(query.kind, from: query.start, to: query.end, by: principal)
        return try KefuJSON.response(ListPage(items: lines, total: lines.count, limit: TicketService.registerLimit))
    }
}
