import Foundation
import HTTPTypes
import HummingbirdTesting
@testable import KefuHTTP
import KefuDomain
import KefuServices
import KefuTestSupport
import XCTest

/// R-MEM-4, R-SEC-2: an agent (no `pii.view`) never receives a member's full phone number or address line from any
/// page, API response or export that shows member data; revealing it is the one way, and it is logged.
final class AgentPIIWalkTests: XCTestCase {
    static let phone = "13912345678"
    static let line = "世纪大道100号"

    func testNoRouteGivesAnAgentTheFullPhone_R_MEM_4_R_SEC_2() async throws {
        try await AppHarness.run { client, services in
            let supervisorUser = try await TestStores.user(services, "zhou.lan", role: .supervisor, password: AppHarness.staffPassword)
            let agentUser = try await TestStores.user(services, "zhou.li", role: .agent, password: AppHarness.staffPassword)
            let supervisor = Principal(user: supervisorUser, channel: .session)
            let agent = Principal(user: agentUser, channel: .session)
            let member = try await services.members.create(
                MemberDraft(name: "陈静", phones: [Self.phone], emails: ["chen@example.com"],
                            addresses: [.init(recipient: "陈静", phone: Self.phone, province: "上海市", city: "上海市", district: "浦东新区",
                                              line: Self.line)], grade: "gold", tags: ["VIP"]), by: supervisor)
            let now = services.clock.now
            let orders = try await CallbackFixtures.deliveredOrders(services.database, count: 1, deliveredAt: now.addingTimeInterval(-86_400),
                                                                    member: member.id, phone: Self.phone, at: now)
            let ticket = try await services.tickets.create(
                TicketDraft(type: .inquiry, channel: .phone, subject: "发票", body: "客户来电",
                            customer: .init(name: "陈静", phone: Self.phone), severity: .simple), by: agent)
            _ = try await services.callbacks.generate()
            let callbacks = try await services.callbacks.list(CallbackFilter(), by: supervisor)
            let callback = try XCTUnwrap(callbacks.items.first?.entry.callback, "a delivered order makes a callback")

            let token = try await AppHarness.token(client, "zhou.li", AppHarness.staffPassword)
            let apiRoutes = [
                "/api/v1/members", "/api/v1/members?q=\(Self.phone)", "/api/v1/members?q=%E5%B0%BE%E5%8F%B7%205678",
                "/api/v1/members/\(member.id)", "/api/v1/members/\(member.id)/history", "/api/v1/members/\(member.id)/duplicates",
                "/api/v1/members/\(member.id)/timeline", "/api/v1/members/\(member.id)/export",
                "/api/v1/tickets", "/api/v1/tickets/\(ticket.id)", "/api/v1/orders/\(orders[0])", "/api/v1/orders",
                "/api/v1/callbacks", "/api/v1/callbacks/\(callback.id)", "/api/v1/search?q=\(Self.phone)",
                "/api/v1/reports/callbacks", "/api/v1/reports/callbacks?format=csv",
            ]
            for uri in apiRoutes {
                try await client.execute(uri: uri, method: .get, headers: AppHarness.bearer(token)) { response in
                    // What the agent typed may come back as the query, nothing more.
                    let text = response.text.replacingOccurrences(of: #""query":"\#(Self.phone)""#, with: "")
                    XCTAssertFalse(text.contains(Self.phone), "\(uri) gave an agent the full phone")
                    XCTAssertFalse(response.text.contains(Self.line), "\(uri) gave an agent the address line")
                }
            }
            let (jar, _) = try await WebTests.signIn(client, "zhou.li", AppHarness.staffPassword)
            for uri in ["/members", "/members?q=\(Self.phone)", "/members/\(member.id)", "/members/\(member.id)/export",
                        "/tickets/\(ticket.id)", "/orders/\(orders[0])", "/callbacks", "/callbacks/\(callback.id)", "/callbacks/report"] {
                try await client.execute(uri: uri, method: .get, headers: jar.header) { response in
                    let text = response.text.replacingOccurrences(of: #"name="q" value="\#(Self.phone)""#, with: "")
                    XCTAssertFalse(text.contains(Self.phone), "\(uri) showed an agent the full phone")
                    XCTAssertFalse(response.text.contains(Self.line), "\(uri) showed an agent the address line")
                }
            }
            // The agent holds the ticket (and maybe the callback): revealing is allowed, and written down once.
            try await client.execute(uri: "/api/v1/members/\(member.id)/reveal", method: .post, headers: AppHarness.bearer(token)) { response in
                XCTAssertEqual(response.status, .ok, response.text)
                XCTAssertTrue(response.text.contains(Self.phone))
            }
            let reveals = try await services.events.list(EventFilter(kind: "pii.revealed", entity: "member", entityID: "\(member.id)"),
                                                         by: .system)
            XCTAssertEqual(reveals.events.count, 1)
        }
    }
}
