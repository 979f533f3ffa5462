import Foundation
import KefuDomain
import KefuServices
import KefuStore
import KefuTestSupport
import XCTest

final class CallbackGenerationTests: XCTestCase {
    /// 2026-11-23 10:00 in Shanghai.
    static let monday = Date(timeIntervalSince1970: 1_795_399_200)
    static let day: TimeInterval = 86_400

    static func count(_ database: any Database, _ condition: String = "1 = 1") async throws -> Int {
        Int(try await database.read { try await $0.first("SELECT COUNT(*) AS n FROM callbacks WHERE \(raw: condition)")?.int("n") ?? 0 })
    }

    // R-CB-1: 100 delivered orders give 100 callbacks in one run, each due 7 days after delivery; a second run adds none.
    func testGenerationIsIdempotent_R_CB_1() async throws {
        try await TestStores.each { database, name in
            let clock = FixedClock(Self.monday)
            let services = TestStores.services(database, clock: clock)
            let delivered = Self.monday.addingTimeInterval(-Self.day)
            try await CallbackFixtures.deliveredOrders(database, count: 100, deliveredAt: delivered, at: Self.monday)
            let first = try await services.callbacks.generate()
            XCTAssertEqual(first.added, [.deliveredOrder: 100], name)
            let created = try await Self.count(database)
            XCTAssertEqual(created, 100, name)
            let windowed = try await Self.count(database, "due_by = \(delivered.milliseconds + 7 * 86_400_000) AND not_before = \(delivered.milliseconds)")
            XCTAssertEqual(windowed, 100, "\(name): due within 7 days of delivery")
            clock.advance(by: 3600)
            let second = try await services.callbacks.generate()
            XCTAssertEqual(second.total, 0, name)
            let after = try await Self.count(database)
            XCTAssertEqual(after, 100, "\(name): still 100")
            let events = try await services.events.list(EventFilter(kind: "callbacks.generated"), by: .system).events
            XCTAssertEqual(events.count, 1, "\(name): one summary per run that added something")
            XCTAssertEqual(events.first?.after, #"{"assigned":"0","delivered_order":"100"}"#, "\(name): no agents yet")
        }
    }

    // R-CB-1: every source at once — deliveries (not cancelled ones, not ones older than the look-back), resolved
    // repairs, completed after-sales cases, confirmed complaints, birthdays, new assignments (R-MEM-3); the
    // member's own agent first, the rest shared so open counts stay level; a do-not-call member is written to.
    func testEverySourceAndBalancedAssignment_R_CB_1() async throws {
        try await TestStores.each { database, name in
            let now = Self.monday
            let services = TestStores.services(database, clock: FixedClock(now))
            let li = try await TestStores.user(services, "li.na", role: .agent), wang = try await TestStores.user(services, "wang.fang", role: .agent)
            let zhao = try await TestStores.user(services, "zhao.lei", role: .supervisor)
            let yesterday = now.addingTimeInterval(-Self.day)
            let longAgo = now.addingTimeInterval(-40 * Self.day)
            let own = try await CallbackFixtures.member(database, name: "陈静", phone: "13912345678", agent: li.id, assignedAt: longAgo, at: now)
            let quiet = try await CallbackFixtures.member(database, name: "刘洋", phone: "13712345678", email: "liu@example.com", doNotCall: true, at: now)
            let newcomer = try await CallbackFixtures.member(database, name: "周敏", phone: "13612345678", agent: wang.id,
                                                             assignedAt: now.addingTimeInterval(-2 * Self.day), at: now)
            _ = try await CallbackFixtures.member(database, name: "孙丽", phone: "13512345678", agent: wang.id, assignedAt: longAgo,
                                                  birthday: "11-25", at: now)
            try await CallbackFixtures.deliveredOrders(database, count: 100, deliveredAt: yesterday, at: now)
            try await CallbackFixtures.deliveredOrders(database, count: 2, deliveredAt: yesterday, member: own, prefix: "B", at: now)
            try await CallbackFixtures.deliveredOrders(database, count: 1, deliveredAt: yesterday, member: quiet, prefix: "C", at: now)
            let cancelled = try await CallbackFixtures.deliveredOrders(database, count: 1, deliveredAt: yesterday, status: "cancelled", prefix: "D", at: now)
            try await CallbackFixtures.deliveredOrders(database, count: 1, deliveredAt: longAgo, prefix: "E", at: now)
            try await CallbackFixtures.ticket(database, type: "repair", number: "T-CB-1", resolvedAt: yesterday, at: now)
            try await CallbackFixtures.ticket(database, type: "inquiry", number: "T-CB-2", resolvedAt: yesterday, at: now)
            let complaint = try await CallbackFixtures.ticket(database, type: "complaint", number: "T-CB-3", owner: zhao.id,
                                                              followUpDueAt: now.addingTimeInterval(2 * Self.day), at: now)
            try await database.transaction { connection in
                try await connection.query(
                    """
                    INSERT INTO after_sales_cases (number, order_id, kind, status, problem, required_action, customer_name, customer_phone,
                        details_json, created_at, updated_at)
                    VALUES ('AS-CB-1', \(cancelled[0]), 'return', 'resolved', '尺码不合适', '退货', '陈静', '13800138000', '{}', \(yesterday), \(yesterday))
                    """)
            }

            let run = try await services.callbacks.generate()
            XCTAssertEqual(run.added, [.deliveredOrder: 103, .serviceFollowUp: 2, .complaintFollowUp: 1, .occasion: 1, .firstContact: 1], name)
            XCTAssertEqual(run.assigned, 103, name)
            let all = try await services.callbacks.list(CallbackFilter(), limit: 200, by: .system).items.map(\.entry)
            let byReason = Dictionary(grouping: all, by: \.callback.reason)
            XCTAssertEqual(byReason[.deliveredOrder]?.filter { $0.callback.memberID == own }.map(\.callback.assigneeID), [li.id, li.id],
                           "\(name): the member's own agent")
            let written = try XCTUnwrap(byReason[.deliveredOrder]?.first { $0.callback.memberID == quiet }, name)
            XCTAssertEqual(written.callback.channel, .email, "\(name): do-not-call → email task (R-CB-3)")
            let complaintCallback = try XCTUnwrap(byReason[.complaintFollowUp]?.first, name)
            XCTAssertEqual(complaintCallback.callback.sourceTicketID, complaint, name)
            XCTAssertEqual(complaintCallback.callback.assigneeID, zhao.id, "\(name): the complaint's owner")
            XCTAssertEqual(complaintCallback.callback.dueBy, now.addingTimeInterval(2 * Self.day), name)
            XCTAssertEqual(complaintCallback.callback.notBefore, now.addingTimeInterval(-Self.day), "\(name): from the confirmation, 3 days before")
            let birthday = try XCTUnwrap(byReason[.occasion]?.first, name)
            XCTAssertEqual([birthday.callback.occasion?.rawValue, birthday.callback.occasionOn?.description], ["birthday", "2026-11-25"], name)
            XCTAssertEqual(birthday.callback.assigneeID, wang.id, name)
            XCTAssertEqual(birthday.contact.name, "孙丽", name)
            let first = try XCTUnwrap(byReason[.firstContact]?.first, name)
            XCTAssertEqual([first.callback.memberID, first.callback.assigneeID], [newcomer, wang.id], name)
            XCTAssertEqual(first.callback.dueBy, now.addingTimeInterval(5 * Self.day), "\(name): a week after the assignment")
            XCTAssertEqual(Set(byReason[.serviceFollowUp]?.map { $0.callback.afterSalesID == nil ? "ticket" : "case" } ?? []), ["ticket", "case"], name)
            // The 101 deliveries without an agent alternate li, wang (51, 50) in the insert; li has two of their own,
            // wang the birthday and the first contact (53, 52); the repair and the case go to wang: as level as can be.
            let open = Dictionary(grouping: all, by: { $0.callback.assigneeID ?? 0 }).mapValues(\.count)
            XCTAssertEqual([open[li.id], open[wang.id], open[zhao.id], open[0]], [53, 54, 1, nil], name)
            XCTAssertEqual(all.first { $0.callback.orderID != nil && $0.callback.memberID == nil }?.contact.phone, "13800138000",
                           "\(name): without a member, the order's customer")

            let again = try await services.callbacks.generate()
            XCTAssertEqual([again.total, again.assigned], [0, 0], name)
        }
    }
}
