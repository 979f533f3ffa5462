import Foundation
import KefuDomain
@testable import KefuServices
import KefuStore
import KefuTestSupport
import XCTest

/// The seeded SLA configuration and the terms tickets get from it, on every test database.
final class SLATermsTests: XCTestCase {
    static func at(_ text: String) -> Date {
        let formatter = DateFormatter()
        formatter.dateFormat = "yyyy-MM-dd HH:mm"
        formatter.timeZone = TimeZone(identifier: "Asia/Shanghai")
        return formatter.date(from: text)!
    }

    /// A connection that counts the statements run through it, to prove the cache spares them.
    final class CountingConnection: SQLConnection, @unchecked Sendable {
        let base: any SQLConnection
        private(set) var statements = 0
        init(_ base: any SQLConnection) { self.base = base }
        var dialect: SQLDialect { base.dialect }
        func query(_ sql: SQL) async throws -> [Row] {
            statements += 1
            return try await base.query(sql)
        }
    }

    static func terms(_ services: Services, _ attributes: SLAPolicy.TicketAttributes) async throws -> (SLATerms?, statements: Int) {
        try await services.database.read { connection in
            let counting = CountingConnection(connection)
            let terms = try await services.slaConfig.terms(for: attributes, on: counting)
            return (terms, counting.statements)
        }
    }

    // R-TKT-4: a new installation counts its limits on the mainland working-day calendar with the 2025 and 2026
    // holidays and 调休, and starts from the limits of the rule.
    func testTheMigrationSeedsTheWorkdayCalendarAndTheDefaultPolicies_R_TKT_4() async throws {
        try await TestStores.each { database, name in
            let services = TestStores.services(database)
            let calendars = try await services.slaConfig.calendars(by: .system)
            XCTAssertEqual(calendars.map(\.calendar.name), ["中国大陆工作日", "7×24"], name)
            var expected = BusinessCalendar.weekdays(name: "中国大陆工作日", open: "09:00", close: "18:00", breaks: [("12:00", "13:30")])!
            for year in [2025, 2026] {
                expected.holidays.formUnion(ChinaHolidays.holidays(in: year))
                expected.workingDays.formUnion(ChinaHolidays.workingDays(in: year))
            }
            XCTAssertEqual(calendars.first?.calendar, expected, name)
            XCTAssertEqual(calendars.last?.calendar, BusinessCalendar.twentyFourSeven(name: "7×24"), name)
            XCTAssertEqual(calendars.map(\.version), [1, 1], name)

            let workdays = Int(calendars[0].id)
            let policies = try await services.slaConfig.policies(by: .system)
            XCTAssertEqual(policies.map(\.policy), [
                SLAPolicy(name: "重大投诉", calendarID: workdays, conditions: .init(type: "complaint", severity: "major"), firstResponseMinutes: 60, priority: 10),
                SLAPolicy(name: "投诉（简单）", calendarID: workdays, conditions: .init(type: "complaint", severity: "simple"), firstResponseMinutes: 120, priority: 20),
                SLAPolicy(name: "投诉（复杂）", calendarID: workdays, conditions: .init(type: "complaint", severity: "complex"), firstResponseMinutes: 1440, priority: 30),
                SLAPolicy(name: "邮件", calendarID: workdays, conditions: .init(channel: "email"), firstResponseMinutes: 480, priority: 50),
                SLAPolicy(name: "一般问题", calendarID: workdays, firstResponseMinutes: 240, nextResponseMinutes: 480, resolutionMinutes: 1440, priority: 100),
            ], name)
            XCTAssertTrue(policies.allSatisfy(\.active), name)
            // Stored as the repository writes calendars, so that a save without changes is no change.
            let definitions = try await database.read { try await $0.query("SELECT definition FROM business_calendars ORDER BY id") }
            XCTAssertEqual(definitions.map { $0.optionalString("definition") }, try calendars.map { try SLAConfigRepository.definition($0.calendar) }, name)
        }
    }

