import Foundation
import Hummingbird
import KefuDomain
import KefuServices

/// `GET /api/v1/members/{id}/timeline`: the member's orders, after-sales cases, tickets, callbacks and ratings,
/// newest first; `limit` (1…500, default 100) and `after`, the `next_cursor` of the page before.
struct MemberTimelineAPIController {
    let services: Services

    func addRoutes(to router: Router<KefuRequestContext>) {
        router.get("api/v1/members/:id/timeline", use: timeline)
    }

    @Sendable func timeline(_ request: Request, context: KefuRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        let id = try context.parameters.require("id", as: Int64.self)
        let query = request.uri.queryParameters
        var limit = 100
        if let text = query["limit"].map(String.init), !text.isEmpty {
            guard let value = Int(text), (1...MemberService.timelinePageLimit).contains(value) else {
                throw RequestError.badParameter(FieldError(field: "limit", code: "error.range",
                                                           arguments: ["min": "1", "max": "\(MemberService.timelinePageLimit)"]))
            }
            limit = value
        }
        var cursor: MemberTimelineEntry.Cursor?
        if let text = query["after"].map(String.init), !text.isEmpty {
            guard let parsed = MemberTimelineEntry.Cursor(text) else {
                throw RequestError.badParameter(FieldError(field: "after", code: "error.wrong_type"))
            }
            cursor = parsed
        }
        let entries = try await services.members.timeline(memberID: id, after: cursor, limit: limit, by: principal)
        let next = entries.count == limit ? entries.last.map { MemberTimelineEntry.Cursor($0).text } : nil
        return try KefuJSON.response(Page(items: entries, limit: limit, nextCursor: next))
    }

    /// A page of a timeline; `next_cursor` is absent on the last one.
    struct Page: Encodable, JSONWritable {
        var items: [MemberTimelineEntry]
        var limit: Int
        var nextCursor: String?

        func write(to output: inout JSONOutput) {
            output.beginObject()
            output.field("items", items)
            output.field("limit", limit)
            output.field("next_cursor", nextCursor)
            output.endObject()
        }
    }
}

extension MemberTimelineEntry: JSONWritable {
    func write(to output: inout JSONOutput) {
        output.beginObject()
        output.field("kind", kind)
        output.field("id", id)
        output.field("at", at)
        output.field("reference", reference)
        output.field("summary", summary)
        output.field("state", state)
        output.endObject()
    }
}
