import Foundation
import Hummingbird
import KefuDomain

/// The calendar page's check: something taken at `start` (a wall-clock time in the calendar's zone) with a limit
/// of `minutes` business minutes is due when? Also says when counting begins if `start` is outside open hours.
struct DueDateCalculator {
    let calendar: BusinessCalendar
    /// As typed (`2026-09-30T17:00`), or this minute when the form has not been sent.
    let startText: String
    let minutesText: String
    /// Whether the form was sent (a result or problems to show).
    let asked: Bool
    let now: Date

    init(calendar: BusinessCalendar, query: Parameters, now: Date) {
        self.calendar = calendar
        self.now = now
        asked = query["minutes"] != nil || query["start"] != nil
        startText = query["start"].map { String($0).trimmingCharacters(in: .whitespaces) } ?? ""
        minutesText = query["minutes"].map { String($0).trimmingCharacters(in: .whitespaces) } ?? "120"
    }

    var formatter: DateFormatter {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = calendar.timeZone
        return formatter
    }

    /// A typed local time: `2026-09-30T17:00` (the browser's datetime-local), with seconds, or with a space.
    func start() -> Date? {
        let formatter = formatter
        for format in ["yyyy-MM-dd'T'HH:mm", "yyyy-MM-dd'T'HH:mm:ss", "yyyy-MM-dd HH:mm"] {
            formatter.dateFormat = format
            if let date = formatter.date(from: startText) { return date }
        }
        return nil
    }

    /// The local wall-clock time of `instant` with its weekday, e.g. `2026-10-08 10:00 周四`.
    func local(_ instant: Date, _ catalog: Catalog, _ language: Language) -> String {
        let formatter = formatter
        formatter.dateFormat = "yyyy-MM-dd HH:mm"
        let weekday = calendar.localDate(of: instant).weekday
        return formatter.string(from: instant) + " " + catalog.text("sla.weekday.\(weekday)", language)
    }

    func values(_ catalog: Catalog, _ language: Language) -> [String: Any] {
        let input = formatter
        input.dateFormat = "yyyy-MM-dd'T'HH:mm"
        var values: [String: Any] = ["start": startText.isEmpty ? input.string(from: now) : startText, "minutes": minutesText,
                                     "time_zone": calendar.timeZoneIdentifier]
        guard asked else { return values }
        let start = start()
        let minutes = Int(minutesText)
        if start == nil { values["error_start"] = catalog.text("sla.calculator.bad_start", language) }
        if minutes == nil || minutes! <= 0 { values["error_minutes"] = catalog.text("error.must_be_positive", language) }
        guard let start, let minutes, minutes > 0 else { return values }
        guard let due = calendar.dueDate(after: minutes, from: start), let opening = calendar.nextOpening(atOrAfter: start) else {
            values["never"] = true
            return values
        }
        values["due"] = local(due, catalog, language)
        values["due_utc"] = ISO8601DateFormatter().string(from: due)
        if opening > start { values["counting_from"] = local(opening, catalog, language) }
        return values
    }
}
