import Foundation
import KefuDomain
import KefuServices
import KefuStore
import KefuTestSupport
import XCTest

/// Callbacks added by hand (预约回访).
final class CallbackScheduleTests: XCTestCase {
    static let monday = CallbackGenerationTests.monday
    static let day: TimeInterval = 86_400

    // R-CB-2: a callback added without times is due from now for the manual window (3 days), goes to the member's own
    // agent, and waits in their list with its note; it is recorded as `callback.added`.
    func testAddedCallbackGoesToTheMembersAgentWithTheManualWindow_R_CB_2() async throws {
        try await TestStores.each { database, name in
            let clock = FixedClock(Self.monday)
            let services = TestStores.services(database, clock: clock)
            let own = try await TestStores.user(services, "li.na", role: .agent)
            let supervisor = Principal(user: try await TestStores.user(services, "zhao.lei", role: .supervisor), channel: .session)
            let member = try await CallbackFixtures.member(database, name: "陈静", phone: "13912345678", agent: own.id, at: Self.monday)
            let added = try await services.callbacks.schedule(
                CallbackScheduleDraft(memberID: member, note: "  客户希望确认退款到账  "), by: supervisor).listing.entry.callback
            XCTAssertEqual(added.reason, .manual, name)
            XCTAssertEqual(added.assigneeID, own.id, "\(name): the member's own agent calls")
            XCTAssertEqual(added.channel, .phone, name)
            XCTAssertEqual(added.notBefore, Self.monday, name)
            XCTAssertEqual(added.dueBy, Self.monday.addingTimeInterval(3 * Self.day), name)
            XCTAssertEqual(added.note, "客户希望确认退款到账", name)
            let list = try await services.callbacks.list(CallbackFilter(assigneeID: own.id, state: .open), by: supervisor)
            XCTAssertEqual(list.items.map(\.entry.callback.id), [added.id], name)
            let events = try await services.events.list(EventFilter(kind: "callback.added"), by: .system).events
            XCTAssertEqual(events.map(\.entityID), ["\(added.id)"], name)
        }
    }

    // R-CB-3: a member who asked not to be called gets an email task (an SMS task without an email), never a call; a
    // member without an agent of their own is called by the agent who added the callback, in the window asked for.
    func testDoNotCallGetsAMessageTaskAndTheAddingAgentCallsOthers_R_CB_3() async throws {
        try await TestStores.each { database, name in
            let clock = FixedClock(Self.monday)
            let services = TestStores.services(database, clock: clock)
            let agent = Principal(user: try await TestStores.user(services, "li.na", role: .agent), channel: .session)
            let quiet = try await CallbackFixtures.member(database, name: "王芳", phone: "13812345678", email: "wang@example.com",
                                                          doNotCall: true, at: Self.monday)
            let silent = try await CallbackFixtures.member(database, name: "刘洋", phone: "13712345678", doNotCall: true, at: Self.monday)
            let plain = try await CallbackFixtures.member(database, name: "张伟", phone: "13612345678", at: Self.monday)
            let email = try await services.callbacks.schedule(CallbackScheduleDraft(memberID: quiet), by: agent).listing.entry.callback
            XCTAssertEqual(email.channel, .email, name)
            let sms = try await services.callbacks.schedule(CallbackScheduleDraft(memberID: silent), by: agent).listing.entry.callback
            XCTAssertEqual(sms.channel, .sms, name)
            let from = Self.monday.addingTimeInterval(Self.day + 7 * 3600), until = Self.monday.addingTimeInterval(Self.day + 9 * 3600)
            let call = try await services.callbacks.schedule(CallbackScheduleDraft(memberID: plain, notBefore: from, dueBy: until), by: agent)
            XCTAssertEqual(call.listing.entry.callback.assigneeID, agent.user?.id, name)
            XCTAssertEqual([call.listing.entry.callback.notBefore, call.listing.entry.callback.dueBy], [from, until], name)
            XCTAssertFalse(call.listing.availability.callableNow, "\(name): not before tomorrow")
        }
    }

    // Each problem is named by its field, and nothing is added.
    func testProblemsAreNamedByFieldAndNothingIsAdded() async throws {
        try await TestStores.each { database, name in
            let clock = FixedClock(Self.monday)
            let services = TestStores.services(database, clock: clock)
            let agent = Principal(user: try await TestStores.user(services, "li.na", role: .agent), channel: .session)
            let warehouse = try await TestStores.user(services, "cang.ku", role: .department, department: .warehouse)
            let member = try await CallbackFixtures.member(database, name: "陈静", phone: "13912345678", at: Self.monday)
            let cases: [(CallbackScheduleDraft, String, String)] = [
                (CallbackScheduleDraft(), "member_id", "error.required"),
                (CallbackScheduleDraft(memberID: 999_999), "member_id", "error.not_found"),
                (CallbackScheduleDraft(memberID: member, notBefore: Self.monday, dueBy: Self.monday), "due_by", "error.due_before_start"),
                (CallbackScheduleDraft(memberID: member, notBefore: Self.monday.addingTimeInterval(-2 * Self.day),
                                       dueBy: Self.monday.addingTimeInterval(-Self.day)), "due_by", "error.in_the_past"),
                (CallbackScheduleDraft(memberID: member, assigneeID: warehouse.id), "assignee_id", "error.unknown_user"),
                (CallbackScheduleDraft(memberID: member, orderID: 424_242), "order_id", "error.not_found"),
                (CallbackScheduleDraft(memberID: member, note: String(repeating: "长", count: 2_001)), "note", "error.too_long"),
            ]
            for (draft, field, code) in cases {
                let refusal = await CallbackServiceTests.refusal { _ = try await services.callbacks.schedule(draft, by: agent) }
                XCTAssertEqual(refusal?.field, field, name)
                XCTAssertEqual(refusal?.code, code, "\(name): \(field)")
            }
            let department = Principal(user: warehouse, channel: .session)
            do {
                _ = try await services.callbacks.schedule(CallbackScheduleDraft(memberID: member), by: department)
                XCTFail("\(name): a department cannot add callbacks")
            } catch ServiceError.forbidden(_) {}
            let stored = try await services.callbacks.list(CallbackFilter(), by: .system).total
            XCTAssertEqual(stored, 0, name)
        }
    }
}
