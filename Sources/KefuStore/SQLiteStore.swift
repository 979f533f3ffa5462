import Foundation

/// The embedded store: one SQLite file in WAL mode, one writer connection and a small pool of readers,
/// so reads never queue behind writes and writes never contend with each other inside one process.
/// Other processes (the CLI next to a running server) wait on SQLite's busy timeout.
public final class SQLiteStore: Database {
    public let dialect: SQLDialect = .sqlite
    public let path: String
    private let writer: ConnectionPool<SQLiteHandle>
    private let readers: ConnectionPool<SQLiteHandle>
    private let checkpointer: Checkpointer

    private init(path: String, writer: SQLiteHandle, readers: [SQLiteHandle], checkpointer: Checkpointer) {
        self.path = path
        self.checkpointer = checkpointer
        self.writer = ConnectionPool([writer])
        self.readers = ConnectionPool(readers)
    }

    /// Opens (creating if needed) the database file at `path`.
    /// `walRestartFrames`: the length of the write-ahead log at which the checkpoint makes it start again (see
    /// ``Checkpointer``).
    public static func open(path: String, readers: Int = 4, walRestartFrames: Int64 = Checkpointer.restartFrames) async throws -> SQLiteStore {
        let directory = (path as NSString).deletingLastPathComponent
        if !directory.isEmpty {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        }
        let writer = try openConnection(path: path)
        _ = try writer.query("PRAGMA journal_mode = WAL", [])
        // Checkpoints run beside the writer rather than inside whichever commit crosses the threshold, where they
        // made that one request wait tens of milliseconds.
        _ = try writer.query("PRAGMA wal_autocheckpoint = 0", [])
        // The log keeps its size when it starts again (space the kernel need not clear again), up to 256 MB.
        _ = try writer.query("PRAGMA journal_size_limit = 268435456", [])
        let pool = try (0..<max(1, readers)).map { _ in try openConnection(path: path) }
        let checkpointer = Checkpointer(connection: try openConnection(path: path), restartFrames: walRestartFrames)
        checkpointer.start()
        return SQLiteStore(path: path, writer: writer, readers: pool, checkpointer: checkpointer)
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
        _ = try await read { connection in
            try await connection.query("VACUUM INTO \(destination)")
        }
    }

    public func close() async {
        checkpointer.stop()
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

/// Copies the write-ahead log back into the database on its own thread and connection, every 200 ms while there is
/// something to copy. PASSIVE never waits for readers or the writer. The log starts again from its beginning once
/// it has been copied completely and nothing is being written; it is then cut back to 256 MB. While writes never
/// pause (2,000 tickets a second grow it by 250 MB/s) the log keeps growing, because making it start again means
/// holding every write back for the last copy and its flush (measured: p99 from 16 ms to 150–470 ms). Past
/// ``restartFrames`` the checkpoint takes its chance anyway, without waiting, so the file stays bounded.
public final class Checkpointer: @unchecked Sendable {
    /// 1,048,576 frames of 4 KB: 4 GB.
    public static let restartFrames: Int64 = 1_048_576

    private let connection: SQLiteHandle
    private let restartAfter: Int64
    private let condition = NSCondition()
    private var running = true
    private var thread: Thread?

    init(connection: SQLiteHandle, restartFrames: Int64) {
        self.connection = connection
        self.restartAfter = restartFrames
    }

    func start() {
        let thread = Thread { [self] in
            while true {
                condition.lock()
                if running { _ = condition.wait(until: Date().addingTimeInterval(0.2)) }
                let stop = !running
                condition.unlock()
                let log = (try? connection.query("PRAGMA wal_checkpoint(PASSIVE)", []))?.first?.optionalInt("log") ?? 0
                if log > restartAfter {
                    // Never wait for the writer or for readers: take a moment when both are out of the way, or try again.
                    _ = try? connection.query("PRAGMA busy_timeout = 0", [])
                    _ = try? connection.query("PRAGMA wal_checkpoint(RESTART)", [])
                    _ = try? connection.query("PRAGMA busy_timeout = 10000", [])
                }
                if stop { break }
            }
            connection.close()
        }
        thread.name = "kefu-sqlite-checkpoint"
        self.thread = thread
        thread.start()
    }

    /// Makes a last checkpoint and ends the thread.
    func stop() {
        condition.lock()
        running = false
        condition.signal()
        condition.unlock()
        while thread?.isFinished == false { Thread.sleep(forTimeInterval: 0.005) }
    }
}
