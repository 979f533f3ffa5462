import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import KefuDomain
import KefuServices
import NIOCore
import XCTest

/// The complaint loop over the API: every stage, approval, escalation (R-TKT-5, R-TKT-6).
final class TicketComplaintAPITests: XCTestCase {
    // R-TKT-5: the whole complaint loop over the API, a supervisor approving; no stage can be skipped; an agent
    // cannot approve; an invalid complaint closes with its explanation sent as a reply.
    func testComplaintLoop_R_TKT_5() async throws {
        try await AppHarness.run { client, services in
            let desk = try await TicketAPITests.desk(client, services)
            let id = try await TicketAPITests.post(client, "/api/v1/tickets", desk.agent, TicketAPITests.complaint(), expect: .created)["id"] as? Int ?? 0
            let base = "/api/v1/tickets/\(id)/complaint"
            // Skipping a stage names the stage and the one possible action.
            let skipped = try await TicketAPITests.post(client, "\(base)/judge", desk.agent, [:], expect: .conflict)
            XCTAssertEqual(skipped["current_state"] as? String, "received")
            XCTAssertEqual(skipped["allowed_actions"] as? [String], ["accept"])
            try await TicketAPITests.post(client, "\(base)/teleport", desk.agent, [:], expect: .notFound)
            let noDemand = try await TicketAPITests.post(client, "\(base)/accept", desk.agent, [:], expect: .unprocessableContent)
            XCTAssertEqual(TicketAPITests.fields(noDemand), ["demand"])
            let steps: [(String, [String: Any], String)] = [
                ("accept", ["demand": "退货退款"], "accepted"),
                ("judge", ["valid": true], "judged"),
                ("classify", ["category": "product_quality", "severity": "complex"], "classified"),
                ("assign", ["department": "warehouse"], "assigned"),
                ("investigate", ["evidence": "照片显示布料破洞", "root_cause": "出库前未质检"], "investigated"),
                ("propose", ["solution": "全额退款并补偿10元优惠券"], "proposed"),
            ]
            for (action, body, stage) in steps {
                let ticket = try await TicketAPITests.post(client, "\(base)/\(action)", desk.agent, body, expect: .ok)
                XCTAssertEqual(ticket["complaint_stage"] as? String, stage, action)
                if action == "accept" {
                    let late = try await TicketAPITests.post(client, "\(base)/propose", desk.agent, ["solution": "x"], expect: .conflict)
                    XCTAssertEqual(late["current_state"] as? String, "accepted")
                    XCTAssertEqual(late["allowed_actions"] as? [String], ["judge"])
                }
            }
            // The supervisors of the team are asked to approve; the agent may not approve.
            let asked = try await TicketAPITests.get(client, "/api/v1/notifications", desk.supervisor)
            XCTAssertTrue((asked["items"] as? [[String: Any]] ?? []).contains { $0["kind"] as? String == "complaint.approval_needed" })
            let forbidden = try await TicketAPITests.post(client, "\(base)/approve", desk.agent, [:], expect: .forbidden)
            XCTAssertEqual(forbidden["detail"] as? String, "tickets.approve")
            let refused = try await TicketAPITests.post(client, "\(base)/approve", desk.supervisor, ["approved": false], expect: .unprocessableContent)
            XCTAssertEqual(TicketAPITests.fields(refused), ["reason"])
            let sentBack = try await TicketAPITests.post(client, "\(base)/approve", desk.supervisor, ["approved": false, "reason": "补偿过高"], expect: .ok)
            XCTAssertEqual(sentBack["complaint_stage"] as? String, "investigated")
            try await TicketAPITests.post(client, "\(base)/propose", desk.agent, ["solution": "全额退款"], expect: .ok)
            let approved = try await TicketAPITests.post(client, "\(base)/approve", desk.supervisor, [:], expect: .ok)
            XCTAssertEqual(approved["complaint_stage"] as? String, "approved")
            // A complaint is not resolved or closed by hand: its loop does it.
            let resolve = try await TicketAPITests.post(client, "/api/v1/tickets/\(id)/resolve", desk.agent,
                                              ["customer_understood": true, "asked_anything_else": true], expect: .conflict)
            XCTAssertEqual(resolve["current_state"] as? String, "approved")
            XCTAssertEqual(resolve["allowed_actions"] as? [String], ["implement"])
            let badRemedy = try await TicketAPITests.post(client, "\(base)/implement", desk.agent, ["remedy": "magic", "detail": "x"], expect: .unprocessableContent)
            XCTAssertEqual(TicketAPITests.fields(badRemedy), ["remedy"])
            try await TicketAPITests.post(client, "\(base)/implement", desk.agent, ["remedy": "refund", "detail": "已退款 59.00 元"], expect: .ok)
            let confirmed = try await TicketAPITests.post(client, "\(base)/confirm", desk.agent, ["confirmation": "客户确认已收到退款"], expect: .ok)
            XCTAssertEqual(confirmed["complaint_stage"] as? String, "confirmed")
            XCTAssertEqual(confirmed["state"] as? String, "resolved")
            XCTAssertNotNil(confirmed["follow_up_due_at"] as? String, "confirming schedules the follow-up")
            let followed = try await TicketAPITests.post(client, "\(base)/follow-up", desk.agent, ["outcome": "客户满意"], expect: .ok)
            XCTAssertEqual(followed["complaint_stage"] as? String, "followed_up")
            XCTAssertNil(followed["follow_up_due_at"])
            let archived = try await TicketAPITests.post(client, "\(base)/archive", desk.agent, [:], expect: .ok)
            XCTAssertEqual(archived["complaint_stage"] as? String, "archived")
            XCTAssertEqual(archived["state"] as? String, "closed")
            let done = try await TicketAPITests.post(client, "\(base)/archive", desk.agent, [:], expect: .conflict)
            XCTAssertEqual(done["allowed_actions"] as? [String], [])
            let detail = try await TicketAPITests.get(client, "/api/v1/tickets/\(id)", desk.agent)
            XCTAssertEqual((detail["complaint_steps"] as? [[String: Any]])?.compactMap { $0["stage"] as? String },
                           ["accepted", "judged", "classified", "assigned", "investigated", "proposed", "investigated", "proposed",
                            "approved", "implemented", "confirmed", "followed_up", "archived"])
            XCTAssertEqual(detail["allowed_complaint_actions"] as? [String], [])
            let history = try await TicketAPITests.get(client, "/api/v1/tickets/\(id)/history", desk.agent)
            let kinds = (history["items"] as? [[String: Any]] ?? []).compactMap { $0["kind"] as? String }
            XCTAssertEqual(kinds.first, "ticket.created")
            XCTAssertEqual(kinds.last, "complaint.archive")
            XCTAssertTrue(kinds.contains("complaint.approve"))

            // Invalid: explained to the customer as a reply, and closed.
            let invalid = try await TicketAPITests.post(client, "/api/v1/tickets", desk.agent, TicketAPITests.complaint(), expect: .created)["id"] as? Int ?? 0
            try await TicketAPITests.post(client, "/api/v1/tickets/\(invalid)/complaint/accept", desk.agent, ["demand": "三倍赔偿"], expect: .ok)
            let unexplained = try await TicketAPITests.post(client, "/api/v1/tickets/\(invalid)/complaint/judge", desk.agent, ["valid": false],
                                                  expect: .unprocessableContent)
            XCTAssertEqual(TicketAPITests.fields(unexplained), ["explanation"])
            let closed = try await TicketAPITests.post(client, "/api/v1/tickets/\(invalid)/complaint/judge", desk.agent,
                                             ["valid": false, "explanation": "该商品已超过七天无理由退换期"], expect: .ok)
            XCTAssertEqual(closed["complaint_stage"] as? String, "closed_invalid")
            XCTAssertEqual(closed["state"] as? String, "closed")
            XCTAssertNotNil(closed["first_response_at"] as? String)
            let explained = try await TicketAPITests.get(client, "/api/v1/tickets/\(invalid)", desk.agent)
            let reply = (explained["messages"] as? [[String: Any]] ?? []).last { $0["kind"] as? String == "reply" }
            XCTAssertEqual(reply?["body"] as? String, "该商品已超过七天无理由退换期")
            let after = try await TicketAPITests.post(client, "/api/v1/tickets/\(invalid)/complaint/classify", desk.agent,
                                            ["category": "product_quality", "severity": "simple"], expect: .conflict)
            XCTAssertEqual(after["current_state"] as? String, "closed_invalid")
            // A ticket that is not a complaint has no loop.
            let inquiry = try await TicketAPITests.post(client, "/api/v1/tickets", desk.agent, TicketAPITests.ticket, expect: .created)["id"] as? Int ?? 0
            try await TicketAPITests.post(client, "/api/v1/tickets/\(inquiry)/complaint/accept", desk.agent, ["demand": "x"], expect: .conflict)
        }
    }

