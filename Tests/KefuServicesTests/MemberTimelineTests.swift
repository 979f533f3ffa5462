import Foundation
import KefuDomain
import KefuServices
import KefuStore
import KefuTestSupport
import XCTest

/// One timeline per member (issue 5): orders, after-sales cases, tickets, callbacks and ratings in time order.
final class MemberTimelineTests: XCTestCase {
    func testOrdersTicketsAndRatingsInTimeOrderWithoutComplaintsAboutTheReader_R_MEM_1() async throws {
        try await TestStores.each { database, name in
            let desk = try await OrderServiceTests.desk(database)
            let services = desk.services
            let clock = desk.clock
            let agent = Principal(user: try await TestStores.user(services, "zhou.li", role: .agent), channel: .session)
            _ = try await TestStores.user(services, "wu.fang", role: .supervisor)
            let member = try await services.members.create(
                MemberDraft(name: "张三", phones: ["13800138000"], grade: "gold"), by: desk.shipper)

            let order = try await services.orders.create(OrderServiceTests.draft(), by: desk.clerk)
            clock.advance(by: 60)
            let inquiry = try await services.tickets.create(TicketServiceTests.inquiry("发票什么时候开"), by: agent)
            // A complaint about the agent's attitude: the agent never sees it, on the timeline either (R-TKT-6).
            var complaint = TicketServiceTests.inquiry("客服态度差")
            complaint.type = .complaint
            complaint.category = "service_attitude"
            complaint.aboutUserID = agent.user?.id
            let hidden = try await services.tickets.create(complaint, by: desk.shipper)
            clock.advance(by: 60)
            try await database.transaction { connection in
                try await SatisfactionRepository().create(ticketID: inquiry.id, tokenHash: "t1", at: clock.now, on: connection)
                let request = try await SatisfactionRepository().find(tokenHash: "t1", on: connection)
                _ = try await SatisfactionRepository().rate(id: request!.id, rating: 5, comment: "很满意", at: clock.now, on: connection)
            }

            let full = try await services.members.timeline(memberID: member.id, by: desk.shipper)
            XCTAssertEqual(full.map(\.kind), [.rating, .ticket, .ticket, .order], name)
            XCTAssertEqual(full.map(\.id), [inquiry.id, hidden.id, inquiry.id, order.id], name)
            XCTAssertEqual(full.first?.state, "5", name)
            XCTAssertEqual(full.last?.reference, order.number, name)
            XCTAssertEqual(full.map(\.at), full.map(\.at).sorted(by: >), name)

            let seenByAgent = try await services.members.timeline(memberID: member.id, by: agent)
            XCTAssertFalse(seenByAgent.contains { $0.kind == .ticket && $0.id == hidden.id }, name)

            // Pages: the next starts after the last entry's cursor, also within one instant.
            var pages: [[MemberTimelineEntry]] = [try await services.members.timeline(memberID: member.id, limit: 1, by: desk.shipper)]
            while let last = pages.last?.last {
                let cursor = try XCTUnwrap(MemberTimelineEntry.Cursor(MemberTimelineEntry.Cursor(last).text), name)
                pages.append(try await services.members.timeline(memberID: member.id, after: cursor, limit: 1, by: desk.shipper))
            }
            XCTAssertEqual(pages.flatMap { $0 }.map(\.id), [inquiry.id, hidden.id, inquiry.id, order.id], name)

            do {
                _ = try await services.members.timeline(memberID: member.id + 999, by: desk.shipper)
                XCTFail("\(name): a timeline for no member")
            } catch ServiceError.notFound {}
            let department = Principal(user: try await TestStores.user(services, "cang.ku", role: .department, department: .warehouse),
                                       channel: .session)
            do {
                _ = try await services.members.timeline(memberID: member.id, by: department)
                XCTFail("\(name): a department read a member's timeline")
            } catch ServiceError.forbidden {}
        }
    }
}
