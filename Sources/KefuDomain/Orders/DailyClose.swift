import Foundation

/// A file produced by the daily close (日结, R-ORD-15), kept for download.
public struct DailyCloseFile: Codable, Equatable, Sendable {
    public enum Kind: String, Codable, CaseIterable, Sendable {
        /// Every order entered that day.
        case orderSummary = "order_summary"
        /// Cash-on-delivery sales of the day, line by line.
        case codDetail = "cod_detail"
        /// One summary per supplier, zipped.
        case supplierBundle = "supplier_bundle"
    }

    public var id: Int64
    /// The business day, `YYYY-MM-DD`.
    public var day: String
    public var kind: Kind
    public var filename: String
    public var size: Int
    public var createdAt: Date
    public var createdBy: String?

    public init(id: Int64, day: String, kind: Kind, filename: String, size: Int, createdAt: Date, createdBy: String?) {
        self.id = id
        self.day = day
        self.kind = kind
        self.filename = filename
        self.size = size
        self.createdAt = createdAt
        self.createdBy = createdBy
    }
}

/// When the daily close runs: 16:30 business time by default (setting).
public struct DailyCloseSchedule: Sendable, Equatable {
    public var at: TimeOfDay

    public init(at: TimeOfDay = TimeOfDay(hour: 16, minute: 30)!) {
        self.at = at
    }

    /// The business day whose close is due at `now`, or nil before the close time.
    public func dueDay(at now: Date, timeZone: TimeZone) -> LocalDate? {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        let parts = calendar.dateComponents([.year, .month, .day, .hour, .minute], from: now)
        guard (parts.hour ?? 0) * 60 + (parts.minute ?? 0) >= at.minutes else { return nil }
        return LocalDate(year: parts.year ?? 0, month: parts.month ?? 0, day: parts.day ?? 0)
    }
}
