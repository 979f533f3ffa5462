import Foundation

/// The numbers people read and say on the phone: `O-20261123-0001` — the business day, then a daily sequence.
public enum OrderNumber {
    public static func make(day: Date, sequence: Int, timeZone: TimeZone, prefix: String = "O") -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        let parts = calendar.dateComponents([.year, .month, .day], from: day)
        let date = String(format: "%04d%02d%02d", parts.year ?? 0, parts.month ?? 0, parts.day ?? 0)
        return "\(prefix)-\(date)-\(String(format: "%04d", sequence))"
    }

    /// The business day key (`20261123`) of an instant, used to count the day's orders.
    public static func dayKey(_ day: Date, timeZone: TimeZone) -> String {
        String(make(day: day, sequence: 0, timeZone: timeZone).dropFirst(2).prefix(8))
    }
}

/// Money for people: integer fen shown as yuan with two decimals.
public enum Money {
    public static func yuan(_ fen: Int64) -> String {
        let sign = fen < 0 ? "-" : ""
        let value = abs(fen)
        return "\(sign)¥\(value / 100).\(String(format: "%02d", value % 100))"
    }
}
