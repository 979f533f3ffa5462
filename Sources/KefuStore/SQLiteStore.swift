import Foundation

/// The embedded store: one SQLite file in WAL mode, one writer connection and a small pool of readers,
/// so reads never queue behind writes and writes never contend with each other inside one process.
/// Other processes (the CLI next to a running server) wait on SQLite's busy timeout.
public final class SQLiteStore: Database {
    public let dialect: SQLDialect = .sqlite
    public let path: String
    private let writer: ConnectionPool<SQLiteHandle>
    private let readers: ConnectionPool<SQLiteHandle>

    private init(path: String, writer: SQLiteHandle, readers: [SQLiteHandle]) {
        self.path = path
        self.writer = ConnectionPool([writer])
        self.readers = ConnectionPool(readers)
    }

    /// Opens (creating if needed) the database file at `path`.
    public static func open(path: String, readers: Int = 4) async throws -> SQLiteStore {
        let directory = (path as NSString).deletingLastPathComponent
        if !directory.isEmpty {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        }
        let writer = try openConnection(path: path)
        _ = try writer.query("PRAGMA journal_mode = WAL", [])
        let pool = try (0..<max(1, readers)).map { _ in try openConnection(path: path) }
        return SQLiteStore(path: path, writer: writer, readers: pool)
    }

    private static func openConnection(path: String) throws -> SQLiteHandle {
        let connection = try SQLiteHandle(path: path)
        // Memory-mapped reads and a 16 MB page cache per connection: list pages over millions of rows otherwise
        // spend most of their time copying pages in through read().
        for pragma in ["PRAGMA busy_timeout = 10000", "PRAGMA foreign_keys = ON", "PRAGMA synchronous = NORMAL",
                       "PRAGMA mmap_size = 268435456", "PRAGMA cache_size = -16000"] {
            _ = try connection.query(pragma, [])
        }
        return connection
    }

    public func read<T: Sendable>(_ body: @Sendable (any SQLConnection) async throws -> T) async throws -> T {
        try await readers.withConnection { try await body(SQLiteSession(connection: $0)) }
    }

    public func transaction<T: Sendable>(_ body: @Sendable (any SQLConnection) async throws -> T) async throws -> T {
        // IMMEDIATE takes the write lock up front, so a transaction never fails half-way on a lock upgrade.
        try await writer.withConnection { try await SQLiteSession(connection: $0).inTransaction(begin: "BEGIN IMMEDIATE", body) }
    }

    /// Writes a consistent copy of the whole database to `destination` while others keep writing.
    public func backup(to destination: String) async throws {
        try await read { connection in
            try await connection.query("VACUUM INTO \(destination)")
        }
    }

    public func close() async {
        for connection in writer.all + readers.all {
            connection.close()
        }
    }
}

/// Runs statements on one SQLite connection.
struct SQLiteSession: SQLConnection {
    let connection: SQLiteHandle
    var dialect: SQLDialect { .sqlite }

    @discardableResult
    func query(_ sql: SQL) async throws -> [Row] {
        let (text, binds) = sql.rendered(for: .sqlite)
        return try connection.query(text, binds)
    }
}
