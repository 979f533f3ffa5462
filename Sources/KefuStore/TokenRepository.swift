import Foundation
import KefuDomain

/// Bearer tokens for integrations, stored as hashes.
public struct TokenRepository: Sendable {
    public init() {}

    static let columns = "t.id AS token_id, t.name, t.prefix, t.user_id, t.created_at AS token_created_at, t.expires_at, t.last_used_at, t.revoked_at"

    static func decode(_ row: Row) throws -> APIToken {
        APIToken(
            id: try row.int("token_id"), name: try row.string("name"), prefix: try row.string("prefix"),
            userID: try row.int("user_id"), createdAt: try row.date("token_created_at"), expiresAt: row.optionalDate("expires_at"),
            lastUsedAt: row.optionalDate("last_used_at"), revokedAt: row.optionalDate("revoked_at")
        )
    }

    public func insert(
        tokenHash: String, prefix: String, name: String, userID: Int64, createdBy: Int64?, at now: Date, expiresAt: Date?,
        on connection: any SQLConnection
    ) async throws -> APIToken {
        let row = try await connection.first(
            """
            INSERT INTO api_tokens (token_hash, prefix, name, user_id, created_by, created_at, expires_at)
            VALUES (\(tokenHash), \(prefix), \(name), \(userID), \(createdBy), \(now), \(expiresAt))
            RETURNING id
            """
        )
        let id = try row?.int("id") ?? 0
        return APIToken(id: id, name: name, prefix: prefix, userID: userID, createdAt: now, expiresAt: expiresAt)
    }

    /// The unrevoked token with this hash and its active user, or nil.
    public func find(tokenHash: String, on connection: any SQLConnection) async throws -> (APIToken, User)? {
        guard let row = try await connection.first(
            """
            SELECT \(raw: Self.columns), \(raw: UserRepository.columns)
            FROM api_tokens t JOIN users u ON u.id = t.user_id
            WHERE t.token_hash = \(tokenHash) AND t.revoked_at IS NULL AND u.active = 1
            """
        ) else { return nil }
        return (try Self.decode(row), try UserRepository.decode(row).user)
    }

    public func find(id: Int64, on connection: any SQLConnection) async throws -> APIToken? {
        try await connection.first("SELECT \(raw: Self.columns) FROM api_tokens t WHERE t.id = \(id)").map(Self.decode)
    }

    public func list(userID: Int64?, on connection: any SQLConnection) async throws -> [APIToken] {
        let filter: SQL = userID.map { "WHERE t.user_id = \($0)" } ?? ""
        return try await connection.query("SELECT \(raw: Self.columns) FROM api_tokens t \(filter) ORDER BY t.id DESC").map(Self.decode)
    }

    public func touch(id: Int64, at now: Date, on connection: any SQLConnection) async throws {
        try await connection.query("UPDATE api_tokens SET last_used_at = \(now) WHERE id = \(id)")
    }

    /// Revokes a token; returns false if it was already revoked or does not exist.
    public func revoke(id: Int64, at now: Date, on connection: any SQLConnection) async throws -> Bool {
        let revoked = !(try await connection.query(
            "UPDATE api_tokens SET revoked_at = \(now) WHERE id = \(id) AND revoked_at IS NULL RETURNING id"
        ).isEmpty)
        try await CredentialEpochRepository().bump(on: connection)
        return revoked
    }

    /// Revokes every token of a user; returns how many.
    @discardableResult
    public func revokeAll(userID: Int64, at now: Date, on connection: any SQLConnection) async throws -> Int {
        let revoked = try await connection.query(
            "UPDATE api_tokens SET revoked_at = \(now) WHERE user_id = \(userID) AND revoked_at IS NULL RETURNING id"
        ).count
        try await CredentialEpochRepository().bump(on: connection)
        return revoked
    }
}
