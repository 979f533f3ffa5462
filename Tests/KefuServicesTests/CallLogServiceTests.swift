import Foundation
import KefuDomain
import KefuServices
import KefuStore
import KefuTestSupport
import XCTest

/// Logging phone calls against tickets, on every test database.
final class CallLogServiceTests: XCTestCase {
    typealias Desk = TicketServiceTests.Desk

    static func call(_ change: (inout CallDraft) -> Void = { _ in }) -> CallDraft {
        var draft = CallDraft(callerName: "刘女士", callerPhone: "13812345678", startedAt: TicketServiceTests.wednesdayNine.addingTimeInterval(-300),
                              answeredAfterSeconds: 9, durationSeconds: 205, direction: .inbound,
                              summary: "发票什么时候开\n已告知三个工作日内开出", newTicket: .init(type: .inquiry))
        change(&draft)
        return draft
    }

    static func fields(_ body: () async throws -> Void) async -> [String] {
        do {
            try await body()
            return ["no error"]
        } catch ServiceError.validation(let errors) {
            return errors.map { "\($0.field) \($0.code)" }
        } catch {
            return ["\(error)"]
        }
    }

    // R-TKT-2, R-TKT-8: a call opens a phone ticket owned by the agent who took it; in the conversation it is an
    // internal note the customer never sees.
    func testACallOpensAPhoneTicketOwnedByTheAgent_R_TKT_2_R_TKT_8() async throws {
        try await TestStores.each { database, name in
            let desk = try await TicketServiceTests.desk(database)
            let call = try await desk.services.calls.log(Self.call(), by: desk.agent)
            XCTAssertTrue(call.openedTicket, name)
            XCTAssertFalse(call.slowAnswer, name)
            XCTAssertEqual(call.answerLimitSeconds, 15, name)
            XCTAssertEqual(call.loggedBy, desk.agent.user?.id, name)
            XCTAssertEqual(call.loggedByName, "zhang.wei", name)
            let detail = try await desk.services.tickets.get(id: call.ticketID, by: desk.agent)
            XCTAssertEqual(call.ticketNumber, detail.ticket.number, name)
            XCTAssertEqual(detail.ticket.channel, .phone, name)
            XCTAssertEqual(detail.ticket.type, .inquiry, name)
            XCTAssertEqual(detail.ticket.subject, "发票什么时候开", name)
            XCTAssertEqual(detail.ticket.customer, TicketCustomer(name: "刘女士", phone: "13812345678"), name)
            XCTAssertEqual(detail.ticket.ownerID, desk.agent.user?.id, name)
            let entry = try XCTUnwrap(detail.messages.first { $0.id == call.messageID }, name)
            XCTAssertEqual(entry.kind, .note, name)
            XCTAssertEqual(entry.channel, .phone, name)
            XCTAssertEqual(entry.body, call.summary, name)
            // The customer's own status page shows their words, never the call's note.
            let seen = try await desk.services.tickets.lookUp(number: detail.ticket.number, contact: "13812345678")
            XCTAssertEqual(seen?.messages.map(\.kind), [.customer], name)
            let history = try await desk.services.tickets.history(id: call.ticketID, by: desk.agent).map(\.kind)
            XCTAssertEqual(history, ["ticket.created", "ticket.call_logged"], name)
        }
    }

