import Foundation

extension BusinessCalendarDraft {
    /// The draft of a valid calendar: what an edit form starts from, and what a change is laid over.
    public init(_ calendar: BusinessCalendar) {
        self.init(
            name: calendar.name, timeZone: calendar.timeZoneIdentifier,
            weekly: calendar.weekly.map { Hours(weekday: $0.weekday, open: $0.open.description, close: $0.close.description) },
            breaks: calendar.breaks.map { Break(start: $0.start.description, end: $0.end.description) },
            holidays: calendar.holidays.sorted().map(\.description), workingDays: calendar.workingDays.sorted().map(\.description))
    }

    /// This draft with every field that `changes` sets taken from it (a partial update: nil keeps a field).
    public func merging(_ changes: BusinessCalendarDraft) -> BusinessCalendarDraft {
        BusinessCalendarDraft(
            name: changes.name ?? name, timeZone: changes.timeZone ?? timeZone, weekly: changes.weekly ?? weekly,
            breaks: changes.breaks ?? breaks, holidays: changes.holidays ?? holidays, workingDays: changes.workingDays ?? workingDays)
    }
}
