import CSQLite
import Foundation

/// One SQLite connection, used by one caller at a time (``ConnectionPool`` guarantees it).
///
/// Statements run synchronously on the calling thread: an indexed read takes microseconds, far less
/// than handing it to another thread and back. Prepared statements are cached per connection.
final class SQLiteHandle: @unchecked Sendable {
    private var db: OpaquePointer?
    private var statements: [String: Statement] = [:]

    /// A prepared statement and its column map, shared by every row it returns.
    private struct Statement {
        let pointer: OpaquePointer
        let columns: [String: Int]
        let count: Int
    }

    init(path: String) throws {
        let flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX
        let status = sqlite3_open_v2(path, &db, flags, nil)
        guard status == SQLITE_OK else {
            let message = db.map { String(cString: sqlite3_errmsg($0)) } ?? "cannot open"
            sqlite3_close_v2(db)
            db = nil
            throw StoreError.database("cannot open SQLite database at \(path): \(message)")
        }
        sqlite3_extended_result_codes(db, 1)
    }

    deinit { close() }

    /// Runs one statement with its binds and returns every row.
    func query(_ text: String, _ binds: [SQLValue]) throws -> [Row] {
        let statement = try prepared(text)
        let pointer = statement.pointer
        defer {
            sqlite3_reset(pointer)
            sqlite3_clear_bindings(pointer)
        }
        for (index, value) in binds.enumerated() {
            try check(bind(value, at: Int32(index + 1), in: pointer))
        }
        var rows: [Row] = []
        while true {
            let status = sqlite3_step(pointer)
            if status == SQLITE_DONE { break }
            guard status == SQLITE_ROW else { throw error(status) }
            var values: [SQLValue] = []
            values.reserveCapacity(statement.count)
            for column in 0..<Int32(statement.count) {
                values.append(read(column, of: pointer))
            }
            rows.append(Row(columns: statement.columns, values: values))
        }
        return rows
    }

    func close() {
        for statement in statements.values { sqlite3_finalize(statement.pointer) }
        statements.removeAll()
        if let db {
            sqlite3_close_v2(db)
            self.db = nil
        }
    }

    private func prepared(_ text: String) throws -> Statement {
        if let cached = statements[text] { return cached }
        var pointer: OpaquePointer?
        let status = sqlite3_prepare_v3(db, text, -1, UInt32(SQLITE_PREPARE_PERSISTENT), &pointer, nil)
        guard status == SQLITE_OK, let pointer else { throw error(status) }
        let count = Int(sqlite3_column_count(pointer))
        var columns: [String: Int] = [:]
        for index in 0..<count {
            columns[String(cString: sqlite3_column_name(pointer, Int32(index)))] = index
        }
        let statement = Statement(pointer: pointer, columns: columns, count: count)
        // Statements built from lists (IN (…), multi-row inserts) vary in text; keep the cache bounded.
        if statements.count >= 512 {
            for cached in statements.values { sqlite3_finalize(cached.pointer) }
            statements.removeAll(keepingCapacity: true)
        }
        statements[text] = statement
        return statement
    }

    private static let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)

    private func bind(_ value: SQLValue, at index: Int32, in statement: OpaquePointer) -> Int32 {
        switch value {
        case .null: return sqlite3_bind_null(statement, index)
        case .int(let value): return sqlite3_bind_int64(statement, index, value)
        case .double(let value): return sqlite3_bind_double(statement, index, value)
        case .text(let value): return sqlite3_bind_text(statement, index, value, -1, Self.transient)
        case .blob(let bytes):
            return bytes.withUnsafeBytes { sqlite3_bind_blob(statement, index, $0.baseAddress, Int32($0.count), Self.transient) }
        }
    }

    private func read(_ column: Int32, of statement: OpaquePointer) -> SQLValue {
        switch sqlite3_column_type(statement, column) {
        case SQLITE_INTEGER: return .int(sqlite3_column_int64(statement, column))
        case SQLITE_FLOAT: return .double(sqlite3_column_double(statement, column))
        case SQLITE_TEXT: return .text(String(cString: sqlite3_column_text(statement, column)))
        case SQLITE_BLOB:
            let count = Int(sqlite3_column_bytes(statement, column))
            guard count > 0, let base = sqlite3_column_blob(statement, column) else { return .blob([]) }
            return .blob(Array(UnsafeRawBufferPointer(start: base, count: count)))
        default: return .null
        }
    }

    private func check(_ status: Int32) throws {
        guard status == SQLITE_OK else { throw error(status) }
    }

    private func error(_ status: Int32) -> StoreError {
        let message = db.map { String(cString: sqlite3_errmsg($0)) } ?? "SQLite error \(status)"
        let code = sqlite3_extended_errcode(db)
        // SQLITE_CONSTRAINT_UNIQUE and SQLITE_CONSTRAINT_PRIMARYKEY (macros Swift does not import).
        if code == SQLITE_CONSTRAINT | (8 << 8) || code == SQLITE_CONSTRAINT | (6 << 8) {
            return .duplicate(message)
        }
        return .database(message)
    }
}
