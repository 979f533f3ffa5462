import Foundation
import HTTPTypes
import HummingbirdTesting
@testable import KefuHTTP
import KefuDomain
import KefuServices
import KefuTestSupport
import XCTest

/// An agent sees a customer's contact masked and reveals it on the ticket they work (R-MEM-4).
final class TicketRevealWebTests: XCTestCase {
    func testTheAgentWorkingTheTicketRevealsTheContactOnceLogged_R_MEM_4() async throws {
        try await AppHarness.run { client, services in
            let agent = try await TestStores.user(services, "zhou.li", role: .agent, password: AppHarness.staffPassword)
            let ticket = try await services.tickets.create(
                TicketDraft(type: .inquiry, channel: .phone, subject: "回电", body: "请回电",
                            customer: .init(name: "陈静", phone: "13912345678"), severity: .simple),
                by: Principal(user: agent, channel: .session))
            let (jar, csrf) = try await WebTests.signIn(client, "zhou.li", AppHarness.staffPassword)
            try await client.execute(uri: "/tickets/\(ticket.id)", method: .get, headers: jar.header) { response in
                XCTAssertFalse(response.text.contains("13912345678"))
                XCTAssertTrue(response.text.contains("139****5678"))
                XCTAssertTrue(response.text.contains(#"data-testid="reveal-contact""#))
            }
            try await client.execute(uri: "/tickets/\(ticket.id)/reveal", method: .post, headers: WebTests.formHeaders + jar.header,
                                     body: WebTests.form([:])) { XCTAssertEqual($0.status, .forbidden, "no CSRF token") }
            try await client.execute(uri: "/tickets/\(ticket.id)/reveal", method: .post, headers: WebTests.formHeaders + jar.header,
                                     body: WebTests.form(["_csrf": csrf])) { response in
                XCTAssertEqual(response.status, .ok)
                XCTAssertTrue(response.text.contains(#"<span data-testid="revealed-contact">13912345678 </span>"#), response.text)
                XCTAssertFalse(response.text.contains(#"data-testid="reveal-contact""#))
            }
            let reveals = try await services.events.list(EventFilter(kind: "pii.revealed", entity: "ticket", entityID: "\(ticket.id)"),
                                                         by: .system)
            XCTAssertEqual(reveals.events.count, 1)
        }
    }
}
