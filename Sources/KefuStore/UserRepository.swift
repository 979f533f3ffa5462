import Foundation
import KefuDomain

/// A user with the password hash, which never leaves the store and services.
public struct StoredUser: Sendable {
    public var user: User
    public var passwordHash: String
}

/// Staff accounts.
public struct UserRepository: Sendable {
    public init() {}

    static let columns = """
        u.id, u.login, u.display_name, u.role, u.department, u.team, u.level, u.language, u.active, \
        u.password_hash, u.version, u.created_at
        """

    static func decode(_ row: Row) throws -> StoredUser {
        StoredUser(
            user: User(
                id: try row.int("id"),
                login: try row.string("login"),
                displayName: try row.string("display_name"),
                role: try row.value("role"),
                department: row.optionalValue("department"),
                team: row.optionalString("team"),
                level: try row.value("level"),
                language: row.optionalValue("language"),
                active: try row.bool("active"),
                version: try row.int("version"),
                createdAt: try row.date("created_at")
            ),
            passwordHash: try row.string("password_hash")
        )
    }

    public func find(id: Int64, on connection: any SQLConnection) async throws -> StoredUser? {
        try await connection.first("SELECT \(raw: Self.columns) FROM users u WHERE u.id = \(id)").map(Self.decode)
    }

    public func find(login: String, on connection: any SQLConnection) async throws -> StoredUser? {
        try await connection.first("SELECT \(raw: Self.columns) FROM users u WHERE u.login = \(login)").map(Self.decode)
    }

    public func count(on connection: any SQLConnection) async throws -> Int {
        Int(try await connection.first("SELECT COUNT(*) AS n FROM users")?.int("n") ?? 0)
    }

    /// Users ordered by login, optionally only active ones or one role.
    public func list(
        role: Role? = nil, activeOnly: Bool = false, query: String? = nil, limit: Int, offset: Int, on connection: any SQLConnection
    ) async throws -> (users: [User], total: Int) {
        var conditions: [SQL] = ["1 = 1"]
        if let role { conditions.append("u.role = \(role)") }
        if activeOnly { conditions.append("u.active = 1") }
        if let query, !query.isEmpty {
            let pattern = "%" + query.lowercased() + "%"
            conditions.append("(LOWER(u.login) LIKE \(pattern) OR LOWER(u.display_name) LIKE \(pattern))")
        }
        let filter = SQL.joined(conditions, separator: " AND ")
        let total = try await connection.first("SELECT COUNT(*) AS n FROM users u WHERE \(filter)")?.int("n") ?? 0
        let rows = try await connection.query(
            "SELECT \(raw: Self.columns) FROM users u WHERE \(filter) ORDER BY u.login LIMIT \(limit) OFFSET \(offset)"
        )
        return (try rows.map { try Self.decode($0).user }, Int(total))
    }

    /// Inserts a new user and returns it with its id. Throws ``StoreError/duplicate(_:)`` for a taken login.
    public func insert(_ draft: UserDraft, passwordHash: String, at now: Date, on connection: any SQLConnection) async throws -> User {
        let row = try await connection.first(
            """
            INSERT INTO users (login, display_name, role, department, team, level, language, active,
                               password_hash, password_changed_at, version, created_at, updated_at)
            VALUES (\(draft.login), \(draft.displayName), \(draft.role ?? .agent), \(draft.department), \(draft.team),
                    \(draft.level ?? .junior), \(draft.language), 1, \(passwordHash), \(now), 1, \(now), \(now))
            RETURNING id
            """
        )
        guard let id = try row?.int("id") else { throw StoreError.database("insert returned no id") }
        guard let stored = try await find(id: id, on: connection) else { throw StoreError.notFound(entity: "user", id: "\(id)") }
        return stored.user
    }

    /// Saves the profile fields of `user` if its version is still current; bumps the version.
    public func update(_ user: User, expectedVersion: Int64, at now: Date, on connection: any SQLConnection) async throws -> User {
        let rows = try await connection.query(
            """
            UPDATE users SET display_name = \(user.displayName), role = \(user.role), department = \(user.department),
                team = \(user.team), level = \(user.level), language = \(user.language), active = \(user.active),
                version = version + 1, updated_at = \(now)
            WHERE id = \(user.id) AND version = \(expectedVersion)
            RETURNING version
            """
        )
        guard let version = try rows.first?.int("version") else {
            let current = try await find(id: user.id, on: connection)
            guard let current else { throw StoreError.notFound(entity: "user", id: "\(user.id)") }
            throw StoreError.staleVersion(entity: "user", id: "\(user.id)", current: current.user.version)
        }
        try await CredentialEpochRepository().bump(on: connection)
        var saved = user
        saved.version = version
        return saved
    }

    public func setPassword(userID: Int64, hash: String, at now: Date, on connection: any SQLConnection) async throws {
        try await connection.query(
            """
            UPDATE users SET password_hash = \(hash), password_changed_at = \(now), version = version + 1, updated_at = \(now)
            WHERE id = \(userID)
            """
        )
        try await CredentialEpochRepository().bump(on: connection)
    }
}
