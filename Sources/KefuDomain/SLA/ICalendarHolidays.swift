import Foundation

/// Public holidays and make-up working days (调休) read from an iCalendar file (RFC 5545), such as a
/// subscribed "中国大陆节假日" calendar, for adding to a `BusinessCalendar` (R-TKT-4).
///
/// - Read: every all-day VEVENT (`DTSTART;VALUE=DATE:20251001`, or a bare `YYYYMMDD`), one day long unless
///   an exclusive `DTEND` or a `DURATION` in days or weeks says more.
/// - A working day, not a holiday: Apple's `X-APPLE-SPECIAL-DAY:ALTERNATE-WORKDAY`, a SUMMARY containing
///   补班 or 上班 (or starting with 班, as in "班｜国庆节"), or a CATEGORIES value naming a working day.
/// - Skipped, each with the line of its `BEGIN:VEVENT`: recurring events (RRULE), timed events, cancelled
///   ones, and — in a file that marks its days off with `X-APPLE-SPECIAL-DAY` — the events it leaves
///   unmarked, which are observances (七夕, 教师节) rather than days off.
/// - Refused with `ICalendarError` and its line: anything that is not a VCALENDAR, a line without a colon,
///   components that do not close, an event without a start, a date that is not a date, an end before the
///   start, a span of more than 366 days, and a date the file names both a holiday and a working day.
public struct ICalendarHolidays: Equatable, Sendable {
    /// An event that was not read, and why.
    public struct Skipped: Equatable, Sendable {
        public enum Reason: String, Sendable {
            case recurring, timed, cancelled, observance
        }

        /// The line of the event's `BEGIN:VEVENT`, from 1.
        public var line: Int
        public var reason: Reason
        public var summary: String?

        public init(line: Int, reason: Reason, summary: String? = nil) {
            self.line = line
            self.reason = reason
            self.summary = summary
        }
    }

    public var holidays: Set<LocalDate>
    public var workingDays: Set<LocalDate>
    public var skipped: [Skipped]

    public init(holidays: Set<LocalDate> = [], workingDays: Set<LocalDate> = [], skipped: [Skipped] = []) {
        self.holidays = holidays
        self.workingDays = workingDays
        self.skipped = skipped
    }

    /// The longest event read, in days.
    public static let longestSpan = 366

    /// Reads `text`; see the type for what is read, skipped and refused.
    public static func parse(_ text: String) throws(ICalendarError) -> ICalendarHolidays {
        let events = try ICalendarReader.events(in: text)
        let marksDaysOff = events.contains { $0.first("X-APPLE-SPECIAL-DAY") != nil }
        var result = ICalendarHolidays()
        var seen: [LocalDate: Bool] = [:]  // date → is a working day
        for event in events {
            let summary = event.first("SUMMARY").map { unescaped($0.value) }
            if event.first("RRULE") != nil {
                result.skipped.append(Skipped(line: event.line, reason: .recurring, summary: summary))
                continue
            }
            if event.first("STATUS")?.value.uppercased() == "CANCELLED" {
                result.skipped.append(Skipped(line: event.line, reason: .cancelled, summary: summary))
                continue
            }
            guard let dates = try days(of: event) else {
                result.skipped.append(Skipped(line: event.line, reason: .timed, summary: summary))
                continue
            }
            let working: Bool
            switch event.first("X-APPLE-SPECIAL-DAY")?.value.uppercased() {
            case "ALTERNATE-WORKDAY"?: working = true
            case "WORK-HOLIDAY"?: working = false
            case nil where !marksDaysOff: working = isWorkingDay(summary: summary, categories: event.all("CATEGORIES"))
            default:
                result.skipped.append(Skipped(line: event.line, reason: .observance, summary: summary))
                continue
            }
            for date in dates {
                if let other = seen[date], other != working {
                    throw ICalendarError(line: event.line, code: .conflict, value: date.description)
                }
                seen[date] = working
                if working { result.workingDays.insert(date) } else { result.holidays.insert(date) }
            }
        }
        return result
    }

