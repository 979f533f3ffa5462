import Foundation
import Hummingbird
import KefuDomain
import KefuServices

/// `/api/v1/calls`: phone calls logged against tickets, for agents and telephony integrations. A call opens a
/// `phone` ticket or joins an existing one as an internal entry of its conversation (R-TKT-8).
struct CallAPIController {
    let services: Services

    func addRoutes(to router: Router<KefuRequestContext>) {
        router.post("api/v1/calls", use: log)
        router.get("api/v1/calls", use: list)
        router.get("api/v1/tickets/:id/calls", use: ticketCalls)
    }

    struct NewCall: Decodable {
        struct Caller: Decodable { var name: String?; var phone: String? }
        struct NewTicket: Decodable { var type: TicketType?; var subject: String? }

        var caller: Caller?
        var startedAt: Date?
        var answeredAfterSeconds: Int?
        var durationSeconds: Int?
        var direction: CallDirection?
        var summary: String?
        var ticketId: Int64?
        var ticket: NewTicket?
    }

    @Sendable func log(_ request: Request, context: KefuRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        var request = request
        let body = try await request.decodeJSON(NewCall.self, context: context)
        let draft = CallDraft(callerName: body.caller?.name, callerPhone: body.caller?.phone, startedAt: body.startedAt,
                              answeredAfterSeconds: body.answeredAfterSeconds, durationSeconds: body.durationSeconds, direction: body.direction,
                              summary: body.summary, ticketID: body.ticketId,
                              newTicket: body.ticket.map { CallDraft.NewTicket(type: $0.type, subject: $0.subject) })
        let call = try await services.calls.log(draft, by: principal)
        return try KefuJSON.response(CallJSON(call, permissions: principal.permissions), status: .created)
    }

    @Sendable func list(_ request: Request, context: KefuRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        let paging = try Paging(request)
        let query = try CallQuery(request, principal: principal, timeZone: services.timeZone)
        let result = try await services.calls.list(query.filter, limit: paging.limit, offset: paging.offset, by: principal)
        return try KefuJSON.response(CallListJSON(result, paging: paging, permissions: principal.permissions))
    }

    @Sendable func ticketCalls(_ request: Request, context: KefuRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        let calls = try await services.calls.calls(ticketID: try context.parameters.require("id", as: Int64.self), by: principal)
        return try KefuJSON.response(ListPage(items: calls.map { CallJSON($0, permissions: principal.permissions) }, total: calls.count,
                                              limit: calls.count))
    }
}
