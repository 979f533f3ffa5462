import Foundation
import KefuDomain
import KefuFiles
import KefuServices
import KefuStore
import KefuTestSupport
import XCTest

/// The inquiry and complaint registers (R-TKT-10) on every test database.
final class TicketRegisterTests: XCTestCase {
    // R-TKT-10: the registers are views over tickets of their kind created in the range (business days), with the first
    // customer message as content, the state (or complaint stage) as progress, the last complaint step as result; phones
    // are masked without pii.view; the sheet has the Chinese headers and its export is logged.
    func testRegistersListAndExport_R_TKT_10() async throws {
        try await TestStores.each { database, name in
            let desk = try await TicketServiceTests.desk(database)
            let tickets = desk.services.tickets
            let bot = Principal(user: try await desk.services.users.create(
                UserDraft(login: "chat.gateway", displayName: "chat.gateway", role: .integration, password: "correct-horse-42"), by: .system),
                channel: .token)

            // Wednesday 18th: one inquiry, one complaint taken to the proposed solution.
            let inquiry = try await tickets.create(TicketServiceTests.inquiry(), by: desk.agent)
            var complaint = try await tickets.create(
                TicketDraft(type: .complaint, channel: .phone, subject: "收到的T恤有破洞", body: "客户投诉商品质量，要求退货",
                            customer: .init(name: "李四", phone: "13900139000"), severity: .complex), by: desk.agent)
            for (action, fields) in [(ComplaintAction.accept, ["demand": "退货"]), (.judge, [:]),
                                     (.classify, ["category": "logistics_damage", "severity": "complex"]),
                                     (.assign, ["department": "delivery"]), (.investigate, ["evidence": "签收照片", "root_cause": "运输挤压"]),
                                     (.propose, ["solution": "换新并补偿50元"])] {
                complaint = try await tickets.complaintStep(id: complaint.id, action: action, fields: fields, expectedVersion: nil, by: desk.agent)
            }
            // Friday 20th: one of each, outside a range of the 18th and 19th.
            desk.clock.advance(by: 2 * 86400)
            _ = try await tickets.create(TicketServiceTests.inquiry("发票抬头"), by: desk.agent)
            _ = try await tickets.create(TicketDraft(type: .complaint, channel: .phone, subject: "态度不好", body: "客服挂电话",
                                                     customer: .init(name: "王五", phone: "13700137000"), severity: .simple), by: desk.agent)

            let day = LocalDate(year: 2026, month: 11, day: 18)!
            let range = tickets.registerRange(from: day, to: day.adding(days: 1))
            let inquiries = try await tickets.register(.inquiry, from: range.start, to: range.end, by: desk.supervisor)
            XCTAssertEqual(inquiries.map(\.ticketID), [inquiry.id], name)
            XCTAssertEqual(inquiries.first?.date, day, name)
            XCTAssertEqual(inquiries.first?.name, "张三", name)
            XCTAssertEqual(inquiries.first?.phone, "13800138000", "\(name): a supervisor holds pii.view")
            XCTAssertEqual(inquiries.first?.content, "订单什么时候发货：客户询问发货时间", name)
            XCTAssertFalse(inquiries.first?.progress.isEmpty ?? true, name)
            XCTAssertNil(inquiries.first?.result, name)

            let complaints = try await tickets.register(.complaint, from: range.start, to: range.end, by: bot)
            XCTAssertEqual(complaints.map(\.ticketID), [complaint.id], name)
            XCTAssertEqual(complaints.first?.phone, "139****9000", "\(name): masked without pii.view")
            XCTAssertEqual(complaints.first?.progress, "已提出方案", name)
            XCTAssertEqual(complaints.first?.result, "换新并补偿50元", name)

            let wide = tickets.registerRange(from: day, to: day.adding(days: 2))
            let all = try await tickets.register(.complaint, from: wide.start, to: wide.end, by: desk.supervisor)
            XCTAssertEqual(all.count, 2, name)
            XCTAssertEqual(all.last?.result, "已登记", "\(name): no step yet: the stage")

            let sheet = try await tickets.registerSheet(.complaint, from: range.start, to: range.end, by: bot)
            let reader = try XLSXReader(data: sheet)
            XCTAssertEqual(reader.sheetNames, ["投诉登记表"], name)
            let rows = try reader.rows()
            XCTAssertEqual(rows.first?.fields, ["日期", "姓名", "电话", "内容", "结果"], name)
            XCTAssertEqual(rows.count, 2, name)
            XCTAssertEqual(rows.last?.fields, ["2026-11-18", "李四", "139****9000", "收到的T恤有破洞：客户投诉商品质量，要求退货", "换新并补偿50元"], name)
            let inquirySheet = try await tickets.registerSheet(.inquiry, from: range.start, to: range.end, by: desk.supervisor)
            XCTAssertEqual(try XLSXReader(data: inquirySheet).rows().first?.fields, ["日期", "姓名", "电话", "内容", "进度"], name)

            let events = try await database.read { try await EventLog().list(EventFilter(kind: "register.exported"), limit: 10, on: $0) }.events
            XCTAssertEqual(events.count, 2, name)
            XCTAssertTrue(events.contains { $0.entityID == "complaint" && ($0.after ?? "").contains("\"rows\":\"1\"") }, "\(name): \(events)")

            let department = Principal(user: try await desk.services.users.create(
                UserDraft(login: "cang.ku", displayName: "cang.ku", role: .department, department: .warehouse, password: "correct-horse-42"),
                by: .system), channel: .session)
            do {
                _ = try await tickets.register(.inquiry, from: range.start, to: range.end, by: department)
                XCTFail("\(name): a department cannot read the registers")
            } catch ServiceError.forbidden {}
        }
    }
}
