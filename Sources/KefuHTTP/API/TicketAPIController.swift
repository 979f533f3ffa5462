import Foundation
import Hummingbird
import KefuDomain
import KefuMail
import KefuServices

/// `/api/v1/tickets`: service tickets for agents and integrations (chat, platform and SMS gateways) (R-TKT-1…9).
struct TicketAPIController {
    let services: Services
    /// For what tickets carry from the catalogs (a suggestion's draft reply, R-TKT-7).
    var catalog: Catalog?

    func addRoutes(to router: Router<KefuRequestContext>) {
        router.post("api/v1/tickets", use: create)
        router.get("api/v1/tickets", use: list)
        router.get("api/v1/tickets/:id", use: show)
        router.get("api/v1/tickets/:id/history", use: history)
        router.post("api/v1/tickets/:id/reveal", use: reveal)
        router.post("api/v1/tickets/:id/messages", use: message)
        router.post("api/v1/tickets/:id/customer-messages", use: customerMessage)
        router.post("api/v1/tickets/:id/assign", use: assign)
        router.post("api/v1/tickets/:id/state", use: state)
        router.post("api/v1/tickets/:id/handoff", use: handoff)
        router.post("api/v1/tickets/:id/handoffs/:handoff/answer", use: answer)
        router.post("api/v1/tickets/:id/complaint/:stage", use: complaint)
        router.post("api/v1/tickets/:id/resolve", use: resolve)
        router.post("api/v1/tickets/:id/close", use: close)
        router.post("api/v1/tickets/:id/reopen", use: reopen)
        router.get("api/v1/ticket-states", use: states)
        router.get("api/v1/ticket-categories", use: categories)
        router.get("api/v1/notifications", use: notifications)
        router.post("api/v1/notifications/read", use: markRead)
        router.post("api/v1/mail/inbound", use: inboundMail)
        router.get("api/v1/search", use: search)
    }

    struct SearchJSON: Encodable {
        var query: String
        var tickets: [TicketJSON]
        var orders: [OrderJSON]
    }

    /// One search box for everything: tickets by what was said (Chinese included), orders by number or phone.
    @Sendable func search(_ request: Request, context: KefuRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        let query = (request.uri.queryParameters["q"].map(String.init) ?? "").trimmingCharacters(in: .whitespaces)
        guard !query.isEmpty else { throw RequestError.badParameter(FieldError(field: "q", code: "error.required")) }
        let limit = min(max(request.uri.queryParameters["limit"].flatMap { Int(String($0)) } ?? 20, 1), 100)
        let tickets = principal.can(.ticketsView) || principal.can(.handoffsView)
            ? try await services.tickets.search(query, limit: limit, by: principal) : []
        let orders = principal.can(.ordersView)
            ? try await services.orders.list(OrderFilter(lookup: query), limit: min(limit, 20), by: principal).orders : []
        return try KefuJSON.response(SearchJSON(query: query, tickets: tickets.map { TicketJSON($0, permissions: principal.permissions) },
                                                orders: orders.map { OrderJSON($0, permissions: principal.permissions) }))
    }

    struct MailOutcomeJSON: Encodable { var outcome: String; var ticket: TicketJSON?; var reason: String?; var number: String? }

    /// One RFC 822 message (`message/rfc822` body) for a mail gate on another machine; `?queue=` as for `kefu mailgate`.
    @Sendable func inboundMail(_ request: Request, context: KefuRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        let queue = request.uri.queryParameters["queue"].map(String.init) ?? "service"
        var request = request
        let buffer: ByteBuffer
        do {
            buffer = try await request.collectBody(upTo: MailParser.defaultMaxBytes)
        } catch {
            throw RequestError.tooLarge
        }
        let outcome = try await services.tickets.receiveMail(Data(buffer.readableBytesView), queue: queue, by: principal)
        let permissions = principal.permissions
        switch outcome {
        case .created(let ticket):
            return try KefuJSON.response(MailOutcomeJSON(outcome: "created", ticket: TicketJSON(ticket, permissions: permissions)), status: .created)
        case .threaded(let ticket):
            return try KefuJSON.response(MailOutcomeJSON(outcome: "threaded", ticket: TicketJSON(ticket, permissions: permissions)))
        case .ignored(let reason):
            return try KefuJSON.response(MailOutcomeJSON(outcome: "ignored", reason: reason))
        case .duplicate(let number):
            return try KefuJSON.response(MailOutcomeJSON(outcome: "duplicate", number: number))
        }
    }

