import Foundation
import HTTPTypes
import HummingbirdTesting
import KefuDomain
import KefuServices
import KefuStore
import KefuTestSupport
import NIOCore
import XCTest

/// `/api/v1/callbacks` and `/api/v1/reports/callbacks` (R-CB-1…5) through the real router, on both databases. The
/// app runs on the real clock, so each member gets rest hours placed around the moment the test runs.
final class CallbackAPITests: XCTestCase {
    static let zone = TimeZone(identifier: "Asia/Shanghai")!

    /// Rest hours from `minutes` before now to `length` minutes after that (on Shanghai's wall clock), and when they end.
    static func restHours(startingIn minutes: Int, length: Int) -> (text: String, end: Date) {
        let start = Date(timeIntervalSince1970: (Date().timeIntervalSince1970 / 60).rounded(.down) * 60 + TimeInterval(minutes) * 60)
        let end = start.addingTimeInterval(TimeInterval(length) * 60)
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = zone
        formatter.dateFormat = "HH:mm"
        return ("\(formatter.string(from: start))-\(formatter.string(from: end))", end)
    }

    /// Three members with a delivery callback each, held by zhang.wei: one resting now, one callable, one not to be
    /// called. Returns their callback ids and when the resting one may be called.
    static func setUp(_ services: Services) async throws -> (resting: Int64, callable: Int64, quiet: Int64, restEnd: Date) {
        let now = Date()
        let database = services.database
        let resting = restHours(startingIn: -30, length: 90), away = restHours(startingIn: 180, length: 60)
        let a = try await CallbackFixtures.member(database, name: "陈静", phone: "13912345678", restHours: resting.text, at: now)
        let b = try await CallbackFixtures.member(database, name: "王芳", phone: "13812345678", restHours: away.text, at: now)
        let c = try await CallbackFixtures.member(database, name: "刘洋", phone: "13712345678", email: "liu@example.com", doNotCall: true,
                                                  restHours: away.text, at: now)
        for (member, prefix) in [(a, "A"), (b, "B"), (c, "C")] {
            try await CallbackFixtures.deliveredOrders(database, count: 1, deliveredAt: now.addingTimeInterval(-86_400), member: member, prefix: prefix, at: now)
        }
        try await services.callbacks.generate()
        let items = try await services.callbacks.list(CallbackFilter(), by: .system).items.map(\.entry)
        let id = { (member: Int64) in items.first { $0.callback.memberID == member }!.callback.id }
        return (id(a), id(b), id(c), resting.end)
    }