    /// The dates an all-day event covers; nil for a timed event.
    static func days(of event: ICalendarReader.Event) throws(ICalendarError) -> [LocalDate]? {
        guard let start = event.first("DTSTART") else { throw ICalendarError(line: event.line, code: .missingStart) }
        guard let first = try date(start) else { return nil }
        var count = 1
        if let end = event.first("DTEND") {
            guard let last = try date(end) else { throw ICalendarError(line: end.line, code: .badDate, value: end.value) }
            guard last >= first else { throw ICalendarError(line: end.line, code: .endBeforeStart, value: end.value) }
            count = max(1, last.daysSinceEpoch - first.daysSinceEpoch)
        } else if let duration = event.first("DURATION") {
            guard let days = durationDays(duration.value) else { throw ICalendarError(line: duration.line, code: .badDuration, value: duration.value) }
            count = max(1, days)
        }
        guard count <= longestSpan else { throw ICalendarError(line: event.line, code: .spanTooLong, value: "\(count)") }
        return (0..<count).map { first.adding(days: $0) }
    }

    /// A `DATE` value (`20251001`); nil for a `DATE-TIME` (`20251001T090000Z`); an error for anything else.
    static func date(_ property: ICalendarReader.Property) throws(ICalendarError) -> LocalDate? {
        let value = property.value.trimmingCharacters(in: .whitespaces)
        let isDate = property.parameters["VALUE"]?.uppercased() == "DATE"
        let digits = Array(value.utf8)
        if !isDate, digits.count >= 15, digits[8] == UInt8(ascii: "T"), LocalDate.number(digits[0..<8]) != nil { return nil }
        guard digits.count == 8, let year = LocalDate.number(digits[0..<4]), let month = LocalDate.number(digits[4..<6]),
              let day = LocalDate.number(digits[6..<8]), let date = LocalDate(year: year, month: month, day: day) else {
            throw ICalendarError(line: property.line, code: .badDate, value: property.value)
        }
        return date
    }

    /// Whole days of a `DURATION` such as `P3D`, `P1W` or `P1DT0H0M0S`; nil when it is not whole days.
    static func durationDays(_ text: String) -> Int? {
        var rest = Substring(text.trimmingCharacters(in: .whitespaces).uppercased())
        if rest.first == "+" { rest = rest.dropFirst() }
        guard rest.first == "P" else { return nil }
        rest = rest.dropFirst()
        if let time = rest.firstIndex(of: "T") {
            guard rest[rest.index(after: time)...].allSatisfy({ "0HMS".contains($0) }) else { return nil }
            rest = rest[..<time]
        }
        guard let unit = rest.last, let number = Int(rest.dropLast()), number >= 0 else { return nil }
        switch unit {
        case "D": return number
        case "W": return number * 7
        default: return nil
        }
    }

    static let workingCategories: Set<String> = ["补班", "上班", "班", "调休上班", "WORKDAY", "WORKING DAY", "WORK DAY", "ALTERNATE-WORKDAY"]

    static func isWorkingDay(summary: String?, categories: [ICalendarReader.Property]) -> Bool {
        if let summary, summary.contains("补班") || summary.contains("上班") || summary.hasPrefix("班") { return true }
        return categories.flatMap { unescaped($0.value).split(separator: ",") }.contains {
            workingCategories.contains($0.trimmingCharacters(in: .whitespaces).uppercased())
        }
    }

    /// A TEXT value with its backslash escapes resolved.
    static func unescaped(_ text: String) -> String {
        guard text.contains("\\") else { return text }
        var result = ""
        var escaped = false
        for character in text {
            if escaped {
                result.append(character == "n" || character == "N" ? " " : character)
                escaped = false
            } else if character == "\\" {
                escaped = true
            } else {
                result.append(character)
            }
        }
        return result
    }
}

/// Why an iCalendar file could not be read, and where.
public struct ICalendarError: Error, Equatable, Sendable, CustomStringConvertible {
    public enum Code: String, Sendable {
        case notACalendar = "not_a_calendar"
        case malformedLine = "malformed_line"
        case unclosed
        case unexpectedEnd = "unexpected_end"
        case missingStart = "missing_start"
        case badDate = "bad_date"
        case badDuration = "bad_duration"
        case endBeforeStart = "end_before_start"
        case spanTooLong = "span_too_long"
        case conflict
    }

    /// The line, from 1.
    public var line: Int
    public var code: Code
    /// The offending value, when there is one to show.
    public var value: String?

    public init(line: Int, code: Code, value: String? = nil) {
        self.line = line
        self.code = code
        self.value = value
    }

    public var description: String {
        "line \(line): \(code.rawValue)" + (value.map { " (\($0))" } ?? "")
    }
}