    struct NewTicket: Decodable {
        var type: TicketType?
        var channel: TicketChannel?
        var subject: String?
        var body: String?
        var customer: TicketDraft.Customer?
        var orderId: Int64?
        var category: String?
        var priority: TicketPriority?
        var severity: TicketSeverity?
        var aboutUserId: Int64?
        /// For integrations relaying what a customer wrote: the customer is the author, nobody owns it yet.
        var fromCustomer: Bool?
    }

    @Sendable func create(_ request: Request, context: KefuRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        var request = request
        let body = try await request.decodeJSON(NewTicket.self, context: context)
        let draft = TicketDraft(type: body.type, channel: body.channel, subject: body.subject, body: body.body, customer: body.customer,
                                orderID: body.orderId, category: body.category, priority: body.priority, severity: body.severity,
                                aboutUserID: body.aboutUserId)
        let source: TicketService.Source = (body.fromCustomer ?? (principal.user?.role == .integration)) ? .customer(messageID: nil) : .staff
        let ticket = try await services.tickets.create(draft, source: source, by: principal)
        return try KefuJSON.response(TicketJSON(ticket, permissions: principal.permissions), status: .created,
                                     headers: [.location: "/api/v1/tickets/\(ticket.id)"])
    }

    @Sendable func list(_ request: Request, context: KefuRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        let paging = try Paging(request)
        let query = request.uri.queryParameters
        var errors: [FieldError] = []
        func person(_ field: Substring) -> Int64? {
            guard let text = query[field].map(String.init) else { return nil }
            if text == "me" { return principal.user?.id ?? -1 }
            guard let id = Int64(text) else {
                errors.append(FieldError(field: String(field), code: "error.unknown_value"))
                return nil
            }
            return id
        }
        let filter = TicketFilter(
            type: parse(query["type"].map(String.init), as: TicketType.self, field: "type", into: &errors),
            state: query["state"].map(String.init),
            category: parse(query["state_category"].map(String.init), as: TicketStateCategory.self, field: "state_category", into: &errors),
            openOnly: query["open"].map { $0 == "true" || $0 == "1" } ?? false,
            assigneeID: person("assignee"), ownerID: person("owner"),
            department: parse(query["department"].map(String.init), as: Department.self, field: "department", into: &errors),
            sla: parse(query["sla"].map(String.init), as: TicketFilter.SLAFilter.self, field: "sla", into: &errors),
            channel: parse(query["channel"].map(String.init), as: TicketChannel.self, field: "channel", into: &errors),
            query: query["q"].map(String.init), orderID: query["order_id"].flatMap { Int64(String($0)) })
        if let first = errors.first { throw RequestError.badParameter(first) }
        let result = try await services.tickets.list(filter, limit: paging.limit, offset: paging.offset, by: principal)
        return try KefuJSON.response(ListPage(items: result.tickets.map { TicketJSON($0, permissions: principal.permissions) },
                                              total: result.total, limit: paging.limit, offset: paging.offset))
    }

    @Sendable func show(_ request: Request, context: KefuRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        let detail = try await services.tickets.get(id: try context.parameters.require("id", as: Int64.self), by: principal)
        return try KefuJSON.response(TicketDetailJSON(detail, permissions: principal.permissions, catalog: catalog),
                                     headers: [.eTag: "\"\(detail.ticket.version)\""])
    }

