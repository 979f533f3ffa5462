import Foundation

/// When a team is at work: a time zone, weekly open hours, daily breaks, public holidays and
/// make-up working days (调休). SLA targets are counted in this calendar's business time (R-TKT-4).
///
/// Rules a reader needs:
/// - Weekdays are ISO: 1 = Monday … 7 = Sunday. A weekday may have several entries (split shifts);
///   a weekday with none is closed. Hours never cross midnight: open `22:00`–`24:00` and `00:00`–`06:00`.
/// - `breaks` (e.g. lunch 12:00–13:30) are cut out of every working day, make-up days included.
/// - A date in `holidays` is closed whatever its weekday.
/// - A date in `workingDays` is open. It keeps its own weekday's hours if that weekday has any;
///   otherwise it is worked like the first of Monday…Friday that has hours (normally Monday) —
///   a 调休 Saturday is a normal weekday. A date in both lists is rejected by validation; if one
///   is built in code anyway, the holiday wins.
public struct BusinessCalendar: Equatable, Sendable {
    /// The default business time zone (DESIGN: instants in UTC, business zone Asia/Shanghai).
    public static let defaultTimeZoneIdentifier = "Asia/Shanghai"

    /// One open period on a weekday, e.g. Monday 09:00–18:00.
    public struct OpenHours: Equatable, Sendable {
        /// ISO weekday, 1 = Monday … 7 = Sunday.
        public var weekday: Int
        public var open: TimeOfDay
        public var close: TimeOfDay

        public init(weekday: Int, open: TimeOfDay, close: TimeOfDay) {
            self.weekday = weekday
            self.open = open
            self.close = close
        }
    }

    /// A pause taken on every working day, e.g. lunch 12:00–13:30.
    public struct Break: Equatable, Sendable {
        public var start: TimeOfDay
        public var end: TimeOfDay

        public init(start: TimeOfDay, end: TimeOfDay) {
            self.start = start
            self.end = end
        }
    }

    public var name: String
    public var timeZone: TimeZone
    public var weekly: [OpenHours]
    public var breaks: [Break]
    public var holidays: Set<LocalDate>
    public var workingDays: Set<LocalDate>

    /// The IANA identifier of `timeZone`, as integrators send it (`time_zone`).
    public var timeZoneIdentifier: String { timeZone.identifier }

    public init(
        name: String, timeZone: TimeZone = BusinessCalendar.defaultTimeZone, weekly: [OpenHours],
        breaks: [Break] = [], holidays: Set<LocalDate> = [], workingDays: Set<LocalDate> = []
    ) {
        self.name = name
        self.timeZone = timeZone
        self.weekly = weekly
        self.breaks = breaks
        self.holidays = holidays
        self.workingDays = workingDays
    }

    /// Asia/Shanghai (UTC+8 all year, no daylight saving).
    public static var defaultTimeZone: TimeZone {
        TimeZone(identifier: defaultTimeZoneIdentifier) ?? TimeZone(secondsFromGMT: 8 * 3600)!
    }

    /// Open every minute of every day: business time is plain elapsed time.
    public static func twentyFourSeven(name: String = "24/7", timeZone: TimeZone = defaultTimeZone) -> BusinessCalendar {
        BusinessCalendar(
            name: name, timeZone: timeZone,
            weekly: (1...7).map { OpenHours(weekday: $0, open: .midnight, close: .endOfDay) })
    }

    /// The same hours on Monday…Friday, e.g. `weekdays(name: "Service desk", open: "09:00", close: "18:00",
    /// breaks: [("12:00", "13:30")])`. Returns nil if a time is not `HH:mm`.
    public static func weekdays(
        name: String, timeZone: TimeZone = defaultTimeZone, open: String, close: String,
        breaks: [(start: String, end: String)] = []
    ) -> BusinessCalendar? {
        guard let open = TimeOfDay(open), let close = TimeOfDay(close) else { return nil }
        var cuts: [Break] = []
        for cut in breaks {
            guard let start = TimeOfDay(cut.start), let end = TimeOfDay(cut.end) else { return nil }
            cuts.append(Break(start: start, end: end))
        }
        return BusinessCalendar(
            name: name, timeZone: timeZone,
            weekly: (1...5).map { OpenHours(weekday: $0, open: open, close: close) }, breaks: cuts)
    }
}

extension BusinessCalendar: Codable {
    enum CodingKeys: String, CodingKey {
        case name
        case timeZone = "time_zone"
        case weekly, breaks, holidays
        case workingDays = "working_days"
    }

    enum HoursKeys: String, CodingKey { case weekday, open, close }
    enum BreakKeys: String, CodingKey { case start, end }

    /// Decodes leniently through `BusinessCalendarDraft` so that every problem is reported at once:
    /// an invalid calendar throws `InvalidFields` carrying all of them with their paths.
    public init(from decoder: Decoder) throws {
        self = try BusinessCalendarDraft(from: decoder).validated()
    }

    /// Writes the integrator shape; holidays and working days sorted so output is stable.
    public func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(name, forKey: .name)
        try container.encode(timeZoneIdentifier, forKey: .timeZone)
        var weeklyContainer = container.nestedUnkeyedContainer(forKey: .weekly)
        for hours in weekly {
            var entry = weeklyContainer.nestedContainer(keyedBy: HoursKeys.self)
            try entry.encode(hours.weekday, forKey: .weekday)
            try entry.encode(hours.open, forKey: .open)
            try entry.encode(hours.close, forKey: .close)
        }
        var breaksContainer = container.nestedUnkeyedContainer(forKey: .breaks)
        for cut in breaks {
            var entry = breaksContainer.nestedContainer(keyedBy: BreakKeys.self)
            try entry.encode(cut.start, forKey: .start)
            try entry.encode(cut.end, forKey: .end)
        }
        try container.encode(holidays.sorted(), forKey: .holidays)
        try container.encode(workingDays.sorted(), forKey: .workingDays)
    }
}

/// Input that failed validation: every problem, each with its field path.
public struct InvalidFields: Error, Equatable, Sendable, CustomStringConvertible {
    public var problems: [FieldError]

    public init(_ problems: [FieldError]) { self.problems = problems }

    public var description: String {
        "invalid fields: " + problems.map { "\($0.field) \($0.code)" }.joined(separator: ", ")
    }
}