    // R-TKT-4: complaint replies within 2 h (simple), 24 h (complex), at once for major ones; email within its
    // own limit; everything else by the general limits — the most specific matching policy wins.
    func testTicketsGetTheMostSpecificMatchingPolicy_R_TKT_4() async throws {
        try await TestStores.each { database, name in
            let services = TestStores.services(database)
            func chosen(_ type: String?, _ severity: String?, _ channel: String?) async throws -> String? {
                try await Self.terms(services, .init(type: type, severity: severity, channel: channel)).0?.policyName
            }
            let simple = try await chosen("complaint", "simple", "phone")
            let complexByEmail = try await chosen("complaint", "complex", "email")
            let major = try await chosen("complaint", "major", "chat")
            let unclassified = try await chosen("complaint", nil, "phone")
            let email = try await chosen("inquiry", nil, "email")
            let inquiry = try await chosen("inquiry", "simple", "phone")
            XCTAssertEqual([simple, complexByEmail, major, unclassified, email, inquiry],
                           ["投诉（简单）", "投诉（复杂）", "重大投诉", "一般问题", "邮件", "一般问题"], name)

            // A simple complaint taken on Wednesday 30 September 2026 at 17:00: one hour that day, then the National
            // Day holiday (1–7 October), then the second hour on Thursday the 8th.
            let (terms, _) = try await Self.terms(services, .init(type: "complaint", severity: "simple"))
            let complaint = try XCTUnwrap(terms, name)
            XCTAssertEqual(complaint.calendar.name, "中国大陆工作日", name)
            XCTAssertEqual(complaint.calendar.dueDate(after: complaint.policy.firstResponseMinutes!, from: Self.at("2026-09-30 17:00")),
                           Self.at("2026-10-08 10:00"), name)
            let byID = try await database.read { try await services.slaConfig.terms(policyID: complaint.policyID, on: $0) }
            XCTAssertEqual(byID, complaint, name)
            let unknown = try await database.read { try await services.slaConfig.terms(policyID: 999_999, on: $0) }
            XCTAssertNil(unknown, name)
        }
    }

    // R-TKT-4: ticket intake reads the configuration from memory; a change made here applies to the next ticket at
    // once, a change made by another instance within the recheck interval.
    func testTermsComeFromMemoryAndFollowChanges_R_TKT_4() async throws {
        try await TestStores.each { database, name in
            let clock = FixedClock(Self.at("2026-11-23 10:00"))
            let services = TestStores.services(database, clock: clock)
            let other = TestStores.services(database, clock: clock)  // another `kefu serve` on the same database
            let phone = SLAPolicy.TicketAttributes(type: "inquiry", channel: "phone")
            let (first, loading) = try await Self.terms(services, phone)
            XCTAssertEqual(first?.policy.firstResponseMinutes, 240, name)
            XCTAssertGreaterThan(loading, 0, name)
            for _ in 0..<100 {
                let (_, statements) = try await Self.terms(services, phone)
                XCTAssertEqual(statements, 0, "\(name): nothing changed, nothing queried")
            }
            _ = try await Self.terms(other, phone)

            let general = try XCTUnwrap(first, name)
            let admin = Principal(user: try await TestStores.user(services, "li.na", role: .admin), channel: .session)
            _ = try await services.slaConfig.updatePolicy(id: general.policyID, SLAPolicyDraft(firstResponseMinutes: .some(300)),
                                                           expectedVersion: 1, by: admin)
            let (changed, _) = try await Self.terms(services, phone)
            XCTAssertEqual(changed?.policy.firstResponseMinutes, 300, "\(name): this instance sees its own change at once")
            let (stale, _) = try await Self.terms(other, phone)
            XCTAssertEqual(stale?.policy.firstResponseMinutes, 240, "\(name): the other instance keeps what it holds until the recheck")
            clock.advance(by: 2)
            let (rechecked, _) = try await Self.terms(other, phone)
            XCTAssertEqual(rechecked?.policy.firstResponseMinutes, 300, "\(name): and then sees it")
            clock.advance(by: 2)
            let (_, unchanged) = try await Self.terms(other, phone)
            XCTAssertEqual(unchanged, 1, "\(name): a recheck with nothing changed is one query")

            // A deactivated policy matches no new ticket, but a ticket that ran under it still finds its terms.
            _ = try await services.slaConfig.updatePolicy(id: general.policyID, SLAPolicyDraft(active: false), expectedVersion: nil, by: admin)
            let (none, _) = try await Self.terms(services, phone)
            XCTAssertNil(none, name)
            let kept = try await database.read { try await services.slaConfig.terms(policyID: general.policyID, on: $0) }
            XCTAssertEqual(kept?.policy.firstResponseMinutes, 300, name)

            // A calendar change reaches the terms too.
            _ = try await services.slaConfig.updateCalendar(id: Int64(general.policy.calendarID), BusinessCalendarDraft(name: nil, weekly: [
                .init(weekday: 1, open: "08:00", close: "20:00"),
            ]), expectedVersion: nil, by: admin)
            let (email, _) = try await Self.terms(services, .init(channel: "email"))
            XCTAssertEqual(email?.calendar.weekly, [.init(weekday: 1, open: TimeOfDay("08:00")!, close: TimeOfDay("20:00")!)], name)
        }
    }
}