    // R-CB-3: today's list in the agent's order — callable now, then "not before" the end of the member's rest hours,
    // then the do-not-call member's email task, never in the call list; phones masked without pii.view.
    func testTodaysListAppliesRestHoursAndDoNotCall_R_CB_3() async throws {
        try await AppHarness.run { client, services in
            let (resting, callable, quiet, restEnd) = try await Self.setUp(services)
            let token = try await AppHarness.token(client, "zhang.wei", AppHarness.staffPassword)
            try await client.execute(uri: "/api/v1/callbacks?due=today&assignee=me", method: .get, headers: AppHarness.bearer(token)) { response in
                XCTAssertEqual(response.status, .ok, response.text)
                let page = AppHarness.decode(response)
                let items = page["items"] as? [[String: Any]] ?? []
                XCTAssertEqual(items.map { $0["id"] as? Int }, [callable, resting, quiet].map { Int($0) })
                XCTAssertEqual(page["total"] as? Int, 3)
                XCTAssertEqual(items.map { $0["callable_now"] as? Bool }, [true, false, false])
                XCTAssertEqual(items[1]["wait"] as? String, "rest_hours")
                XCTAssertEqual(items[1]["callable_from_local"] as? String, CallbackJSONTime.local(restEnd, zone: Self.zone), "not before HH:MM")
                XCTAssertEqual([items[2]["channel"] as? String, items[2]["wait"] as? String], ["email", "do_not_call"])
                let first = items[0]
                XCTAssertEqual(first["reason"] as? String, "delivered_order")
                XCTAssertEqual(first["state"] as? String, "open")
                XCTAssertNotNil(first["due_by"] as? String)
                XCTAssertNotNil(first["order_number"] as? String)
                XCTAssertEqual(first["assignee_name"] as? String, "Zhang.Wei")
                XCTAssertNil(first["outcome"], "absent optionals are left out")
                let contact = first["contact"] as? [String: Any] ?? [:]
                XCTAssertEqual(contact["name"] as? String, "王芳")
                XCTAssertEqual(contact["phone"] as? String, Role.agent.allows(.piiView) ? "13812345678" : "138****5678")
            }
            try await client.execute(uri: "/api/v1/callbacks?due=today&channel=phone", method: .get, headers: AppHarness.bearer(token)) { response in
                let ids = (AppHarness.decode(response)["items"] as? [[String: Any]] ?? []).compactMap { $0["id"] as? Int }
                XCTAssertFalse(ids.contains(Int(quiet)), "a do-not-call member is never in the call list")
                XCTAssertEqual(ids.count, 2)
            }
            for bad in ["due=tomorrow", "reason=visit", "assignee=someone", "state=lost", "limit=0"] {
                try await client.execute(uri: "/api/v1/callbacks?\(bad)", method: .get, headers: AppHarness.bearer(token)) { response in
                    XCTAssertEqual(response.status, .badRequest, bad)
                }
            }
            try await client.execute(uri: "/api/v1/callbacks/\(callable)", method: .get, headers: AppHarness.bearer(token)) { response in
                let detail = AppHarness.decode(response)
                let steps = (detail["script"] as? [[String: Any]] ?? []).compactMap { $0["step"] as? String }
                XCTAssertEqual(steps, ["opening", "question", "satisfied", "unsatisfied", "closing_satisfied", "closing_unsatisfied"])
                XCTAssertTrue((detail["script"] as? [[String: Any]])?[1]["body"] as? String == "感谢您在××时间订购我们的××,请问商品是否按时送到?产品是否完好无损?您对我们服务人员的服务满意吗?")
                XCTAssertEqual((detail["attempts"] as? [Any])?.count, 0)
            }
            try await client.execute(uri: "/api/v1/callbacks/999999", method: .get, headers: AppHarness.bearer(token)) { response in
                XCTAssertEqual(response.status, .notFound)
            }
            try await TestStores.user(services, "yang.min", role: .orderClerk, password: AppHarness.staffPassword)
            let clerk = try await AppHarness.token(client, "yang.min", AppHarness.staffPassword)
            try await client.execute(uri: "/api/v1/callbacks", method: .get, headers: AppHarness.bearer(clerk)) { response in
                XCTAssertEqual(response.status, .forbidden)
                XCTAssertTrue(response.text.contains("callbacks.view"))
            }
        }
    }

