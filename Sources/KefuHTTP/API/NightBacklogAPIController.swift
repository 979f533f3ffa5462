import Foundation
import Hummingbird
import KefuDomain
import KefuServices

/// `/api/v1/night-backlog`: the night-shift backlog (R-TKT-11) — record, list by category, pick up, mark done, images.
struct NightBacklogAPIController {
    let services: Services

    func addRoutes(to router: Router<KefuRequestContext>) {
        router.get("api/v1/night-backlog", use: list)
        router.post("api/v1/night-backlog", use: record)
        router.get("api/v1/night-backlog/:id", use: show)
        router.post("api/v1/night-backlog/:id/receipt", use: receipt)
        router.post("api/v1/night-backlog/:id/done", use: done)
        router.post("api/v1/night-backlog/:id/images", use: addImage)
        router.get("api/v1/night-backlog/:id/images/:image_id", use: image)
    }

    /// An item with its age; the phone masked for callers without `pii.view`.
    struct ItemJSON: Encodable {
        var item: NightBacklogItem
        var ageSeconds: Int

        init(_ item: NightBacklogItem, principal: Principal, now: Date) {
            var item = item
            item.customerPhone = item.customerPhone.map { PII.phone($0, for: principal.permissions) }
            self.item = item
            ageSeconds = Int(item.age(at: now))
        }

        func encode(to encoder: any Encoder) throws {
            try item.encode(to: encoder)
            var container = encoder.container(keyedBy: Keys.self)
            try container.encode(ageSeconds, forKey: .ageSeconds)
        }

        enum Keys: String, CodingKey { case ageSeconds }
    }

    private func response(_ item: NightBacklogItem, _ principal: Principal, status: HTTPResponse.Status = .ok) throws -> Response {
        try KefuJSON.response(ItemJSON(item, principal: principal, now: services.clock.now), status: status, headers: [.eTag: "\"\(item.version)\""])
    }

    /// The filter of the query string: `category`, `state`, `from`/`to` (business days, both included) and
    /// `morning=true` (open items recorded since yesterday, unless `state`/`from`/`to` say otherwise).
    static func filter(_ request: Request, backlog: NightBacklogService) throws -> NightBacklogFilter {
        let query = request.uri.queryParameters
        func value<T: RawRepresentable>(_ name: String, as type: T.Type) throws -> T? where T.RawValue == String {
            guard let text = query[name[...]].map(String.init), !text.isEmpty else { return nil }
            guard let value = T(rawValue: text) else {
                throw RequestError.badParameter(FieldError(field: name, code: "error.unknown_value", arguments: ["value": text]))
            }
            return value
        }
        func day(_ name: String) throws -> LocalDate? {
            guard let text = query[name[...]].map(String.init), !text.isEmpty else { return nil }
            guard let day = LocalDate(text) else { throw RequestError.badParameter(FieldError(field: name, code: "error.date_format")) }
            return day
        }
        let morning = try QueryFlag.parse(query["morning"], field: "morning")
        let lastNight = backlog.lastNight
        var state = try value("state", as: NightBacklogItem.State.self)
        var from = try day("from"), to = try day("to")
        if morning {
            state = state ?? .open
            from = from ?? lastNight.from
            to = to ?? lastNight.to
        }
        let range = NightBacklogFilter.instants(from: from, to: to, timeZone: backlog.timeZone)
        return NightBacklogFilter(category: try value("category", as: NightBacklogItem.Category.self), state: state,
                                  recordedFrom: range.from, recordedBefore: range.before)
    }

    @Sendable func list(_ request: Request, context: KefuRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        let paging = try Paging(request, defaultLimit: 100)
        let filter = try Self.filter(request, backlog: services.nightBacklog)
        let result = try await services.nightBacklog.list(filter, limit: paging.limit, offset: paging.offset, by: principal)
        let now = services.clock.now
        return try KefuJSON.response(ListPage(items: result.items.map { ItemJSON($0, principal: principal, now: now) }, total: result.total,
                                              limit: paging.limit, offset: paging.offset))
    }

    struct NewItem: Decodable {
        var category: String?
        var customerName: String?
        var customerPhone: String?
        var orderNumber: String?
        var ticketNumber: String?
        var description: String?
        var todo: String?
    }

    @Sendable func record(_ request: Request, context: KefuRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        var request = request
        let body = try await request.decodeJSON(NewItem.self, context: context)
        let draft = NightBacklogDraft(category: body.category, customerName: body.customerName, customerPhone: body.customerPhone,
                                      orderNumber: body.orderNumber, ticketNumber: body.ticketNumber, description: body.description, todo: body.todo)
        let item = try await services.nightBacklog.record(draft, by: principal)
        var response = try response(item, principal, status: .created)
        response.headers[.location] = "/api/v1/night-backlog/\(item.id)"
        return response
    }

    @Sendable func show(_ request: Request, context: KefuRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        let item = try await services.nightBacklog.item(id: try context.parameters.require("id", as: Int64.self), by: principal)
        return try response(item, principal)
    }

    struct Receipt: ActionBody {
        var note: String?
        var version: Int64?
    }

    @Sendable func receipt(_ request: Request, context: KefuRequestContext) async throws -> Response {
        let (principal, id, body) = try await request.action(Receipt.self, context: context)
        return try response(try await services.nightBacklog.pickUp(id: id, note: body.note, expectedVersion: body.version, by: principal), principal)
    }

    struct Done: ActionBody {
        var result: String?
        var version: Int64?
    }

    @Sendable func done(_ request: Request, context: KefuRequestContext) async throws -> Response {
        let (principal, id, body) = try await request.action(Done.self, context: context)
        return try response(try await services.nightBacklog.complete(id: id, result: body.result, expectedVersion: body.version, by: principal), principal)
    }

    /// Uploads one image (`file` part of a multipart form).
    @Sendable func addImage(_ request: Request, context: KefuRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        let id = try context.parameters.require("id", as: Int64.self)
        var request = request
        let form = try await request.multipartForm(upTo: NightBacklogImage.maximumSize + 64 * 1024)
        let part = form.part("file")
        let image = try await services.nightBacklog.addImage(itemID: id, NightBacklogUpload(filename: part?.filename, data: part?.body ?? Data()),
                                                             by: principal)
        return try KefuJSON.response(image, status: .created, headers: [.location: "/api/v1/night-backlog/\(id)/images/\(image.id)"])
    }

    @Sendable func image(_ request: Request, context: KefuRequestContext) async throws -> Response {
        let (image, data) = try await services.nightBacklog.image(id: try context.parameters.require("image_id", as: Int64.self),
                                                                  itemID: try context.parameters.require("id", as: Int64.self),
                                                                  by: try context.requirePrincipal())
        return Self.image(image, data)
    }

    /// An image response that browsers show but never sniff into something else.
    static func image(_ image: NightBacklogImage, _ data: Data) -> Response {
        Response(status: .ok, headers: [.contentType: image.contentType, .cacheControl: "private, max-age=3600", .contentDisposition: "inline"],
                 body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }
}
