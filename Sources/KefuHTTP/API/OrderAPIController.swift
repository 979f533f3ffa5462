import Foundation
import Hummingbird
import KefuDomain
import KefuServices

/// `/api/v1/orders`: the order desk for integrations (R-ORD-1…19).
struct OrderAPIController {
    let services: Services

    func addRoutes(to router: Router<KefuRequestContext>) {
        router.post("api/v1/orders", use: create)
        router.get("api/v1/orders", use: list)
        router.get("api/v1/orders/:id", use: show)
        router.get("api/v1/orders/:id/history", use: history)
        router.post("api/v1/orders/:id/review", use: review)
        router.post("api/v1/orders/:id/resubmit", use: resubmit)
        router.post("api/v1/orders/:id/confirm", use: confirm)
        router.post("api/v1/orders/:id/payments", use: payment)
        router.post("api/v1/orders/:id/notes", use: note)
        router.post("api/v1/orders/:id/hold", use: hold)
        router.post("api/v1/orders/:id/release", use: release)
        router.post("api/v1/orders/:id/ship", use: ship)
        router.post("api/v1/orders/:id/split", use: split)
        router.post("api/v1/orders/:id/reminders", use: remind)
        router.post("api/v1/orders/:id/tracking-events", use: tracking)
        router.post("api/v1/orders/:id/deliver", use: deliver)
        router.post("api/v1/orders/:id/complete", use: complete)
        router.post("api/v1/orders/:id/archive", use: archive)
        router.post("api/v1/orders/:id/cancel", use: cancel)
        router.get("api/v1/reports/unpaid", use: unpaid)
    }

    /// Unpaid balances per customer, for orders unpaid three days or more (R-ORD-6).
    @Sendable func unpaid(_ request: Request, context: KefuRequestContext) async throws -> Response {
        let lines = try await services.orders.unpaidSummary(by: try context.requirePrincipal())
        return try KefuJSON.response(ListPage(items: lines, total: lines.count, limit: lines.count))
    }

    struct NewOrder: Decodable {
        var channel: OrderChannel?
        var externalNumber: String?
        var customer: OrderDraft.Contact?
        var address: OrderDraft.Address?
        var items: [OrderDraft.Item]?
        var paymentMethod: PaymentMethod?
        /// For phone orders: the order was read back to the caller and confirmed (R-ORD-3).
        var confirmed: Bool?
    }

    @Sendable func create(_ request: Request, context: KefuRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        var request = request
        let body = try await request.decodeJSON(NewOrder.self, context: context)
        let draft = OrderDraft(channel: body.channel, externalNumber: body.externalNumber, customer: body.customer, address: body.address,
                               items: body.items, paymentMethod: body.paymentMethod)
        let order = try await services.orders.create(draft, confirmed: body.confirmed ?? false, by: principal)
        return try KefuJSON.response(OrderJSON(order, permissions: principal.permissions), status: .created,
                                     headers: [.location: "/api/v1/orders/\(order.id)"])
    }

    @Sendable func list(_ request: Request, context: KefuRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        let paging = try Paging(request)
        let query = request.uri.queryParameters
        var errors: [FieldError] = []
        let filter = OrderFilter(
            status: parse(query["status"].map(String.init), as: OrderStatus.self, field: "status", into: &errors),
            channel: parse(query["channel"].map(String.init), as: OrderChannel.self, field: "channel", into: &errors),
            flag: parse(query["flag"].map(String.init), as: FlagNote.Flag.self, field: "flag", into: &errors),
            query: query["q"].map(String.init),
            list: parse(query["list"].map(String.init), as: OrderFilter.List.self, field: "list", into: &errors))
        if let first = errors.first { throw RequestError.badParameter(first) }
        let result = try await services.orders.list(filter, limit: paging.limit, offset: paging.offset, by: principal)
        return try KefuJSON.response(ListPage(items: result.orders.map { OrderJSON($0, permissions: principal.permissions) },
                                              total: result.total, limit: paging.limit, offset: paging.offset))
    }

    @Sendable func show(_ request: Request, context: KefuRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        let detail = try await services.orders.get(id: try context.parameters.require("id", as: Int64.self), by: principal)
        return try KefuJSON.response(OrderDetailJSON(detail, permissions: principal.permissions), headers: [.eTag: "\"\(detail.order.version)\""])
    }

    @Sendable func history(_ request: Request, context: KefuRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        let events = try await services.orders.history(id: try context.parameters.require("id", as: Int64.self), by: principal)
        return try KefuJSON.response(ListPage(items: events, total: events.count, limit: events.count))
    }

    /// The body most actions take: a version for optimistic concurrency and a few optional fields.
    struct Action: ActionBody {
        var version: Int64?
        var decision: String?
        var reason: String?
        var releaseOn: String?
        var ownerId: Int64?
        var carrier: String?
        var trackingNumber: String?
        var proof: String?
        /// For a split order: one shipment per parcel.
        var shipments: [Parcel]?
        var parcels: [[OrderSplit.Line]]?
    }

    struct Parcel: Decodable {
        var carrier: String?
        var trackingNumber: String?
    }

    private func action(_ request: Request, _ context: KefuRequestContext) async throws -> (Principal, Int64, Action) {
        try await request.action(Action.self, context: context)
    }

    private func respond(_ order: Order, _ principal: Principal) throws -> Response {
        try KefuJSON.response(OrderJSON(order, permissions: principal.permissions), headers: [.eTag: "\"\(order.version)\""])
    }

