import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import KefuDomain
@testable import KefuHTTP
import KefuServices
import KefuTestSupport
import NIOCore
import XCTest

/// The suggestion panel of the ticket page and the summary page (R-TKT-7), with signed-in browser sessions.
final class SuggestionWebTests: XCTestCase {
    // R-TKT-7: the agent classifies and forwards on the ticket page, the department decides there (a reason is required,
    // shown beside the field), the agent tells the member with the prefilled reply; every form carries the CSRF token.
    func testSuggestionPanelFormsAndSummaryPage_R_TKT_7() async throws {
        try await AppHarness.run { client, services in
            try await TestStores.user(services, "li.na", role: .supervisor, password: AppHarness.staffPassword)
            try await TestStores.user(services, "gao.gong", role: .department, department: .supplier, password: AppHarness.staffPassword)
            let ticket = try await services.tickets.create(
                TicketDraft(type: .suggestion, channel: .phone, subject: "建议增加大码服装", body: "希望T恤能有XXL码",
                            customer: .init(name: "王女士", phone: "13800001111")),
                by: try await TicketWebTests.principal(services, "zhang.wei"))
            let uri = "/tickets/\(ticket.id)"
            var (jar, csrf) = try await WebTests.signIn(client, "zhang.wei", AppHarness.staffPassword)
            var (status, html) = try await TicketWebTests.get(client, uri, jar)
            XCTAssertEqual(status, .ok)
            XCTAssertTrue(html.contains(#"data-testid="suggestion-panel""#))
            XCTAssertTrue(html.contains(#"data-stage="received""#))
            XCTAssertTrue(html.contains(#"action="/tickets/\#(ticket.id)/suggestion/forward""#))
            XCTAssertTrue(html.contains("配送建议"), "the suggestion categories are offered")
            XCTAssertTrue(html.contains(#"name="_csrf" value="\#(csrf)""#))

            var (posted, page, _) = try await TicketWebTests.post(client, uri + "/suggestion/forward", jar, ["category": "product_suggestion"])
            XCTAssertEqual(posted, .forbidden, "no CSRF token")
            let formatter = DateFormatter()
            formatter.locale = Locale(identifier: "en_US_POSIX")
            formatter.timeZone = services.timeZone
            formatter.dateFormat = "yyyy-MM-dd'T'HH:mm"
            let due = formatter.string(from: Date().addingTimeInterval(3 * 86_400))
            (posted, page, _) = try await TicketWebTests.post(client, uri + "/suggestion/forward", jar,
                                                              ["_csrf": csrf, "category": "product_suggestion", "department": "supplier", "due_at": due,
                                                               "request": " ", "version": "\(ticket.version)"])
            XCTAssertEqual(posted, .unprocessableContent)
            XCTAssertTrue(page.contains(#"<span class="error">必填"#) || page.contains("必填"), "the missing request is named")
            (posted, _, _) = try await TicketWebTests.post(client, uri + "/suggestion/forward", jar,
                                                           ["_csrf": csrf, "category": "product_suggestion", "department": "supplier", "due_at": due,
                                                            "request": "请评估能否增加XXL码", "version": "\(ticket.version)"])
            XCTAssertEqual(posted, .seeOther)
            (_, html) = try await TicketWebTests.get(client, uri, jar)
            XCTAssertTrue(html.contains(#"data-stage="forwarded""#))
            XCTAssertTrue(html.contains(#"data-testid="suggestion-awaiting""#), "an agent waits for the department")
            XCTAssertFalse(html.contains(#"data-testid="suggestion-decide""#))

            (jar, csrf) = try await WebTests.signIn(client, "gao.gong", AppHarness.staffPassword)
            (status, html) = try await TicketWebTests.get(client, uri, jar)
            XCTAssertEqual(status, .ok, "the department sees what was forwarded to it")
            XCTAssertTrue(html.contains(#"data-testid="suggestion-decide""#))
            XCTAssertTrue(html.contains("产品建议"), "the category by name")
            (posted, page, _) = try await TicketWebTests.post(client, uri + "/suggestion/decision", jar, ["_csrf": csrf, "decision": "adopted", "reason": ""])
            XCTAssertEqual(posted, .unprocessableContent)
            XCTAssertTrue(page.contains(#"data-testid="error-reason">请填写原因。"#), "the reason is required, beside its field")
            (posted, _, _) = try await TicketWebTests.post(client, uri + "/suggestion/decision", jar,
                                                           ["_csrf": csrf, "decision": "adopted", "reason": "下月起上架XXL码"])
            XCTAssertEqual(posted, .seeOther)
            (posted, page, _) = try await TicketWebTests.post(client, uri + "/suggestion/decision", jar,
                                                              ["_csrf": csrf, "decision": "not_adopted", "reason": "再议"])
            XCTAssertEqual(posted, .conflict, "decided once")
            XCTAssertTrue(page.contains(#"data-testid="invalid-state""#))

            (jar, csrf) = try await WebTests.signIn(client, "zhang.wei", AppHarness.staffPassword)
            (_, html) = try await TicketWebTests.get(client, uri, jar)
            XCTAssertTrue(html.contains(#"data-testid="suggestion-notify""#))
            XCTAssertTrue(html.contains("下月起上架XXL码"))
            let reply = try XCTUnwrap(html.range(of: #"data-testid="suggestion-reply">"#))
            XCTAssertTrue(html[reply.upperBound...].prefix(200).contains("王女士您好"), "the reply is prefilled in the customer's language")
            (posted, page, _) = try await TicketWebTests.post(client, uri + "/resolve", jar,
                                                              ["_csrf": csrf, "customer_understood": "on", "asked_anything_else": "on"])
            XCTAssertEqual(posted, .conflict, "not resolved before the member is told")
            XCTAssertTrue(page.contains("告知会员"))
            (posted, page, _) = try await TicketWebTests.post(client, uri + "/suggestion/notify", jar, ["_csrf": csrf, "mode": "reply", "body": " "])
            XCTAssertEqual(posted, .unprocessableContent, "sending needs a reply")
            (posted, _, _) = try await TicketWebTests.post(client, uri + "/suggestion/notify", jar,
                                                           ["_csrf": csrf, "mode": "reply", "body": "王女士您好：感谢您的建议，下月起上架XXL码。"])
            XCTAssertEqual(posted, .seeOther)
            (_, html) = try await TicketWebTests.get(client, uri, jar)
            XCTAssertTrue(html.contains(#"data-testid="suggestion-told""#))
            XCTAssertTrue(html.contains("感谢您的建议，下月起上架XXL码"), "the reply is in the conversation")

            (status, _) = try await TicketWebTests.get(client, "/tickets/suggestions", jar)
            XCTAssertEqual(status, .forbidden, "agents have no reports.view")
            (jar, _) = try await WebTests.signIn(client, "li.na", AppHarness.staffPassword)
            (status, html) = try await TicketWebTests.get(client, "/tickets/suggestions?period=week", jar)
            XCTAssertEqual(status, .ok)
            XCTAssertTrue(html.contains(ticket.number))
            XCTAssertTrue(html.contains(#"data-testid="suggestion-adoption-rate">100.0%"#), html)
            XCTAssertTrue(html.contains("format=xlsx"))
            (_, html) = try await TicketWebTests.get(client, "/reports", jar)
            XCTAssertTrue(html.contains(#"href="/tickets/suggestions""#), "linked from the reports page")
        }
    }
}
