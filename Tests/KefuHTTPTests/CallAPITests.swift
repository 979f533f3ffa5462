import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import KefuDomain
import KefuServices
import NIOCore
import XCTest

/// `/api/v1/calls` and `/api/v1/tickets/{id}/calls` on every test database, through the real router.
final class CallAPITests: XCTestCase {
    static func call(_ extra: [String: Any] = [:]) -> [String: Any] {
        var body: [String: Any] = [
            "caller": ["name": "刘女士", "phone": "13812345678"], "started_at": ISO8601DateFormatter().string(from: Date().addingTimeInterval(-600)),
            "answered_after_seconds": 21, "duration_seconds": 205, "direction": "inbound", "summary": "询问发票什么时候开\n已告知三个工作日内",
            "ticket_id": NSNull(), "ticket": ["type": "inquiry", "subject": NSNull()],
        ]
        body.merge(extra) { _, new in new }
        return body
    }

    static func fields(_ problem: [String: Any]) -> [String] {
        (problem["errors"] as? [[String: Any]] ?? []).map { "\($0["field"] as? String ?? "") \($0["code"] as? String ?? "")" }
    }

    // R-TKT-2, R-PERF-4: the issue's shape opens a phone ticket owned by the caller of the API; a wait over the limit
    // is flagged; the phone is masked for a reader without pii.view (R-MEM-4).
    func testLoggingACallOpensOrJoinsATicket_R_TKT_2_R_PERF_4() async throws {
        try await AppHarness.run { client, services in
            let desk = try await TicketAPITests.desk(client, services)
            let opened = try await TicketAPITests.post(client, "/api/v1/calls", desk.agent, Self.call(), expect: .created)
            let ticketID = try XCTUnwrap(opened["ticket_id"] as? Int)
            XCTAssertEqual(opened["opened_ticket"] as? Bool, true)
            XCTAssertEqual(opened["slow_answer"] as? Bool, true, "21 s is over three rings")
            XCTAssertEqual(opened["answer_limit_seconds"] as? Int, 15)
            XCTAssertEqual((opened["caller"] as? [String: Any])?["phone"] as? String, "138****5678", "agents see contacts masked")
            XCTAssertEqual(opened["logged_by"] as? Int, desk.agentID)
            let ticket = try await TicketAPITests.get(client, "/api/v1/tickets/\(ticketID)", desk.agent)
            XCTAssertEqual(ticket["channel"] as? String, "phone")
            XCTAssertEqual(ticket["subject"] as? String, "询问发票什么时候开")
            XCTAssertEqual(ticket["owner"] as? Int, desk.agentID)
            let messages = ticket["messages"] as? [[String: Any]] ?? []
            XCTAssertEqual(messages.map { $0["kind"] as? String }, ["customer", "note"], "the call is an internal note (R-TKT-8)")
            XCTAssertEqual(messages.last?["id"] as? Int, opened["message_id"] as? Int)

            let joined = try await TicketAPITests.post(client, "/api/v1/calls", desk.agent2,
                                                       Self.call(["ticket_id": ticketID, "ticket": NSNull(), "direction": "outbound",
                                                                  "answered_after_seconds": NSNull(), "caller": ["phone": "13812345678"]]),
                                                       expect: .created)
            XCTAssertEqual(joined["ticket_id"] as? Int, ticketID)
            XCTAssertEqual(joined["opened_ticket"] as? Bool, false)
            XCTAssertEqual(joined["slow_answer"] as? Bool, false)
            let calls = try await TicketAPITests.get(client, "/api/v1/tickets/\(ticketID)/calls", desk.integration)
            let items = calls["items"] as? [[String: Any]] ?? []
            XCTAssertEqual(items.map { $0["id"] as? Int }, [opened["id"] as? Int, joined["id"] as? Int], "oldest first")
            XCTAssertEqual((items.first?["caller"] as? [String: Any])?["phone"] as? String, "138****5678", "masked without pii.view")

            let mine = try await TicketAPITests.get(client, "/api/v1/calls?agent=me", desk.agent)
            XCTAssertEqual(mine["total"] as? Int, 1)
            let all = try await TicketAPITests.get(client, "/api/v1/calls?from=2000-01-01", desk.supervisor)
            XCTAssertEqual(all["total"] as? Int, 2)
            let summary = all["summary"] as? [String: Any] ?? [:]
            XCTAssertEqual(summary["inbound"] as? Int, 1)
            XCTAssertEqual(summary["slow_answers"] as? Int, 1)
            XCTAssertEqual(summary["average_answered_after_seconds"] as? Double, 21)
            let none = try await TicketAPITests.get(client, "/api/v1/calls?to=2000-01-01", desk.supervisor)
            XCTAssertEqual(none["total"] as? Int, 0)
            _ = try await TicketAPITests.get(client, "/api/v1/calls?from=yesterday", desk.supervisor, expect: .badRequest)
            _ = try await TicketAPITests.get(client, "/api/v1/calls?agent=someone", desk.supervisor, expect: .badRequest)
        }
    }

