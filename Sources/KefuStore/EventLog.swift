import Foundation
import KefuDomain

/// The append-only event log. There is deliberately no update or delete here, and the database refuses both.
public struct EventLog: Sendable {
    public init() {}

    @discardableResult
    public func append(_ event: Event, on connection: any SQLConnection) async throws -> Int64 {
        let row = try await connection.first(
            """
            INSERT INTO events (at, actor_id, actor_login, kind, entity, entity_id, before_json, after_json, address)
            VALUES (\(event.at), \(event.actorID), \(event.actorLogin), \(event.kind), \(event.entity), \(event.entityID),
                    \(event.before), \(event.after), \(event.address))
            RETURNING id
            """
        )
        return try row?.int("id") ?? 0
    }

    /// Appends many events in one statement (a sweep's findings).
    public func append(all events: [Event], on connection: any SQLConnection) async throws {
        guard !events.isEmpty else { return }
        let rows = events.map { event -> SQL in
            """
            (\(event.at), \(event.actorID), \(event.actorLogin), \(event.kind), \(event.entity), \(event.entityID), \(event.before),
             \(event.after), \(event.address))
            """
        }
        try await connection.query(
            """
            INSERT INTO events (at, actor_id, actor_login, kind, entity, entity_id, before_json, after_json, address)
            VALUES \(SQL.joined(rows, separator: ", "))
            """)
    }

    /// Newest first, paged by `beforeID` (the id of the last event of the previous page).
    public func list(_ filter: EventFilter, beforeID: Int64? = nil, limit: Int, on connection: any SQLConnection) async throws
        -> (events: [Event], total: Int)
    {
        var conditions: [SQL] = ["1 = 1"]
        if let kind = filter.kind { conditions.append("kind = \(kind)") }
        if let entity = filter.entity { conditions.append("entity = \(entity)") }
        if let entityID = filter.entityID { conditions.append("entity_id = \(entityID)") }
        if let actorID = filter.actorID { conditions.append("actor_id = \(actorID)") }
        if let since = filter.since { conditions.append("at >= \(since)") }
        if let until = filter.until { conditions.append("at < \(until)") }
        if let address = filter.address { conditions.append("address = \(address)") }
        let where_ = SQL.joined(conditions, separator: " AND ")
        let total = try await connection.first("SELECT COUNT(*) AS n FROM events WHERE \(where_)")?.int("n") ?? 0
        let page: SQL = beforeID.map { " AND id < \($0)" } ?? ""
        let rows = try await connection.query(
            "SELECT * FROM events WHERE \(where_)\(page) ORDER BY id DESC LIMIT \(limit)"
        )
        return (try rows.map(Self.decode), Int(total))
    }

    static func decode(_ row: Row) throws -> Event {
        Event(
            id: try row.int("id"), at: try row.date("at"), actorID: row.optionalInt("actor_id"),
            actorLogin: row.optionalString("actor_login"), kind: try row.string("kind"), entity: try row.string("entity"),
            entityID: row.optionalString("entity_id"), before: row.optionalString("before_json"),
            after: row.optionalString("after_json"), address: row.optionalString("address")
        )
    }
}
