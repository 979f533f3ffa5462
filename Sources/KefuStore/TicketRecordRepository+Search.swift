import Foundation
import KefuDomain

extension TicketRecordRepository {
    /// Puts a message in line for the search index (in the transaction that adds it).
    public func queueForSearch(messageID: Int64, ticketID: Int64, on connection: any SQLConnection) async throws {
        try await connection.query("INSERT INTO ticket_search_pending (message_id, ticket_id) VALUES (\(messageID), \(ticketID))")
    }

    public func hasPendingSearch(on connection: any SQLConnection) async throws -> Bool {
        try await connection.first("SELECT 1 AS one FROM ticket_search_pending LIMIT 1") != nil
    }

    /// A message waiting for the index, with its ticket's own words when it is the ticket's first message.
    public struct PendingSearch: Sendable {
        public var messageID: Int64
        public var ticketID: Int64
        public var kind: TicketMessageKind
        public var body: String
        /// Number, subject, customer name, phone and email: indexed with the first message.
        public var header: String?
    }

    /// Up to `limit` messages waiting for the index, oldest first. On PostgreSQL they are locked so that another
    /// instance indexing at the same time takes others.
    public func pendingSearch(limit: Int, on connection: any SQLConnection) async throws -> [PendingSearch] {
        let lock: SQL = connection.dialect == .postgres ? " FOR UPDATE SKIP LOCKED" : ""
        let ids = try await connection.query("SELECT message_id FROM ticket_search_pending ORDER BY message_id LIMIT \(limit)\(lock)")
            .map { try $0.int("message_id") }
        guard !ids.isEmpty else { return [] }
        let rows = try await connection.query(
            """
            SELECT m.id, m.ticket_id, m.kind, m.body, t.number, t.subject, t.customer_name, t.customer_phone, t.customer_email,
                (SELECT MIN(f.id) FROM ticket_messages f WHERE f.ticket_id = m.ticket_id) AS first_id
            FROM ticket_messages m JOIN tickets t ON t.id = m.ticket_id
            WHERE m.id IN \(list: ids) ORDER BY m.id
            """)
        return try rows.map { row in
            let id = try row.int("id")
            let header = id == row.optionalInt("first_id")
                ? [try row.string("number"), try row.string("subject"), try row.string("customer_name"),
                   row.optionalString("customer_phone") ?? "", row.optionalString("customer_email") ?? ""].joined(separator: " ")
                : nil
            return PendingSearch(messageID: id, ticketID: try row.int("ticket_id"), kind: try row.value("kind"), body: try row.string("body"),
                                 header: header)
        }
    }

    /// Adds prepared documents to the index and takes their messages out of the line: one statement for the
    /// documents (under steady intake a batch holds a few hundred, and one insert each was a round trip each).
    public func index(_ documents: [(messageID: Int64, ticketID: Int64, document: String)], done ids: [Int64],
                      on connection: any SQLConnection) async throws {
        let entries = documents.filter { !$0.document.isEmpty }
        if !entries.isEmpty {
            switch connection.dialect {
            case .sqlite:
                let rows = entries.map { "(\($0.messageID), \($0.document), \($0.ticketID))" as SQL }
                try await connection.query("INSERT INTO ticket_search (rowid, document, ticket_id) VALUES \(SQL.joined(rows, separator: ", "))")
            case .postgres:
                let rows = entries.map { "(\($0.messageID), \($0.ticketID), to_tsvector('simple', \($0.document)))" as SQL }
                try await connection.query(
                    """
                    INSERT INTO ticket_search (message_id, ticket_id, document) VALUES \(SQL.joined(rows, separator: ", "))
                    ON CONFLICT DO NOTHING
                    """)
            }
        }
        guard !ids.isEmpty else { return }
        try await connection.query("DELETE FROM ticket_search_pending WHERE message_id IN \(list: ids)")
    }

    /// How many of the newest messages PostgreSQL reads in order before it asks the full-text index: a first
    /// look, and the whole window when the first look shows the words are common enough to fill the page there.
    static let recentWindow: (first: Int64, whole: Int64) = (2_000, 10_000)

    /// Tickets whose messages contain every phrase of `groups`, the most recently matching first, at most `limit`.
    public func search(_ groups: [[String]], limit: Int, on connection: any SQLConnection) async throws -> [Int64] {
        guard !groups.isEmpty else { return [] }
        // Enough messages to fill `limit` tickets in nearly every case; several messages of one ticket count once.
        let window = limit * 4
        let rows: [Row]
        switch connection.dialect {
        case .sqlite:
            let match = groups.map { group in
                SearchText.isPrefixQuery(group) ? "\(group[0])*" : "\"\(group.joined(separator: " "))\""
            }.joined(separator: " AND ")
            rows = try await connection.query(
                "SELECT ticket_id FROM ticket_search WHERE ticket_search MATCH \(match) ORDER BY rowid DESC LIMIT \(window)")
        case .postgres:
            let query = groups.map { group in
                SearchText.isPrefixQuery(group) ? "\(group[0]):*" : group.joined(separator: " <-> ")
            }.joined(separator: " & ")
            rows = try await postgresSearch(query, window: Int64(window), on: connection)
        }
        var seen = Set<Int64>()
        var result: [Int64] = []
        for row in rows {
            let id = try row.int("ticket_id")
            if seen.insert(id).inserted { result.append(id) }
            if result.count == limit { break }
        }
        return result
    }

    /// The planner multiplies the chances of a phrase's words as if they were independent, so a common phrase looks
    /// rare and it would read every match through the index (150,000 for a common phrase) before sorting. So the
    /// newest messages are looked at first, in order and without the index (the subquery with its own LIMIT keeps
    /// the condition out of the index scan); a word that is not common there goes to the index at once, which is
    /// quick for rare words. Matches come back newest first.
    private func postgresSearch(_ query: String, window: Int64, on connection: any SQLConnection) async throws -> [Row] {
        let recent = { (skip: Int64, count: Int64, wanted: Int64) in
            try await connection.query(
                """
                SELECT ticket_id FROM (
                    SELECT ticket_id, document FROM ticket_search ORDER BY message_id DESC LIMIT \(count) OFFSET \(skip)
                ) recent WHERE document @@ to_tsquery('simple', \(query)) LIMIT \(wanted)
                """)
        }
        let (first, whole) = Self.recentWindow
        var rows = try await recent(0, first, window)
        if rows.count == window { return rows }
        // At the rate seen in the first look, would the whole window fill the page?
        if Int64(rows.count) * whole >= window * first {
            rows += try await recent(first, whole - first, window - Int64(rows.count))
            if rows.count == window { return rows }
        }
        return try await connection.query(
            "SELECT ticket_id FROM ticket_search WHERE document @@ to_tsquery('simple', \(query)) ORDER BY message_id DESC LIMIT \(window)")
    }

    public func find(ids: [Int64], on connection: any SQLConnection) async throws -> [Ticket] {
        guard !ids.isEmpty else { return [] }
        let tickets = try await connection.query("SELECT * FROM tickets WHERE id IN \(list: ids)").map(TicketRepository.decode)
        let position = Dictionary(uniqueKeysWithValues: ids.enumerated().map { ($1, $0) })
        return tickets.sorted { position[$0.id, default: 0] < position[$1.id, default: 0] }
    }
}