    func testBadCallsAreFieldErrorsAndPermissionsHold() async throws {
        try await AppHarness.run { client, services in
            let desk = try await TicketAPITests.desk(client, services)
            let future = ISO8601DateFormatter().string(from: Date().addingTimeInterval(3600))
            let bad = try await TicketAPITests.post(client, "/api/v1/calls", desk.agent,
                                                    Self.call(["started_at": future, "answered_after_seconds": -3, "summary": " "]),
                                                    expect: .unprocessableContent)
            XCTAssertEqual(Self.fields(bad), ["started_at error.not_in_future", "answered_after_seconds error.not_negative", "summary error.required"])
            let unknown = try await TicketAPITests.post(client, "/api/v1/calls", desk.agent, Self.call(["ticket_id": 424_242, "ticket": NSNull()]),
                                                        expect: .unprocessableContent)
            XCTAssertEqual(Self.fields(unknown), ["ticket_id error.not_found"])
            let both = try await TicketAPITests.post(client, "/api/v1/calls", desk.agent, Self.call(["ticket_id": 1]), expect: .unprocessableContent)
            XCTAssertEqual(Self.fields(both), ["ticket_id error.call_ticket_choice"])
            _ = try await TicketAPITests.post(client, "/api/v1/calls", desk.agent, Self.call(["direction": "sideways"]), expect: .badRequest)
            _ = try await TicketAPITests.post(client, "/api/v1/calls", desk.warehouse, Self.call(), expect: .forbidden)
            _ = try await TicketAPITests.get(client, "/api/v1/calls", desk.warehouse, expect: .forbidden)
            try await client.execute(uri: "/api/v1/calls", method: .get) { XCTAssertEqual($0.status, .unauthorized) }
        }
    }

    // R-TKT-6: the calls of an attitude complaint about an agent are hidden from that agent.
    func testCallsOfAComplaintAboutMeAreHidden_R_TKT_6() async throws {
        try await AppHarness.run { client, services in
            let desk = try await TicketAPITests.desk(client, services)
            let complaint = try await TicketAPITests.post(client, "/api/v1/tickets", desk.supervisor,
                                                          TicketAPITests.complaint(["category": "service_attitude", "about_user_id": desk.agent2ID]),
                                                          expect: .created)
            let id = try XCTUnwrap(complaint["id"] as? Int)
            _ = try await TicketAPITests.post(client, "/api/v1/calls", desk.supervisor, Self.call(["ticket_id": id, "ticket": NSNull()]), expect: .created)
            _ = try await TicketAPITests.get(client, "/api/v1/tickets/\(id)/calls", desk.agent2, expect: .notFound)
            let listed = try await TicketAPITests.get(client, "/api/v1/calls", desk.agent2)
            XCTAssertEqual(listed["total"] as? Int, 0)
            let hidden = try await TicketAPITests.post(client, "/api/v1/calls", desk.agent2, Self.call(["ticket_id": id, "ticket": NSNull()]),
                                                       expect: .unprocessableContent)
            XCTAssertEqual(Self.fields(hidden), ["ticket_id error.not_found"])
        }
    }
}
