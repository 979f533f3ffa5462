import Foundation

/// The hours in which a member is not called (R-CB-3, seed 003: 避免在客户休息时打扰客户), written
/// `12:00-14:00,21:00-09:00`; a window whose end is before its start runs over midnight. The setting's default
/// applies to everyone; a member's own rest hours replace it.
public struct QuietHours: Equatable, Sendable, CustomStringConvertible {
    /// One span of rest, from `start` (included) to `end` (excluded).
    public struct Window: Equatable, Sendable {
        public var start: TimeOfDay
        public var end: TimeOfDay

        public init(start: TimeOfDay, end: TimeOfDay) {
            self.start = start
            self.end = end
        }

        /// Whether the minute of the day `minutes` (0…1439) falls in this window.
        public func contains(minutes: Int) -> Bool {
            start < end ? (start.minutes..<end.minutes).contains(minutes) : minutes >= start.minutes || minutes < end.minutes
        }
    }

    public var windows: [Window]

    public init(windows: [Window]) {
        self.windows = windows
    }

    /// The default of R-CB-3: lunch 12:00–14:00 and night 21:00–09:00.
    public static let standard = QuietHours(windows: [
        Window(start: TimeOfDay(hour: 12, minute: 0)!, end: TimeOfDay(hour: 14, minute: 0)!),
        Window(start: TimeOfDay(hour: 21, minute: 0)!, end: TimeOfDay(hour: 9, minute: 0)!),
    ])

    /// No rest hours: call at any time.
    public static let none = QuietHours(windows: [])

    /// Parses `HH:mm-HH:mm` windows separated by commas (blank text: no rest hours). Nil when a window is malformed
    /// or empty (start equal to end).
    public init?(_ text: String) {
        var windows: [Window] = []
        for part in text.split(separator: ",", omittingEmptySubsequences: true) {
            let bounds = part.trimmingCharacters(in: .whitespaces).split(separator: "-", omittingEmptySubsequences: false)
            guard bounds.count == 2, let start = TimeOfDay(bounds[0].trimmingCharacters(in: .whitespaces)),
                  let end = TimeOfDay(bounds[1].trimmingCharacters(in: .whitespaces)), start != end,
                  start.minutes < 1440 else { return nil }
            windows.append(Window(start: start, end: end))
        }
        self.windows = windows
    }

    /// The member's own rest hours when they have any (and they read), else `fallback`.
    public static func effective(memberText: String?, fallback: QuietHours) -> QuietHours {
        guard let memberText, let own = QuietHours(memberText) else { return fallback }
        return own
    }

    public var description: String {
        windows.map { "\($0.start)-\($0.end)" }.joined(separator: ",")
    }

    /// Whether `instant` falls in rest hours, read on the wall clock of `timeZone`.
    public func contains(_ instant: Date, in timeZone: TimeZone) -> Bool {
        let minutes = Self.minuteOfDay(instant, timeZone)
        return windows.contains { $0.contains(minutes: minutes) }
    }

    /// The first instant at or after `instant` outside rest hours: `instant` itself when it is outside, else the end
    /// of the rest it falls in (a callback due at 12:30 is offered from 14:00, one at 21:30 from 09:00 the next
    /// morning). Nil when the windows leave no time of day free.
    public func nextAllowed(from instant: Date, in timeZone: TimeZone) -> Date? {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        var candidate = instant
        // Each step leaves one window; more steps than windows means they cover the whole day.
        for _ in 0...(windows.count + 1) {
            let minutes = Self.minuteOfDay(candidate, timeZone)
            guard let window = windows.first(where: { $0.contains(minutes: minutes) }) else { return candidate }
            let day = calendar.startOfDay(for: candidate)
            let endsTomorrow = window.end.minutes <= window.start.minutes && minutes >= window.start.minutes
            guard let end = calendar.date(byAdding: .minute, value: window.end.minutes + (endsTomorrow ? 1440 : 0), to: day) else { return nil }
            candidate = end
        }
        return nil
    }

    static func minuteOfDay(_ instant: Date, _ timeZone: TimeZone) -> Int {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        let parts = calendar.dateComponents([.hour, .minute], from: instant)
        return (parts.hour ?? 0) * 60 + (parts.minute ?? 0)
    }
}
