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

/// The call-log form and the list of calls, through the real router with a signed-in browser session.
final class CallWebTests: XCTestCase {
    typealias Jar = WebTests.Jar

    static func localNow(minus seconds: TimeInterval = 0) -> String {
        LocalTimeInput.text(Date().addingTimeInterval(-seconds), timeZone: TimeZone(identifier: "Asia/Shanghai")!, seconds: true)
    }

    // R-TKT-2, R-TKT-8: a call logged on the form opens a phone ticket the agent owns; its page shows the call's
    // facts on an internal entry, and the agent can log the next call from there.
    func testLoggingACallOnTheFormOpensATicket_R_TKT_2_R_TKT_8() async throws {
        try await AppHarness.run { client, services in
            let (jar, csrf) = try await WebTests.signIn(client, "zhang.wei", AppHarness.staffPassword)
            let (queueStatus, queue) = try await TicketWebTests.get(client, "/tickets", jar)
            XCTAssertEqual(queueStatus, .ok)
            XCTAssertTrue(queue.contains(#"href="/tickets/calls/new""#), "reachable from the queue")
            let (formStatus, form) = try await TicketWebTests.get(client, "/tickets/calls/new", jar)
            XCTAssertEqual(formStatus, .ok)
            XCTAssertTrue(form.contains(#"<form method="post" action="/tickets/calls""#))
            XCTAssertTrue(form.contains(#"name="started_at" value="20"#), "the start defaults to now")
            XCTAssertTrue(form.contains("记录通话"))

            // Errors beside their fields; what was typed stays.
            let (badStatus, bad, _) = try await TicketWebTests.post(client, "/tickets/calls", jar, [
                "_csrf": csrf, "direction": "inbound", "caller_name": "<b>刘</b>", "caller_phone": "13812345678",
                "started_at": "2099-01-01T10:00", "answered_after": "-2", "duration": "3:75", "summary": "", "target": "existing",
                "ticket_number": "T-19990101-0001",
            ])
            XCTAssertEqual(badStatus, .unprocessableContent)
            for message in ["不能是将来的时间。", "不能是负数。", "应为秒数或 分:秒，如 3:25。", "必填。"] {
                XCTAssertTrue(bad.contains(message), message)
            }
            XCTAssertTrue(bad.contains(#"data-testid="error-ticket_number">不存在。"#), "an unknown ticket number")
            XCTAssertTrue(bad.contains(#"value="&lt;b&gt;刘&lt;/b&gt;""#), "kept and escaped")

            let (status, _, location) = try await TicketWebTests.post(client, "/tickets/calls", jar, [
                "_csrf": csrf, "direction": "inbound", "caller_name": "刘女士", "caller_phone": "13812345678",
                "started_at": Self.localNow(minus: 600), "answered_after": "30", "duration": "3:25",
                "summary": "询问发票什么时候开\n已告知三个工作日内", "target": "new", "ticket_type": "inquiry",
            ])
            XCTAssertEqual(status, .seeOther)
            let target = try XCTUnwrap(location)
            XCTAssertTrue(target.hasPrefix("/tickets/") && target.contains("#call-"), target)
            let calls = try await services.calls.list(.init(), by: .system).calls
            let call = try XCTUnwrap(calls.first)
            XCTAssertEqual(call.durationSeconds, 205)
            XCTAssertTrue(call.slowAnswer)
            let ticket = try await services.tickets.get(id: call.ticketID, by: .system).ticket
            let agent = try await services.users.find(login: "zhang.wei", by: .system)
            XCTAssertEqual(ticket.ownerID, agent.id)
            XCTAssertEqual(ticket.subject, "询问发票什么时候开")

            let (_, page) = try await TicketWebTests.get(client, "/tickets/\(call.ticketID)", jar)
            XCTAssertTrue(page.contains(#"id="call-\#(call.id)""#), "the call's facts on its conversation entry")
            XCTAssertTrue(page.contains("来电 · "))
            XCTAssertTrue(page.contains(#"data-testid="call-slow">接听慢（超过 15 秒）"#))
            XCTAssertTrue(page.contains("记录通话"))
            XCTAssertTrue(page.contains(#"href="/tickets/calls/new?ticket=\#(ticket.number)""#))
            let (_, prefilled) = try await TicketWebTests.get(client, "/tickets/calls/new?ticket=\(ticket.number)", jar)
            XCTAssertTrue(prefilled.contains(#"name="ticket_number" value="\#(ticket.number)""#))
            XCTAssertTrue(prefilled.contains(#"value="existing" checked"#))
            XCTAssertFalse(prefilled.contains("13812345678"), "agents see contacts masked: the caller's number is not filled in")

            let (_, fragment) = try await TicketWebTests.get(client, "/tickets/calls/suggestions?phone=13812345678", jar)
            XCTAssertTrue(fragment.contains(#"name="ticket_pick" value="\#(ticket.number)""#))
            XCTAssertFalse(fragment.contains("<html"), "a fragment, not a page")

            let (listStatus, list) = try await TicketWebTests.get(client, "/tickets/calls", jar)
            XCTAssertEqual(listStatus, .ok)
            XCTAssertTrue(list.contains(#"href="/tickets/\#(call.ticketID)#call-\#(call.id)">\#(ticket.number)"#))
            XCTAssertTrue(list.contains("3:25"))
            let (_, team) = try await TicketWebTests.get(client, "/tickets/calls?tab=team&from=2000-01-01&to=2000-01-02", jar)
            XCTAssertTrue(team.contains("没有通话记录。"))
        }
    }

    /// A call added to an existing ticket by its number; a reader without `pii.view` sees the number masked.
    func testACallJoinsATicketByNumberAndPhonesAreMasked() async throws {
        try await AppHarness.run { client, services in
            let ticket = try await TicketWebTests.inquiry(services)
            let (jar, csrf) = try await WebTests.signIn(client, "zhang.wei", AppHarness.staffPassword)
            let (status, _, location) = try await TicketWebTests.post(client, "/tickets/calls", jar, [
                "_csrf": csrf, "direction": "outbound", "caller_phone": "13812345678", "started_at": Self.localNow(minus: 120),
                "answered_after": "", "duration": "95", "summary": "回电告知发票已开", "target": "existing", "ticket_pick": ticket.number,
            ])
            XCTAssertEqual(status, .seeOther)
            XCTAssertTrue(location?.hasPrefix("/tickets/\(ticket.id)#call-") == true)
            try await TestStores.user(services, "chat.gateway", role: .integration, password: AppHarness.staffPassword)
            let (viewer, _) = try await WebTests.signIn(client, "chat.gateway", AppHarness.staffPassword)
            let (_, list) = try await TicketWebTests.get(client, "/tickets/calls?tab=team", viewer)
            XCTAssertTrue(list.contains("138****5678"))
            XCTAssertFalse(list.contains("13812345678"))
            let (_, page) = try await TicketWebTests.get(client, "/tickets/\(ticket.id)", viewer)
            XCTAssertTrue(page.contains("去电 · "))
            XCTAssertFalse(page.contains("13812345678"))
        }
    }
}
