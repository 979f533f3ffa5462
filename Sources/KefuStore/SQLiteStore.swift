import Foundation
import Logging
import NIOCore
import NIOPosix
import SQLiteNIO

/// The embedded store: one SQLite file in WAL mode, one writer connection and a small pool of readers,
/// so reads never queue behind writes and writes never contend with each other inside one process.
/// Other processes (the CLI next to a running server) wait on SQLite's busy timeout.
public final class SQLiteStore: Database {
    public let dialect: SQLDialect = .sqlite
    public let path: String
    private let writer: ConnectionPool<SQLiteConnection>
    private let readers: ConnectionPool<SQLiteConnection>

    private init(path: String, writer: SQLiteConnection, readers: [SQLiteConnection]) {
        self.path = path
        self.writer = ConnectionPool([writer])
        self.readers = ConnectionPool(readers)
    }

    /// Opens (creating if needed) the database file at `path`.
    public static func open(path: String, readers: Int = 4, logger: Logger = Logger(label: "kefu.sqlite")) async throws -> SQLiteStore {
        let directory = (path as NSString).deletingLastPathComponent
        if !directory.isEmpty {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        }
        let writer = try await openConnection(path: path, logger: logger)
        _ = try await writer.query("PRAGMA journal_mode = WAL", [])
        var pool: [SQLiteConnection] = []
        for _ in 0..<max(1, readers) {
            pool.append(try await openConnection(path: path, logger: logger))
        }
        return SQLiteStore(path: path, writer: writer, readers: pool)
    }

    private static func openConnection(path: String, logger: Logger) async throws -> SQLiteConnection {
        let connection = try await SQLiteConnection.open(storage: .file(path: path), logger: logger)
        for pragma in ["PRAGMA busy_timeout = 10000", "PRAGMA foreign_keys = ON", "PRAGMA synchronous = NORMAL"] {
            _ = try await connection.query(pragma, [])
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
            try? await connection.close()
        }
    }
}

/// Runs statements on one SQLite connection.
struct SQLiteSession: SQLConnection {
    let connection: SQLiteConnection
    var dialect: SQLDialect { .sqlite }

    @discardableResult
    func query(_ sql: SQL) async throws -> [Row] {
        let (text, binds) = sql.rendered(for: .sqlite)
        let data = binds.map(Self.data(for:))
        let rows: [SQLiteRow]
        do {
            rows = try await connection.query(text, data)
        } catch let error as SQLiteError {
            throw Self.storeError(error)
        }
        guard let first = rows.first else { return [] }
        var columns: [String: Int] = [:]
        for (index, column) in first.columns.enumerated() { columns[column.name] = index }
        return rows.map { row in
            Row(columns: columns, values: row.columns.map { Self.value(for: $0.data) })
        }
    }

    static func storeError(_ error: SQLiteError) -> StoreError {
        if error.reason == .constraintUniqueFailed || error.message.contains("UNIQUE constraint failed") {
            return .duplicate(error.message)
        }
        return .database(error.description)
    }

    static func data(for value: SQLValue) -> SQLiteData {
        switch value {
        case .null: return .null
        case .int(let value): return .integer(SQLiteInt64(value))
        case .double(let value): return .float(value)
        case .text(let value): return .text(value)
        case .blob(let bytes): return .blob(ByteBuffer(bytes: bytes))
        }
    }

    static func value(for data: SQLiteData) -> SQLValue {
        switch data {
        case .null: return .null
        case .integer(let value): return .int(Int64(value))
        case .float(let value): return .double(value)
        case .text(let value): return .text(value)
        case .blob(let buffer): return .blob(Array(buffer.readableBytesView))
        }
    }
}
