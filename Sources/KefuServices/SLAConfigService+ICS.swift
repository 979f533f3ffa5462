import Foundation
import KefuDomain
import KefuStore

/// What an iCalendar import did to a calendar.
public struct ICSImportReport: Equatable, Sendable {
    public var calendar: StoredBusinessCalendar
    /// Dates the calendar did not list as holidays before.
    public var holidaysAdded: Int
    /// Dates the calendar did not list as working days before.
    public var workingDaysAdded: Int
    /// Events not read, each with its line and why.
    public var skipped: [ICalendarHolidays.Skipped]
}

extension SLAConfigService {
    /// Adds the all-day events of an iCalendar file to calendar `id`: holidays, and make-up working days where the
    /// file marks them (see `ICalendarHolidays`). Where the file and the calendar disagree about a date, the file
    /// wins. A file that cannot be read is a validation error on `file` saying which line (`error.ics_*`, with
    /// `line`); a stale `version` is a conflict. Nothing new: no new version, no event.
    public func importICS(calendarID id: Int64, text: String, version expectedVersion: Int64?,
                          by principal: Principal) async throws -> ICSImportReport {
        try principal.require(.settingsManage)
        let file: ICalendarHolidays
        do {
            file = try ICalendarHolidays.parse(text)
        } catch {
            throw ServiceError.validation([FieldError(field: "file", code: "error.ics_\(error.code.rawValue)",
                                                      arguments: ["line": "\(error.line)", "value": error.value ?? ""])])
        }
        let now = clock.now
        let report = try await saving(name: nil) {
            try await database.transaction { connection in
                let before = try await current(id: id, expectedVersion: expectedVersion, on: connection)
                var calendar = before.calendar
                let holidaysAdded = file.holidays.subtracting(calendar.holidays).count
                let workingDaysAdded = file.workingDays.subtracting(calendar.workingDays).count
                calendar.holidays.subtract(file.workingDays)
                calendar.workingDays.subtract(file.holidays)
                calendar.holidays.formUnion(file.holidays)
                calendar.workingDays.formUnion(file.workingDays)
                let saved = try await save(calendar, over: before, at: now, by: principal, on: connection)
                return ICSImportReport(calendar: saved, holidaysAdded: holidaysAdded, workingDaysAdded: workingDaysAdded, skipped: file.skipped)
            }
        }
        cache.invalidate()
        return report
    }
}