    // R-PERF-4: a call answered later than the limit is flagged when it is logged; the list sums answer speed.
    func testACallJoinsAnExistingTicketAndSlowAnsweringIsFlagged_R_PERF_4() async throws {
        try await TestStores.each { database, name in
            let desk = try await TicketServiceTests.desk(database)
            let ticket = try await desk.services.tickets.create(TicketServiceTests.inquiry(), by: desk.supervisor)
            let call = try await desk.services.calls.log(Self.call { $0.ticketID = ticket.id; $0.newTicket = nil; $0.answeredAfterSeconds = 25 },
                                                         by: desk.agent)
            XCTAssertFalse(call.openedTicket, name)
            XCTAssertTrue(call.slowAnswer, name)
            XCTAssertEqual(call.ticketID, ticket.id, name)
            let after = try await desk.services.tickets.get(id: ticket.id, by: desk.agent).ticket
            XCTAssertEqual(after.version, ticket.version + 1, name)
            XCTAssertEqual(after.ownerID, desk.supervisor.user?.id, "the owner stays the owner (R-TKT-2)")
            let event = try await desk.services.tickets.history(id: ticket.id, by: desk.agent).last
            XCTAssertEqual(event?.kind, "ticket.call_logged", name)
            XCTAssertTrue(event?.after?.contains(#""slow_answer":"true""#) == true, name)
            XCTAssertFalse(event?.after?.contains("13812345678") == true, "no phone numbers in the event log")
            _ = try await desk.services.calls.log(Self.call { $0.direction = .outbound; $0.answeredAfterSeconds = 40 }, by: desk.agent)
            let listed = try await desk.services.calls.list(.init(), by: desk.supervisor)
            XCTAssertEqual(listed.total, 2, name)
            XCTAssertEqual(listed.summary.inbound, 1, name)
            XCTAssertEqual(listed.summary.slowAnswers, 1, "an outbound call is never slow")
            XCTAssertEqual(listed.summary.averageAnsweredAfter, 25, name)
            XCTAssertEqual(listed.summary.totalDuration, 410, name)
            let mine = try await desk.services.calls.list(.init(loggedBy: desk.supervisor.user?.id), by: desk.supervisor)
            XCTAssertEqual(mine.total, 0, name)
            let suggested = try await desk.services.calls.openTickets(phone: "13800138000", by: desk.agent)
            XCTAssertEqual(suggested.map(\.id), [ticket.id], "the caller's open tickets, found by phone")
        }
    }

    func testUnknownTicketsAndBadInputAreFieldErrors() async throws {
        try await TestStores.each { database, name in
            let desk = try await TicketServiceTests.desk(database)
            let calls = desk.services.calls
            let unknown = await Self.fields { _ = try await calls.log(Self.call { $0.ticketID = 999_999; $0.newTicket = nil }, by: desk.agent) }
            XCTAssertEqual(unknown, ["ticket_id error.not_found"], name)
            let bad = await Self.fields {
                _ = try await calls.log(Self.call { $0.startedAt = TicketServiceTests.wednesdayNine.addingTimeInterval(600); $0.durationSeconds = -1; $0.summary = "" },
                                        by: desk.agent)
            }
            XCTAssertEqual(bad, ["started_at error.not_in_future", "duration_seconds error.not_negative", "summary error.required"], name)
            let department = try await TestStores.user(desk.services, "cang.ku", role: .department, department: .warehouse)
            let forbidden = await Self.fields { _ = try await calls.log(Self.call(), by: Principal(user: department, channel: .session)) }
            XCTAssertEqual(forbidden, ["forbidden (needs tickets.manage)"], name)
            let saved = try await calls.list(.init(), by: desk.agent).total
            XCTAssertEqual(saved, 0, "nothing was saved")
        }
    }

    // R-TKT-6: an attitude complaint about an agent is hidden from them: they cannot log a call on it, and its calls
    // are not in their lists.
    func testCallsOnAComplaintAboutMeAreHiddenFromMe_R_TKT_6() async throws {
        try await TestStores.each { database, name in
            let desk = try await TicketServiceTests.desk(database)
            let complaint = try await desk.services.tickets.create(
                TicketDraft(type: .complaint, channel: .phone, subject: "坐席态度差", body: "客户投诉张伟态度不好",
                            customer: .init(name: "王先生", phone: "13900001111"), category: "service_attitude", aboutUserID: desk.agent.user?.id),
                by: desk.supervisor)
            _ = try await desk.services.calls.log(Self.call { $0.ticketID = complaint.id; $0.newTicket = nil }, by: desk.supervisor)
            let hidden = await Self.fields {
                _ = try await desk.services.calls.log(Self.call { $0.ticketID = complaint.id; $0.newTicket = nil }, by: desk.agent)
            }
            XCTAssertEqual(hidden, ["ticket_id error.not_found"], name)
            let agentSees = try await desk.services.calls.list(.init(), by: desk.agent).total
            let supervisorSees = try await desk.services.calls.list(.init(), by: desk.supervisor).total
            let suggested = try await desk.services.calls.openTickets(phone: "13900001111", by: desk.agent)
            XCTAssertEqual(agentSees, 0, name)
            XCTAssertEqual(supervisorSees, 1, name)
            XCTAssertEqual(suggested, [], name)
            let missing = await Self.fields { _ = try await desk.services.calls.calls(ticketID: complaint.id, by: desk.agent) }
            XCTAssertEqual(missing, ["ticket not found"], name)
        }
    }
}
