import Foundation
import Logging
import NIOCore
import NIOSSL
import PostgresNIO

/// The server store: PostgreSQL through a connection pool. Several `kefu serve` instances may share it.
public final class PostgresStore: Database {
    public let dialect: SQLDialect = .postgres
    private let client: PostgresClient
    private let runner: Task<Void, Never>
    private let logger: Logger

    /// Finishes when the pool has been started: a lease before then works but logs a warning on every command.
    private let started: AsyncStream<Void>

    private init(client: PostgresClient, logger: Logger) {
        self.client = client
        self.logger = logger
        let (started, starting) = AsyncStream<Void>.makeStream()
        self.started = started
        self.runner = Task {
            starting.finish()
            await client.run()
        }
    }

    /// Connects to `url` (`postgres://user:password@host:port/database?sslmode=disable|prefer|require`).
    public static func connect(url: String, maxConnections: Int = 10, logger: Logger = Logger(label: "kefu.postgres")) async throws -> PostgresStore {
        guard let components = URLComponents(string: url),
              let scheme = components.scheme, ["postgres", "postgresql"].contains(scheme),
              let host = components.host, let user = components.user
        else { throw StoreError.badDatabaseURL(Self.redacted(url)) }
        let database = components.path.hasPrefix("/") ? String(components.path.dropFirst()) : components.path
        let sslMode = components.queryItems?.first { $0.name == "sslmode" }?.value ?? "prefer"
        let tls: PostgresClient.Configuration.TLS
        switch sslMode {
        case "disable": tls = .disable
        case "require", "verify-full", "verify-ca": tls = .require(.makeClientConfiguration())
        default: tls = .prefer(.makeClientConfiguration())
        }
        var configuration = PostgresClient.Configuration(
            host: host, port: components.port ?? 5432, username: user,
            password: components.password?.removingPercentEncoding, database: database.isEmpty ? nil : database, tls: tls
        )
        configuration.options.maximumConnections = maxConnections
        let store = PostgresStore(client: PostgresClient(configuration: configuration, backgroundLogger: logger), logger: logger)
        for await _ in store.started {}
        // Fail early with a clear error when the server cannot be reached.
        do {
            _ = try await store.read { try await $0.query("SELECT 1 AS ok") }
        } catch {
            await store.close()
            throw StoreError.database("cannot connect to PostgreSQL at \(Self.redacted(url)): \(String(reflecting: error))")
        }
        return store
    }

    /// The URL with its password hidden, for messages and logs.
    public static func redacted(_ url: String) -> String {
        guard var components = URLComponents(string: url), components.password != nil else { return url }
        components.password = "***"
        return components.string ?? url
    }

    public func read<T: Sendable>(_ body: @Sendable (any SQLConnection) async throws -> T) async throws -> T {
        try await client.withConnection { connection in
            try await body(PostgresSession(connection: connection, logger: logger))
        }
    }

    public func transaction<T: Sendable>(_ body: @Sendable (any SQLConnection) async throws -> T) async throws -> T {
        try await client.withConnection { try await PostgresSession(connection: $0, logger: logger).inTransaction(begin: "BEGIN", body) }
    }

    public func statement<T: Sendable>(_ body: @Sendable (any SQLConnection) async throws -> T) async throws -> T {
        try await read(body)
    }

    public func close() async {
        runner.cancel()
        _ = await runner.value
    }
}

/// Runs statements on one PostgreSQL connection.
struct PostgresSession: SQLConnection {
    let connection: PostgresConnection
    let logger: Logger
    var dialect: SQLDialect { .postgres }

    @discardableResult
    func query(_ sql: SQL) async throws -> [Row] {
        let (text, binds) = sql.rendered(for: .postgres)
        var bindings = PostgresBindings(capacity: binds.count)
        for bind in binds {
            switch bind {
            case .null: bindings.appendNull()
            case .int(let value): bindings.append(value)
            case .double(let value): bindings.append(value)
            case .text(let value): bindings.append(value)
            case .blob(let bytes): bindings.append(ByteBuffer(bytes: bytes))
            }
        }
        var result: [Row] = []
        var columns: [String: Int]?
        do {
            let rows: AsyncThrowingMapSequence<PostgresRowSequence, PostgresRow>
            if sql.isReused {
                let shape = ReusedStatement.Shape(sql: text, binds: binds)
                rows = try await ReusedStatement.$shape.withValue(shape) {
                    try await connection.execute(ReusedStatement(bindings: bindings), logger: logger)
                }
            } else {
                rows = try await connection.query(PostgresQuery(unsafeSQL: text, binds: bindings), logger: logger).map { $0 }
            }
            for try await row in rows {
                var values: [SQLValue] = []
                var names: [String: Int] = [:]
                for cell in row {
                    if columns == nil { names[cell.columnName] = values.count }
                    values.append(try Self.value(for: cell))
                }
                if columns == nil { columns = names }
                result.append(Row(columns: columns ?? [:], values: values))
            }
        } catch let error as PSQLError {
            throw Self.storeError(error)
        }
        return result
    }

    static func storeError(_ error: PSQLError) -> StoreError {
        let state = error.serverInfo?[.sqlState]
        let message = error.serverInfo?[.message] ?? String(reflecting: error)
        if state == "23505" { return .duplicate(message) }
        return .database(message)
    }

    static func value(for cell: PostgresCell) throws -> SQLValue {
        guard cell.bytes != nil else { return .null }
        switch cell.dataType {
        case .int2, .int4, .int8: return .int(try cell.decode(Int64.self))
        case .bool: return .int(try cell.decode(Bool.self) ? 1 : 0)
        case .float4, .float8: return .double(try cell.decode(Double.self))
        case .bytea: return .blob(Array((try cell.decode(ByteBuffer.self)).readableBytesView))
        default: return .text(try cell.decode(String.self))
        }
    }
}

/// A statement of fixed text run through PostgresNIO's prepared statements, which each connection prepares once under
/// the statement's name and then only binds and executes. That API names a statement by its type; the text of ours
/// comes from ``SQL``, so the type reads its name, text and parameter types from a task-local value set around the
/// call (`execute` reads them before it returns). The name covers the parameter types too: a value that is NULL one
/// time and a number the next are two prepared statements, never one with the wrong type.
struct ReusedStatement: PostgresPreparedStatement {
    struct Shape: Sendable {
        var name: String
        var sql: String
        var types: [PostgresDataType]

        init(sql: String, binds: [SQLValue]) {
            self.sql = sql
            types = binds.map {
                switch $0 {
                case .null: .null
                case .int: .int8
                case .double: .float8
                case .text: .text
                case .blob: .bytea
                }
            }
            // FNV-1a over the text and the types: stable across processes, unlike Swift's seeded hashing.
            var hash: UInt64 = 0xcbf2_9ce4_8422_2325
            for byte in sql.utf8 { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3 }
            for type in types { hash = (hash ^ UInt64(type.rawValue)) &* 0x100_0000_01b3 }
            name = "kefu_" + String(hash, radix: 16)
        }
    }

    typealias Row = PostgresRow

    @TaskLocal static var shape = Shape(sql: "", binds: [])

    static var name: String { shape.name }
    static var sql: String { shape.sql }
    static var bindingDataTypes: [PostgresDataType] { shape.types }

    let bindings: PostgresBindings

    func makeBindings() throws -> PostgresBindings { bindings }

    func decodeRow(_ row: PostgresRow) throws -> PostgresRow { row }
}
