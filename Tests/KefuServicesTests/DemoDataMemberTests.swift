import Foundation
import KefuDomain
import KefuServices
import KefuStore
import KefuTestSupport
import XCTest

/// The demo's members and callbacks (issue 5, item 6): thousands of members whose orders and tickets are theirs,
/// callbacks in every state, and nothing in them that breaks the rules the demo is there to show.
final class DemoDataMemberTests: XCTestCase {
    func count(_ sql: SQL, on database: any Database) async throws -> Int64 {
        try await database.read { try await $0.first("SELECT COUNT(*) AS n FROM (\(sql)) counted")?.int("n") ?? 0 }
    }

    func testDemoMembersOwnTheirOrdersAndTicketsAndCallbacksCoverEveryState_R_MEM_2_R_CB_2_R_CB_3_R_CB_4() async throws {
        try await TestStores.each(migrated: false) { database, name in
            let services = TestStores.services(database)
            _ = try await services.setup.prepare(adminPassword: "Kefu-first-pass-1")
            let created = try await DemoData(services: services).fill()
            XCTAssertTrue(created.contains("3000 members"), "\(name): \(created)")
            XCTAssertTrue(created.contains("6 suggestions"), "\(name): \(created)")
            let c = { (sql: SQL) in try await self.count(sql, on: database) }

            // Profiles (R-MEM-1, 2): every grade, tags, a few not to be called, a few with rest hours of their own, some with an agent.
            let grades = try await c("SELECT DISTINCT grade FROM members")
            XCTAssertEqual(grades, Int64(MemberGrade.allCases.count), name)
            let tagged = try await c("SELECT DISTINCT member_id FROM member_tags")
            XCTAssertGreaterThan(tagged, 1000, name)
            let doNotCall = try await c("SELECT id FROM members WHERE do_not_call = 1")
            XCTAssertGreaterThan(doNotCall, 5, name)
            let restHours = try await c("SELECT id FROM members WHERE rest_hours IS NOT NULL")
            XCTAssertGreaterThan(restHours, 5, name)
            let assigned = try await c("SELECT id FROM members WHERE assigned_agent_id IS NOT NULL")
            XCTAssertGreaterThan(assigned, 200, name)

            // Every demo order is a member's; members' tickets are theirs too.
            let orphans = try await c("SELECT id FROM orders WHERE member_id IS NULL")
            XCTAssertEqual(orphans, 0, name)
            let buyers = try await c("SELECT DISTINCT member_id FROM orders")
            XCTAssertGreaterThan(buyers, 200, name)
            let ticketHolders = try await c("SELECT DISTINCT member_id FROM tickets WHERE member_id IS NOT NULL")
            XCTAssertGreaterThan(ticketHolders, 15, name)

            // Callbacks due today, overdue and upcoming, done with every outcome; tries that reached no one.
            for due in [CallbackFilter.Due.today, .overdue, .upcoming] {
                let listed = try await services.callbacks.list(CallbackFilter(due: due), by: .system)
                XCTAssertGreaterThan(listed.total, 0, "\(name): \(due)")
            }
            for outcome in CallbackOutcome.allCases {
                let done = try await c("SELECT id FROM callbacks WHERE status = 'done' AND outcome = \(outcome.rawValue)")
                XCTAssertGreaterThan(done, 0, "\(name): \(outcome)")
            }
            let unsatisfiedWithoutTicket = try await c("SELECT id FROM callbacks WHERE outcome = 'unsatisfied' AND ticket_id IS NULL")
            XCTAssertEqual(unsatisfiedWithoutTicket, 0, name)
            for result in [CallbackAttempt.Result.noAnswer, .busy] {
                let tries = try await c("SELECT id FROM callback_attempts WHERE result = \(result.rawValue)")
                XCTAssertGreaterThan(tries, 0, "\(name): \(result)")
            }

            // The test clock stands at 17:46: 陈静 has made calls this morning (R-CB-4's progress).
            let agent = try await services.users.find(login: "chen.jing", by: .system)
            let quota = try await services.callbacks.quota(agent: agent.id, by: .system)
            XCTAssertGreaterThan(quota.done, 0, name)

            // A ticket an unsatisfied member's callback opened is on that member's timeline (R-CB-2, R-MEM-1).
            let row = try await database.read {
                try await $0.first("SELECT member_id, ticket_id FROM callbacks WHERE ticket_id IS NOT NULL AND order_id IS NOT NULL AND member_id IS NOT NULL ORDER BY id LIMIT 1")
            }
            let member = try XCTUnwrap(row?.optionalInt("member_id"), name), ticket = try XCTUnwrap(row?.optionalInt("ticket_id"), name)
            let timeline = try await services.members.timeline(memberID: member, by: .system)
            XCTAssertTrue(timeline.contains { $0.kind == .ticket && $0.id == ticket }, name)
            XCTAssertTrue(timeline.contains { $0.kind == .callback }, name)
            XCTAssertTrue(timeline.contains { $0.kind == .order }, name)
            try await assertCallsKeepRestHours(services, before: services.clock.now, name)
        }
    }

    /// Started before nine (07:50 in Shanghai), in everyone's rest hours, the demo has made no call today and none in
    /// the past in a member's rest hours.
    func testDemoStartedInRestHoursMakesNoCallInThem_R_CB_3() async throws {
        let instant = Date(timeIntervalSince1970: 1_795_000_000 - 9 * 3600 - 56 * 60)
        try await TestStores.each(migrated: false) { database, name in
            let services = TestStores.services(database, clock: FixedClock(instant))
            _ = try await services.setup.prepare(adminPassword: "Kefu-first-pass-1")
            try await DemoData(services: services).fill()
            try await assertCallsKeepRestHours(services, before: instant, name)
        }
    }

    /// No call in the demo was made in the member's rest hours or after `now`, and a member who asked not to be
    /// called was never dialled (R-CB-3).
    func assertCallsKeepRestHours(_ services: Services, before now: Date, _ name: String) async throws {
        let calls = try await services.database.read {
            try await $0.query(
                """
                SELECT a.at, a.result, m.rest_hours, m.do_not_call FROM callback_attempts a
                JOIN callbacks c ON c.id = a.callback_id LEFT JOIN members m ON m.id = c.member_id
                WHERE a.result <> 'sent'
                """)
        }
        XCTAssertGreaterThan(calls.count, 10, name)
        for call in calls {
            let rest = QuietHours.effective(memberText: call.optionalString("rest_hours"), fallback: services.callbacks.settings.quietHours)
            let at = try call.date("at"), result = try call.string("result")
            XCTAssertFalse(rest.contains(at, in: services.timeZone), "\(name): \(result) at \(at)")
            XCTAssertNotEqual(call.optionalInt("do_not_call"), 1, name)
            XCTAssertLessThanOrEqual(at, now, name)
        }
        let dialledQuiet = try await count("SELECT c.id FROM callbacks c JOIN members m ON m.id = c.member_id WHERE m.do_not_call = 1 AND c.channel = 'phone'",
                                           on: services.database)
        XCTAssertEqual(dialledQuiet, 0, name)
    }
}
