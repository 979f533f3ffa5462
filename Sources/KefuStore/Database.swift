/// A connection on which statements run. Inside ``Database/transaction(_:)`` every statement
/// belongs to that one transaction.
public protocol SQLConnection: Sendable {
    var dialect: SQLDialect { get }

    /// Runs a statement and returns its rows (none for statements without results).
    @discardableResult
    func query(_ sql: SQL) async throws -> [Row]
}

extension SQLConnection {
    /// The first row of a query, if any.
    public func first(_ sql: SQL) async throws -> Row? {
        try await query(sql).first
    }

    /// Runs `body` between `begin` and COMMIT on this connection, rolling back when it throws.
    func inTransaction<T>(begin: SQL, _ body: (any SQLConnection) async throws -> T) async throws -> T {
        try await query(begin)
        do {
            let result = try await body(self)
            try await query("COMMIT")
            return result
        } catch {
            _ = try? await query("ROLLBACK")
            throw error
        }
    }

    /// Runs several statements in order (used by migrations).
    public func run(_ statements: [SQL]) async throws {
        for statement in statements { try await query(statement) }
    }
}

/// The store: SQLite (embedded) or PostgreSQL. Reads may run in parallel; each write is one
/// transaction that either commits whole or leaves nothing behind.
public protocol Database: Sendable {
    var dialect: SQLDialect { get }

    /// Runs `body` on a connection for reading.
    @discardableResult
    func read<T: Sendable>(_ body: @Sendable (any SQLConnection) async throws -> T) async throws -> T

    /// Runs `body` in a transaction; commits when it returns, rolls back when it throws.
    @discardableResult
    func transaction<T: Sendable>(_ body: @Sendable (any SQLConnection) async throws -> T) async throws -> T

    /// Runs `body`, which writes with one statement that is atomic by itself (besides reads that may see an older
    /// state): PostgreSQL runs it without BEGIN and COMMIT, two round trips fewer; SQLite in a transaction.
    @discardableResult
    func statement<T: Sendable>(_ body: @Sendable (any SQLConnection) async throws -> T) async throws -> T

    /// Whether the database answers a trivial query.
    func ping() async -> Bool

    /// Closes every connection. Nothing may use the database afterwards.
    func close() async
}

extension Database {
    public func statement<T: Sendable>(_ body: @Sendable (any SQLConnection) async throws -> T) async throws -> T {
        try await transaction(body)
    }

    public func ping() async -> Bool {
        (try? await read { try await $0.query("SELECT 1 AS ok") }) != nil
    }
}