    // R-CB-2, R-CB-3: dialling a resting member or a do-not-call member is refused with a clear error; a no answer is
    // recorded with the next try; unknown results are 422; people who do not make callbacks get 403.
    func testAttemptsAreRefusedInRestHoursAndForDoNotCall_R_CB_2() async throws {
        try await AppHarness.run { client, services in
            let (resting, callable, quiet, _) = try await Self.setUp(services)
            let token = try await AppHarness.token(client, "zhang.wei", AppHarness.staffPassword)
            let attempt = { (id: Int64, body: [String: Any]) in
                try await client.execute(uri: "/api/v1/callbacks/\(id)/attempts", method: .post, headers: AppHarness.bearer(token),
                                         body: AppHarness.json(body)) { ($0.status, AppHarness.decode($0), $0.text) }
            }
            var (status, json, text) = try await attempt(resting, ["result": "answered"])
            XCTAssertEqual(status, .unprocessableContent)
            let error = (json["errors"] as? [[String: Any]])?.first ?? [:]
            XCTAssertEqual([error["field"] as? String, error["code"] as? String], ["result", "error.callback_rest_hours"])
            XCTAssertTrue(text.contains("会员休息时间") || text.contains("resting"), text)
            (status, json, _) = try await attempt(quiet, ["result": "no_answer"])
            XCTAssertEqual(status, .unprocessableContent)
            XCTAssertEqual((json["errors"] as? [[String: Any]])?.first?["code"] as? String, "error.callback_do_not_call")
            (status, json, _) = try await attempt(callable, ["result": "hung_up"])
            XCTAssertEqual(status, .unprocessableContent)
            (status, json, _) = try await attempt(callable, ["note": "x"])
            XCTAssertEqual(status, .unprocessableContent)
            (status, json, text) = try await attempt(callable, ["result": "no_answer", "note": "响铃无人接"])
            XCTAssertEqual(status, .ok, text)
            XCTAssertEqual(json["failed_attempts"] as? Int, 1)
            XCTAssertEqual(json["wait"] as? String, "retry")
            XCTAssertNotNil(json["next_attempt_at"] as? String)
            XCTAssertEqual((json["attempts"] as? [[String: Any]])?.first?["result"] as? String, "no_answer")
            (status, json, _) = try await attempt(quiet, ["result": "sent", "version": 1])
            XCTAssertEqual([status == .ok, json["state"] as? String == "done"], [true, true])
            (status, _, _) = try await attempt(quiet, ["result": "sent"])
            XCTAssertEqual(status, .conflict, "done already")
            try await client.execute(uri: "/api/v1/callbacks/\(callable)/attempts", method: .post, headers: AppHarness.bearer(token),
                                     body: ByteBuffer(string: "{")) { response in
                XCTAssertEqual(response.status, .badRequest)
            }
            let events = try await services.events.list(EventFilter(entity: "callback"), by: .system).events.map(\.kind)
            XCTAssertEqual(events, ["callback.attempted", "callback.attempted", "callbacks.generated"])
        }
    }

    // R-CB-2: an unsatisfied outcome returns the callback with the ticket it opened; the ticket is a complaint with the
    // member's words; outcomes are validated; a second one or a stale version is a conflict.
    func testUnsatisfiedOutcomeReturnsTheTicket_R_CB_2() async throws {
        try await AppHarness.run { client, services in
            let (_, callable, _, _) = try await Self.setUp(services)
            let token = try await AppHarness.token(client, "zhang.wei", AppHarness.staffPassword)
            let outcome = { (body: [String: Any]) in
                try await client.execute(uri: "/api/v1/callbacks/\(callable)/outcome", method: .post, headers: AppHarness.bearer(token),
                                         body: AppHarness.json(body)) { ($0.status, AppHarness.decode($0)) }
            }
            let fields = { (json: [String: Any]) in (json["errors"] as? [[String: Any]] ?? []).compactMap { $0["field"] as? String } }
            var (status, json) = try await outcome([:])
            XCTAssertEqual(status, .unprocessableContent)
            XCTAssertEqual(fields(json), ["outcome"])
            (status, json) = try await outcome(["outcome": "delighted"])
            XCTAssertEqual(status, .unprocessableContent)
            (status, json) = try await outcome(["outcome": "unsatisfied"])
            XCTAssertEqual(fields(json), ["suggestions"])
            (status, json) = try await outcome(["outcome": "unsatisfied", "suggestions": "x", "ticket": ["type": "inquiry"]])
            XCTAssertEqual(fields(json), ["ticket.type"])
            (status, json) = try await outcome(["outcome": "satisfied", "version": 9])
            XCTAssertEqual(status, .conflict)
            XCTAssertEqual(json["current_version"] as? Int, 1)
            (status, json) = try await outcome(["outcome": "unsatisfied", "suggestions": "送货太慢，包装也破了", "ticket": ["type": "complaint"], "version": 1])
            XCTAssertEqual(status, .ok)
            XCTAssertEqual([json["state"] as? String, json["outcome"] as? String], ["done", "unsatisfied"])
            let ticketID = try XCTUnwrap(json["ticket_id"] as? Int)
            XCTAssertNotNil(json["ticket_number"] as? String)
            try await client.execute(uri: "/api/v1/tickets/\(ticketID)", method: .get, headers: AppHarness.bearer(token)) { response in
                let ticket = AppHarness.decode(response)
                XCTAssertEqual(ticket["type"] as? String, "complaint")
                XCTAssertNotNil(ticket["member_id"] as? Int, "the ticket is on the member's timeline")
            }
            (status, json) = try await outcome(["outcome": "satisfied"])
            XCTAssertEqual(status, .conflict)
            XCTAssertEqual(json["current_state"] as? String, "done")
        }
    }

