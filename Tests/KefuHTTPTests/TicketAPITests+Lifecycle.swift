import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import KefuDomain
import KefuServices
import NIOCore
import XCTest

/// Hand-offs, resolution, concurrent assignment and masked contacts through `/api/v1/tickets`.
extension TicketAPITests {
    // R-TKT-3: a hand-off records department, request and due time; the owner keeps it in their lists.
    func testHandoffKeepsTheOwner_R_TKT_3() async throws {
        try await AppHarness.run { client, services in
            let desk = try await Self.desk(client, services)
            let id = try await Self.post(client, "/api/v1/tickets", desk.agent, Self.ticket, expect: .created)["id"] as? Int ?? 0
            let missing = try await Self.post(client, "/api/v1/tickets/\(id)/handoff", desk.agent, [:], expect: .unprocessableContent)
            XCTAssertEqual(Self.fields(missing), ["department", "request", "due_at"])
            let past = try await Self.post(client, "/api/v1/tickets/\(id)/handoff", desk.agent,
                                           ["department": "warehouse", "request": "核实", "due_at": "2020-01-01T00:00:00Z"], expect: .unprocessableContent)
            XCTAssertEqual(Self.fields(past), ["due_at"])
            let handed = try await Self.post(client, "/api/v1/tickets/\(id)/handoff", desk.agent,
                                             ["department": "warehouse", "request": "请核实该订单是否已出库", "due_at": "2099-01-01T08:00:00Z",
                                              "contact": "分机 8021"], expect: .created)
            XCTAssertEqual(handed["state"] as? String, "waiting_department")
            XCTAssertEqual(handed["department"] as? String, "warehouse")
            XCTAssertEqual(handed["owner"] as? Int, desk.agentID)
            XCTAssertEqual(handed["assignee"] as? Int, desk.agentID)
            let detail = try await Self.get(client, "/api/v1/tickets/\(id)", desk.agent)
            let handoff = try XCTUnwrap((detail["handoffs"] as? [[String: Any]])?.first)
            XCTAssertEqual(handoff["department"] as? String, "warehouse")
            XCTAssertEqual(handoff["request"] as? String, "请核实该订单是否已出库")
            XCTAssertEqual(handoff["due_at"] as? String, "2099-01-01T08:00:00Z")
            XCTAssertEqual(handoff["contact"] as? String, "分机 8021")
            XCTAssertEqual(handoff["requested_by"] as? Int, desk.agentID)
            let fetched12 = try await Self.get(client, "/api/v1/tickets?assignee=me", desk.agent)
            XCTAssertEqual(Self.ids(fetched12), [id])
            let fetched13 = try await Self.get(client, "/api/v1/tickets?owner=me&open=true", desk.agent)
            XCTAssertEqual(Self.ids(fetched13), [id])
            let fetched14 = try await Self.get(client, "/api/v1/tickets?department=warehouse", desk.agent)
            XCTAssertEqual(Self.ids(fetched14), [id])
            // The warehouse sees it and answers; it comes back open to its owner.
            let fetched15 = try await Self.get(client, "/api/v1/tickets", desk.warehouse)
            XCTAssertEqual(Self.ids(fetched15), [id])
            let handoffID = handoff["id"] as? Int ?? 0
            try await Self.post(client, "/api/v1/tickets/\(id)/handoffs/\(handoffID)/answer", desk.warehouse, [:], expect: .unprocessableContent)
            let answered = try await Self.post(client, "/api/v1/tickets/\(id)/handoffs/\(handoffID)/answer", desk.warehouse,
                                               ["answer": "已于昨日出库，单号 SF123"], expect: .ok)
            XCTAssertEqual(answered["state"] as? String, "open")
            XCTAssertEqual(answered["owner"] as? Int, desk.agentID)
            let notifications = try await Self.get(client, "/api/v1/notifications?unread=true", desk.agent)
            XCTAssertTrue((notifications["items"] as? [[String: Any]] ?? []).contains {
                $0["kind"] as? String == "ticket.handoff_answered" && $0["entity_id"] as? String == "\(id)"
            })
            try await client.execute(uri: "/api/v1/notifications/read", method: .post, headers: AppHarness.bearer(desk.agent)) { response in
                XCTAssertEqual(response.status, .noContent)
            }
            let unread = try await Self.get(client, "/api/v1/notifications?unread=1", desk.agent)
            XCTAssertEqual(unread["total"] as? Int, 0)
        }
    }

