import Foundation
import KefuDomain
@testable import KefuServices
import KefuStore
import KefuTestSupport
import XCTest

/// Keeping business calendars and SLA policies, on every test database.
final class SLAConfigServiceTests: XCTestCase {
    struct Desk {
        var services: Services
        var admin: Principal
        var agent: Principal
    }

    static func setUp(_ database: any Database) async throws -> Desk {
        let services = TestStores.services(database)
        let admin = Principal(user: try await TestStores.user(services, "li.na", role: .admin), channel: .session)
        let agent = Principal(user: try await TestStores.user(services, "zhang.wei", role: .agent), channel: .session)
        return Desk(services: services, admin: admin, agent: agent)
    }

    static let shanghaiDesk = BusinessCalendarDraft(
        name: "上海客服", weekly: (1...6).map { .init(weekday: $0, open: "08:30", close: "20:00") }, breaks: [.init(start: "12:00", end: "13:00")],
        holidays: ["2026-10-01"], workingDays: [])

    static func events(_ database: any Database, _ kind: String) async throws -> [Event] {
        try await database.read { try await EventLog().list(EventFilter(kind: kind), limit: 50, on: $0).events }
    }

    static func validationErrors(_ body: () async throws -> Void) async -> [FieldError] {
        do {
            try await body()
            return []
        } catch ServiceError.validation(let errors) {
            return errors
        } catch {
            return [FieldError(field: "unexpected", code: "\(error)")]
        }
    }