    @Sendable func history(_ request: Request, context: KefuRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        let events = try await services.tickets.history(id: try context.parameters.require("id", as: Int64.self), by: principal)
        return try KefuJSON.response(ListPage(items: events, total: events.count, limit: events.count))
    }

    /// The body the actions take: a version for optimistic concurrency and the fields of each action.
    struct Action: ActionBody {
        var version: Int64?
        var kind: TicketMessageKind?
        var body: String?
        var channel: TicketChannel?
        var assigneeId: Int64?
        var state: String?
        var department: Department?
        var request: String?
        var dueAt: Date?
        var contact: String?
        var answer: String?
        var reason: String?
        var customerUnderstood: Bool?
        var askedAnythingElse: Bool?
        var valid: Bool?
        var approved: Bool?
        var demand, explanation, category, severity, evidence, rootCause, solution, remedy, detail, confirmation, outcome: String?
        var note: String?
    }

    private func action(_ request: Request, _ context: KefuRequestContext) async throws -> (Principal, Int64, Action) {
        try await request.action(Action.self, context: context)
    }

    private func respond(_ ticket: Ticket, _ principal: Principal, status: HTTPResponse.Status = .ok) throws -> Response {
        try KefuJSON.response(TicketJSON(ticket, permissions: principal.permissions), status: status, headers: [.eTag: "\"\(ticket.version)\""])
    }

    @Sendable func message(_ request: Request, context: KefuRequestContext) async throws -> Response {
        let (principal, id, body) = try await action(request, context)
        guard let kind = body.kind, kind == .reply || kind == .note else {
            throw ServiceError.validation([FieldError(field: "kind", code: body.kind == nil ? "error.required" : "error.unknown_value")])
        }
        let result = try await services.tickets.addMessage(id: id, kind: kind, body: body.body, expectedVersion: body.version, by: principal)
        return try respond(result.ticket, principal, status: .created)
    }

    @Sendable func customerMessage(_ request: Request, context: KefuRequestContext) async throws -> Response {
        let (principal, id, body) = try await action(request, context)
        let result = try await services.tickets.addCustomerMessage(id: id, body: body.body ?? "", channel: body.channel ?? .chat, by: principal)
        return try respond(result.ticket, principal, status: .created)
    }

    @Sendable func assign(_ request: Request, context: KefuRequestContext) async throws -> Response {
        let (principal, id, body) = try await action(request, context)
        guard let assignee = body.assigneeId else { throw ServiceError.validation([FieldError(field: "assignee_id", code: "error.required")]) }
        return try respond(try await services.tickets.assign(id: id, to: assignee, expectedVersion: body.version, by: principal), principal)
    }

    @Sendable func state(_ request: Request, context: KefuRequestContext) async throws -> Response {
        let (principal, id, body) = try await action(request, context)
        guard let state = body.state else { throw ServiceError.validation([FieldError(field: "state", code: "error.required")]) }
        return try respond(try await services.tickets.setState(id: id, code: state, expectedVersion: body.version, by: principal), principal)
    }

    @Sendable func handoff(_ request: Request, context: KefuRequestContext) async throws -> Response {
        let (principal, id, body) = try await action(request, context)
        let result = try await services.tickets.handoff(id: id, department: body.department, request: body.request, dueAt: body.dueAt,
                                                        contact: body.contact, expectedVersion: body.version, by: principal)
        return try respond(result.ticket, principal, status: .created)
    }

    @Sendable func answer(_ request: Request, context: KefuRequestContext) async throws -> Response {
        let (principal, id, body) = try await action(request, context)
        let handoff = try context.parameters.require("handoff", as: Int64.self)
        return try respond(try await services.tickets.answerHandoff(id: id, handoffID: handoff, answer: body.answer, by: principal), principal)
    }

