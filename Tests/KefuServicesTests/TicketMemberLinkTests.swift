import Foundation
import KefuDomain
import KefuServices
import KefuStore
import KefuTestSupport
import XCTest

/// A new ticket finds its member by the customer's phone or email (issue 5), whichever way it is written.
final class TicketMemberLinkTests: XCTestCase {
    func testATicketIsLinkedToTheOneMemberWithItsContact_R_TKT_1() async throws {
        try await TestStores.each { database, name in
            let desk = try await TicketServiceTests.desk(database)
            let member = try await desk.services.members.create(
                MemberDraft(name: "张三", phones: ["138-0013-8000"], emails: ["zhang@example.com"]), by: desk.supervisor)
            // A plain inquiry is one statement; a complaint takes the full transaction.
            let inquiry = try await desk.services.tickets.create(TicketServiceTests.inquiry(), by: desk.agent)
            var complaint = TicketServiceTests.inquiry("包裹破损")
            complaint.type = .complaint
            let filed = try await desk.services.tickets.create(complaint, by: desk.agent)
            var byMail = TicketServiceTests.inquiry("发票")
            byMail.customer = .init(name: "张三", phone: nil, email: "ZHANG@example.com")
            let mailed = try await desk.services.tickets.create(byMail, by: desk.agent)
            for ticket in [inquiry, filed, mailed] {
                XCTAssertEqual(ticket.memberID, member.id, name)
                let stored = try await desk.services.tickets.get(id: ticket.id, by: desk.agent).ticket
                XCTAssertEqual(stored.memberID, member.id, name)
            }
            // Two members with the same phone: nobody is guessed.
            _ = try await desk.services.members.create(MemberDraft(name: "张三丰", phones: ["13800138000"]), by: desk.supervisor)
            let shared = try await desk.services.tickets.create(TicketServiceTests.inquiry("再问"), by: desk.agent)
            XCTAssertNil(shared.memberID, name)
        }
    }

    // R-TKT-4: a policy chosen by member grade applies to the member's new tickets.
    func testAPolicyByMemberGradeAppliesToTheMembersTicket_R_TKT_4() async throws {
        try await TestStores.each { database, name in
            let desk = try await TicketServiceTests.desk(database)
            let admin = Principal(user: try await TestStores.user(desk.services, "root", role: .admin), channel: .session)
            let calendars = try await desk.services.slaConfig.calendars(by: admin)
            let calendar = try XCTUnwrap(calendars.first, name)
            let gold = try await desk.services.slaConfig.createPolicy(
                SLAPolicyDraft(name: "金卡会员", calendarID: Int(calendar.id), conditions: .init(memberGrade: "gold"),
                               firstResponseMinutes: .some(30), resolutionMinutes: .some(240), priority: 1), by: admin)
            _ = try await desk.services.members.create(MemberDraft(name: "张三", phones: ["13800138000"], grade: "gold"),
                                                       by: desk.supervisor)
            let ticket = try await desk.services.tickets.create(TicketServiceTests.inquiry(), by: desk.agent)
            XCTAssertEqual(ticket.slaPolicyID, gold.id, name)
            XCTAssertNotNil(ticket.memberID, name)
            var stranger = TicketServiceTests.inquiry()
            stranger.customer = .init(name: "李四", phone: "13900000000")
            let other = try await desk.services.tickets.create(stranger, by: desk.agent)
            XCTAssertNotEqual(other.slaPolicyID, gold.id, name)
        }
    }
}
