import Foundation
import KefuDomain
import KefuFiles
import KefuServices
import KefuStore
import KefuTestSupport
import XCTest

final class CallbackReportTests: XCTestCase {
    /// 2026-11-11 10:00 in Shanghai.
    static let eleventh = CallbackGenerationTests.monday.addingTimeInterval(-12 * 86_400)

    /// Five delivery callbacks due in November: two done in time (one satisfied, one unsatisfied), one done late
    /// (neutral), one unreachable, one still open; four of the orders delivered in November, two of them a member's.
    static func fixedSet(_ database: any Database) async throws -> (services: Services, clock: FixedClock, li: User, wang: User) {
        let clock = FixedClock(eleventh)
        let services = TestStores.services(database, clock: clock)
        let li = try await TestStores.user(services, "li.na", role: .agent), wang = try await TestStores.user(services, "wang.fang", role: .agent)
        let member = try await CallbackFixtures.member(database, name: "陈静", phone: "13912345678", at: eleventh)
        let tenth = eleventh.addingTimeInterval(-86_400)
        try await CallbackFixtures.deliveredOrders(database, count: 1, deliveredAt: eleventh.addingTimeInterval(-14 * 86_400), prefix: "P", at: eleventh)
        try await CallbackFixtures.deliveredOrders(database, count: 2, deliveredAt: tenth, member: member, prefix: "M", at: eleventh)
        try await CallbackFixtures.deliveredOrders(database, count: 2, deliveredAt: tenth, prefix: "R", at: eleventh)
        try await services.callbacks.generate()
        // Shared by due time: P (due 4 November) and two of the others (due 17 November) to li, two to wang.
        let items = try await services.callbacks.list(CallbackFilter(), by: .system).items.map(\.entry)
        let id = { (number: String) in items.first { $0.orderNumber == number }!.callback.id }
        let (asLi, asWang) = (Principal(user: li, channel: .session), Principal(user: wang, channel: .session))
        clock.advance(by: 86_400)
        _ = try await services.callbacks.recordOutcome(id: id("O-CB-P-1"), CallbackOutcomeDraft(outcome: .neutral), by: asLi)
        _ = try await services.callbacks.recordOutcome(id: id("O-CB-M-1"), CallbackOutcomeDraft(outcome: .satisfied), by: asLi)
        _ = try await services.callbacks.recordOutcome(id: id("O-CB-M-2"), CallbackOutcomeDraft(outcome: .unsatisfied, suggestions: "太慢"), by: asWang)
        for hours in [0.0, 4, 2] {
            clock.advance(by: hours * 3600)
            _ = try await services.callbacks.recordAttempt(id: id("O-CB-R-1"), result: .noAnswer, note: nil, by: asWang)
        }
        clock.advance(by: 11 * 86_400)
        return (services, clock, li, wang)
    }

    // R-CB-5: the November summary — due, in time, late, open, overdue, by outcome, by reason, by agent — and
    // coverage: half the delivered orders and every member called back in time, against the 100% target.
    func testSummaryAndCoverage_R_CB_5() async throws {
        try await TestStores.each { database, name in
            let (services, _, li, wang) = try await Self.fixedSet(database)
            let supervisor = Principal(user: try await TestStores.user(services, "zhao.lei", role: .supervisor), channel: .session)
            let report = try await services.callbacks.report(from: LocalDate("2026-11-01"), to: LocalDate("2026-11-30"), by: supervisor)
            XCTAssertEqual(report.created, 5, name)
            let totals = report.totals
            XCTAssertEqual([totals.due, totals.doneInTime, totals.doneLate, totals.open, totals.overdue, totals.unreachable, totals.refused],
                           [5, 2, 1, 1, 1, 1, 0], name)
            XCTAssertEqual([totals.satisfied, totals.neutral, totals.unsatisfied], [1, 1, 1], name)
            XCTAssertEqual(totals.inTimeShare, 0.4, name)
            XCTAssertEqual(report.byReason.map(\.reason), [.deliveredOrder], name)
            XCTAssertEqual(report.byAgent.map(\.agentID), [li.id, wang.id], name)
            XCTAssertEqual(report.byAgent.map(\.counts.due), [3, 2], "\(name): the earliest due went to li with two others")
            XCTAssertEqual(report.byAgent.reduce(CallbackReport.Counts()) { $0 + $1.counts }, totals, name)
            let coverage = report.coverage
            XCTAssertEqual([coverage.deliveredOrders, coverage.ordersInTime, coverage.members, coverage.membersInTime], [4, 2, 1, 1], name)
            XCTAssertEqual(coverage.orderShare, 0.5, name)
            XCTAssertEqual(coverage.memberShare, 1, name)
            XCTAssertFalse(coverage.met, "\(name): the target is 100%")

            let october = try await services.callbacks.report(from: LocalDate("2026-10-01"), to: LocalDate("2026-10-31"), by: supervisor)
            XCTAssertEqual([october.totals.due, october.coverage.deliveredOrders, october.created], [0, 1, 0], name)
            XCTAssertNil(october.coverage.memberShare, name)

            let csv = try await services.callbacks.reportFile(from: LocalDate("2026-11-01"), to: LocalDate("2026-11-30"), format: .csv, by: supervisor)
            XCTAssertEqual(csv.filename, "回访汇总-2026-11-01-2026-11-30.csv", name)
            let text = String(decoding: csv.data.dropFirst(3), as: UTF8.self)
            XCTAssertTrue(text.hasPrefix("分组,名称,应回访,按时完成,逾期完成,未完成,其中已逾期,无法联系,拒绝回访,满意,一般,不满意,按时率\r\n"), name)
            XCTAssertTrue(text.contains("合计,2026-11-01 至 2026-11-30,5,2,1,1,1,1,0,1,1,1,40.00%\r\n"), name)
            XCTAssertTrue(text.contains("覆盖率（目标100%）,已妥投订单,4,2,,,,,,,,,50.00%\r\n"), name)
            let sheet = try await services.callbacks.reportFile(from: nil, to: nil, format: .xlsx, by: supervisor)
            XCTAssertEqual(try XLSXReader(data: sheet.data).sheetNames, ["回访汇总"], name)
            let events = try await services.events.list(EventFilter(kind: "report.exported"), by: .system).events
            XCTAssertEqual(events.count, 2, name)
            do {
                _ = try await services.callbacks.report(from: nil, to: nil, by: Principal(user: li, channel: .session))
                XCTFail(name)
            } catch ServiceError.forbidden(let permission) { XCTAssertEqual(permission, .reportsView, name) }
        }
    }
}
