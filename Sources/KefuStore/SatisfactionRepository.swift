import Foundation

/// Satisfaction requests and their one answer (R-TKT-9).
public struct SatisfactionRepository: Sendable {
    public init() {}

    public struct Request: Sendable, Equatable {
        public var id: Int64
        public var ticketID: Int64
        public var createdAt: Date
        public var rating: Int?
        public var comment: String?
        public var ratedAt: Date?
    }

    static func decode(_ row: Row) throws -> Request {
        Request(id: try row.int("id"), ticketID: try row.int("ticket_id"), createdAt: try row.date("created_at"),
                rating: row.optionalInt("rating").map(Int.init), comment: row.optionalString("comment"), ratedAt: row.optionalDate("rated_at"))
    }

    public func create(ticketID: Int64, tokenHash: String, at now: Date, on connection: any SQLConnection) async throws {
        try await connection.query(
            "INSERT INTO satisfaction_requests (ticket_id, token_hash, created_at) VALUES (\(ticketID), \(tokenHash), \(now))")
    }

    public func find(tokenHash: String, on connection: any SQLConnection) async throws -> Request? {
        try await connection.first("SELECT * FROM satisfaction_requests WHERE token_hash = \(tokenHash)").map(Self.decode)
    }

    public func latest(ticketID: Int64, on connection: any SQLConnection) async throws -> Request? {
        try await connection.first("SELECT * FROM satisfaction_requests WHERE ticket_id = \(ticketID) ORDER BY id DESC LIMIT 1").map(Self.decode)
    }

    /// Records the answer; false when the request was answered already (a link works once).
    public func rate(id: Int64, rating: Int, comment: String?, at now: Date, on connection: any SQLConnection) async throws -> Bool {
        let rows = try await connection.query(
            """
            UPDATE satisfaction_requests SET rating = \(rating), comment = \(comment), rated_at = \(now)
            WHERE id = \(id) AND rated_at IS NULL RETURNING id
            """)
        return !rows.isEmpty
    }
}
