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

/// The agent's ticket screens, driven through the real router with a signed-in browser session.
final class TicketWebTests: XCTestCase {
    typealias Jar = WebTests.Jar

    static func principal(_ services: Services, _ login: String) async throws -> Principal {
        Principal(user: try await services.users.find(login: login, by: .system), channel: .session)
    }

    static func inquiry(_ services: Services, by login: String = "zhang.wei", subject: String = "发票什么时候开") async throws -> Ticket {
        try await services.tickets.create(
            TicketDraft(type: .inquiry, channel: .phone, subject: subject, body: "客户问发票", customer: .init(name: "刘女士", phone: "13812345678")),
            by: try await principal(services, login))
    }

    static func post(_ client: any TestClientProtocol, _ uri: String, _ jar: Jar, _ fields: [String: String]) async throws -> (HTTPResponse.Status, String, String?) {
        try await client.execute(uri: uri, method: .post, headers: WebTests.formHeaders + jar.header, body: WebTests.form(fields)) { response in
            (response.status, response.text, response.headers[.location])
        }
    }

    static func get(_ client: any TestClientProtocol, _ uri: String, _ jar: Jar) async throws -> (HTTPResponse.Status, String) {
        try await client.execute(uri: uri, method: .get, headers: jar.header) { ($0.status, $0.text) }
    }

