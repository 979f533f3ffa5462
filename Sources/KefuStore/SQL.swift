/// The two SQL dialects Kefu speaks.
public enum SQLDialect: String, Sendable {
    case sqlite
    case postgres
}

/// A statement whose interpolated values are always bound parameters, never spliced text.
///
/// ```swift
/// let query: SQL = "SELECT * FROM users WHERE login = \(login)"
/// ```
/// Use `\(raw:)` only for trusted fragments such as column lists written in code.
public struct SQL: Sendable, ExpressibleByStringInterpolation {
    enum Part: Sendable {
        case text(String)
        case bind(SQLValue)
    }

    var parts: [Part]
    /// See ``reused()``.
    public private(set) var isReused = false

    public init(stringLiteral value: String) {
        parts = [.text(value)]
    }

    public init(stringInterpolation: Interpolation) {
        parts = stringInterpolation.parts
    }

    public struct Interpolation: StringInterpolationProtocol {
        var parts: [Part] = []

        public init(literalCapacity: Int, interpolationCount: Int) {
            parts.reserveCapacity(interpolationCount * 2 + 1)
        }

        public mutating func appendLiteral(_ literal: String) {
            parts.append(.text(literal))
        }

        public mutating func appendInterpolation(_ value: some SQLBindable) {
            parts.append(.bind(value.sqlValue))
        }

        /// An optional value binds as NULL when absent.
        public mutating func appendInterpolation<Value: SQLBindable>(_ value: Value?) {
            parts.append(.bind(value?.sqlValue ?? .null))
        }

        public mutating func appendInterpolation(_ value: (some RawRepresentable<String> & Sendable)?) {
            parts.append(.bind(value.map { .text($0.rawValue) } ?? .null))
        }

        /// A trusted fragment written in code (identifiers, keywords). Never user input.
        public mutating func appendInterpolation(raw fragment: String) {
            parts.append(.text(fragment))
        }

        /// Another statement, its binds kept as binds.
        public mutating func appendInterpolation(_ other: SQL) {
            parts.append(contentsOf: other.parts)
        }

        /// A parenthesised list of bound values for `IN (...)`.
        public mutating func appendInterpolation(list values: [some SQLBindable]) {
            parts.append(.text("("))
            for (index, value) in values.enumerated() {
                if index > 0 { parts.append(.text(", ")) }
                parts.append(.bind(value.sqlValue))
            }
            if values.isEmpty { parts.append(.text("NULL")) }
            parts.append(.text(")"))
        }
    }

    /// Joins statements with a separator, keeping every bind.
    public static func joined(_ pieces: [SQL], separator: String) -> SQL {
        var result = SQL(stringLiteral: "")
        for (index, piece) in pieces.enumerated() {
            if index > 0 { result.parts.append(.text(separator)) }
            result.parts.append(contentsOf: piece.parts)
        }
        return result
    }

    /// Marks a statement that runs often with the same text, only its values changing (the opening of a ticket, a day
    /// number): PostgreSQL keeps it prepared on each connection and skips parsing and planning it again. Only for
    /// statements of a fixed shape: every distinct text stays prepared for the connection's life.
    public func reused() -> SQL {
        var copy = self
        copy.isReused = true
        return copy
    }

    public static func + (lhs: SQL, rhs: SQL) -> SQL {
        var result = lhs
        result.parts.append(contentsOf: rhs.parts)
        return result
    }

    /// The statement text with the dialect's placeholders, and its binds in order.
    public func rendered(for dialect: SQLDialect) -> (text: String, binds: [SQLValue]) {
        var text = ""
        var binds: [SQLValue] = []
        for part in parts {
            switch part {
            case .text(let fragment):
                text += fragment
            case .bind(let value):
                binds.append(value)
                switch dialect {
                case .sqlite: text += "?"
                case .postgres: text += "$\(binds.count)"
                }
            }
        }
        return (text, binds)
    }
}