    @Sendable func complaint(_ request: Request, context: KefuRequestContext) async throws -> Response {
        let (principal, id, body) = try await action(request, context)
        let stage = try context.parameters.require("stage")
        guard let action = ComplaintAction(rawValue: stage) else { throw ServiceError.notFound(entity: "complaint stage") }
        let fields: [String: String?] = [
            "demand": body.demand, "explanation": body.explanation, "category": body.category, "severity": body.severity,
            "department": body.department?.rawValue, "evidence": body.evidence, "root_cause": body.rootCause, "solution": body.solution,
            "reason": body.reason, "remedy": body.remedy, "detail": body.detail, "confirmation": body.confirmation, "outcome": body.outcome,
            "note": body.note,
        ]
        let ticket = try await services.tickets.complaintStep(id: id, action: action, fields: fields.compactMapValues { $0 },
                                                              valid: body.valid ?? true, approved: body.approved ?? true,
                                                              expectedVersion: body.version, by: principal)
        return try respond(ticket, principal)
    }

    @Sendable func resolve(_ request: Request, context: KefuRequestContext) async throws -> Response {
        let (principal, id, body) = try await action(request, context)
        return try respond(try await services.tickets.resolve(id: id, customerUnderstood: body.customerUnderstood ?? false,
                                                              askedAnythingElse: body.askedAnythingElse ?? false,
                                                              expectedVersion: body.version, by: principal), principal)
    }

    @Sendable func close(_ request: Request, context: KefuRequestContext) async throws -> Response {
        let (principal, id, body) = try await action(request, context)
        return try respond(try await services.tickets.close(id: id, expectedVersion: body.version, by: principal), principal)
    }

    @Sendable func reopen(_ request: Request, context: KefuRequestContext) async throws -> Response {
        let (principal, id, body) = try await action(request, context)
        return try respond(try await services.tickets.reopen(id: id, reason: body.reason, expectedVersion: body.version, by: principal), principal)
    }

    struct StateJSON: Encodable { var code: String; var name: String; var category: TicketStateCategory; var pausesSla: Bool }

    @Sendable func states(_ request: Request, context: KefuRequestContext) async throws -> Response {
        let states = try await services.tickets.states(by: try context.requirePrincipal())
        let items = states.map { StateJSON(code: $0.code, name: $0.name, category: $0.category, pausesSla: $0.pausesSLA) }
        return try KefuJSON.response(ListPage(items: items, total: items.count, limit: items.count))
    }

    struct CategoryJSON: Encodable { var code: String; var parent: String?; var name: String; var nameEn: String }

    @Sendable func categories(_ request: Request, context: KefuRequestContext) async throws -> Response {
        let categories = try await services.tickets.categories(by: try context.requirePrincipal())
        let items = categories.map { CategoryJSON(code: $0.code, parent: $0.parent, name: $0.name, nameEn: $0.nameEN) }
        return try KefuJSON.response(ListPage(items: items, total: items.count, limit: items.count))
    }

    struct NotificationJSON: Encodable {
        var id: Int64; var kind: String; var entity: String; var entityId: String; var summary: String; var at: Date; var readAt: Date?
    }

    @Sendable func notifications(_ request: Request, context: KefuRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        let unread = request.uri.queryParameters["unread"].map { $0 == "true" || $0 == "1" } ?? false
        let items = try await services.tickets.notifications(unreadOnly: unread, by: principal).map {
            NotificationJSON(id: $0.id, kind: $0.kind, entity: $0.entity, entityId: $0.entityID, summary: $0.summary, at: $0.at, readAt: $0.readAt)
        }
        return try KefuJSON.response(ListPage(items: items, total: items.count, limit: items.count))
    }

    struct ReadBody: Decodable { var ids: [Int64]? }

    @Sendable func markRead(_ request: Request, context: KefuRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        var request = request
        let body = try await request.decodeOptionalJSON(ReadBody.self, context: context, empty: ReadBody())
        try await services.tickets.markNotificationsRead(ids: body.ids, by: principal)
        return Response(status: .noContent)
    }
}
