import Foundation

/// Business-time arithmetic (R-TKT-4). Business time is real elapsed time inside open periods,
/// counted in seconds: on a daylight-saving day an open period 01:00–04:00 lasts two or four
/// hours, exactly as a clock on the wall would show. The work is done one local day at a time
/// (a few periods per day), never minute by minute.
extension BusinessCalendar {
    /// The longest run of closed days searched before giving up (about ten years of holidays).
    static let closedDaysLimit = 3700

    /// The instant at which `minutes` business minutes have passed since `start`. A start outside
    /// open hours begins counting at the next opening; a target used up exactly at closing time is
    /// due at closing time, not at the next opening. `minutes <= 0` is due at `start`.
    /// Nil when the calendar has no open hours at all (or none within ten years).
    public func dueDate(after minutes: Int, from start: Date) -> Date? {
        dueDate(afterSeconds: TimeInterval(minutes) * 60, from: start)
    }

    /// `dueDate(after:from:)` in seconds, for clocks that carry part-used minutes.
    public func dueDate(afterSeconds seconds: TimeInterval, from start: Date) -> Date? {
        guard seconds > 0 else { return start }
        guard hasOpenHours else { return nil }
        let gregorian = gregorianCalendar
        var remaining = seconds
        var date = localDate(of: start, in: gregorian)
        var closedDays = 0
        while closedDays < Self.closedDaysLimit {
            let intervals = openIntervals(on: date, in: gregorian)
            closedDays = intervals.isEmpty ? closedDays + 1 : 0
            for interval in intervals where interval.end > start {
                let from = max(interval.start, start)
                let available = interval.end.timeIntervalSince(from)
                if available >= remaining { return from.addingTimeInterval(remaining) }
                remaining -= available
            }
            date = date.adding(days: 1)
        }
        return nil
    }

    /// Business seconds between two instants; 0 when `end` is not after `start`.
    public func businessSeconds(between start: Date, and end: Date) -> TimeInterval {
        guard end > start, hasOpenHours else { return 0 }
        let gregorian = gregorianCalendar
        var total: TimeInterval = 0
        var date = localDate(of: start, in: gregorian)
        let last = localDate(of: end, in: gregorian)
        while date <= last {
            for interval in openIntervals(on: date, in: gregorian) {
                let from = max(interval.start, start), to = min(interval.end, end)
                if to > from { total += to.timeIntervalSince(from) }
            }
            date = date.adding(days: 1)
        }
        // Instants are binary floating point; keep whole milliseconds so 3600 s is not 3599.9999.
        return (total * 1000).rounded() / 1000
    }

    /// Whole business minutes between two instants (seconds left over are dropped).
    public func businessMinutes(between start: Date, and end: Date) -> Int {
        Int((businessSeconds(between: start, and: end) / 60).rounded(.down))
    }

    /// Whether `instant` falls inside an open period.
    public func isOpen(at instant: Date) -> Bool {
        let gregorian = gregorianCalendar
        return openIntervals(on: localDate(of: instant, in: gregorian), in: gregorian)
            .contains { $0.start <= instant && instant < $0.end }
    }

    /// `instant` itself if open, otherwise the next opening; nil if the calendar never opens.
    public func nextOpening(atOrAfter instant: Date) -> Date? {
        guard hasOpenHours else { return nil }
        let gregorian = gregorianCalendar
        var date = localDate(of: instant, in: gregorian)
        for _ in 0..<Self.closedDaysLimit {
            if let interval = openIntervals(on: date, in: gregorian).first(where: { $0.end > instant }) {
                return max(interval.start, instant)
            }
            date = date.adding(days: 1)
        }
        return nil
    }

    /// The local date of `instant` in this calendar's time zone.
    public func localDate(of instant: Date) -> LocalDate {
        localDate(of: instant, in: gregorianCalendar)
    }

    /// The open periods of `date` as instants.
    public func openIntervals(on date: LocalDate) -> [DateInterval] {
        openIntervals(on: date, in: gregorianCalendar).map { DateInterval(start: $0.start, end: $0.end) }
    }

    var gregorianCalendar: Calendar {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        return calendar
    }

    func localDate(of instant: Date, in gregorian: Calendar) -> LocalDate {
        let parts = gregorian.dateComponents([.year, .month, .day], from: instant)
        return LocalDate(year: parts.year!, month: parts.month!, day: parts.day!)!
    }

    func openIntervals(on date: LocalDate, in gregorian: Calendar) -> [(start: Date, end: Date)] {
        var intervals: [(start: Date, end: Date)] = []
        for period in openPeriods(on: date) {
            var start = instant(date, minutes: period.lowerBound, in: gregorian)
            let end = instant(date, minutes: period.upperBound, in: gregorian)
            // Around a daylight-saving jump two wall times can meet; never count an instant twice.
            if let previous = intervals.last { start = max(start, previous.end) }
            if end > start { intervals.append((start, end)) }
        }
        return intervals
    }

    /// The instant of a wall-clock time on `date`; 24:00 is the next day's midnight. A time that a
    /// daylight-saving jump skips is read with the offset before the jump (02:30 becomes 03:30);
    /// a time that happens twice is its first occurrence (Foundation's reading).
    func instant(_ date: LocalDate, minutes: Int, in gregorian: Calendar) -> Date {
        let day = minutes >= 1440 ? date.adding(days: 1) : date
        let minute = minutes >= 1440 ? 0 : minutes
        let parts = DateComponents(year: day.year, month: day.month, day: day.day, hour: minute / 60, minute: minute % 60)
        return gregorian.date(from: parts)!
    }
}
