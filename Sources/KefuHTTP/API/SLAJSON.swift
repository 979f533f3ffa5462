import Foundation
import KefuDomain
import KefuServices
import KefuStore

/// A business calendar as the API returns it: the calendar's own JSON shape with its id and version.
struct CalendarJSON: Encodable {
    struct Hours: Encodable {
        var weekday: Int
        var open: String
        var close: String
    }

    struct Break: Encodable {
        var start: String
        var end: String
    }

    var id: Int64
    var name: String
    var timeZone: String
    var weekly: [Hours]
    var breaks: [Break]
    var holidays: [String]
    var workingDays: [String]
    var version: Int64
    var createdAt: Date
    var updatedAt: Date

    init(_ stored: StoredBusinessCalendar) {
        let calendar = stored.calendar
        id = stored.id
        name = calendar.name
        timeZone = calendar.timeZoneIdentifier
        weekly = calendar.weekly.map { Hours(weekday: $0.weekday, open: $0.open.description, close: $0.close.description) }
        breaks = calendar.breaks.map { Break(start: $0.start.description, end: $0.end.description) }
        holidays = calendar.holidays.sorted().map(\.description)
        workingDays = calendar.workingDays.sorted().map(\.description)
        version = stored.version
        createdAt = stored.createdAt
        updatedAt = stored.updatedAt
    }
}

/// An SLA policy as the API returns it; conditions and targets not set are left out.
struct SLAPolicyJSON: Encodable {
    struct Conditions: Encodable {
        var type: String?
        var severity: String?
        var channel: String?
        var memberGrade: String?
    }

    var id: Int64
    var name: String
    var calendarId: Int64
    var conditions: Conditions
    var firstResponseMinutes: Int?
    var nextResponseMinutes: Int?
    var resolutionMinutes: Int?
    var priority: Int
    var active: Bool
    var version: Int64
    var createdAt: Date
    var updatedAt: Date

    init(_ stored: StoredSLAPolicy) {
        let policy = stored.policy
        id = stored.id
        name = policy.name
        calendarId = Int64(policy.calendarID)
        conditions = Conditions(type: policy.conditions.type, severity: policy.conditions.severity, channel: policy.conditions.channel,
                                memberGrade: policy.conditions.memberGrade)
        firstResponseMinutes = policy.firstResponseMinutes
        nextResponseMinutes = policy.nextResponseMinutes
        resolutionMinutes = policy.resolutionMinutes
        priority = policy.priority
        active = stored.active
        version = stored.version
        createdAt = stored.createdAt
        updatedAt = stored.updatedAt
    }
}

/// What an iCalendar import did, as the API returns it.
struct ICSImportJSON: Encodable {
    struct Skipped: Encodable {
        var line: Int
        var reason: String
        var summary: String?
    }

    var holidaysAdded: Int
    var workingDaysAdded: Int
    var skipped: [Skipped]
    var calendar: CalendarJSON

    init(_ report: ICSImportReport) {
        holidaysAdded = report.holidaysAdded
        workingDaysAdded = report.workingDaysAdded
        skipped = report.skipped.map { Skipped(line: $0.line, reason: $0.reason.rawValue, summary: $0.summary) }
        calendar = CalendarJSON(report.calendar)
    }
}
