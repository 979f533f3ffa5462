import Foundation
import KefuDomain

/// What the live ticket queues read: the event log's ticket changes by increasing id, and the tickets they name.
public struct TicketFeedRepository: Sendable {
    public init() {}

    /// One logged change of a ticket: the event's id, kind and stamp, the ticket, and the log's "before" snapshot.
    public struct Entry: Sendable, Equatable {
        public var id: Int64
        public var kind: String
        public var ticketID: Int64
        public var at: Date
        public var before: String?
    }

    static func entry(_ row: Row) throws -> Entry? {
        guard let ticketID = row.optionalString("entity_id").flatMap(Int64.init) else { return nil }
        return Entry(id: try row.int("id"), kind: try row.string("kind"), ticketID: ticketID, at: try row.date("at"),
                     before: row.optionalString("before_json"))
    }

    /// The newest event's id (0 for an empty log): a primary-key lookup.
    public func latestEventID(on connection: any SQLConnection) async throws -> Int64 {
        try await connection.first("SELECT MAX(id) AS id FROM events")?.optionalInt("id") ?? 0
    }

    /// Events of `kinds` after `after`, oldest first, at most `limit` (read through the `(kind, id)` index).
    public func entries(kinds: [String], after: Int64, limit: Int, on connection: any SQLConnection) async throws -> [Entry] {
        try await connection.query(
            """
            SELECT id, kind, entity_id, at, before_json FROM events
            WHERE kind IN \(list: kinds) AND entity = 'ticket' AND id > \(after) ORDER BY id LIMIT \(limit)
            """).compactMap(Self.entry)
    }

    /// The newest `limit` events of `kinds` in `(after, through]`, oldest first (a stream resuming after a gap).
    public func entries(kinds: [String], after: Int64, through: Int64, limit: Int, on connection: any SQLConnection) async throws -> [Entry] {
        try await connection.query(
            """
            SELECT id, kind, entity_id, at, before_json FROM events
            WHERE kind IN \(list: kinds) AND entity = 'ticket' AND id > \(after) AND id <= \(through) ORDER BY id DESC LIMIT \(limit)
            """).compactMap(Self.entry).reversed()
    }

    /// The tickets with these ids, as they are now.
    public func tickets(ids: [Int64], on connection: any SQLConnection) async throws -> [Int64: Ticket] {
        guard !ids.isEmpty else { return [:] }
        let rows = try await connection.query("SELECT * FROM tickets WHERE id IN \(list: Array(Set(ids)))")
        return Dictionary(try rows.map(TicketRepository.decode).map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
    }
}