    // R-TKT-6: a major complaint notifies the manager at once.
    func testMajorComplaintNotifiesTheManager_R_TKT_6() async throws {
        try await AppHarness.run { client, services in
            let desk = try await TicketAPITests.desk(client, services)
            let id = try await TicketAPITests.post(client, "/api/v1/tickets", desk.agent, TicketAPITests.complaint(["severity": "major"]), expect: .created)["id"] as? Int ?? 0
            let page = try await TicketAPITests.get(client, "/api/v1/notifications", desk.manager)
            let items = page["items"] as? [[String: Any]] ?? []
            XCTAssertTrue(items.contains { $0["kind"] as? String == "complaint.major" && $0["entity_id"] as? String == "\(id)" }, "\(items)")
            let history = try await TicketAPITests.get(client, "/api/v1/tickets/\(id)/history", desk.manager)
            XCTAssertTrue((history["items"] as? [[String: Any]] ?? []).contains { $0["kind"] as? String == "complaint.escalated" })
            // A simple complaint does not reach the manager.
            _ = try await TicketAPITests.post(client, "/api/v1/tickets", desk.agent, TicketAPITests.complaint(["severity": "simple"]), expect: .created)
            let after = try await TicketAPITests.get(client, "/api/v1/notifications", desk.manager)
            XCTAssertEqual((after["items"] as? [[String: Any]] ?? []).filter { $0["kind"] as? String == "complaint.major" }.count, 1)
        }
    }

