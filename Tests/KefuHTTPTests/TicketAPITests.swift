import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import KefuDomain
import KefuServices
import NIOCore
import XCTest

/// The ticket API (issue 4) on every test database, through the real router.
final class TicketAPITests: XCTestCase {
    /// The issue's ticket shape, as integrators send it.
    static var ticket: [String: Any] { [
        "type": "inquiry", "channel": "phone", "subject": "订单什么时候发货", "body": "客户询问订单 O-1 的发货时间",
        "customer": ["name": "张三", "phone": "13800138000", "email": "zhang.san@example.com"], "order_id": NSNull(), "severity": "simple",
    ] }

    static func complaint(_ extra: [String: Any] = [:]) -> [String: Any] {
        var body: [String: Any] = [
            "type": "complaint", "channel": "phone", "subject": "收到的T恤有破洞", "body": "客户投诉商品质量，要求退货",
            "customer": ["name": "李四", "phone": "13900139000"], "severity": "complex",
        ]
        body.merge(extra) { _, new in new }
        return body
    }

    struct Desk {
        var admin: String
        /// zhang.wei, an agent (no team).
        var agent: String
        var agentID: Int
        /// wang.fang, a second agent (team east).
        var agent2: String
        var agent2ID: Int
        /// li.na, a supervisor of team east.
        var supervisor: String
        var supervisorID: Int
        /// zhao.lei, a supervisor of team west (created first: a lower id than li.na).
        var westSupervisorID: Int
        var manager: String
        var managerID: Int
        var integration: String
        var warehouse: String
    }

    static func desk(_ client: any TestClientProtocol, _ services: Services) async throws -> Desk {
        func make(_ login: String, _ role: Role, team: String? = nil, department: Department? = nil) async throws -> Int {
            Int(try await services.users.create(UserDraft(login: login, displayName: login, role: role, department: department, team: team,
                                                          password: AppHarness.staffPassword), by: .system).id)
        }
        let agentID = Int(try await services.users.find(login: "zhang.wei", by: .system).id)
        let westSupervisorID = try await make("zhao.lei", .supervisor, team: "west")
        let supervisorID = try await make("li.na", .supervisor, team: "east")
        let agent2ID = try await make("wang.fang", .agent, team: "east")
        let managerID = try await make("chen.jing", .manager)
        _ = try await make("chat.gateway", .integration)
        _ = try await make("cang.ku", .department, department: .warehouse)
        let token = { (login: String) in try await AppHarness.token(client, login, AppHarness.staffPassword) }
        return Desk(admin: try await AppHarness.token(client, "admin", AppHarness.adminPassword),
                    agent: try await token("zhang.wei"), agentID: agentID, agent2: try await token("wang.fang"), agent2ID: agent2ID,
                    supervisor: try await token("li.na"), supervisorID: supervisorID, westSupervisorID: westSupervisorID,
                    manager: try await token("chen.jing"), managerID: managerID, integration: try await token("chat.gateway"),
                    warehouse: try await token("cang.ku"))
    }

    @discardableResult
    static func post(_ client: any TestClientProtocol, _ uri: String, _ token: String, _ body: [String: Any]? = nil,
                     expect status: HTTPResponse.Status, file: StaticString = #filePath, line: UInt = #line) async throws -> [String: Any] {
        try await client.execute(uri: uri, method: .post, headers: AppHarness.bearer(token), body: body.map(AppHarness.json)) { response in
            XCTAssertEqual(response.status, status, "POST \(uri): \(response.text)", file: file, line: line)
            return AppHarness.decode(response)
        }
    }

    static func get(_ client: any TestClientProtocol, _ uri: String, _ token: String, expect status: HTTPResponse.Status = .ok,
                    file: StaticString = #filePath, line: UInt = #line) async throws -> [String: Any] {
        try await client.execute(uri: uri, method: .get, headers: AppHarness.bearer(token)) { response in
            XCTAssertEqual(response.status, status, "GET \(uri): \(response.text)", file: file, line: line)
            return AppHarness.decode(response)
        }
    }