    // R-TKT-9: resolving needs both confirmations; then close and reopen.
    func testResolveNeedsBothConfirmations_R_TKT_9() async throws {
        try await AppHarness.run { client, services in
            let desk = try await Self.desk(client, services)
            let id = try await Self.post(client, "/api/v1/tickets", desk.agent, Self.ticket, expect: .created)["id"] as? Int ?? 0
            let none = try await Self.post(client, "/api/v1/tickets/\(id)/resolve", desk.agent, nil, expect: .unprocessableContent)
            XCTAssertEqual(Self.fields(none), ["customer_understood", "asked_anything_else"])
            let one = try await Self.post(client, "/api/v1/tickets/\(id)/resolve", desk.agent, ["customer_understood": true], expect: .unprocessableContent)
            XCTAssertEqual(Self.fields(one), ["asked_anything_else"])
            let unchanged = try await Self.get(client, "/api/v1/tickets/\(id)", desk.agent)
            XCTAssertEqual(unchanged["state"] as? String, "new")
            let early = try await Self.post(client, "/api/v1/tickets/\(id)/close", desk.agent, nil, expect: .conflict)
            XCTAssertEqual(early["allowed_actions"] as? [String], ["resolve"])
            let resolved = try await Self.post(client, "/api/v1/tickets/\(id)/resolve", desk.agent,
                                               ["customer_understood": true, "asked_anything_else": true], expect: .ok)
            XCTAssertEqual(resolved["state"] as? String, "resolved")
            XCTAssertNotNil(resolved["resolved_at"] as? String)
            try await Self.post(client, "/api/v1/tickets/\(id)/messages", desk.agent, ["kind": "reply", "body": "x"], expect: .conflict)
            let closed = try await Self.post(client, "/api/v1/tickets/\(id)/close", desk.agent, ["version": resolved["version"] as? Int ?? 0], expect: .ok)
            XCTAssertEqual(closed["state"] as? String, "closed")
            try await Self.post(client, "/api/v1/tickets/\(id)/reopen", desk.agent, [:], expect: .unprocessableContent)
            let reopened = try await Self.post(client, "/api/v1/tickets/\(id)/reopen", desk.agent, ["reason": "客户再次来电"], expect: .ok)
            XCTAssertEqual(reopened["state"] as? String, "open")
            XCTAssertNil(reopened["closed_at"])
            // Configured states: waiting for the customer; a resolve-only state is refused.
            let waiting = try await Self.post(client, "/api/v1/tickets/\(id)/state", desk.agent, ["state": "waiting_customer"], expect: .ok)
            XCTAssertEqual(waiting["state_category"] as? String, "pending")
            try await Self.post(client, "/api/v1/tickets/\(id)/state", desk.agent, ["state": "closed"], expect: .conflict)
            try await Self.post(client, "/api/v1/tickets/\(id)/state", desk.agent, ["state": "nowhere"], expect: .unprocessableContent)
            // The customer writes again: open again.
            let wrote = try await Self.post(client, "/api/v1/tickets/\(id)/customer-messages", desk.integration, ["body": "还有一个问题"], expect: .created)
            XCTAssertEqual(wrote["state"] as? String, "open")
        }
    }

