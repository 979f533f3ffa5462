import Foundation
import KefuDomain
import KefuServices
import KefuStore
import KefuTestSupport
import XCTest

final class CallbackOutcomeTests: XCTestCase {
    static let monday = CallbackGenerationTests.monday

    // R-CB-2: an unsatisfied member opens a complaint with their words, linked both ways (the callback's ticket_id,
    // the ticket's member and its history); the call is on record as answered; a second outcome is refused; a stale
    // version is a conflict.
    func testUnsatisfiedOpensALinkedTicket_R_CB_2() async throws {
        try await TestStores.each { database, name in
            let (services, _, agent, ids) = try await CallbackServiceTests.setUp(database, at: Self.monday, member: ("陈静", false, nil), orders: 2)
            do {
                _ = try await services.callbacks.recordOutcome(id: ids[0], CallbackOutcomeDraft(outcome: .unsatisfied, suggestions: " "), by: agent)
                XCTFail(name)
            } catch ServiceError.validation(let errors) {
                XCTAssertEqual(errors.map(\.field), ["suggestions"], name)
            }
            do {
                _ = try await services.callbacks.recordOutcome(id: ids[0], CallbackOutcomeDraft(outcome: .satisfied), expectedVersion: 7, by: agent)
                XCTFail(name)
            } catch StoreError.staleVersion(_, _, let current) { XCTAssertEqual(current, 1, name) }

            let detail = try await services.callbacks.recordOutcome(
                id: ids[0], CallbackOutcomeDraft(outcome: .unsatisfied, suggestions: "送货太慢，包装也破了"), expectedVersion: 1, by: agent)
            let callback = detail.listing.entry.callback
            XCTAssertEqual([callback.state.rawValue, callback.outcome?.rawValue], ["done", "unsatisfied"], name)
            let ticketID = try XCTUnwrap(callback.ticketID, name)
            XCTAssertNotNil(detail.listing.entry.ticketNumber, name)
            XCTAssertEqual(detail.attempts.map(\.result), [.answered], "\(name): the call is on record")
            let ticket = try await services.tickets.get(id: ticketID, by: agent).ticket
            XCTAssertEqual(ticket.type, .complaint, name)
            XCTAssertEqual(ticket.memberID, callback.memberID, "\(name): on the member's timeline")
            XCTAssertEqual(ticket.orderID, callback.orderID, name)
            XCTAssertEqual(ticket.customer.name, "陈静", name)
            XCTAssertTrue(ticket.subject.contains(detail.listing.entry.orderNumber ?? "?"), name)
            let history = try await services.tickets.history(id: ticketID, by: agent).map(\.kind)
            XCTAssertTrue(history.contains("ticket.from_callback"), "\(name): the ticket knows its callback")
            let events = try await services.events.list(EventFilter(entity: "callback", entityID: "\(ids[0])"), by: .system).events
            XCTAssertEqual(events.map(\.kind), ["callback.completed"], name)
            XCTAssertEqual(events[0].after, #"{"outcome":"unsatisfied","suggestions":"送货太慢，包装也破了","ticket":"\#(ticketID)"}"#, name)
            do {
                _ = try await services.callbacks.recordOutcome(id: ids[0], CallbackOutcomeDraft(outcome: .satisfied), by: agent)
                XCTFail(name)
            } catch ServiceError.invalidState(let current, _) { XCTAssertEqual(current, "done", name) }

            let improvement = try await services.callbacks.recordOutcome(
                id: ids[1], CallbackOutcomeDraft(outcome: .neutral, suggestions: "希望多些颜色", ticketType: "suggestion"), by: agent)
            let suggestion = try await services.tickets.get(id: try XCTUnwrap(improvement.listing.entry.callback.ticketID, name), by: agent).ticket
            XCTAssertEqual(suggestion.type, .suggestion, name)
        }
    }

    // R-CB-2, R-TKT-5: the follow-up call of a confirmed complaint closes that step of the complaint loop.
    func testComplaintFollowUpClosesTheLoopStep_R_CB_2() async throws {
        try await TestStores.each { database, name in
            let clock = FixedClock(Self.monday)
            let services = TestStores.services(database, clock: clock)
            let agent = Principal(user: try await TestStores.user(services, "li.na", role: .agent), channel: .session)
            let complaint = try await CallbackFixtures.ticket(database, type: "complaint", number: "T-CB-9", owner: agent.user?.id,
                                                              resolvedAt: Self.monday, followUpDueAt: Self.monday.addingTimeInterval(3 * 86_400), at: Self.monday)
            try await services.callbacks.generate()
            let listed = try await services.callbacks.list(CallbackFilter(reason: .complaintFollowUp), by: agent).items
            let id = try XCTUnwrap(listed.first?.entry.callback.id, name)
            XCTAssertEqual(listed.first?.entry.sourceTicketNumber, "T-CB-9", name)
            XCTAssertEqual(listed.first?.entry.callback.assigneeID, agent.user?.id, "\(name): the complaint's owner calls")
            _ = try await services.callbacks.recordOutcome(id: id, CallbackOutcomeDraft(outcome: .satisfied, suggestions: "处理及时"), by: agent)
            let ticket = try await services.tickets.get(id: complaint, by: agent).ticket
            XCTAssertEqual(ticket.complaintStage, .followedUp, name)
            XCTAssertNil(ticket.followUpDueAt, name)

            // The other way round: a follow-up recorded on the complaint itself leaves no call to make.
            let other = try await CallbackFixtures.ticket(database, type: "complaint", number: "T-CB-10", owner: agent.user?.id,
                                                          resolvedAt: Self.monday, followUpDueAt: Self.monday.addingTimeInterval(3 * 86_400), at: Self.monday)
            try await services.callbacks.generate()
            _ = try await services.tickets.complaintStep(id: other, action: .followUp, fields: ["outcome": "电话回访：满意"], expectedVersion: nil, by: agent)
            let run = try await services.callbacks.generate()
            XCTAssertEqual(run.doneOnTicket, 1, name)
            let followUps = try await services.callbacks.list(CallbackFilter(reason: .complaintFollowUp, state: .open), by: agent).items
            XCTAssertTrue(followUps.isEmpty, name)
        }
    }

    // R-CB-4: progress is the callbacks an agent completed with an outcome today; written tasks and yesterday's do
    // not count; supervisors see every agent.
    func testDailyQuotaProgress_R_CB_4() async throws {
        try await TestStores.each { database, name in
            let (services, clock, agent, ids) = try await CallbackServiceTests.setUp(database, at: Self.monday.addingTimeInterval(-86_400), orders: 8)
            _ = try await services.callbacks.recordOutcome(id: ids[0], CallbackOutcomeDraft(outcome: .satisfied), by: agent)
            clock.advance(by: 86_400)
            for id in ids[1...6] {
                _ = try await services.callbacks.recordOutcome(id: id, CallbackOutcomeDraft(outcome: .satisfied), by: agent)
            }
            _ = try await services.callbacks.recordAttempt(id: ids[7], result: .busy, note: nil, by: agent)
            let quota = try await services.callbacks.quota(agent: agent.user!.id, by: agent)
            XCTAssertEqual([quota.done, quota.target, quota.percent, quota.open], [6, 10, 60, 1], name)
            XCTAssertFalse(quota.reached, name)
            let supervisor = Principal(user: try await TestStores.user(services, "zhao.lei", role: .supervisor), channel: .session)
            let team = try await services.callbacks.teamQuotas(by: supervisor)
            XCTAssertEqual(team.map(\.agentID), [agent.user?.id], name)
            do {
                _ = try await services.callbacks.teamQuotas(by: agent)
                XCTFail(name)
            } catch ServiceError.forbidden(let permission) { XCTAssertEqual(permission, .reportsView, name) }
        }
    }
}
