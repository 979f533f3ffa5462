import Foundation

/// A wall-clock time as minutes from midnight, written `HH:mm` ("09:00", "13:30").
/// `24:00` (1440) is allowed so a day can be open until midnight.
public struct TimeOfDay: Hashable, Comparable, Sendable, Codable, CustomStringConvertible {
    /// Minutes from midnight, 0...1440.
    public let minutes: Int

    public static let midnight = TimeOfDay(minutes: 0)!
    public static let endOfDay = TimeOfDay(minutes: 1440)!

    public init?(minutes: Int) {
        guard (0...1440).contains(minutes) else { return nil }
        self.minutes = minutes
    }

    public init?(hour: Int, minute: Int) {
        guard (0...59).contains(minute) else { return nil }
        self.init(minutes: hour * 60 + minute)
    }

    /// Parses exactly `HH:mm` with a 24-hour clock; `24:00` is the only time past 23:59.
    public init?(_ text: String) {
        let bytes = Array(text.utf8)
        guard bytes.count == 5, bytes[2] == UInt8(ascii: ":"),
              let hour = LocalDate.number(bytes[0..<2]), let minute = LocalDate.number(bytes[3..<5]),
              hour <= 24, minute <= 59 else { return nil }
        self.init(hour: hour, minute: minute)
    }

    public var description: String {
        let hour = minutes / 60, minute = minutes % 60
        return (hour < 10 ? "0" : "") + "\(hour):" + (minute < 10 ? "0" : "") + "\(minute)"
    }

    public static func < (lhs: TimeOfDay, rhs: TimeOfDay) -> Bool { lhs.minutes < rhs.minutes }

    public init(from decoder: Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let time = TimeOfDay(text) else {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "expected HH:mm, got \(text)")
        }
        self = time
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}
