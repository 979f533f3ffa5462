import Foundation
import KefuDomain

/// The calendar edit form: one row per weekday with open–close pairs (one spare for a split shift), the daily
/// breaks as pairs, holidays and make-up working days as lists of dates. Read back into a draft, and every
/// problem the draft has is placed beside the input it came from, in the reader's language.
struct CalendarForm {
    /// Blank pairs shown after those in use.
    static let spare = 1
    /// More pairs than any weekday needs; inputs past it are not read.
    static let maxPairs = 8

    var fields: [String: String]

    init(fields: [String: String]) {
        self.fields = fields
    }

    /// The form filled with a stored calendar.
    init(_ calendar: BusinessCalendar, version: Int64) {
        var fields = ["name": calendar.name, "time_zone": calendar.timeZoneIdentifier, "version": "\(version)",
                      "holidays": calendar.holidays.sorted().map(\.description).joined(separator: "\n"),
                      "working_days": calendar.workingDays.sorted().map(\.description).joined(separator: "\n")]
        for weekday in 1...7 {
            for (slot, hours) in calendar.weekly.filter({ $0.weekday == weekday }).sorted(by: { $0.open < $1.open }).enumerated() {
                fields["open_\(weekday)_\(slot)"] = hours.open.description
                fields["close_\(weekday)_\(slot)"] = hours.close.description
            }
        }
        for (slot, cut) in calendar.breaks.enumerated() {
            fields["break_start_\(slot)"] = cut.start.description
            fields["break_end_\(slot)"] = cut.end.description
        }
        self.fields = fields
    }

    /// Where each entry of the draft came from, to put its problems beside it.
    struct Origins {
        var weekly: [(weekday: Int, slot: Int)] = []
        var breaks: [Int] = []
        var holidays: [String] = []
        var workingDays: [String] = []
    }

    /// The draft the form describes: a pair left blank is not there, a half-filled one is (and is required).
    var draft: (BusinessCalendarDraft, Origins) {
        var origins = Origins()
        var weekly: [BusinessCalendarDraft.Hours] = []
        for weekday in 1...7 {
            for slot in 0..<Self.maxPairs {
                let open = value("open_\(weekday)_\(slot)"), close = value("close_\(weekday)_\(slot)")
                guard open != nil || close != nil else { continue }
                weekly.append(.init(weekday: weekday, open: open, close: close))
                origins.weekly.append((weekday, slot))
            }
        }
        var breaks: [BusinessCalendarDraft.Break] = []
        for slot in 0..<Self.maxPairs {
            let start = value("break_start_\(slot)"), end = value("break_end_\(slot)")
            guard start != nil || end != nil else { continue }
            breaks.append(.init(start: start, end: end))
            origins.breaks.append(slot)
        }
        origins.holidays = Self.dates(fields["holidays"])
        origins.workingDays = Self.dates(fields["working_days"])
        let draft = BusinessCalendarDraft(name: fields["name"] ?? "", timeZone: value("time_zone"), weekly: weekly, breaks: breaks,
                                          holidays: origins.holidays, workingDays: origins.workingDays)
        return (draft, origins)
    }

    /// The dates of a list typed one per line, or separated by spaces or commas (either width).
    static func dates(_ text: String?) -> [String] {
        (text ?? "").components(separatedBy: CharacterSet(charactersIn: " \t\r\n,，;；、")).filter { !$0.isEmpty }
    }

    private func value(_ name: String) -> String? {
        guard let text = fields[name]?.trimmingCharacters(in: .whitespaces), !text.isEmpty else { return nil }
        return text
    }