    static func ids(_ page: [String: Any]) -> [Int] { (page["items"] as? [[String: Any]] ?? []).compactMap { $0["id"] as? Int } }
    static func fields(_ problem: [String: Any]) -> Set<String> {
        Set((problem["errors"] as? [[String: Any]] ?? []).compactMap { $0["field"] as? String })
    }

    // R-TKT-1: the issue's shape creates a ticket with number, state new, owner, assignee, version and SLA instants;
    // an incomplete one is a 422 listing every field; lists filter by type, assignee, sla and q.
    func testCreateValidateAndList_R_TKT_1() async throws {
        try await AppHarness.run { client, services in
            let desk = try await Self.desk(client, services)
            let created = try await client.execute(uri: "/api/v1/tickets", method: .post, headers: AppHarness.bearer(desk.agent),
                                                   body: AppHarness.json(Self.ticket)) { response in
                XCTAssertEqual(response.status, .created, response.text)
                let ticket = AppHarness.decode(response)
                XCTAssertEqual(response.headers[.location], "/api/v1/tickets/\(ticket["id"] as? Int ?? 0)")
                return ticket
            }
            let id = try XCTUnwrap(created["id"] as? Int)
            let number = try XCTUnwrap(created["number"] as? String)
            XCTAssertNotNil(number.range(of: #"^T-[0-9]{8}-[0-9]{4,}$"#, options: .regularExpression), number)
            XCTAssertEqual(created["state"] as? String, "new")
            XCTAssertEqual(created["owner"] as? Int, desk.agentID)
            XCTAssertEqual(created["assignee"] as? Int, desk.agentID)
            XCTAssertEqual(created["version"] as? Int, 1)
            XCTAssertNotNil(created["first_response_due_at"] as? String)
            XCTAssertNotNil(created["resolution_due_at"] as? String)
            XCTAssertTrue(["on_track", "at_risk", "paused"].contains(created["sla_state"] as? String ?? ""), "\(created)")
            XCTAssertEqual((created["customer"] as? [String: Any])?["phone"] as? String, "138****8000", "agents see contacts masked")

            let problem = try await Self.post(client, "/api/v1/tickets", desk.agent, ["customer": ["email": "not-an-email"]], expect: .unprocessableContent)
            XCTAssertEqual(Self.fields(problem), ["type", "channel", "subject", "body", "customer.name", "customer.email"])
            let empty = try await Self.post(client, "/api/v1/tickets", desk.agent, [:], expect: .unprocessableContent)
            XCTAssertEqual(Self.fields(empty), ["type", "channel", "subject", "body", "customer.name", "customer.phone"])
            try await Self.post(client, "/api/v1/tickets", desk.agent, ["type": "gossip"], expect: .badRequest)

            // A complaint by the second agent, an email inquiry by the supervisor.
            let complaint = try await Self.post(client, "/api/v1/tickets", desk.agent2, Self.complaint(), expect: .created)
            var mail = Self.ticket
            mail["channel"] = "email"
            mail["subject"] = "发票抬头怎么改"
            let other = try await Self.post(client, "/api/v1/tickets", desk.supervisor, mail, expect: .created)

            let fetched1 = try await Self.get(client, "/api/v1/tickets?type=complaint", desk.agent)
            XCTAssertEqual(Self.ids(fetched1), [complaint["id"] as? Int ?? -1])
            let fetched2 = try await Self.get(client, "/api/v1/tickets?assignee=me", desk.agent)
            XCTAssertEqual(Self.ids(fetched2), [id])
            let fetched3 = try await Self.get(client, "/api/v1/tickets?owner=me", desk.supervisor)
            XCTAssertEqual(Self.ids(fetched3), [other["id"] as? Int ?? -1])
            let fetched4 = try await Self.get(client, "/api/v1/tickets?assignee=\(desk.agent2ID)", desk.supervisor)
            XCTAssertEqual(Self.ids(fetched4),
                           [complaint["id"] as? Int ?? -1])
            let fetched5 = try await Self.get(client, "/api/v1/tickets?channel=email", desk.agent)
            XCTAssertEqual(Self.ids(fetched5), [other["id"] as? Int ?? -1])
            let fetched6 = try await Self.get(client, "/api/v1/tickets?q=\(number)", desk.agent)
            XCTAssertEqual(Self.ids(fetched6), [id])
            let byText = "/api/v1/tickets?q=" + "发票".addingPercentEncoding(withAllowedCharacters: .urlQueryAllowed)!
            let fetched7 = try await Self.get(client, byText, desk.agent)
            XCTAssertEqual(Self.ids(fetched7), [other["id"] as? Int ?? -1])
            let fetched8 = try await Self.get(client, "/api/v1/tickets?q=13900139000", desk.agent)
            XCTAssertEqual(Self.ids(fetched8), [complaint["id"] as? Int ?? -1])
            // Nothing is at risk or breached a moment after creation.
            for sla in ["at_risk", "breached"] {
                let page = try await Self.get(client, "/api/v1/tickets?sla=\(sla)", desk.agent)
                XCTAssertEqual(page["total"] as? Int, 0, sla)
            }
            let all = try await Self.get(client, "/api/v1/tickets", desk.agent)
            XCTAssertEqual(all["total"] as? Int, 3)
            for bad in ["sla=late", "type=gossip", "assignee=someone", "department=kitchen"] {
                _ = try await Self.get(client, "/api/v1/tickets?\(bad)", desk.agent, expect: .badRequest)
            }

            let detail = try await Self.get(client, "/api/v1/tickets/\(id)", desk.agent)
            XCTAssertEqual((detail["messages"] as? [[String: Any]])?.first?["kind"] as? String, "customer")
            XCTAssertFalse((detail["clocks"] as? [[String: Any]] ?? []).isEmpty)
            let states = try await Self.get(client, "/api/v1/ticket-states", desk.agent)
            XCTAssertTrue((states["items"] as? [[String: Any]] ?? []).contains { $0["code"] as? String == "waiting_customer" && $0["pauses_sla"] as? Bool == true })
            let categories = try await Self.get(client, "/api/v1/ticket-categories", desk.agent)
            XCTAssertTrue((categories["items"] as? [[String: Any]] ?? []).contains { $0["code"] as? String == "service_attitude" && $0["parent"] as? String == "complaint" })
            let history = try await Self.get(client, "/api/v1/tickets/\(id)/history", desk.agent)
            XCTAssertEqual((history["items"] as? [[String: Any]])?.compactMap { $0["kind"] as? String }, ["ticket.created"])
        }
    }

    // R-TKT-8: a reply is a response, an internal note never is; notes are not shown to a department.
    func testReplyVersusNote_R_TKT_8() async throws {
        try await AppHarness.run { client, services in
            let desk = try await Self.desk(client, services)
            let id = try await Self.post(client, "/api/v1/tickets", desk.agent, Self.ticket, expect: .created)["id"] as? Int ?? 0
            let noted = try await Self.post(client, "/api/v1/tickets/\(id)/messages", desk.agent, ["kind": "note", "body": "已联系仓库核实"],
                                            expect: .created)
            XCTAssertNil(noted["first_response_at"], "a note is not a response")
            XCTAssertEqual(noted["state"] as? String, "new")
            XCTAssertEqual(noted["version"] as? Int, 2)
            let stillNone = try await Self.get(client, "/api/v1/tickets/\(id)", desk.agent)
            XCTAssertNil(stillNone["first_response_at"])
            let missing = try await Self.post(client, "/api/v1/tickets/\(id)/messages", desk.agent, ["body": "x"], expect: .unprocessableContent)
            XCTAssertEqual(Self.fields(missing), ["kind"])
            try await Self.post(client, "/api/v1/tickets/\(id)/messages", desk.agent, ["kind": "customer", "body": "x"], expect: .unprocessableContent)
            try await Self.post(client, "/api/v1/tickets/\(id)/messages", desk.agent, ["kind": "reply", "body": "  "], expect: .unprocessableContent)

            let replied = try await Self.post(client, "/api/v1/tickets/\(id)/messages", desk.agent, ["kind": "reply", "body": "您好，已为您催促发货。"],
                                              expect: .created)
            let firstResponse = try XCTUnwrap(replied["first_response_at"] as? String)
            XCTAssertEqual(replied["state"] as? String, "open")
            // A later note changes nothing about the response.
            let later = try await Self.post(client, "/api/v1/tickets/\(id)/messages", desk.agent, ["kind": "note", "body": "客户语气急"], expect: .created)
            XCTAssertEqual(later["first_response_at"] as? String, firstResponse)
            let detail = try await Self.get(client, "/api/v1/tickets/\(id)", desk.agent)
            XCTAssertEqual((detail["messages"] as? [[String: Any]])?.compactMap { $0["kind"] as? String }, ["customer", "note", "reply", "note"])

            // A department sees what was handed to it, without internal notes.
            try await Self.post(client, "/api/v1/tickets/\(id)/handoff", desk.agent,
                                ["department": "warehouse", "request": "请核实库存", "due_at": "2099-01-01T08:00:00Z"], expect: .created)
            let seen = try await Self.get(client, "/api/v1/tickets/\(id)", desk.warehouse)
            XCTAssertEqual((seen["messages"] as? [[String: Any]])?.compactMap { $0["kind"] as? String }, ["customer", "reply"])
            XCTAssertFalse(String(describing: seen).contains("客户语气急"))
        }
    }

    // R-TKT-2: whoever first takes a ticket owns it to the end; reassignment changes only the assignee.
    func testFirstContactOwnerNeverChanges_R_TKT_2() async throws {
        try await AppHarness.run { client, services in
            let desk = try await Self.desk(client, services)
            // Relayed from a chat by the integration: nobody owns it yet.
            let created = try await Self.post(client, "/api/v1/tickets", desk.integration, Self.ticket, expect: .created)
            let id = created["id"] as? Int ?? 0
            XCTAssertNil(created["owner"])
            XCTAssertNil(created["assignee"])
            let replied = try await Self.post(client, "/api/v1/tickets/\(id)/messages", desk.agent, ["kind": "reply", "body": "您好"], expect: .created)
            XCTAssertEqual(replied["owner"] as? Int, desk.agentID)
            var version = replied["version"] as? Int ?? 0
            for assignee in [desk.agent2ID, desk.supervisorID, desk.agent2ID] {
                let assigned = try await Self.post(client, "/api/v1/tickets/\(id)/assign", desk.supervisor,
                                                   ["assignee_id": assignee, "version": version], expect: .ok)
                XCTAssertEqual(assigned["owner"] as? Int, desk.agentID, "the first-contact owner never changes")
                XCTAssertEqual(assigned["assignee"] as? Int, assignee)
                version = assigned["version"] as? Int ?? 0
            }
            let fetched9 = try await Self.get(client, "/api/v1/tickets?owner=me", desk.agent)
            XCTAssertEqual(Self.ids(fetched9), [id])
            let fetched10 = try await Self.get(client, "/api/v1/tickets?assignee=me", desk.agent)
            XCTAssertEqual(Self.ids(fetched10), [])
            let fetched11 = try await Self.get(client, "/api/v1/tickets?assignee=me", desk.agent2)
            XCTAssertEqual(Self.ids(fetched11), [id])
            // An assignee without tickets.manage is refused.
            let problem = try await Self.post(client, "/api/v1/tickets/\(id)/assign", desk.supervisor, ["assignee_id": 9999], expect: .unprocessableContent)
            XCTAssertEqual(Self.fields(problem), ["assignee_id"])
            // A ticket nobody owns becomes its first assignee's.
            let unowned = try await Self.post(client, "/api/v1/tickets", desk.integration, Self.ticket, expect: .created)["id"] as? Int ?? 0
            let first = try await Self.post(client, "/api/v1/tickets/\(unowned)/assign", desk.supervisor, ["assignee_id": desk.agent2ID], expect: .ok)
            XCTAssertEqual(first["owner"] as? Int, desk.agent2ID)
            let second = try await Self.post(client, "/api/v1/tickets/\(unowned)/assign", desk.supervisor, ["assignee_id": desk.agentID], expect: .ok)
            XCTAssertEqual(second["owner"] as? Int, desk.agent2ID)
            let history = try await Self.get(client, "/api/v1/tickets/\(id)/history", desk.agent)
            XCTAssertEqual((history["items"] as? [[String: Any]])?.compactMap { $0["kind"] as? String },
                           ["ticket.created", "ticket.reply", "ticket.assigned", "ticket.assigned", "ticket.assigned"])
        }
    }
}
