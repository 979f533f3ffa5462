import Foundation
import Hummingbird
import KefuDomain

/// Event-log filters from a query string, shared by the admin page and the API.
struct EventQuery {
    var filter = EventFilter()
    var beforeID: Int64?
    var limit: Int
    /// The filter as given, for building the next-page link.
    var parameters: [String: String] = [:]

    init(_ request: Request) throws {
        limit = try Paging(request).limit
        let query = request.uri.queryParameters
        func text(_ name: String) -> String? {
            guard let value = query[Substring(name)].map(String.init), !value.isEmpty else { return nil }
            parameters[name] = value
            return value
        }
        func instant(_ name: String) throws -> Date? {
            guard let value = text(name) else { return nil }
            if let date = ISO8601DateFormatter().date(from: value) { return date }
            let day = DateFormatter()
            day.dateFormat = "yyyy-MM-dd"
            day.timeZone = TimeZone(identifier: "Asia/Shanghai")
            if let date = day.date(from: value) { return date }
            throw RequestError.badParameter(FieldError(field: name, code: "error.date_format"))
        }
        filter.kind = text("kind")
        filter.entity = text("entity")
        filter.entityID = text("entity_id")
        if let actor = text("actor_id") {
            guard let id = Int64(actor) else { throw RequestError.badParameter(FieldError(field: "actor_id", code: "error.wrong_type")) }
            filter.actorID = id
        }
        filter.since = try instant("since")
        filter.until = try instant("until")
        if let cursor = query["before_id"].map(String.init), !cursor.isEmpty {
            guard let id = Int64(cursor) else { throw RequestError.badParameter(FieldError(field: "before_id", code: "error.wrong_type")) }
            beforeID = id
        }
    }
}
