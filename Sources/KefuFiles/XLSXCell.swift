import Foundation

/// One cell of a sheet written by ``XLSXWriter``.
public enum XLSXCell: Equatable, Sendable, ExpressibleByStringLiteral, ExpressibleByIntegerLiteral {
    /// Text, stored once in the shared-string table however often it repeats.
    case text(String)
    case integer(Int64)
    /// A floating-point number; NaN and infinities are written as empty cells.
    case decimal(Double)
    /// An amount in fen, stored as a number of yuan and shown as `#,##0.00`.
    case money(fen: Int64)
    /// A calendar day (the day `Date` falls on in `timeZone`), shown as `yyyy-mm-dd`.
    case date(Date, timeZone: TimeZone)
    /// An instant shown in `timeZone` as `yyyy-mm-dd hh:mm:ss` (whole seconds).
    case dateTime(Date, timeZone: TimeZone)
    case empty

    public init(stringLiteral value: String) {
        self = .text(value)
    }

    public init(integerLiteral value: Int64) {
        self = .integer(value)
    }
}
