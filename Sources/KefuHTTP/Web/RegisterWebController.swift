import Foundation
import Hummingbird
import KefuDomain
import KefuServices

/// `/tickets/registers`: the inquiry and complaint registers (R-TKT-10) for a date range, with the XLSX download.
struct RegisterWebController {
    let services: Services
    let pages: Pages

    func addRoutes(to router: Router<KefuRequestContext>) {
        router.get("tickets/registers", use: index)
    }

    @Sendable func index(_ request: Request, context: KefuRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        let query = try RegisterAPIController.query(request, tickets: services.tickets)
        let lines = try await services.tickets.register(query.kind, from: query.start, to: query.end, by: principal)
        let range = "from=\(query.from)&to=\(query.to)"
        let tabs = RegisterKind.allCases.map { kind -> [String: Any] in
            ["href": "/tickets/registers?kind=\(kind.rawValue)&\(range)", "label": pages.catalog.text("registers.\(kind.rawValue)", context.language),
             "current": kind == query.kind]
        }
        let rows = lines.map { line -> [String: Any] in
            ["date": line.date.description, "name": line.name, "phone": line.phone, "content": line.content,
             "last": query.kind == .inquiry ? line.progress : line.result ?? line.progress, "ticket_id": line.ticketID, "number": line.number]
        }
        return pages.render(
            "tickets/registers", titleKey: "registers.\(query.kind.rawValue)",
            values: ["tabs": tabs, "rows": rows, "has_rows": !rows.isEmpty, "kind": query.kind.rawValue,
                     "from": query.from.description, "to": query.to.description, "is_complaint": query.kind == .complaint,
                     "capped": lines.count >= TicketService.registerLimit,
                     "download": "/api/v1/reports/registers?kind=\(query.kind.rawValue)&\(range)&format=xlsx"],
            request: request, context: context, area: "tickets")
    }
}
