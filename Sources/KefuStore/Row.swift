import Foundation

/// One result row, read by column name.
public struct Row: Sendable {
    let columns: [String: Int]
    let values: [SQLValue]

    init(columns: [String: Int], values: [SQLValue]) {
        self.columns = columns
        self.values = values
    }

    /// The raw value of a column; `.null` when the column is absent.
    public subscript(_ column: String) -> SQLValue {
        guard let index = columns[column] else { return .null }
        return values[index]
    }

    public func int(_ column: String) throws -> Int64 {
        guard let value = optionalInt(column) else { throw StoreError.unexpectedNull(column) }
        return value
    }

    public func optionalInt(_ column: String) -> Int64? {
        switch self[column] {
        case .int(let value): return value
        case .double(let value): return Int64(value)
        case .text(let text): return Int64(text) ?? Double(text).map { Int64($0) }
        default: return nil
        }
    }

    public func string(_ column: String) throws -> String {
        guard let value = optionalString(column) else { throw StoreError.unexpectedNull(column) }
        return value
    }

    public func optionalString(_ column: String) -> String? {
        switch self[column] {
        case .text(let text): return text
        case .int(let value): return String(value)
        case .double(let value): return String(value)
        case .blob(let bytes): return String(decoding: bytes, as: UTF8.self)
        case .null: return nil
        }
    }

    public func bool(_ column: String) throws -> Bool {
        try int(column) != 0
    }

    public func date(_ column: String) throws -> Date {
        Date(milliseconds: try int(column))
    }

    public func optionalDate(_ column: String) -> Date? {
        optionalInt(column).map(Date.init(milliseconds:))
    }

    /// A string column read as a raw-value enum; throws when the stored text is not a known case.
    public func value<T: RawRepresentable>(_ column: String, as type: T.Type = T.self) throws -> T where T.RawValue == String {
        let text = try string(column)
        guard let value = T(rawValue: text) else { throw StoreError.badValue(column: column, value: text) }
        return value
    }

    public func optionalValue<T: RawRepresentable>(_ column: String, as type: T.Type = T.self) -> T? where T.RawValue == String {
        optionalString(column).flatMap(T.init(rawValue:))
    }
}

extension Date {
    /// An instant from integer milliseconds since the Unix epoch.
    public init(milliseconds: Int64) {
        self.init(timeIntervalSince1970: TimeInterval(milliseconds) / 1000)
    }

    public var milliseconds: Int64 { Int64((timeIntervalSince1970 * 1000).rounded()) }
}
