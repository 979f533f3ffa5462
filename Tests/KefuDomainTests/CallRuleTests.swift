import Foundation
import KefuDomain
import XCTest

/// Logging phone calls: what a call must carry, how slow answering is judged, and which queue changes a page hears.
final class CallRuleTests: XCTestCase {
    let now = Date(timeIntervalSince1970: 1_795_000_000)

    func draft(_ change: (inout CallDraft) -> Void = { _ in }) -> CallDraft {
        var draft = CallDraft(callerName: "刘女士", callerPhone: "138 1234 5678", startedAt: now.addingTimeInterval(-300), answeredAfterSeconds: 9,
                              durationSeconds: 205, direction: .inbound, summary: "发票什么时候开\n已告知三个工作日内", newTicket: .init(type: .inquiry))
        change(&draft)
        return draft
    }

    func fields(_ draft: CallDraft) -> [String] { draft.problems(now: now).map { "\($0.field) \($0.code)" } }

    func testACompleteCallHasNoProblems() {
        XCTAssertEqual(fields(draft()), [])
        XCTAssertEqual(draft().subject, "发票什么时候开", "a new ticket's subject is the summary's first line")
        XCTAssertEqual(draft { $0.newTicket?.subject = " 发票 " }.subject, "发票")
        let long = String(repeating: "长", count: 300)
        XCTAssertEqual(draft { $0.summary = long }.subject.count, 200)
    }

    func testEveryProblemIsReportedWithItsField() {
        let empty = CallDraft(callerName: nil, callerPhone: nil, startedAt: nil, answeredAfterSeconds: nil, durationSeconds: nil, direction: nil,
                              summary: "  ", newTicket: .init(type: nil))
        XCTAssertEqual(fields(empty), ["caller.name error.required", "caller.phone error.required", "started_at error.required",
                                       "direction error.required", "duration_seconds error.required", "summary error.required",
                                       "ticket.type error.required"])
        XCTAssertEqual(fields(draft { $0.startedAt = self.now.addingTimeInterval(3600) }), ["started_at error.not_in_future"])
        XCTAssertEqual(fields(draft { $0.startedAt = self.now.addingTimeInterval(30) }), [], "a browser clock a little ahead is fine")
        XCTAssertEqual(fields(draft { $0.answeredAfterSeconds = -1; $0.durationSeconds = -5 }),
                       ["answered_after_seconds error.not_negative", "duration_seconds error.not_negative"])
        XCTAssertEqual(fields(draft { $0.answeredAfterSeconds = nil }), ["answered_after_seconds error.required"], "an inbound call's wait is needed")
        XCTAssertEqual(fields(draft { $0.answeredAfterSeconds = nil; $0.direction = .outbound }), [])
        XCTAssertEqual(fields(draft { $0.durationSeconds = 90_000 }), ["duration_seconds error.range"])
        XCTAssertEqual(fields(draft { $0.callerPhone = "call me" }), ["caller.phone error.phone_format"])
        XCTAssertEqual(fields(draft { $0.newTicket = nil }), ["ticket_id error.call_ticket_choice"])
        XCTAssertEqual(fields(draft { $0.ticketID = 7 }), ["ticket_id error.call_ticket_choice"], "not both")
        XCTAssertEqual(fields(draft { $0.newTicket = nil; $0.ticketID = 7; $0.callerName = nil }), [], "an existing ticket needs no caller name")
    }

    // R-PERF-4: answering slowly counts against the agent; only an inbound caller waits on the agent.
    func testSlowAnsweringIsFlaggedOnInboundCallsOnly_R_PERF_4() {
        let rule = CallAnswerRule()
        XCTAssertEqual(rule.limitSeconds, 15, "three rings")
        XCTAssertFalse(rule.isSlow(direction: .inbound, answeredAfterSeconds: 15))
        XCTAssertTrue(rule.isSlow(direction: .inbound, answeredAfterSeconds: 16))
        XCTAssertFalse(rule.isSlow(direction: .outbound, answeredAfterSeconds: 60))
        let call = draft { $0.answeredAfterSeconds = 40 }.callLog(ticketID: 3, openedTicket: true, rule: CallAnswerRule(limitSeconds: 20),
                                                                  loggedBy: 1, at: now)
        XCTAssertTrue(call.slowAnswer)
        XCTAssertEqual(call.answerLimitSeconds, 20, "the rule in force is kept with the call")
        XCTAssertEqual(call.callerPhone, "138 1234 5678")
        XCTAssertEqual(call.summary, "发票什么时候开\n已告知三个工作日内")
    }

    func testDurationsAreReadAsAgentsTypeThem() {
        XCTAssertEqual(CallDuration.seconds("205"), 205)
        XCTAssertEqual(CallDuration.seconds("3:25"), 205)
        XCTAssertEqual(CallDuration.seconds("3：25"), 205, "a full-width colon from a Chinese keyboard")
        XCTAssertEqual(CallDuration.seconds("1:02:05"), 3725)
        XCTAssertEqual(CallDuration.seconds("-10"), -10, "kept negative so that it is reported as negative")
        for bad in ["", "3:75", "abc", "1:2:3:4", "3:", "٣"] { XCTAssertNil(CallDuration.seconds(bad), bad) }
        XCTAssertEqual(CallDuration.text(205), "3:25")
        XCTAssertEqual(CallDuration.text(3725), "1:02:05")
    }

    func testQueuesHearTicketsEnteringAndLeaving() {
        var ticket = Ticket(id: 1, type: .inquiry, channel: .phone, subject: "s", customer: .init(name: "n"), stateCategory: .open,
                            ownerID: 10, assigneeID: 20, createdAt: now)
        XCTAssertEqual(TicketQueue.mine.update(for: ticket, previousAssignee: nil, user: 20), .entered)
        XCTAssertEqual(TicketQueue.mine.update(for: ticket, previousAssignee: 20, user: 10), .entered, "the owner keeps it (R-TKT-2)")
        XCTAssertNil(TicketQueue.mine.update(for: ticket, previousAssignee: nil, user: 30))
        XCTAssertEqual(TicketQueue.team.update(for: ticket, previousAssignee: nil, user: 30), .entered)
        ticket.assigneeID = 40
        XCTAssertEqual(TicketQueue.mine.update(for: ticket, previousAssignee: 20, user: 20), .left, "given to someone else")
        ticket.stateCategory = .resolved
        XCTAssertNil(TicketQueue.team.update(for: ticket, previousAssignee: nil, user: 30), "finished work is in no queue")
    }
}
