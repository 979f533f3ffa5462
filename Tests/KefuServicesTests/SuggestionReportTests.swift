import Foundation
import KefuDomain
import KefuFiles
import KefuServices
import KefuStore
import KefuTestSupport
import XCTest

/// The periodic summary of suggestions (R-TKT-7) on every test database, on a fixed data set.
final class SuggestionReportTests: XCTestCase {
    static let labels = SuggestionSheetLabels(
        summarySheet: "建议汇总", listSheet: "建议明细",
        summary: ["total": "收到建议", "adoption_rate": "采纳率", "average_days": "平均天数"],
        listHeader: ["工单号", "收到时间", "会员", "建议内容", "类别", "部门", "结果", "理由", "决定时间", "告知时间"],
        names: ["category.product_suggestion": "产品建议", "decision.adopted": "采纳", "department.supplier": "供货商"])

    // R-TKT-7: received in the period, counted by category, department and decision; adoption rate over the decided
    // (partly adopted counts as adopted); average days from receipt to decision; this week or this month or any days;
    // reports.view only; the workbook has a summary and the list, and its export is logged.
    func testSummaryOfAPeriod_R_TKT_7() async throws {
        try await TestStores.each { database, name in
            let desk = try await TicketServiceTests.desk(database)
            let tickets = desk.services.tickets
            let start = desk.clock.now
            // Wednesday 18 November: five suggestions, four forwarded.
            var ids: [Int64] = []
            for subject in ["增加大码", "包装太大", "夜间配送", "App 深色模式", "别的想法"] {
                ids.append(try await tickets.create(SuggestionServiceTests.suggestion(subject, channel: .phone), by: desk.agent).id)
            }
            let due = start.addingTimeInterval(7 * 86_400)
            for (id, category, department) in [(ids[0], "product_suggestion", Department.supplier), (ids[1], "product_suggestion", .supplier),
                                               (ids[2], "delivery_suggestion", .delivery), (ids[3], "website_suggestion", .secondLine)] {
                _ = try await tickets.forwardSuggestion(id: id, category: category, department: department, request: "请评估", dueAt: due,
                                                        expectedVersion: nil, by: desk.agent)
            }
            desk.clock.advance(by: 2 * 86_400)
            _ = try await tickets.decideSuggestion(id: ids[0], decision: "adopted", reason: "下月上架XXL码", expectedVersion: nil, by: desk.supervisor)
            _ = try await tickets.notifySuggestion(id: ids[0], body: nil, expectedVersion: nil, by: desk.agent)
            desk.clock.advance(by: 86_400)
            _ = try await tickets.decideSuggestion(id: ids[2], decision: "partly_adopted", reason: "市区先试点", expectedVersion: nil, by: desk.supervisor)
            desk.clock.advance(by: 86_400)
            _ = try await tickets.decideSuggestion(id: ids[1], decision: "not_adopted", reason: "包装需防压", expectedVersion: nil, by: desk.supervisor)

            let november = tickets.suggestionRange(period: nil, from: LocalDate(year: 2026, month: 11, day: 1), to: LocalDate(year: 2026, month: 11, day: 30))
            let report = try await tickets.suggestionReport(from: november.from, to: november.to, start: november.start, end: november.end,
                                                            by: desk.supervisor)
            let summary = report.summary
            XCTAssertEqual(summary.total, 5, name)
            XCTAssertEqual(summary.byCategory.first, .init(key: "product_suggestion", count: 2), name)
            XCTAssertEqual(Set(summary.byCategory.map(\.key)), ["product_suggestion", "delivery_suggestion", "website_suggestion", "unclassified"], name)
            XCTAssertEqual(summary.byDepartment.first, .init(key: "supplier", count: 2), name)
            XCTAssertTrue(summary.byDepartment.contains(.init(key: "none", count: 1)), name)
            XCTAssertEqual(summary.byDecision, .init(adopted: 1, partlyAdopted: 1, notAdopted: 1, pending: 2), name)
            XCTAssertEqual(summary.adoptionRate, 0.667, name)
            XCTAssertEqual(summary.averageDaysToDecision, 3.0, "\(name): 2, 3 and 4 days")
            XCTAssertEqual(summary.told, 1, name)
            XCTAssertEqual(report.lines.map(\.ticketID), ids, "\(name): oldest first")
            XCTAssertEqual(report.lines[1].reason, "包装需防压", name)
            XCTAssertEqual(report.lines[3].stage, .forwarded, name)
            XCTAssertEqual(TicketService.percent(summary.adoptionRate ?? 0), "66.7%")

            // Monday 7 December: a new week and month hold only what came in then.
            desk.clock.advance(by: 15 * 86_400)
            let later = try await tickets.create(SuggestionServiceTests.suggestion("会员日延长", channel: .phone), by: desk.agent)
            let week = tickets.suggestionRange(period: .week, from: nil, to: nil)
            XCTAssertEqual(week.from, LocalDate(year: 2026, month: 12, day: 7), name)
            XCTAssertEqual(week.to, LocalDate(year: 2026, month: 12, day: 13), name)
            let thisWeek = try await tickets.suggestionReport(from: week.from, to: week.to, start: week.start, end: week.end, by: desk.supervisor)
            XCTAssertEqual(thisWeek.lines.map(\.ticketID), [later.id], name)
            XCTAssertNil(thisWeek.summary.adoptionRate, name)
            let month = tickets.suggestionRange(period: .month, from: nil, to: nil)
            XCTAssertEqual(month.from, LocalDate(year: 2026, month: 12, day: 1), name)
            XCTAssertEqual(month.to, LocalDate(year: 2026, month: 12, day: 31), name)

            do {
                _ = try await tickets.suggestionReport(from: week.from, to: week.to, start: week.start, end: week.end, by: desk.agent)
                XCTFail("\(name): agents have no reports.view")
            } catch ServiceError.forbidden(let permission) { XCTAssertEqual(permission, .reportsView, name) }

            let data = try await tickets.suggestionSheet(report, labels: Self.labels, by: desk.supervisor)
            let workbook = try XLSXReader(data: data)
            XCTAssertEqual(workbook.sheetNames, ["建议汇总", "建议明细"], name)
            let summaryRows = try workbook.rows(sheet: "建议汇总").map(\.fields)
            XCTAssertTrue(summaryRows.contains { $0.first == "采纳率" && $0.dropFirst().first == "66.7%" }, "\(name): \(summaryRows)")
            XCTAssertTrue(summaryRows.contains { $0.first == "产品建议" && $0.dropFirst().first == "2" }, "\(name): \(summaryRows)")
            let list = try workbook.rows(sheet: "建议明细")
            XCTAssertEqual(list.first?.fields.first, "工单号", name)
            XCTAssertEqual(list.count, 6, name)
            XCTAssertEqual(list[1].fields[6], "采纳", name)
            let exported = try await desk.services.events.list(EventFilter(entity: "report", entityID: "suggestions"), by: .system).events
            XCTAssertEqual(exported.map(\.kind), ["suggestions.exported"], name)
        }
    }
}
