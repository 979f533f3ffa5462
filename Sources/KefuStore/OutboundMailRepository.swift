import Foundation

/// Mail to customers, queued in the same transaction as the reply it carries and handed to the sendmail
/// command afterwards. A message is claimed before sending, so two instances never send it twice.
public struct OutboundMailRepository: Sendable {
    public init() {}

    public struct Mail: Sendable, Equatable {
        public var id: Int64
        public var ticketID: Int64?
        public var messageID: String
        public var recipients: String
        public var content: Data
        public var status: String
        public var attempts: Int
        public var lastError: String?
        public var createdAt: Date
        public var sentAt: Date?
    }

    /// Tries before a message is given up on (left `failed` for a person to look at).
    public static let maxAttempts = 5

    public func queue(ticketID: Int64?, messageID: String, recipients: [String], content: Data, at now: Date,
                      on connection: any SQLConnection) async throws -> Int64 {
        let row = try await connection.first(
            """
            INSERT INTO outbound_mail (ticket_id, message_id, recipients, content, status, created_at)
            VALUES (\(ticketID), \(messageID), \(recipients.joined(separator: ", ")), \(SQLValue.blob(Array(content))), 'queued', \(now))
            RETURNING id
            """)
        return try row?.int("id") ?? 0
    }

    static func decode(_ row: Row) throws -> Mail {
        var content = Data()
        if case .blob(let bytes) = row["content"] { content = Data(bytes) }
        return Mail(id: try row.int("id"), ticketID: row.optionalInt("ticket_id"), messageID: try row.string("message_id"),
                    recipients: try row.string("recipients"), content: content, status: try row.string("status"),
                    attempts: Int(try row.int("attempts")), lastError: row.optionalString("last_error"), createdAt: try row.date("created_at"),
                    sentAt: row.optionalDate("sent_at"))
    }

    /// Claims up to `limit` messages waiting to go (queued, or failed with tries left); a claim older than
    /// `staleAfter` (an instance that died while sending) is taken over.
    public func claim(limit: Int, at now: Date, staleAfter: TimeInterval = 600, on connection: any SQLConnection) async throws -> [Mail] {
        let stale = now.addingTimeInterval(-staleAfter)
        let candidates = try await connection.query(
            """
            SELECT id FROM outbound_mail
            WHERE status = 'queued' OR (status = 'failed' AND attempts < \(Self.maxAttempts))
               OR (status = 'sending' AND sent_at IS NULL AND created_at < \(stale))
            ORDER BY id LIMIT \(limit)
            """)
        var claimed: [Mail] = []
        for id in try candidates.map({ try $0.int("id") }) {
            let rows = try await connection.query(
                """
                UPDATE outbound_mail SET status = 'sending', attempts = attempts + 1
                WHERE id = \(id) AND status <> 'sent' AND (status <> 'sending' OR created_at < \(stale))
                RETURNING *
                """)
            if let row = rows.first { claimed.append(try Self.decode(row)) }
        }
        return claimed
    }

    public func markSent(id: Int64, at now: Date, on connection: any SQLConnection) async throws {
        try await connection.query("UPDATE outbound_mail SET status = 'sent', sent_at = \(now), last_error = NULL WHERE id = \(id)")
    }

    public func markFailed(id: Int64, error: String, on connection: any SQLConnection) async throws {
        try await connection.query("UPDATE outbound_mail SET status = 'failed', last_error = \(error) WHERE id = \(id)")
    }

    public func list(ticketID: Int64, on connection: any SQLConnection) async throws -> [Mail] {
        try await connection.query("SELECT * FROM outbound_mail WHERE ticket_id = \(ticketID) ORDER BY id").map(Self.decode)
    }

    public func count(status: String, on connection: any SQLConnection) async throws -> Int {
        Int(try await connection.first("SELECT COUNT(*) AS n FROM outbound_mail WHERE status = \(status)")?.int("n") ?? 0)
    }
}