    // R-TKT-6: an attitude complaint about an agent goes to that agent's supervisor and is invisible to the agent.
    func testAttitudeComplaintIsHiddenFromTheAgent_R_TKT_6() async throws {
        try await AppHarness.run { client, services in
            let desk = try await TicketAPITests.desk(client, services)
            let noAgent = try await TicketAPITests.post(client, "/api/v1/tickets", desk.agent, TicketAPITests.complaint(["category": "service_attitude"]),
                                              expect: .unprocessableContent)
            XCTAssertEqual(TicketAPITests.fields(noAgent), ["about_user_id"])
            let created = try await TicketAPITests.post(client, "/api/v1/tickets", desk.agent,
                                              TicketAPITests.complaint(["category": "service_attitude", "about_user_id": desk.agent2ID,
                                                              "subject": "客服态度恶劣"]), expect: .created)
            let id = created["id"] as? Int ?? 0
            let number = created["number"] as? String ?? ""
            XCTAssertEqual(created["assignee"] as? Int, desk.supervisorID, "the supervisor of the agent's own team")
            XCTAssertNotEqual(created["owner"] as? Int, desk.agent2ID)
            // The agent it is about never sees it.
            _ = try await TicketAPITests.get(client, "/api/v1/tickets/\(id)", desk.agent2, expect: .notFound)
            _ = try await TicketAPITests.get(client, "/api/v1/tickets/\(id)/history", desk.agent2, expect: .notFound)
            for query in ["", "?type=complaint", "?q=\(number)", "?assignee=\(desk.supervisorID)"] {
                let page = try await TicketAPITests.get(client, "/api/v1/tickets\(query)", desk.agent2)
                XCTAssertFalse(TicketAPITests.ids(page).contains(id), query)
            }
            try await TicketAPITests.post(client, "/api/v1/tickets/\(id)/messages", desk.agent2, ["kind": "note", "body": "x"], expect: .notFound)
            try await TicketAPITests.post(client, "/api/v1/tickets/\(id)/complaint/accept", desk.agent2, ["demand": "x"], expect: .notFound)
            // Nor can it be given to them.
            let problem = try await TicketAPITests.post(client, "/api/v1/tickets/\(id)/assign", desk.supervisor, ["assignee_id": desk.agent2ID],
                                              expect: .unprocessableContent)
            XCTAssertEqual((problem["errors"] as? [[String: Any]])?.first?["code"] as? String, "error.complaint_about_assignee")
            // Others see it; the supervisor is told.
            let fetched16 = try await TicketAPITests.get(client, "/api/v1/tickets?type=complaint", desk.agent)
            XCTAssertTrue(TicketAPITests.ids(fetched16).contains(id))
            _ = try await TicketAPITests.get(client, "/api/v1/tickets/\(id)", desk.supervisor)
            let told = try await TicketAPITests.get(client, "/api/v1/notifications", desk.supervisor)
            XCTAssertTrue((told["items"] as? [[String: Any]] ?? []).contains {
                $0["kind"] as? String == "complaint.about_agent" && $0["entity_id"] as? String == "\(id)"
            })
            let agentNotified = try await TicketAPITests.get(client, "/api/v1/notifications", desk.agent2)
            XCTAssertFalse((agentNotified["items"] as? [[String: Any]] ?? []).contains { $0["entity_id"] as? String == "\(id)" })
        }
    }
}