    @Sendable func review(_ request: Request, context: KefuRequestContext) async throws -> Response {
        let (principal, id, body) = try await action(request, context)
        guard let decision = body.decision, ["approve", "reject"].contains(decision) else {
            throw ServiceError.validation([FieldError(field: "decision", code: body.decision == nil ? "error.required" : "error.unknown_value")])
        }
        return try respond(try await services.orders.review(id: id, approve: decision == "approve", reason: body.reason,
                                                            expectedVersion: body.version, by: principal), principal)
    }

    @Sendable func resubmit(_ request: Request, context: KefuRequestContext) async throws -> Response {
        let (principal, id, body) = try await action(request, context)
        return try respond(try await services.orders.resubmit(id: id, expectedVersion: body.version, by: principal), principal)
    }

    @Sendable func confirm(_ request: Request, context: KefuRequestContext) async throws -> Response {
        let (principal, id, _) = try await action(request, context)
        return try respond(try await services.orders.confirm(id: id, by: principal), principal)
    }

    struct NewPayment: Decodable {
        var method: Payment.Method?
        var amount: Int64?
        var reference: String?
    }

    @Sendable func payment(_ request: Request, context: KefuRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        let id = try context.parameters.require("id", as: Int64.self)
        var request = request
        let body = try await request.decodeJSON(NewPayment.self, context: context)
        let order = try await services.orders.recordPayment(id: id, method: body.method, amount: body.amount, reference: body.reference, by: principal)
        return try KefuJSON.response(OrderJSON(order, permissions: principal.permissions), status: .created)
    }

    struct NewNote: Decodable {
        var flag: String?
        var content: String?
        var handling: String?
    }

    @Sendable func note(_ request: Request, context: KefuRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        let id = try context.parameters.require("id", as: Int64.self)
        var request = request
        let body = try await request.decodeJSON(NewNote.self, context: context)
        let note = try await services.orders.addNote(id: id, flag: body.flag, content: body.content, handling: body.handling, by: principal)
        return try KefuJSON.response(note, status: .created)
    }

    @Sendable func hold(_ request: Request, context: KefuRequestContext) async throws -> Response {
        let (principal, id, body) = try await action(request, context)
        return try respond(try await services.orders.hold(id: id, reason: body.reason, releaseOn: body.releaseOn, ownerID: body.ownerId,
                                                          expectedVersion: body.version, by: principal), principal)
    }

    @Sendable func release(_ request: Request, context: KefuRequestContext) async throws -> Response {
        let (principal, id, body) = try await action(request, context)
        return try respond(try await services.orders.release(id: id, expectedVersion: body.version, by: principal), principal)
    }

    @Sendable func ship(_ request: Request, context: KefuRequestContext) async throws -> Response {
        let (principal, id, body) = try await action(request, context)
        let shipments = body.shipments.map { $0.map { (carrier: $0.carrier, trackingNumber: $0.trackingNumber) } }
            ?? [(carrier: body.carrier, trackingNumber: body.trackingNumber)]
        return try respond(try await services.orders.ship(id: id, shipments: shipments, expectedVersion: body.version, by: principal), principal)
    }

    struct Reminder: Decodable {
        var channel: String?
        var note: String?
    }

    @Sendable func remind(_ request: Request, context: KefuRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        let id = try context.parameters.require("id", as: Int64.self)
        var request = request
        let body = try await request.decodeJSON(Reminder.self, context: context)
        var errors: [FieldError] = []
        let channel = parse(body.channel, as: ReminderRules.Channel.self, field: "channel", into: &errors)
        guard errors.isEmpty else { throw ServiceError.validation(errors) }
        let order = try await services.orders.remind(id: id, channel: channel, note: body.note, by: principal)
        return try KefuJSON.response(OrderJSON(order, permissions: principal.permissions), status: .created)
    }

    @Sendable func split(_ request: Request, context: KefuRequestContext) async throws -> Response {
        let (principal, id, body) = try await action(request, context)
        return try respond(try await services.orders.split(id: id, parcels: body.parcels ?? [], expectedVersion: body.version, by: principal), principal)
    }

    struct NewTrackingEvent: Decodable {
        var status: String?
        var description: String?
        var at: Date?
    }

    @Sendable func tracking(_ request: Request, context: KefuRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        let id = try context.parameters.require("id", as: Int64.self)
        var request = request
        let body = try await request.decodeJSON(NewTrackingEvent.self, context: context)
        let event = try await services.orders.addTrackingEvent(id: id, status: body.status, description: body.description, at: body.at, by: principal)
        return try KefuJSON.response(event, status: .created)
    }

    @Sendable func deliver(_ request: Request, context: KefuRequestContext) async throws -> Response {
        let (principal, id, body) = try await action(request, context)
        return try respond(try await services.orders.deliver(id: id, proof: body.proof, expectedVersion: body.version, by: principal), principal)
    }

    @Sendable func complete(_ request: Request, context: KefuRequestContext) async throws -> Response {
        let (principal, id, body) = try await action(request, context)
        return try respond(try await services.orders.complete(id: id, expectedVersion: body.version, by: principal), principal)
    }

    @Sendable func archive(_ request: Request, context: KefuRequestContext) async throws -> Response {
        let (principal, id, body) = try await action(request, context)
        return try respond(try await services.orders.archive(id: id, expectedVersion: body.version, by: principal), principal)
    }

    @Sendable func cancel(_ request: Request, context: KefuRequestContext) async throws -> Response {
        let (principal, id, body) = try await action(request, context)
        return try respond(try await services.orders.cancel(id: id, reason: body.reason, expectedVersion: body.version, by: principal), principal)
    }
}
