import Foundation
import HTTPTypes
import HummingbirdTesting
@testable import KefuHTTP
import KefuDomain
import KefuServices
import KefuTestSupport
import NIOCore
import XCTest

/// `/callbacks`, `/callbacks/{id}` and `/callbacks/report` (R-CB-1…5) through the real router, signed in with the web form.
final class CallbackWebTests: XCTestCase {
    // R-CB-3, R-CB-4: the agent's screen — callable now first, then "not before" the end of the member's rest hours,
    // the do-not-call member among the written tasks, and today's quota, which moves when an outcome is saved.
    func testAgentScreenOrderAndQuota_R_CB_4() async throws {
        try await AppHarness.run { client, services in
            let (resting, callable, quiet, restEnd) = try await CallbackAPITests.setUp(services)
            let (agent, csrf) = try await WebTests.signIn(client, "zhang.wei", AppHarness.staffPassword)
            try await client.execute(uri: "/callbacks", method: .get, headers: agent.header) { response in
                XCTAssertEqual(response.status, .ok)
                let html = response.text
                XCTAssertTrue(html.contains(#"href="/callbacks" data-shortcut="c" aria-current="page">回访"#))
                XCTAssertTrue(html.contains(#"<span data-testid="quota-count">0/10</span>"#))
                let calls = try XCTUnwrap(html.range(of: #"data-testid="calls""#)), written = try XCTUnwrap(html.range(of: #"data-testid="written""#))
                let callableRow = try XCTUnwrap(html.range(of: "data-testid=\"callback-\(callable)\""))
                let restingRow = try XCTUnwrap(html.range(of: "data-testid=\"callback-\(resting)\""))
                XCTAssertTrue(calls.lowerBound < callableRow.lowerBound && callableRow.lowerBound < restingRow.lowerBound, "callable now first")
                XCTAssertTrue(restingRow.lowerBound < written.lowerBound)
                XCTAssertTrue(html[written.lowerBound...].contains("data-testid=\"callback-\(quiet)\""), "the do-not-call member is written to")
                XCTAssertTrue(html[callableRow.lowerBound...].contains("现在可拨打"))
                XCTAssertTrue(html.contains("不早于 \(CallbackJSONTime.local(restEnd, zone: CallbackAPITests.zone))"), "not before the end of the rest")
                XCTAssertFalse(html.contains("data-testid=\"team\""), "agents see no team view")
            }
            try await client.execute(uri: "/callbacks/\(callable)/outcome", method: .post, headers: WebTests.formHeaders + agent.header,
                                     body: WebTests.form(["outcome": "satisfied"])) { response in
                XCTAssertEqual(response.status, .forbidden, "no CSRF token")
            }
            try await client.execute(uri: "/callbacks/\(callable)/outcome", method: .post, headers: WebTests.formHeaders + agent.header,
                                     body: WebTests.form(["_csrf": csrf, "outcome": "satisfied", "suggestions": "送得很快"])) { response in
                XCTAssertEqual(response.status, .seeOther)
                XCTAssertEqual(response.headers[.location], "/callbacks/\(callable)")
            }
            try await client.execute(uri: "/callbacks", method: .get, headers: agent.header) { response in
                XCTAssertTrue(response.text.contains(#"<span data-testid="quota-count">1/10</span>"#))
                XCTAssertFalse(response.text.contains("data-testid=\"callback-\(callable)\""), "done: off the list")
            }
        }
    }

    // R-CB-2, R-CB-3: the task page shows the script with its branches; dialling a resting member is refused on the
    // page; an unsatisfied outcome needs the member's words, then opens a ticket shown as a link; names are escaped.
    func testTaskPageScriptAttemptsAndOutcome_R_CB_2() async throws {
        try await AppHarness.run { client, services in
            let (resting, callable, _, _) = try await CallbackAPITests.setUp(services)
            try await services.database.transaction { try await $0.query("UPDATE members SET name = '<b>王芳</b>' WHERE name = '王芳'") }
            let (agent, csrf) = try await WebTests.signIn(client, "zhang.wei", AppHarness.staffPassword)
            try await client.execute(uri: "/callbacks/\(callable)", method: .get, headers: agent.header) { response in
                XCTAssertEqual(response.status, .ok)
                let html = response.text
                XCTAssertTrue(html.contains("&lt;b&gt;王芳&lt;/b&gt;"))
                XCTAssertFalse(html.contains("<b>王芳</b>"))
                XCTAssertTrue(html.contains("【满意】"))
                XCTAssertTrue(html.contains("(能否告诉我您对哪方面不满意吗?/我们应改进哪方面的工作)"))
                XCTAssertTrue(html.contains(#"<form method="post" action="/callbacks/\#(callable)/attempts" data-testid="attempt-form">"#))
                XCTAssertTrue(html.contains(#"<input type="hidden" name="_csrf" value="\#(csrf)">"#))
                XCTAssertTrue(html.contains(#"<button name="result" value="no_answer">无人接听</button>"#))
                XCTAssertTrue(html.contains(#"href="/orders/"#), "the linked order")
            }
            try await client.execute(uri: "/callbacks/\(resting)/attempts", method: .post, headers: WebTests.formHeaders + agent.header,
                                     body: WebTests.form(["_csrf": csrf, "result": "answered"])) { response in
                XCTAssertEqual(response.status, .unprocessableContent)
                XCTAssertTrue(response.text.contains("会员休息时间，"), "a clear refusal")
                XCTAssertTrue(response.text.contains("之前不能拨打。"))
            }
            try await client.execute(uri: "/callbacks/\(callable)/attempts", method: .post, headers: WebTests.formHeaders + agent.header,
                                     body: WebTests.form(["_csrf": csrf, "result": "busy", "note": "占线"])) { response in
                XCTAssertEqual(response.status, .seeOther)
            }
            try await client.execute(uri: "/callbacks/\(callable)/outcome", method: .post, headers: WebTests.formHeaders + agent.header,
                                     body: WebTests.form(["_csrf": csrf, "outcome": "unsatisfied", "ticket_type": "complaint"])) { response in
                XCTAssertEqual(response.status, .unprocessableContent)
                XCTAssertTrue(response.text.contains("请记录客户的意见，工单将据此创建。"))
            }
            var jar = agent
            try await client.execute(uri: "/callbacks/\(callable)/outcome", method: .post, headers: WebTests.formHeaders + agent.header,
                                     body: WebTests.form(["_csrf": csrf, "outcome": "unsatisfied", "ticket_type": "suggestion", "suggestions": "希望包装更结实"])) { response in
                XCTAssertEqual(response.status, .seeOther)
                jar.take(response)
            }
            let done = try await services.callbacks.get(id: callable, by: .system)
            let ticketID = try XCTUnwrap(done.listing.entry.callback.ticketID)
            try await client.execute(uri: "/callbacks/\(callable)", method: .get, headers: jar.header) { response in
                let html = response.text
                XCTAssertTrue(html.contains("回访结果已保存。"))
                XCTAssertTrue(html.contains(#"<a href="/tickets/\#(ticketID)" data-testid="opened-ticket">"#), "the ticket it opened")
                XCTAssertTrue(html.contains("占线"), "the attempt is listed")
                XCTAssertFalse(html.contains("data-testid=\"outcome-form\""), "done: no more forms")
            }
            let ticket = try await services.tickets.get(id: ticketID, by: .system).ticket
            XCTAssertEqual(ticket.type, .suggestion)
        }
    }

    // R-CB-4, R-CB-5: supervisors see the team's progress and the summary with coverage and its downloads; agents do not.
    func testTeamViewAndReportPage_R_CB_5() async throws {
        try await AppHarness.run { client, services in
            _ = try await CallbackAPITests.setUp(services)
            try await TestStores.user(services, "zhao.lei", role: .supervisor, password: AppHarness.staffPassword)
            let (supervisor, _) = try await WebTests.signIn(client, "zhao.lei", AppHarness.staffPassword)
            try await client.execute(uri: "/callbacks", method: .get, headers: supervisor.header) { response in
                let html = response.text
                XCTAssertTrue(html.contains(#"data-testid="team""#))
                XCTAssertTrue(html.contains(">Zhang.Wei</a></td><td class=\"num\">0/10</td>"))
                XCTAssertTrue(html.contains(#"<a href="/callbacks/report">回访汇总</a>"#))
            }
            try await client.execute(uri: "/callbacks?assignee=all", method: .get, headers: supervisor.header) { response in
                XCTAssertEqual(response.text.components(separatedBy: "data-testid=\"callback-").count - 1, 3, "everyone's callbacks")
            }
            let today = CallbackSettings.day(of: Date(), in: CallbackAPITests.zone)
            try await client.execute(uri: "/callbacks/report?from=\(today.adding(days: -10))&to=\(today.adding(days: 10))", method: .get,
                                     headers: supervisor.header) { response in
                XCTAssertEqual(response.status, .ok)
                let html = response.text
                XCTAssertTrue(html.contains(#"data-testid="coverage""#))
                XCTAssertTrue(html.contains("未达到100%目标"))
                XCTAssertTrue(html.contains(#"data-testid="order-share">0.0%</td>"#))
                XCTAssertTrue(html.contains("format=xlsx"))
                XCTAssertTrue(html.contains("format=csv"))
                XCTAssertTrue(html.contains("订单妥投回访"))
            }
            let (agent, _) = try await WebTests.signIn(client, "zhang.wei", AppHarness.staffPassword)
            try await client.execute(uri: "/callbacks/report", method: .get, headers: agent.header) { response in
                XCTAssertEqual(response.status, .forbidden)
            }
        }
    }

    // R-CB-2: the member's profile adds a callback (预约回访) with a CSRF token and opens it; a due time before the start
    // is shown on the form, in Chinese, and nothing is added. One for a later day is among the agent's upcoming ones.
    func testSchedulingACallbackFromTheProfile_R_CB_2() async throws {
        try await AppHarness.run { client, services in
            let member = try await CallbackFixtures.member(services.database, name: "陈静", phone: "13912345678", at: Date())
            let (agent, csrf) = try await WebTests.signIn(client, "zhang.wei", AppHarness.staffPassword)
            try await client.execute(uri: "/members/\(member)", method: .get, headers: agent.header) { response in
                XCTAssertTrue(response.text.contains(#"action="/members/\#(member)/callbacks""#), "the form is on the profile")
            }
            try await client.execute(uri: "/members/\(member)/callbacks", method: .post, headers: WebTests.formHeaders + agent.header,
                                     body: WebTests.form(["_csrf": csrf, "not_before": "2031-03-02T15:00", "due_by": "2031-03-02T14:00"])) { response in
                XCTAssertEqual(response.status, .unprocessableContent)
                XCTAssertTrue(response.text.contains("必须晚于最早回访时间。"), response.text)
            }
            let none = try await services.callbacks.list(CallbackFilter(), by: .system).total
            XCTAssertEqual(none, 0)
            try await client.execute(uri: "/members/\(member)/callbacks", method: .post, headers: WebTests.formHeaders + agent.header,
                                     body: WebTests.form(["_csrf": csrf, "not_before": "2031-03-02T15:00", "note": "确认退款到账"])) { response in
                XCTAssertEqual(response.status, .seeOther)
                let added = try await services.callbacks.list(CallbackFilter(), by: .system).items.map(\.entry.callback)
                XCTAssertEqual(added.map(\.note), ["确认退款到账"])
                XCTAssertEqual(response.headers[.location], "/callbacks/\(added[0].id)")
            }
            // Due on a later day, it waits among the agent's upcoming callbacks.
            let id = try await services.callbacks.list(CallbackFilter(), by: .system).items[0].entry.callback.id
            try await client.execute(uri: "/callbacks", method: .get, headers: agent.header) { response in
                let html = response.text
                let upcoming = try XCTUnwrap(html.range(of: #"data-testid="upcoming""#), "the upcoming section")
                XCTAssertTrue(html[upcoming.lowerBound...].contains("data-testid=\"callback-\(id)\""))
                XCTAssertTrue(html.contains("以后的回访"))
            }
        }
    }
}
