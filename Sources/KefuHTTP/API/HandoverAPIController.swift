import Foundation
import Hummingbird
import KefuDomain
import KefuServices

/// `/api/v1/handovers`: shift handovers and acknowledging their items (R-TKT-12).
struct HandoverAPIController {
    let services: Services

    func addRoutes(to router: Router<KefuRequestContext>) {
        router.get("api/v1/handovers", use: list)
        router.post("api/v1/handovers", use: write)
        router.post("api/v1/handovers/:id/items/:item/acknowledge", use: acknowledge)
    }

    /// A handover with whether every item is acknowledged.
    struct HandoverJSON: Encodable {
        var handover: Handover

        func encode(to encoder: any Encoder) throws {
            try handover.encode(to: encoder)
            var container = encoder.container(keyedBy: Keys.self)
            try container.encode(handover.isComplete, forKey: .complete)
        }

        enum Keys: String, CodingKey { case complete }
    }

    @Sendable func list(_ request: Request, context: KefuRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        let paging = try Paging(request, defaultLimit: 50)
        let openOnly = try QueryFlag.parse(request.uri.queryParameters["open"], field: "open")
        let result = try await services.handovers.list(openOnly: openOnly, limit: paging.limit, offset: paging.offset, by: principal)
        return try KefuJSON.response(ListPage(items: result.handovers.map(HandoverJSON.init), total: result.total, limit: paging.limit,
                                              offset: paging.offset))
    }

    struct NewHandover: Decodable {
        struct Item: Decodable {
            var content: String?
            var reference: String?
        }

        var shift: String?
        var note: String?
        var items: [Item]?
    }

    @Sendable func write(_ request: Request, context: KefuRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        var request = request
        let body = try await request.decodeJSON(NewHandover.self, context: context)
        let draft = HandoverDraft(shift: body.shift, note: body.note,
                                  items: (body.items ?? []).map { HandoverDraft.Item(content: $0.content, reference: $0.reference) })
        let handover = try await services.handovers.write(draft, by: principal)
        return try KefuJSON.response(HandoverJSON(handover: handover), status: .created)
    }

    @Sendable func acknowledge(_ request: Request, context: KefuRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        let id = try context.parameters.require("id", as: Int64.self)
        let item = try context.parameters.require("item", as: Int64.self)
        let handover = try await services.handovers.acknowledge(handover: id, item: item, by: principal)
        return try KefuJSON.response(HandoverJSON(handover: handover))
    }
}
