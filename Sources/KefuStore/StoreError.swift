/// Errors raised by the store, with short, label-safe descriptions.
public enum StoreError: Error, Equatable, CustomStringConvertible {
    case unexpectedNull(String)
    case badValue(column: String, value: String)
    /// A unique constraint refused the write (e.g. a login already taken).
    case duplicate(String)
    /// An update named a version that is no longer current.
    case staleVersion(entity: String, id: String, current: Int64?)
    case notFound(entity: String, id: String)
    case schemaTooNew(database: Int, program: Int)
    case badDatabaseURL(String)
    case database(String)

    public var description: String {
        switch self {
        case .unexpectedNull(let column): return "column \(column) is unexpectedly NULL"
        case .badValue(let column, let value): return "column \(column) holds an unknown value '\(value)'"
        case .duplicate(let what): return "duplicate \(what)"
        case .staleVersion(let entity, let id, let current):
            return "\(entity) \(id) was changed by someone else (current version \(current.map(String.init) ?? "unknown"))"
        case .notFound(let entity, let id): return "\(entity) \(id) not found"
        case .schemaTooNew(let database, let program):
            return "the database schema is at version \(database), newer than this program knows (\(program)); upgrade kefu before using this database"
        case .badDatabaseURL(let url): return "cannot use database URL '\(url)'"
        case .database(let message): return message
        }
    }
}
