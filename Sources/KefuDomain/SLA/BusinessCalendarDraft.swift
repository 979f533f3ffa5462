import Foundation

/// A business calendar as an integrator sent it, every value still unchecked text, so that
/// `problems()` can report every mistake at once with its path (`weekly[2].close`).
///
/// Codes: `error.required`, `error.range` (weekday, with `min`/`max`), `error.time_format` (not `HH:mm`),
/// `error.close_before_open` (hours), `error.end_before_start` (breaks), `error.date_format`
/// (not a real `YYYY-MM-DD`), `error.unknown_time_zone`, `error.overlap` (with `other`, the path it overlaps).
public struct BusinessCalendarDraft: Codable, Equatable, Sendable {
    public struct Hours: Codable, Equatable, Sendable {
        public var weekday: Int?
        public var open: String?
        public var close: String?

        public init(weekday: Int?, open: String?, close: String?) {
            self.weekday = weekday
            self.open = open
            self.close = close
        }
    }

    public struct Break: Codable, Equatable, Sendable {
        public var start: String?
        public var end: String?

        public init(start: String?, end: String?) {
            self.start = start
            self.end = end
        }
    }

    public var name: String?
    /// Missing means `Asia/Shanghai`.
    public var timeZone: String?
    public var weekly: [Hours]?
    public var breaks: [Break]?
    public var holidays: [String]?
    public var workingDays: [String]?

    enum CodingKeys: String, CodingKey {
        case name
        case timeZone = "time_zone"
        case weekly, breaks, holidays
        case workingDays = "working_days"
    }

    public init(
        name: String?, timeZone: String? = nil, weekly: [Hours]?, breaks: [Break]? = nil,
        holidays: [String]? = nil, workingDays: [String]? = nil
    ) {
        self.name = name
        self.timeZone = timeZone
        self.weekly = weekly
        self.breaks = breaks
        self.holidays = holidays
        self.workingDays = workingDays
    }

    /// Every problem with this draft, in field order; empty when it makes a calendar.
    public func problems() -> [FieldError] {
        var errors: [FieldError] = []
        if (name ?? "").trimmingCharacters(in: .whitespaces).isEmpty {
            errors.append(FieldError(field: "name", code: "error.required"))
        }
        if let timeZone, TimeZone(identifier: timeZone) == nil {
            errors.append(FieldError(field: "time_zone", code: "error.unknown_time_zone"))
        }
        errors += weeklyProblems()
        errors += breakProblems()
        let holidayDates = Self.dateProblems(holidays ?? [], field: "holidays", into: &errors)
        let workingDates = Self.dateProblems(workingDays ?? [], field: "working_days", into: &errors)
        for (date, index) in workingDates.sorted(by: { $0.value < $1.value }) {
            if let holiday = holidayDates[date] {
                errors.append(FieldError(field: "working_days[\(index)]", code: "error.overlap",
                                         arguments: ["other": "holidays[\(holiday)]"]))
            }
        }
        return errors
    }

    /// The calendar this draft describes, or `InvalidFields` with every problem.
    public func validated() throws -> BusinessCalendar {
        let errors = problems()
        guard errors.isEmpty else { throw InvalidFields(errors) }
        let zone = TimeZone(identifier: timeZone ?? BusinessCalendar.defaultTimeZoneIdentifier)!
        let hours = (weekly ?? []).map {
            BusinessCalendar.OpenHours(weekday: $0.weekday!, open: TimeOfDay($0.open!)!, close: TimeOfDay($0.close!)!)
        }
        let cuts = (breaks ?? []).map { BusinessCalendar.Break(start: TimeOfDay($0.start!)!, end: TimeOfDay($0.end!)!) }
        return BusinessCalendar(
            name: name!.trimmingCharacters(in: .whitespaces), timeZone: zone, weekly: hours, breaks: cuts,
            holidays: Set((holidays ?? []).compactMap(LocalDate.init)),
            workingDays: Set((workingDays ?? []).compactMap(LocalDate.init)))
    }

    private func weeklyProblems() -> [FieldError] {
        guard let weekly, !weekly.isEmpty else { return [FieldError(field: "weekly", code: "error.required")] }
        var errors: [FieldError] = []
        var accepted: [(index: Int, weekday: Int, open: Int, close: Int)] = []
        for (index, hours) in weekly.enumerated() {
            let path = "weekly[\(index)]"
            var weekday: Int?
            if let day = hours.weekday {
                if (1...7).contains(day) {
                    weekday = day
                } else {
                    errors.append(FieldError(field: "\(path).weekday", code: "error.range", arguments: ["min": "1", "max": "7"]))
                }
            } else {
                errors.append(FieldError(field: "\(path).weekday", code: "error.required"))
            }
            let open = Self.time(hours.open, field: "\(path).open", into: &errors)
            let close = Self.time(hours.close, field: "\(path).close", into: &errors)
            guard let open, let close else { continue }
            guard open < close else {
                errors.append(FieldError(field: "\(path).close", code: "error.close_before_open"))
                continue
            }
            guard let weekday else { continue }
            if let other = accepted.first(where: { $0.weekday == weekday && $0.open < close.minutes && open.minutes < $0.close }) {
                errors.append(FieldError(field: path, code: "error.overlap", arguments: ["other": "weekly[\(other.index)]"]))
            } else {
                accepted.append((index, weekday, open.minutes, close.minutes))
            }
        }
        return errors
    }

    private func breakProblems() -> [FieldError] {
        var errors: [FieldError] = []
        var accepted: [(index: Int, start: Int, end: Int)] = []
        for (index, cut) in (breaks ?? []).enumerated() {
            let path = "breaks[\(index)]"
            let start = Self.time(cut.start, field: "\(path).start", into: &errors)
            let end = Self.time(cut.end, field: "\(path).end", into: &errors)
            guard let start, let end else { continue }
            guard start < end else {
                errors.append(FieldError(field: "\(path).end", code: "error.end_before_start"))
                continue
            }
            if let other = accepted.first(where: { $0.start < end.minutes && start.minutes < $0.end }) {
                errors.append(FieldError(field: path, code: "error.overlap", arguments: ["other": "breaks[\(other.index)]"]))
            } else {
                accepted.append((index, start.minutes, end.minutes))
            }
        }
        return errors
    }

    private static func time(_ text: String?, field: String, into errors: inout [FieldError]) -> TimeOfDay? {
        guard let text, !text.isEmpty else {
            errors.append(FieldError(field: field, code: "error.required"))
            return nil
        }
        guard let time = TimeOfDay(text) else {
            errors.append(FieldError(field: field, code: "error.time_format"))
            return nil
        }
        return time
    }

    /// Checks each date and returns the valid ones with the index of their first occurrence.
    private static func dateProblems(_ texts: [String], field: String, into errors: inout [FieldError]) -> [LocalDate: Int] {
        var dates: [LocalDate: Int] = [:]
        for (index, text) in texts.enumerated() {
            if let date = LocalDate(text) {
                if dates[date] == nil { dates[date] = index }
            } else {
                errors.append(FieldError(field: "\(field)[\(index)]", code: "error.date_format"))
            }
        }
        return dates
    }
}
