import Foundation
import KefuDomain

/// A signed-in browser session, looked up by the hash of its cookie value.
public struct SessionRecord: Sendable {
    public var id: Int64
    public var userID: Int64
    public var csrfToken: String
    public var lastSeenAt: Date
    public var expiresAt: Date
}

/// Server-side sessions, so every instance sharing the database shares them.
public struct SessionRepository: Sendable {
    public init() {}

    public func insert(
        tokenHash: String, userID: Int64, csrfToken: String, at now: Date, expiresAt: Date, address: String?, userAgent: String?,
        on connection: any SQLConnection
    ) async throws -> Int64 {
        let row = try await connection.first(
            """
            INSERT INTO sessions (token_hash, user_id, csrf_token, created_at, last_seen_at, expires_at, address, user_agent)
            VALUES (\(tokenHash), \(userID), \(csrfToken), \(now), \(now), \(expiresAt), \(address), \(userAgent))
            RETURNING id
            """
        )
        return try row?.int("id") ?? 0
    }

    /// The live session with this token hash and its (active) user, or nil.
    public func find(tokenHash: String, on connection: any SQLConnection) async throws -> (SessionRecord, User)? {
        guard let row = try await connection.first(
            """
            SELECT s.id AS session_id, s.user_id, s.csrf_token, s.last_seen_at, s.expires_at, \(raw: UserRepository.columns)
            FROM sessions s JOIN users u ON u.id = s.user_id
            WHERE s.token_hash = \(tokenHash) AND s.ended_at IS NULL AND u.active = 1
            """
        ) else { return nil }
        let session = SessionRecord(
            id: try row.int("session_id"), userID: try row.int("user_id"), csrfToken: try row.string("csrf_token"),
            lastSeenAt: try row.date("last_seen_at"), expiresAt: try row.date("expires_at")
        )
        return (session, try UserRepository.decode(row).user)
    }

    public func touch(id: Int64, at now: Date, on connection: any SQLConnection) async throws {
        try await connection.query("UPDATE sessions SET last_seen_at = \(now) WHERE id = \(id)")
    }

    public func end(id: Int64, at now: Date, on connection: any SQLConnection) async throws {
        try await connection.query("UPDATE sessions SET ended_at = \(now) WHERE id = \(id) AND ended_at IS NULL")
        try await CredentialEpochRepository().bump(on: connection)
    }

    /// Ends every open session of a user but `except`; returns how many.
    @discardableResult
    public func endAll(userID: Int64, except: Int64? = nil, at now: Date, on connection: any SQLConnection) async throws -> Int {
        let ended = try await connection.query(
            """
            UPDATE sessions SET ended_at = \(now)
            WHERE user_id = \(userID) AND ended_at IS NULL AND id <> \(except ?? 0) RETURNING id
            """
        ).count
        try await CredentialEpochRepository().bump(on: connection)
        return ended
    }

    /// Whether the user has signed in from `address` before.
    public func hasSignedIn(userID: Int64, from address: String, on connection: any SQLConnection) async throws -> Bool {
        try await connection.first(
            "SELECT 1 AS seen FROM sessions WHERE user_id = \(userID) AND address = \(address) LIMIT 1"
        ) != nil
    }
}
