import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import KefuDomain
import KefuFiles
import KefuServices
import NIOCore
import XCTest

/// Suggestions (R-TKT-7) through the API: the three steps, their errors and permissions, and the summary.
final class SuggestionAPITests: XCTestCase {
    static var suggestion: [String: Any] { [
        "type": "suggestion", "channel": "email", "subject": "建议增加大码服装", "body": "希望T恤能有XXL码",
        "customer": ["name": "王女士", "email": "wang@example.com"],
    ] }

    static func due(days: Double = 3) -> String { ISO8601DateFormatter().string(from: Date().addingTimeInterval(days * 86_400)) }

    // R-TKT-7: forward → decide → notify → resolve through the API; the ticket carries `suggestion`; 403 for those who
    // may not, 422 with the field, 409 for a step out of turn.
    func testSuggestionStepsThroughTheAPI_R_TKT_7() async throws {
        try await AppHarness.run { client, services in
            let desk = try await TicketAPITests.desk(client, services)
            _ = try await services.users.create(UserDraft(login: "gao.gong", displayName: "gao.gong", role: .department, department: .supplier,
                                                          password: AppHarness.staffPassword), by: .system)
            let supplier = try await AppHarness.token(client, "gao.gong", AppHarness.staffPassword)
            let id = try await TicketAPITests.post(client, "/api/v1/tickets", desk.agent, Self.suggestion, expect: .created)["id"] as? Int ?? 0
            let uri = "/api/v1/tickets/\(id)/suggestion"

            var ticket = try await TicketAPITests.get(client, "/api/v1/tickets/\(id)", desk.agent)
            var suggestion = ticket["suggestion"] as? [String: Any] ?? [:]
            XCTAssertEqual(suggestion["stage"] as? String, "received", "\(ticket)")
            XCTAssertEqual(suggestion["allowed_actions"] as? [String], ["forward"])

            var problem = try await TicketAPITests.post(client, uri + "/decision", desk.supervisor, ["decision": "adopted", "reason": "好"],
                                                        expect: .conflict)
            XCTAssertEqual(problem["current_state"] as? String, "suggestion_received")
            XCTAssertEqual(problem["allowed_actions"] as? [String], ["suggestion_forward"])
            problem = try await TicketAPITests.post(client, uri + "/forward", desk.agent, [:], expect: .unprocessableContent)
            XCTAssertEqual(TicketAPITests.fields(problem), ["category", "department", "request", "due_at"])
            problem = try await TicketAPITests.post(client, uri + "/forward", desk.agent,
                                                    ["category": "product_suggestion", "department": "kitchen", "request": "评估", "due_at": Self.due()],
                                                    expect: .unprocessableContent)
            XCTAssertEqual(TicketAPITests.fields(problem), ["department"])
            let forward: [String: Any] = ["category": "product_suggestion", "department": "supplier", "request": "请评估能否增加XXL码",
                                          "due_at": Self.due()]
            try await TicketAPITests.post(client, uri + "/forward", desk.warehouse, forward, expect: .forbidden)
            ticket = try await TicketAPITests.post(client, uri + "/forward", desk.agent, forward, expect: .ok)
            suggestion = ticket["suggestion"] as? [String: Any] ?? [:]
            XCTAssertEqual(suggestion["stage"] as? String, "forwarded", "\(ticket)")
            XCTAssertEqual(suggestion["department"] as? String, "supplier")
            XCTAssertEqual(suggestion["category"] as? String, "product_suggestion")
            XCTAssertNotNil(suggestion["handoff_id"] as? Int)
            XCTAssertEqual(ticket["state"] as? String, "waiting_department")
            XCTAssertEqual(ticket["owner"] as? Int, desk.agentID)
            try await TicketAPITests.post(client, uri + "/forward", desk.agent, forward, expect: .conflict)

            try await TicketAPITests.post(client, uri + "/decision", desk.agent, ["decision": "adopted", "reason": "好"], expect: .forbidden)
            try await TicketAPITests.post(client, uri + "/decision", desk.warehouse, ["decision": "adopted", "reason": "好"], expect: .notFound)
            problem = try await TicketAPITests.post(client, uri + "/decision", supplier, ["decision": "adopted"], expect: .unprocessableContent)
            XCTAssertEqual(TicketAPITests.fields(problem), ["reason"])
            XCTAssertEqual((problem["errors"] as? [[String: Any]])?.first?["code"] as? String, "error.reason_required")
            problem = try await TicketAPITests.post(client, uri + "/decision", supplier, ["decision": "maybe", "reason": "x"], expect: .unprocessableContent)
            XCTAssertEqual(TicketAPITests.fields(problem), ["decision"])
            ticket = try await TicketAPITests.post(client, uri + "/decision", supplier, ["decision": "adopted", "reason": "下月起上架XXL码"], expect: .ok)
            suggestion = ticket["suggestion"] as? [String: Any] ?? [:]
            XCTAssertEqual(suggestion["stage"] as? String, "decided")
            XCTAssertEqual(suggestion["decision"] as? String, "adopted")
            XCTAssertEqual(suggestion["reason"] as? String, "下月起上架XXL码")
            XCTAssertNotNil(suggestion["decided_at"] as? String)
            let draft = try XCTUnwrap(suggestion["reply_draft"] as? String)
            XCTAssertTrue(draft.contains("王女士") && draft.contains("下月起上架XXL码") && draft.contains("采纳"), draft)
            ticket = try await TicketAPITests.get(client, "/api/v1/tickets/\(id)", desk.agent)
            XCTAssertEqual((ticket["suggestion"] as? [String: Any])?["reply_draft"] as? String, draft, "the ticket shows the same draft")
            problem = try await TicketAPITests.post(client, uri + "/decision", desk.supervisor, ["decision": "not_adopted", "reason": "改主意"],
                                                    expect: .conflict)
            XCTAssertEqual(problem["current_state"] as? String, "suggestion_decided")
            problem = try await TicketAPITests.post(client, "/api/v1/tickets/\(id)/resolve", desk.agent,
                                                    ["customer_understood": true, "asked_anything_else": true], expect: .conflict)
            XCTAssertEqual(problem["allowed_actions"] as? [String], ["suggestion_notify"])

            try await TicketAPITests.post(client, uri + "/notify", supplier, ["body": draft], expect: .forbidden)
            ticket = try await TicketAPITests.post(client, uri + "/notify", desk.agent, ["body": draft], expect: .ok)
            suggestion = ticket["suggestion"] as? [String: Any] ?? [:]
            XCTAssertEqual(suggestion["stage"] as? String, "told")
            XCTAssertEqual(suggestion["notified_by"] as? Int, desk.agentID)
            XCTAssertNotNil(suggestion["reply_message_id"] as? Int)
            XCTAssertNil(suggestion["reply_draft"])
            XCTAssertEqual(suggestion["allowed_actions"] as? [String], [])
            try await TicketAPITests.post(client, "/api/v1/tickets/\(id)/resolve", desk.agent,
                                          ["customer_understood": true, "asked_anything_else": true], expect: .ok)

            let report = try await TicketAPITests.get(client, "/api/v1/reports/suggestions", desk.supervisor)
            XCTAssertEqual(report["total"] as? Int, 1, "\(report)")
            XCTAssertEqual((report["by_decision"] as? [String: Any])?["adopted"] as? Int, 1)
            XCTAssertEqual(report["adoption_rate"] as? Double, 1.0)
            XCTAssertEqual(report["told"] as? Int, 1)
            let item = (report["items"] as? [[String: Any]])?.first
            XCTAssertEqual(item?["decision"] as? String, "adopted")
            XCTAssertEqual(item?["reason"] as? String, "下月起上架XXL码")
            XCTAssertEqual(item?["stage"] as? String, "told")
            _ = try await TicketAPITests.get(client, "/api/v1/reports/suggestions", desk.agent, expect: .forbidden)
            _ = try await TicketAPITests.get(client, "/api/v1/reports/suggestions?period=year", desk.supervisor, expect: .badRequest)
            _ = try await TicketAPITests.get(client, "/api/v1/reports/suggestions?from=yesterday", desk.supervisor, expect: .badRequest)
            let week = try await TicketAPITests.get(client, "/api/v1/reports/suggestions?period=week", desk.supervisor)
            XCTAssertEqual(week["total"] as? Int, 1)
            let old = try await TicketAPITests.get(client, "/api/v1/reports/suggestions?from=2020-01-01&to=2020-01-31", desk.supervisor)
            XCTAssertEqual(old["total"] as? Int, 0)
            XCTAssertNil(old["adoption_rate"], "no rate without decisions")

            let sheet: Data = try await client.execute(uri: "/api/v1/reports/suggestions?format=xlsx", method: .get,
                                                       headers: AppHarness.bearer(desk.supervisor)) { response in
                XCTAssertEqual(response.status, .ok)
                XCTAssertEqual(response.headers[.contentType], "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
                XCTAssertTrue(response.headers[.contentDisposition]?.hasPrefix("attachment;") ?? false)
                return Data(buffer: response.body)
            }
            let workbook = try XLSXReader(data: sheet)
            XCTAssertEqual(workbook.sheetNames, ["建议汇总", "建议明细"])
            XCTAssertEqual(try workbook.rows(sheet: "建议明细").count, 2)
            _ = try await TicketAPITests.get(client, "/api/v1/reports/suggestions?format=xlsx", desk.agent, expect: .forbidden)
        }
    }
}