    // R-CB-5: the summary as JSON (totals, by outcome, reason and agent, coverage against 100%), CSV and XLSX;
    // reports.view is needed; bad dates are 400.
    func testSummaryReport_R_CB_5() async throws {
        try await AppHarness.run { client, services in
            let (_, callable, _, _) = try await Self.setUp(services)
            let agent = try await AppHarness.token(client, "zhang.wei", AppHarness.staffPassword)
            try await client.execute(uri: "/api/v1/callbacks/\(callable)/outcome", method: .post, headers: AppHarness.bearer(agent),
                                     body: AppHarness.json(["outcome": "satisfied"])) { XCTAssertEqual($0.status, .ok) }
            try await client.execute(uri: "/api/v1/reports/callbacks", method: .get, headers: AppHarness.bearer(agent)) { response in
                XCTAssertEqual(response.status, .forbidden, "agents do not read reports")
            }
            try await TestStores.user(services, "zhao.lei", role: .supervisor, password: AppHarness.staffPassword)
            let supervisor = try await AppHarness.token(client, "zhao.lei", AppHarness.staffPassword)
            let today = CallbackSettings.day(of: Date(), in: Self.zone)
            let range = "from=\(today.adding(days: -10))&to=\(today.adding(days: 10))"
            try await client.execute(uri: "/api/v1/reports/callbacks?\(range)", method: .get, headers: AppHarness.bearer(supervisor)) { response in
                XCTAssertEqual(response.status, .ok, response.text)
                let report = AppHarness.decode(response)
                XCTAssertEqual([report["due"] as? Int, report["done_in_time"] as? Int, report["open"] as? Int, report["created"] as? Int], [3, 1, 2, 3])
                XCTAssertEqual((report["by_outcome"] as? [String: Int])?["satisfied"], 1)
                XCTAssertEqual((report["by_reason"] as? [[String: Any]])?.first?["reason"] as? String, "delivered_order")
                XCTAssertEqual((report["by_agent"] as? [[String: Any]])?.first?["agent_name"] as? String, "Zhang.Wei")
                let coverage = report["coverage"] as? [String: Any] ?? [:]
                XCTAssertEqual([coverage["delivered_orders"] as? Int, coverage["orders_in_time"] as? Int, coverage["members"] as? Int], [3, 1, 3])
                XCTAssertEqual(coverage["target"] as? Double, 1)
                XCTAssertEqual(coverage["met"] as? Bool, false)
            }
            try await client.execute(uri: "/api/v1/reports/callbacks?\(range)&format=csv", method: .get, headers: AppHarness.bearer(supervisor)) { response in
                XCTAssertEqual(response.headers[.contentType], "text/csv; charset=utf-8")
                XCTAssertTrue(String(buffer: response.body).contains("合计"))
            }
            try await client.execute(uri: "/api/v1/reports/callbacks?format=xlsx", method: .get, headers: AppHarness.bearer(supervisor)) { response in
                XCTAssertEqual(response.headers[.contentType], "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
            }
            for bad in ["from=2026-13-01", "format=pdf"] {
                try await client.execute(uri: "/api/v1/reports/callbacks?\(bad)", method: .get, headers: AppHarness.bearer(supervisor)) { response in
                    XCTAssertEqual(response.status, .badRequest, bad)
                }
            }
        }
    }

    // R-CB-2: POST /api/v1/callbacks adds a callback by hand (预约回访): 201 with its Location, in the caller's list with
    // its note; problems are 422 by field; a role that only views callbacks is refused.
    func testAddingACallbackByHand_R_CB_2() async throws {
        try await AppHarness.run { client, services in
            let member = try await CallbackFixtures.member(services.database, name: "陈静", phone: "13912345678", at: Date())
            let token = try await AppHarness.token(client, "zhang.wei", AppHarness.staffPassword)
            let iso = ISO8601DateFormatter()
            let from = Date().addingTimeInterval(3600), until = Date().addingTimeInterval(3 * 3600)
            let body: [String: Any] = ["member_id": member, "not_before": iso.string(from: from), "due_by": iso.string(from: until),
                                       "note": "确认退款到账"]
            var id = 0
            try await client.execute(uri: "/api/v1/callbacks", method: .post, headers: AppHarness.bearer(token), body: AppHarness.json(body)) { response in
                XCTAssertEqual(response.status, .created, response.text)
                let json = AppHarness.decode(response)
                id = json["id"] as? Int ?? 0
                XCTAssertEqual(response.headers[.location], "/api/v1/callbacks/\(id)")
                XCTAssertEqual(json["reason"] as? String, "manual")
                XCTAssertEqual(json["note"] as? String, "确认退款到账")
                XCTAssertEqual(json["channel"] as? String, "phone")
            }
            try await client.execute(uri: "/api/v1/callbacks?assignee=me&state=open", method: .get, headers: AppHarness.bearer(token)) { response in
                let items = AppHarness.decode(response)["items"] as? [[String: Any]] ?? []
                XCTAssertEqual(items.map { $0["id"] as? Int }, [id], "the agent who added it calls")
            }
            let late: [String: Any] = ["member_id": member, "not_before": iso.string(from: until), "due_by": iso.string(from: from)]
            try await client.execute(uri: "/api/v1/callbacks", method: .post, headers: AppHarness.bearer(token), body: AppHarness.json(late)) { response in
                XCTAssertEqual(response.status, .unprocessableContent)
                XCTAssertEqual(CallAPITests.fields(AppHarness.decode(response)), ["due_by error.due_before_start"])
            }
            try await client.execute(uri: "/api/v1/callbacks", method: .post, headers: AppHarness.bearer(token),
                                     body: AppHarness.json(["member_id": member, "due_by": "tomorrow"])) { response in
                XCTAssertEqual(response.status, .badRequest, response.text)
            }
            _ = try await TestStores.user(services, "shou.hou", role: .afterSales, password: AppHarness.staffPassword)
            let afterSales = try await AppHarness.token(client, "shou.hou", AppHarness.staffPassword)
            try await client.execute(uri: "/api/v1/callbacks", method: .post, headers: AppHarness.bearer(afterSales),
                                     body: AppHarness.json(["member_id": member])) { response in
                XCTAssertEqual(response.status, .forbidden)
            }
        }
    }
}

/// The business wall clock as the API writes `callable_from_local`.
enum CallbackJSONTime {
    static func local(_ instant: Date, zone: TimeZone) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = zone
        let sameDay = CallbackSettings.day(of: instant, in: zone) == CallbackSettings.day(of: Date(), in: zone)
        formatter.dateFormat = sameDay ? "HH:mm" : "MM-dd HH:mm"
        return formatter.string(from: instant)
    }
}