    // Optimistic concurrency: two assigns with the same version at once, one wins and one gets 409.
    func testConcurrentAssignsWithTheSameVersion() async throws {
        try await AppHarness.run { client, services in
            let desk = try await Self.desk(client, services)
            let created = try await Self.post(client, "/api/v1/tickets", desk.agent, Self.ticket, expect: .created)
            let id = created["id"] as? Int ?? 0
            let version = created["version"] as? Int ?? 0
            let statuses = try await withThrowingTaskGroup(of: (HTTPResponse.Status, Int?).self) { group in
                for (token, assignee) in [(desk.supervisor, desk.agent2ID), (desk.admin, desk.supervisorID)] {
                    group.addTask {
                        try await client.execute(uri: "/api/v1/tickets/\(id)/assign", method: .post, headers: AppHarness.bearer(token),
                                                 body: AppHarness.json(["assignee_id": assignee, "version": version])) {
                            ($0.status, AppHarness.decode($0)["current_version"] as? Int)
                        }
                    }
                }
                var results: [(HTTPResponse.Status, Int?)] = []
                for try await result in group { results.append(result) }
                return results
            }
            XCTAssertEqual(statuses.map(\.0.code).sorted(), [200, 409])
            XCTAssertEqual(statuses.first { $0.0 == .conflict }?.1, version + 1)
            // If-Match works the same way.
            try await client.execute(uri: "/api/v1/tickets/\(id)/assign", method: .post,
                                     headers: AppHarness.bearer(desk.admin, [.ifMatch: "\"\(version)\""]),
                                     body: AppHarness.json(["assignee_id": desk.agentID])) { response in
                XCTAssertEqual(response.status, .conflict)
            }
        }
    }

    // R-SEC-2: an integration without pii.view gets masked phones and emails on tickets.
    func testCustomerContactsAreMaskedWithoutPIIView() async throws {
        try await AppHarness.run(sqliteOnly: true) { client, services in
            let desk = try await Self.desk(client, services)
            let id = try await client.execute(uri: "/api/v1/tickets", method: .post, headers: AppHarness.bearer(desk.integration),
                                              body: AppHarness.json(Self.ticket)) { response in
                XCTAssertEqual(response.status, .created)
                XCTAssertFalse(response.text.contains("13800138000"))
                XCTAssertFalse(response.text.contains("zhang.san@example.com"))
                let customer = AppHarness.decode(response)["customer"] as? [String: Any]
                XCTAssertEqual(customer?["phone"] as? String, "138****8000")
                XCTAssertEqual(customer?["name"] as? String, "张三")
                return AppHarness.decode(response)["id"] as? Int ?? 0
            }
            for uri in ["/api/v1/tickets/\(id)", "/api/v1/tickets"] {
                try await client.execute(uri: uri, method: .get, headers: AppHarness.bearer(desk.integration)) { response in
                    XCTAssertEqual(response.status, .ok)
                    XCTAssertFalse(response.text.contains("13800138000"), uri)
                    XCTAssertFalse(response.text.contains("zhang.san@example.com"), uri)
                    XCTAssertTrue(response.text.contains("138****8000"), uri)
                }
            }
            try await client.execute(uri: "/api/v1/tickets/\(id)", method: .get, headers: AppHarness.bearer(desk.supervisor)) { response in
                XCTAssertTrue(response.text.contains("13800138000"))
                XCTAssertTrue(response.text.contains("zhang.san@example.com"))
            }
            // R-MEM-4: agents see it masked too; the one working the ticket reveals it, logged once; others may not.
            try await client.execute(uri: "/api/v1/tickets/\(id)", method: .get, headers: AppHarness.bearer(desk.agent2)) { response in
                XCTAssertFalse(response.text.contains("13800138000"))
            }
            try await client.execute(uri: "/api/v1/tickets/\(id)/reveal", method: .post, headers: AppHarness.bearer(desk.agent2)) { response in
                XCTAssertEqual(response.status, .forbidden)
            }
            try await client.execute(uri: "/api/v1/tickets/\(id)/assign", method: .post, headers: AppHarness.bearer(desk.supervisor),
                                     body: AppHarness.json(["assignee_id": desk.agent2ID])) { XCTAssertEqual($0.status, .ok, $0.text) }
            try await client.execute(uri: "/api/v1/tickets/\(id)/reveal", method: .post, headers: AppHarness.bearer(desk.agent2)) { response in
                XCTAssertEqual(response.status, .ok)
                XCTAssertEqual(AppHarness.decode(response)["phone"] as? String, "13800138000")
                XCTAssertEqual(AppHarness.decode(response)["email"] as? String, "zhang.san@example.com")
            }
            let reveals = try await services.events.list(EventFilter(kind: "pii.revealed", entity: "ticket", entityID: "\(id)"), limit: 10,
                                                         by: .system)
            XCTAssertEqual(reveals.events.count, 1)
            // Without credentials nothing.
            try await client.execute(uri: "/api/v1/tickets", method: .get) { response in
                XCTAssertEqual(response.status, .unauthorized)
            }
        }
    }
}