    /// The template's values: the rows with their inputs and the messages beside them.
    func values(errors: [FieldError], catalog: Catalog, language: Language) -> [String: Any] {
        let origins = draft.1
        var messages: [String: [String]] = [:]
        for error in errors {
            let (key, item) = place(error.field, origins)
            var arguments = error.arguments
            if let other = arguments["other"] { arguments["other"] = label(other, origins, catalog, language) }
            var message = catalog.text(error.code, language, arguments)
            if let item { message = catalog.text("sla.form.item", language, ["item": item, "message": message]) }
            messages[key, default: []].append(message)
        }
        let message = { (key: String) in messages[key]?.joined(separator: " ") ?? "" }
        let days = (1...7).map { weekday -> [String: Any] in
            let used = (0..<Self.maxPairs).last { value("open_\(weekday)_\($0)") != nil || value("close_\(weekday)_\($0)") != nil }
            let pairs = (0..<((used.map { $0 + 1 } ?? 0) + Self.spare)).map { slot -> [String: Any] in
                ["open_name": "open_\(weekday)_\(slot)", "close_name": "close_\(weekday)_\(slot)",
                 "open": fields["open_\(weekday)_\(slot)"] ?? "", "close": fields["close_\(weekday)_\(slot)"] ?? "",
                 "error": message("slot_\(weekday)_\(slot)")]
            }
            return ["weekday": weekday, "label": catalog.text("sla.weekday.\(weekday)", language), "pairs": pairs]
        }
        let usedBreaks = (0..<Self.maxPairs).last { value("break_start_\($0)") != nil || value("break_end_\($0)") != nil }
        let breaks = (0..<((usedBreaks.map { $0 + 1 } ?? 0) + Self.spare)).map { slot -> [String: Any] in
            ["start_name": "break_start_\(slot)", "end_name": "break_end_\(slot)", "start": fields["break_start_\(slot)"] ?? "",
             "end": fields["break_end_\(slot)"] ?? "", "error": message("break_\(slot)")]
        }
        return [
            "form": fields, "days": days, "breaks": breaks,
            "errors": ["name": message("name"), "time_zone": message("time_zone"), "weekly": message("weekly"),
                       "holidays": message("holidays"), "working_days": message("working_days")],
            "has_errors": !errors.isEmpty,
        ]
    }

    /// The input a problem belongs beside, and for an item of a date list the item itself.
    private func place(_ field: String, _ origins: Origins) -> (key: String, item: String?) {
        guard let (list, index) = Self.indexed(field) else { return (field, nil) }
        switch list {
        case "weekly" where index < origins.weekly.count:
            return ("slot_\(origins.weekly[index].weekday)_\(origins.weekly[index].slot)", nil)
        case "breaks" where index < origins.breaks.count:
            return ("break_\(origins.breaks[index])", nil)
        case "holidays" where index < origins.holidays.count:
            return ("holidays", origins.holidays[index])
        case "working_days" where index < origins.workingDays.count:
            return ("working_days", origins.workingDays[index])
        default:
            return (list, nil)
        }
    }

    /// What a path such as `weekly[2]` names, as a person reads it: 周二 09:00–12:00, or the date itself.
    private func label(_ path: String, _ origins: Origins, _ catalog: Catalog, _ language: Language) -> String {
        guard let (list, index) = Self.indexed(path) else { return path }
        switch list {
        case "weekly" where index < origins.weekly.count:
            let (weekday, slot) = origins.weekly[index]
            return catalog.text("sla.weekday.\(weekday)", language)
                + " \(fields["open_\(weekday)_\(slot)"] ?? "")–\(fields["close_\(weekday)_\(slot)"] ?? "")"
        case "breaks" where index < origins.breaks.count:
            let slot = origins.breaks[index]
            return "\(fields["break_start_\(slot)"] ?? "")–\(fields["break_end_\(slot)"] ?? "")"
        case "holidays" where index < origins.holidays.count:
            return origins.holidays[index]
        case "working_days" where index < origins.workingDays.count:
            return origins.workingDays[index]
        default:
            return path
        }
    }

    /// `weekly[2].close` → ("weekly", 2).
    static func indexed(_ path: String) -> (String, Int)? {
        guard let open = path.firstIndex(of: "["), let close = path[open...].firstIndex(of: "]"),
              let index = Int(path[path.index(after: open)..<close]) else { return nil }
        return (String(path[..<open]), index)
    }
}
