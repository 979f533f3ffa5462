import Foundation
import HTTPTypes
import HummingbirdTesting
@testable import KefuHTTP
import KefuDomain
import KefuServices
import KefuTestSupport
import XCTest

/// The member's timeline on their page, and the member panel beside a ticket (issue 5, item 2).
final class MemberTimelineWebTests: XCTestCase {
    // R-MEM-1: the agent working a ticket sees who the customer is and their latest dealings, masked, and reaches the
    // member page, where the timeline lists the ticket.
    func testTicketPageShowsTheMemberPanelAndTheMemberPageTheTimeline_R_MEM_1() async throws {
        try await AppHarness.run { client, services in
            let supervisor = try await TestStores.user(services, "zhou.lan", role: .supervisor, password: AppHarness.staffPassword)
            let principal = Principal(user: supervisor, channel: .session)
            let member = try await services.members.create(
                MemberDraft(name: "陈静", phones: ["13912345678"], grade: "gold", tags: ["VIP"]), by: principal)
            let ticket = try await services.tickets.create(
                TicketDraft(type: .inquiry, channel: .phone, subject: "发票<抬头>", body: "客户来电",
                            customer: .init(name: "陈静", phone: "13912345678"), severity: .simple), by: principal)
            XCTAssertEqual(ticket.memberID, member.id)
            let (jar, _) = try await WebTests.signIn(client, "zhou.lan", AppHarness.staffPassword)
            try await client.execute(uri: "/tickets/\(ticket.id)", method: .get, headers: jar.header) { response in
                XCTAssertEqual(response.status, .ok)
                let html = response.text
                XCTAssertTrue(html.contains(#"data-testid="member-panel""#), html)
                XCTAssertTrue(html.contains(#"<a href="/members/\#(member.id)">陈静</a> <span class="badge">金卡"#), html)
                XCTAssertTrue(html.contains("139****5678"), "the panel never shows the full number")
                XCTAssertTrue(html.contains("发票&lt;抬头&gt;"), "escaped")
            }
            try await client.execute(uri: "/members/\(member.id)", method: .get, headers: jar.header) { response in
                XCTAssertEqual(response.status, .ok)
                let html = response.text
                XCTAssertTrue(html.contains(#"id="timeline""#))
                XCTAssertTrue(html.contains(#"<a href="/tickets/\#(ticket.id)">\#(ticket.number)</a>"#), html)
            }
        }
    }
}
