import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import KefuDomain
import KefuServices
import KefuTestSupport
import XCTest

@testable import KefuHTTP

/// What is addressed to someone reaches them in the browser: the count beside the navigation and the page.
final class NotificationWebTests: XCTestCase {
    // R-TKT-6: a major complaint reaches the manager at once, and the manager sees it on every page.
    func testManagerSeesTheMajorComplaint_R_TKT_6() async throws {
        try await AppHarness.run { client, services in
            try await TestStores.user(services, "zhou.jing", role: .manager, password: AppHarness.staffPassword)
            let agent = Principal(user: try await services.users.find(login: "zhang.wei", by: .system), channel: .session)
            let complaint = try await services.tickets.create(
                TicketDraft(type: .complaint, channel: .phone, subject: "整批货发霉", body: "客户要求全部退货并赔偿",
                            customer: .init(name: "陈静", phone: "13912345678"), severity: .major), by: agent)
            let (jar, _) = try await WebTests.signIn(client, "zhou.jing", AppHarness.staffPassword)
            try await client.execute(uri: "/notifications", method: .get, headers: jar.header) { response in
                XCTAssertEqual(response.status, .ok)
                XCTAssertTrue(response.text.contains(#"data-testid="nav-badge-/notifications">1</span>"#))
                XCTAssertTrue(response.text.contains("重大投诉"))
                XCTAssertTrue(response.text.contains("\(complaint.number) 整批货发霉"))
                XCTAssertTrue(response.text.contains("data-unread"))
            }
            let manager = Principal(user: try await services.users.find(login: "zhou.jing", by: .system), channel: .session)
            let notifications = try await services.tickets.notifications(by: manager)
            let notification = try XCTUnwrap(notifications.first)
            try await client.execute(uri: "/notifications/\(notification.id)", method: .get, headers: jar.header) { response in
                XCTAssertEqual(response.status, .seeOther)
                XCTAssertEqual(response.headers[.location], "/tickets/\(complaint.id)")
            }
            try await client.execute(uri: "/notifications", method: .get, headers: jar.header) { response in
                XCTAssertFalse(response.text.contains("nav-badge-/notifications"), "opened: nothing unread")
                XCTAssertFalse(response.text.contains("data-unread"))
            }
            // Someone else's notification is not theirs to open.
            let (agentJar, _) = try await WebTests.signIn(client, "zhang.wei", AppHarness.staffPassword)
            try await client.execute(uri: "/notifications/\(notification.id)", method: .get, headers: agentJar.header) { response in
                XCTAssertEqual(response.status, .notFound)
            }
        }
    }
}

final class TicketScriptPickerTests: XCTestCase {
    // R-QA-1: the standard phrases sit beside the reply box, ready to be inserted.
    func testTheTicketPageOffersTheStandardPhrases_R_QA_1() async throws {
        try await AppHarness.run(sqliteOnly: true) { client, services in
            let agent = Principal(user: try await services.users.find(login: "zhang.wei", by: .system), channel: .session)
            let ticket = try await services.tickets.create(
                TicketDraft(type: .inquiry, channel: .phone, subject: "查询发货", body: "什么时候发货", customer: .init(name: "陈静", phone: "13912345678")),
                by: agent)
            let (jar, _) = try await WebTests.signIn(client, "zhang.wei", AppHarness.staffPassword)
            try await client.execute(uri: "/tickets/\(ticket.id)", method: .get, headers: jar.header) { response in
                XCTAssertEqual(response.status, .ok)
                XCTAssertTrue(response.text.contains(##"data-script-target="#reply""##))
                XCTAssertTrue(response.text.contains(#"id="reply""#))
                XCTAssertTrue(response.text.contains("data-script-body=\"您好!請問有什么可以幫助您?\""))
            }
        }
    }
}