    func testQueueListsMyOpenTicketsWithALiveCountdown() async throws {
        try await AppHarness.run { client, services in
            let ticket = try await Self.inquiry(services)
            let (jar, _) = try await WebTests.signIn(client, "zhang.wei", AppHarness.staffPassword)
            let (status, html) = try await Self.get(client, "/tickets", jar)
            XCTAssertEqual(status, .ok)
            XCTAssertTrue(html.contains(ticket.number))
            XCTAssertTrue(html.contains(#"href="/tickets/\#(ticket.id)""#))
            // A new ticket gets its SLA due instants from the seeded policies, shown as a countdown.
            XCTAssertTrue(html.contains(#"data-countdown=""#), "no countdown in the queue")
            XCTAssertTrue(html.contains("我的工单"))
            let (_, filtered) = try await Self.get(client, "/tickets?tab=all&type=complaint", jar)
            XCTAssertFalse(filtered.contains(ticket.number))
            let (_, searched) = try await Self.get(client, "/tickets?tab=team&q=%E5%8F%91%E7%A5%A8", jar)
            XCTAssertTrue(searched.contains(ticket.number))
        }
    }

    func testAgentEntersAPhoneTicketThroughTheFormAndOwnsIt_R_TKT_2() async throws {
        try await AppHarness.run { client, services in
            let (jar, csrf) = try await WebTests.signIn(client, "zhang.wei", AppHarness.staffPassword)
            let (newStatus, form) = try await Self.get(client, "/tickets/new", jar)
            XCTAssertEqual(newStatus, .ok)
            XCTAssertTrue(form.contains("<optgroup"), "categories are grouped by parent")
            // Missing fields come back beside their fields, in the user's language.
            let (invalid, page, _) = try await Self.post(client, "/tickets", jar, ["_csrf": csrf, "type": "inquiry", "channel": "phone",
                                                                                   "subject": "", "body": "问物流", "customer_name": ""])
            XCTAssertEqual(invalid, .unprocessableContent)
            XCTAssertTrue(page.contains("必填"))
            XCTAssertTrue(page.contains("问物流"), "what was typed stays in the form")
            let fields = ["_csrf": csrf, "type": "delivery_query", "channel": "phone", "subject": "快递三天没动", "body": "客户说快递三天没更新",
                          "customer_name": "陈先生", "customer_phone": "13900001111", "category": "order_status", "severity": "simple",
                          "priority": "high"]
            let (status, _, location) = try await Self.post(client, "/tickets", jar, fields)
            XCTAssertEqual(status, .seeOther)
            let path = try XCTUnwrap(location)
            XCTAssertTrue(path.hasPrefix("/tickets/"))
            let (_, show) = try await Self.get(client, path, jar)
            XCTAssertTrue(show.contains("快递三天没动"))
            XCTAssertTrue(show.contains("客户说快递三天没更新"))
            XCTAssertTrue(show.contains(#"data-testid="ticket-owner">Zhang.Wei"#), "the agent who entered it owns it")
            XCTAssertTrue(show.contains("data-countdown="))
        }
    }

    func testReplyAndInternalNoteThroughTheForms_R_TKT_8() async throws {
        try await AppHarness.run { client, services in
            let ticket = try await Self.inquiry(services)
            let (jar, csrf) = try await WebTests.signIn(client, "zhang.wei", AppHarness.staffPassword)
            let uri = "/tickets/\(ticket.id)"
            let (replied, _, _) = try await Self.post(client, uri + "/messages", jar,
                                                      ["_csrf": csrf, "version": "\(ticket.version)", "kind": "reply", "body": "发票三个工作日内寄出"])
            XCTAssertEqual(replied, .seeOther)
            let current = try await services.tickets.get(id: ticket.id, by: try await Self.principal(services, "zhang.wei")).ticket
            let (noted, _, _) = try await Self.post(client, uri + "/messages", jar,
                                                    ["_csrf": csrf, "version": "\(current.version)", "kind": "note", "body": "客户语气急，优先处理"])
            XCTAssertEqual(noted, .seeOther)
            let (_, html) = try await Self.get(client, uri, jar)
            XCTAssertTrue(html.contains(#"<li class="message message-reply">"#))
            let note = try XCTUnwrap(html.range(of: #"<li class="message message-note" data-internal>"#), "the note is marked internal")
            let rest = html[note.upperBound...]
            XCTAssertTrue(rest.prefix(400).contains("内部备注（客户不可见）"))
            XCTAssertTrue(rest.prefix(600).contains("客户语气急，优先处理"))
            // An empty reply is refused beside the field.
            let (empty, page, _) = try await Self.post(client, uri + "/messages", jar, ["_csrf": csrf, "kind": "reply", "body": " "])
            XCTAssertEqual(empty, .unprocessableContent)
            XCTAssertTrue(page.contains("必填"))
        }
    }

    func testResolveNeedsBothConfirmations_R_TKT_9() async throws {
        try await AppHarness.run { client, services in
            let ticket = try await Self.inquiry(services)
            let (jar, csrf) = try await WebTests.signIn(client, "zhang.wei", AppHarness.staffPassword)
            let uri = "/tickets/\(ticket.id)"
            let (refused, page, _) = try await Self.post(client, uri + "/resolve", jar,
                                                         ["_csrf": csrf, "version": "\(ticket.version)", "customer_understood": "on"])
            XCTAssertEqual(refused, .unprocessableContent)
            XCTAssertTrue(page.contains(#"data-testid="error-asked_anything_else">请先确认这一项。"#))
            XCTAssertFalse(page.contains(#"data-testid="error-customer_understood""#))
            let (resolved, _, _) = try await Self.post(client, uri + "/resolve", jar, ["_csrf": csrf, "version": "\(ticket.version)",
                                                                                        "customer_understood": "on", "asked_anything_else": "on"])
            XCTAssertEqual(resolved, .seeOther)
            let (_, html) = try await Self.get(client, uri, jar)
            XCTAssertTrue(html.contains(#"data-testid="ticket-state">已解决"#))
            // A stale form is a conflict that says someone else changed the ticket.
            let (stale, stalePage, _) = try await Self.post(client, uri + "/close", jar, ["_csrf": csrf, "version": "\(ticket.version)"])
            XCTAssertEqual(stale, .conflict)
            XCTAssertTrue(stalePage.contains("别人修改了这张工单"))
            // Replying to a resolved ticket names its state and what is possible instead.
            let (invalid, invalidPage, _) = try await Self.post(client, uri + "/messages", jar, ["_csrf": csrf, "kind": "reply", "body": "再补充一句"])
            XCTAssertEqual(invalid, .conflict)
            XCTAssertTrue(invalidPage.contains("当前状态为“已解决”"))
            XCTAssertTrue(invalidPage.contains("重新打开"))
        }
    }

    func testComplaintShowsItsNextStepAndASupervisorApproves_R_TKT_5() async throws {
        try await AppHarness.run { client, services in
            try await TestStores.user(services, "li.na", role: .supervisor, password: AppHarness.staffPassword)
            let agent = try await Self.principal(services, "zhang.wei")
            var ticket = try await services.tickets.create(
                TicketDraft(type: .complaint, channel: .phone, subject: "收到的电视屏幕碎了", body: "要求换货",
                            customer: .init(name: "王先生", phone: "13700002222"), category: "logistics_damage"), by: agent)
            var (jar, csrf) = try await WebTests.signIn(client, "zhang.wei", AppHarness.staffPassword)
            let uri = "/tickets/\(ticket.id)"
            var (_, html) = try await Self.get(client, uri, jar)
            XCTAssertTrue(html.contains(#"data-step="accept""#))
            XCTAssertTrue(html.contains(#"name="demand""#))
            // The step through the form; a missing field is shown, nothing is skipped.
            var (status, _, _) = try await Self.post(client, uri + "/complaint", jar, ["_csrf": csrf, "step": "judge", "version": "\(ticket.version)"])
            XCTAssertEqual(status, .conflict)
            (status, _, _) = try await Self.post(client, uri + "/complaint", jar, ["_csrf": csrf, "step": "accept", "demand": "换一台新的",
                                                                                 "version": "\(ticket.version)"])
            XCTAssertEqual(status, .seeOther)
            ticket = try await services.tickets.get(id: ticket.id, by: agent).ticket
            for (action, fields) in [(ComplaintAction.judge, [:]), (.classify, ["category": "logistics_damage", "severity": "complex"]),
                                     (.assign, ["department": "delivery"]), (.investigate, ["evidence": "签收照片", "root_cause": "运输挤压"]),
                                     (.propose, ["solution": "换新并补偿50元"])] {
                ticket = try await services.tickets.complaintStep(id: ticket.id, action: action, fields: fields, expectedVersion: nil, by: agent)
            }
            XCTAssertEqual(ticket.complaintStage, .proposed)
            (_, html) = try await Self.get(client, uri, jar)
            XCTAssertTrue(html.contains(#"data-testid="awaiting-approval""#), "an agent cannot approve")
            XCTAssertFalse(html.contains(#"data-step="approve""#))
            XCTAssertTrue(html.contains("运输挤压"), "steps done show their details")
            (jar, csrf) = try await WebTests.signIn(client, "li.na", AppHarness.staffPassword)
            (_, html) = try await Self.get(client, uri, jar)
            XCTAssertTrue(html.contains(#"data-step="approve""#))
            (status, _, _) = try await Self.post(client, uri + "/complaint", jar, ["_csrf": csrf, "step": "approve", "approved": "true",
                                                                                 "version": "\(ticket.version)"])
            XCTAssertEqual(status, .seeOther)
            (_, html) = try await Self.get(client, uri, jar)
            XCTAssertTrue(html.contains(#"data-testid="complaint-stage">方案已批准"#))
            XCTAssertTrue(html.contains(#"data-step="implement""#))
        }
    }

    func testTicketFormsWithoutTheCSRFTokenAreRefused() async throws {
        try await AppHarness.run { client, services in
            let ticket = try await Self.inquiry(services)
            let (jar, _) = try await WebTests.signIn(client, "zhang.wei", AppHarness.staffPassword)
            let (status, _, _) = try await Self.post(client, "/tickets/\(ticket.id)/messages", jar, ["kind": "note", "body": "x"])
            XCTAssertEqual(status, .forbidden)
            let (forged, _, _) = try await Self.post(client, "/tickets", jar, ["_csrf": "forged", "type": "inquiry"])
            XCTAssertEqual(forged, .forbidden)
        }
    }

    func testAttitudeComplaintIsHiddenFromTheAgentItIsAbout_R_TKT_6() async throws {
        try await AppHarness.run { client, services in
            try await TestStores.user(services, "li.na", role: .supervisor, password: AppHarness.staffPassword)
            let about = try await services.users.find(login: "zhang.wei", by: .system)
            let admin = try await Self.principal(services, "admin")
            let ticket = try await services.tickets.create(
                TicketDraft(type: .complaint, channel: .phone, subject: "客服态度恶劣", body: "电话里很不耐烦",
                            customer: .init(name: "赵女士", phone: "13600003333"), category: "service_attitude", aboutUserID: about.id), by: admin)
            let (agentJar, _) = try await WebTests.signIn(client, "zhang.wei", AppHarness.staffPassword)
            let (status, _) = try await Self.get(client, "/tickets/\(ticket.id)", agentJar)
            XCTAssertEqual(status, .notFound)
            for tab in ["mine", "team", "all"] {
                let (_, list) = try await Self.get(client, "/tickets?tab=\(tab)", agentJar)
                XCTAssertFalse(list.contains(ticket.number), "\(tab) shows the complaint to the agent it is about")
            }
            let (supervisorJar, _) = try await WebTests.signIn(client, "li.na", AppHarness.staffPassword)
            let (_, team) = try await Self.get(client, "/tickets?tab=mine", supervisorJar)
            XCTAssertTrue(team.contains(ticket.number), "the supervisor gets it")
            let (_, page) = try await Self.get(client, "/tickets/\(ticket.id)", supervisorJar)
            XCTAssertFalse(page.contains(#"<option value="\#(about.id)""#), "it cannot be assigned to the agent it is about")
        }
    }

    func testQueueRowsMaskThePhoneWithoutPIIView() throws {
        let presenter = TicketPresenter(catalog: try Catalog.bundled(), language: .zhHans, formatter: TimeFormatter(language: .zhHans),
                                        permissions: [.ticketsView], staff: TicketStaff(users: []), states: [])
        let ticket = Ticket(number: "T-1", type: .inquiry, channel: .phone, subject: "<b>", customer: .init(name: "刘", phone: "13812345678"),
                            createdAt: Date(timeIntervalSince1970: 1_795_000_000))
        let html = presenter.rowsHTML([ticket])
        XCTAssertFalse(html.contains("13812345678"))
        XCTAssertTrue(html.contains(PII.maskPhone("13812345678")))
        XCTAssertTrue(html.contains("&lt;b&gt;"))
    }

    func testHandoffWithExpectedReplyTimeInBusinessTime_R_TKT_3() async throws {
        try await AppHarness.run { client, services in
            let ticket = try await Self.inquiry(services)
            let (jar, csrf) = try await WebTests.signIn(client, "zhang.wei", AppHarness.staffPassword)
            let uri = "/tickets/\(ticket.id)"
            let (missing, page, _) = try await Self.post(client, uri + "/handoff", jar, ["_csrf": csrf, "department": "warehouse", "request": "",
                                                                                     "due_at": "2099-01-02T10:30"])
            XCTAssertEqual(missing, .unprocessableContent)
            XCTAssertTrue(page.contains("必填"))
            let (status, _, _) = try await Self.post(client, uri + "/handoff", jar, ["_csrf": csrf, "department": "warehouse", "request": "查库存",
                                                                                 "due_at": "2099-01-02T10:30", "contact": "分机 8001"])
            XCTAssertEqual(status, .seeOther)
            let detail = try await services.tickets.get(id: ticket.id, by: try await Self.principal(services, "zhang.wei"))
            // 10:30 in Shanghai is 02:30 UTC.
            XCTAssertEqual(detail.handoffs.first?.dueAt, ISO8601DateFormatter().date(from: "2099-01-02T02:30:00Z"))
            XCTAssertEqual(detail.ticket.ownerID, detail.ticket.assigneeID, "the owner stays the owner (R-TKT-2)")
            let (_, html) = try await Self.get(client, uri, jar)
            XCTAssertTrue(html.contains("查库存"))
            XCTAssertTrue(html.contains(#"action="/tickets/\#(ticket.id)/answer""#))
        }
    }
}