    // R-TKT-4: admins keep the calendars the limits run on; every change is versioned and recorded.
    func testCalendarsAreCreatedChangedWithTheirVersionAndRecorded_R_TKT_4() async throws {
        try await TestStores.each { database, name in
            let desk = try await Self.setUp(database)
            let created = try await desk.services.slaConfig.createCalendar(Self.shanghaiDesk, by: desk.admin)
            XCTAssertEqual(created.version, 1, name)
            XCTAssertEqual(created.calendar.weekly.count, 6, name)
            let read = try await desk.services.slaConfig.calendar(id: created.id, by: desk.agent)
            XCTAssertEqual(read, created, "\(name): agents read calendars")
            let createdEvent = try await Self.events(database, "calendar.created").first
            XCTAssertEqual(createdEvent?.entityID, "\(created.id)", name)
            XCTAssertEqual(createdEvent?.after, try Snapshot.calendar(created.calendar), name)

            let changes = BusinessCalendarDraft(name: nil, weekly: nil, breaks: [], holidays: ["2026-10-01", "2026-10-02"])
            let saved = try await desk.services.slaConfig.updateCalendar(id: created.id, changes, expectedVersion: 1, by: desk.admin)
            XCTAssertEqual(saved.version, 2, name)
            XCTAssertEqual(saved.calendar.breaks, [], name)
            XCTAssertEqual(saved.calendar.weekly, created.calendar.weekly, "\(name): fields not sent stay")
            let updated = try await Self.events(database, "calendar.updated")
            XCTAssertEqual(updated.count, 1, name)
            XCTAssertEqual(updated.first?.before, #"{"breaks":[{"end":"13:00","start":"12:00"}],"holidays":["2026-10-01"]}"#, name)
            XCTAssertEqual(updated.first?.after, #"{"breaks":[],"holidays":["2026-10-01","2026-10-02"]}"#, name)

            // The same change again alters nothing: no version, no event.
            let again = try await desk.services.slaConfig.updateCalendar(id: created.id, changes, expectedVersion: 2, by: desk.admin)
            XCTAssertEqual(again, saved, name)
            // A stale version is refused with the current one, and nothing is written.
            do {
                _ = try await desk.services.slaConfig.updateCalendar(id: created.id, BusinessCalendarDraft(name: "旧", weekly: nil),
                                                                     expectedVersion: 1, by: desk.admin)
                XCTFail("\(name): stale version accepted")
            } catch ServiceError.conflict(let code, let current) {
                XCTAssertEqual(code, "error.stale_version", name)
                XCTAssertEqual(current, 2, name)
            }
            let afterConflict = try await desk.services.slaConfig.calendar(id: created.id, by: desk.admin)
            XCTAssertEqual(afterConflict, saved, name)
            let updates = try await Self.events(database, "calendar.updated").count
            XCTAssertEqual(updates, 1, name)

            do {
                _ = try await desk.services.slaConfig.updateCalendar(id: 999_999, changes, expectedVersion: nil, by: desk.admin)
                XCTFail("\(name): unknown calendar")
            } catch ServiceError.notFound(let entity) {
                XCTAssertEqual(entity, "calendar", name)
            }
        }
    }

    func testOnlySettingsManagersChangeTheConfiguration() async throws {
        try await TestStores.each { database, name in
            let desk = try await Self.setUp(database)
            let policies = try await desk.services.slaConfig.policies(by: desk.agent)
            XCTAssertEqual(policies.count, 5, name)
            for attempt in [
                { _ = try await desk.services.slaConfig.createCalendar(Self.shanghaiDesk, by: desk.agent) },
                { _ = try await desk.services.slaConfig.updatePolicy(id: policies[0].id, SLAPolicyDraft(priority: 1), expectedVersion: nil, by: desk.agent) },
                { _ = try await desk.services.slaConfig.importICS(calendarID: 1, text: "BEGIN:VCALENDAR\nEND:VCALENDAR", version: nil, by: desk.agent) },
            ] as [() async throws -> Void] {
                do {
                    try await attempt()
                    XCTFail("\(name): an agent changed the SLA configuration")
                } catch ServiceError.forbidden(let permission) {
                    XCTAssertEqual(permission, .settingsManage, name)
                }
            }
            let department = Principal(user: try await TestStores.user(desk.services, "xu.cang", role: .department, department: .warehouse),
                                       channel: .session)
            do {
                _ = try await desk.services.slaConfig.calendars(by: department)
                XCTFail("\(name): a department read the calendars")
            } catch ServiceError.forbidden(let permission) {
                XCTAssertEqual(permission, .ticketsView, name)
            }
        }
    }

    // R-TKT-4: a wrong calendar or policy is refused with every problem at once, and nothing is written.
    func testEveryProblemIsReportedAtOnce_R_TKT_4() async throws {
        try await TestStores.each { database, name in
            let desk = try await Self.setUp(database)
            let badCalendar = BusinessCalendarDraft(
                name: " ", timeZone: "Mars/Olympus", weekly: [.init(weekday: 8, open: "09:00", close: "18:00"), .init(weekday: 1, open: "18:00", close: "09:00")],
                breaks: [.init(start: "12:00", end: "25:00")], holidays: ["2026-02-30"], workingDays: [])
            let calendarErrors = await Self.validationErrors { _ = try await desk.services.slaConfig.createCalendar(badCalendar, by: desk.admin) }
            XCTAssertEqual(calendarErrors.map(\.field), ["name", "time_zone", "weekly[0].weekday", "weekly[1].close", "breaks[0].end", "holidays[0]"], name)
            let taken = await Self.validationErrors {
                _ = try await desk.services.slaConfig.createCalendar(BusinessCalendarDraft(name: "7×24", weekly: [.init(weekday: 1, open: "09:00", close: "18:00")]),
                                                                     by: desk.admin)
            }
            XCTAssertEqual(taken, [FieldError(field: "name", code: "error.duplicate", arguments: ["value": "7×24"])], name)

            let badPolicy = SLAPolicyDraft(name: "", calendarID: 999, firstResponseMinutes: .some(0), resolutionMinutes: .some(-5))
            let policyErrors = await Self.validationErrors { _ = try await desk.services.slaConfig.createPolicy(badPolicy, by: desk.admin) }
            XCTAssertEqual(policyErrors, [
                FieldError(field: "name", code: "error.required"),
                FieldError(field: "calendar_id", code: "error.unknown_value", arguments: ["value": "999"]),
                FieldError(field: "first_response_minutes", code: "error.must_be_positive"),
                FieldError(field: "resolution_minutes", code: "error.must_be_positive"),
            ], name)
            let missing = await Self.validationErrors { _ = try await desk.services.slaConfig.createPolicy(SLAPolicyDraft(), by: desk.admin) }
            XCTAssertEqual(missing.map(\.field), ["name", "calendar_id"], name)
            let calendars = try await desk.services.slaConfig.calendars(by: desk.admin).count
            let policies = try await desk.services.slaConfig.policies(by: desk.admin).count
            XCTAssertEqual([calendars, policies], [2, 5], "\(name): nothing written")
        }
    }

    // R-TKT-4: policies are added and changed with their version; removing a target and switching off are changes too.
    func testPoliciesAreCreatedAndChangedWithTheirVersion_R_TKT_4() async throws {
        try await TestStores.each { database, name in
            let desk = try await Self.setUp(database)
            let night = try await desk.services.slaConfig.createCalendar(
                BusinessCalendarDraft(name: "夜班", weekly: (1...7).map { .init(weekday: $0, open: "18:00", close: "24:00") }), by: desk.admin)
            let vip = try await desk.services.slaConfig.createPolicy(
                SLAPolicyDraft(name: " 钻石会员 ", calendarID: Int(night.id), conditions: .init(type: " ", memberGrade: "diamond"),
                               firstResponseMinutes: .some(30), resolutionMinutes: .some(720), priority: 5), by: desk.admin)
            XCTAssertEqual(vip.policy, SLAPolicy(name: "钻石会员", calendarID: Int(night.id), conditions: .init(memberGrade: "diamond"),
                                                 firstResponseMinutes: 30, resolutionMinutes: 720, priority: 5), "\(name): trimmed, blanks cleared")
            XCTAssertTrue(vip.active, name)
            let created = try await Self.events(database, "sla_policy.created").first
            XCTAssertEqual(created?.after, try Snapshot.policy(vip.policy, active: true), name)

            let changed = try await desk.services.slaConfig.updatePolicy(
                id: vip.id, SLAPolicyDraft(resolutionMinutes: .some(nil), active: false), expectedVersion: vip.version, by: desk.admin)
            XCTAssertNil(changed.policy.resolutionMinutes, name)
            XCTAssertFalse(changed.active, name)
            XCTAssertEqual(changed.version, 2, name)
            let updated = try await Self.events(database, "sla_policy.updated").first
            XCTAssertEqual(updated?.before, #"{"active":true,"resolution_minutes":720}"#, name)
            XCTAssertEqual(updated?.after, #"{"active":false}"#, name)

            do {
                _ = try await desk.services.slaConfig.updatePolicy(id: vip.id, SLAPolicyDraft(priority: 1), expectedVersion: 1, by: desk.admin)
                XCTFail("\(name): stale version accepted")
            } catch ServiceError.conflict(_, let current) {
                XCTAssertEqual(current, 2, name)
            }
            let renamed = await Self.validationErrors {
                _ = try await desk.services.slaConfig.updatePolicy(id: vip.id, SLAPolicyDraft(name: "一般问题"), expectedVersion: 2, by: desk.admin)
            }
            XCTAssertEqual(renamed, [FieldError(field: "name", code: "error.duplicate", arguments: ["value": "一般问题"])], name)
            let stored = try await desk.services.slaConfig.policy(id: vip.id, by: desk.agent)
            XCTAssertEqual(stored, changed, name)
        }
    }

    // R-TKT-4: holidays and 调休 come in from an .ics file; the report says what was added and what was skipped.
    func testAnICSFileAddsHolidaysAndMakeUpDays_R_TKT_4() async throws {
        try await TestStores.each { database, name in
            let desk = try await Self.setUp(database)
            let calendar = try await desk.services.slaConfig.createCalendar(Self.shanghaiDesk, by: desk.admin)
            let text = """
                BEGIN:VCALENDAR
                BEGIN:VEVENT
                DTSTART;VALUE=DATE:20270101
                DTEND;VALUE=DATE:20270104
                SUMMARY:元旦
                END:VEVENT
                BEGIN:VEVENT
                DTSTART;VALUE=DATE:20261001
                SUMMARY:国庆节
                END:VEVENT
                BEGIN:VEVENT
                DTSTART;VALUE=DATE:20270110
                SUMMARY:元旦补班
                END:VEVENT
                BEGIN:VEVENT
                DTSTART;VALUE=DATE:20270101
                RRULE:FREQ=YEARLY
                SUMMARY:每年元旦
                END:VEVENT
                END:VCALENDAR
                """
            let report = try await desk.services.slaConfig.importICS(calendarID: calendar.id, text: text, version: 1, by: desk.admin)
            XCTAssertEqual(report.holidaysAdded, 3, "\(name): 2026-10-01 was there already")
            XCTAssertEqual(report.workingDaysAdded, 1, name)
            XCTAssertEqual(report.skipped, [.init(line: 15, reason: .recurring, summary: "每年元旦")], name)
            XCTAssertEqual(report.calendar.version, 2, name)
            XCTAssertEqual(report.calendar.calendar.holidays.map(\.description).sorted(), ["2026-10-01", "2027-01-01", "2027-01-02", "2027-01-03"], name)
            XCTAssertEqual(report.calendar.calendar.workingDays, [LocalDate("2027-01-10")!], name)
            let event = try await Self.events(database, "calendar.updated").first
            XCTAssertEqual(event?.after, #"{"holidays":["2026-10-01","2027-01-01","2027-01-02","2027-01-03"],"working_days":["2027-01-10"]}"#, name)

            let again = try await desk.services.slaConfig.importICS(calendarID: calendar.id, text: text, version: nil, by: desk.admin)
            XCTAssertEqual([again.holidaysAdded, again.workingDaysAdded, Int(again.calendar.version)], [0, 0, 2], "\(name): nothing new, no version")

            let broken = await Self.validationErrors {
                _ = try await desk.services.slaConfig.importICS(calendarID: calendar.id, text: "BEGIN:VCALENDAR\nBEGIN:VEVENT\nDTSTART;VALUE=DATE:2027-01-01\nEND:VEVENT\nEND:VCALENDAR",
                                                                version: nil, by: desk.admin)
            }
            XCTAssertEqual(broken, [FieldError(field: "file", code: "error.ics_bad_date", arguments: ["line": "3", "value": "2027-01-01"])], name)
            do {
                _ = try await desk.services.slaConfig.importICS(calendarID: calendar.id, text: text, version: 1, by: desk.admin)
                XCTFail("\(name): stale version accepted")
            } catch ServiceError.conflict(_, let current) {
                XCTAssertEqual(current, 2, name)
            }
        }
    }
}
