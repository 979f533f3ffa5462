import Foundation
import KefuDomain
import KefuServices
import KefuStore
import KefuTestSupport
import XCTest

final class CallbackServiceTests: XCTestCase {
    static let monday = CallbackGenerationTests.monday
    static let hour: TimeInterval = 3600

    /// Services at `now` with one agent, and the callbacks of `orders` delivered yesterday to `member`.
    static func setUp(_ database: any Database, at now: Date, member: (name: String, doNotCall: Bool, email: String?)? = nil,
                      orders: Int = 1) async throws -> (services: Services, clock: FixedClock, agent: Principal, ids: [Int64]) {
        let clock = FixedClock(now)
        let services = TestStores.services(database, clock: clock)
        let agent = Principal(user: try await TestStores.user(services, "li.na", role: .agent), channel: .session)
        var memberID: Int64?
        if let member {
            memberID = try await CallbackFixtures.member(database, name: member.name, phone: "13912345678", email: member.email,
                                                         doNotCall: member.doNotCall, at: now)
        }
        try await CallbackFixtures.deliveredOrders(database, count: orders, deliveredAt: now.addingTimeInterval(-86_400), member: memberID, at: now)
        try await services.callbacks.generate()
        let ids = try await services.callbacks.list(CallbackFilter(), by: .system).items.map(\.entry.callback.id)
        return (services, clock, agent, ids)
    }

    static func refusal(_ body: () async throws -> Void) async -> FieldError? {
        do {
            try await body()
            return nil
        } catch ServiceError.validation(let errors) {
            return errors.first
        } catch {
            return FieldError(field: "unexpected", code: "\(error)")
        }
    }

    // R-CB-3: at 12:30 the callback is listed "not before 14:00", not callable now, and dialling is refused; at 21:30
    // it waits for 09:00 the next morning; at 09:00 it is callable and the attempt is recorded.
    func testQuietHoursInTheListAndWhenDialling_R_CB_3() async throws {
        try await TestStores.each { database, name in
            let lunch = Self.monday.addingTimeInterval(2.5 * Self.hour)
            let (services, clock, agent, ids) = try await Self.setUp(database, at: lunch)
            let id = try XCTUnwrap(ids.first, name)
            let listed = try await services.callbacks.list(CallbackFilter(due: .today), by: agent).items
            XCTAssertEqual(listed.map(\.entry.callback.id), [id], name)
            XCTAssertEqual(listed[0].availability, CallbackAvailability(callableNow: false, from: lunch.addingTimeInterval(1.5 * Self.hour), wait: .quietHours),
                           "\(name): due at 12:30, offered from 14:00")
            let refused = await Self.refusal { _ = try await services.callbacks.recordAttempt(id: id, result: .noAnswer, note: nil, by: agent) }
            XCTAssertEqual(refused, FieldError(field: "result", code: "error.callback_rest_hours", arguments: ["until": "2026-11-23 14:00"]), name)
            clock.advance(by: 9 * Self.hour)
            let night = try await services.callbacks.get(id: id, by: agent).listing.availability
            XCTAssertEqual(night.from, Self.monday.addingTimeInterval(23 * Self.hour), "\(name): 21:30 → 09:00 the next morning")
            clock.advance(by: 11.5 * Self.hour)
            let morning = try await services.callbacks.get(id: id, by: agent).listing.availability
            XCTAssertTrue(morning.callableNow, name)
            let detail = try await services.callbacks.recordAttempt(id: id, result: .busy, note: "占线", by: agent)
            XCTAssertEqual(detail.attempts.map(\.result), [.busy], name)
            XCTAssertEqual(detail.attempts[0].byName, agent.user?.displayName, name)
            XCTAssertEqual(detail.listing.entry.callback.assigneeID, agent.user?.id, name)
        }
    }

    // R-CB-3: a member who asked not to be called is never callable and never dialled: their task is an email task
    // (or SMS), its message may be sent; a member who turns do-not-call later has their phone task switched; a refusal
    // may mark the member do-not-call.
    func testDoNotCallMembersAreNeverDialled_R_CB_3() async throws {
        try await TestStores.each { database, name in
            let (services, clock, agent, ids) = try await Self.setUp(database, at: Self.monday, member: ("刘洋", true, "liu@example.com"))
            let id = try XCTUnwrap(ids.first, name)
            let listed = try await services.callbacks.list(CallbackFilter(due: .today), by: agent).items
            XCTAssertEqual(listed.map(\.entry.channel), [.email], name)
            XCTAssertEqual(listed[0].availability.wait, .doNotCall, name)
            let calls = try await services.callbacks.list(CallbackFilter(due: .today, channel: .phone), by: agent).items
            XCTAssertTrue(calls.isEmpty, "\(name): never in a call list")
            for result in CallbackAttempt.Result.allCases where result.isCall {
                let refused = await Self.refusal { _ = try await services.callbacks.recordAttempt(id: id, result: result, note: nil, by: agent) }
                XCTAssertEqual(refused?.code, "error.callback_do_not_call", "\(name): \(result)")
            }
            let sent = try await services.callbacks.recordAttempt(id: id, result: .sent, note: "已发邮件问候", by: agent)
            XCTAssertEqual(sent.listing.entry.callback.state, .done, name)

            // A second member turns do-not-call after the task was made, by refusing a call.
            let other = try await CallbackFixtures.member(database, name: "陈静", phone: "13612345678", at: Self.monday)
            try await CallbackFixtures.deliveredOrders(database, count: 1, deliveredAt: Self.monday, member: other, prefix: "R", at: Self.monday)
            try await services.callbacks.generate()
            let calls2 = try await services.callbacks.list(CallbackFilter(memberID: other), by: agent).items
            let call = try XCTUnwrap(calls2.first, name)
            XCTAssertEqual(call.entry.channel, .phone, name)
            clock.advance(by: 600)
            let closed = try await services.callbacks.recordAttempt(id: call.entry.callback.id, result: .refused, note: "请勿再来电", doNotCall: true, by: agent)
            XCTAssertEqual([closed.listing.entry.callback.state.rawValue, closed.listing.entry.callback.closure?.rawValue], ["closed", "refused"], name)
            XCTAssertTrue(closed.listing.entry.contact.doNotCall, name)
            let events = try await services.events.list(EventFilter(entity: "member", entityID: "\(other)"), by: .system).events
            XCTAssertEqual(events.map(\.kind), ["member.do_not_call"], name)
            let history = try await database.read { try await MemberRepository().history(memberID: other, on: $0) }
            XCTAssertEqual(history.first?.changes, [MemberFieldChange(field: "do_not_call", before: "false", after: "true")], "\(name): R-MEM-5")
            try await CallbackFixtures.deliveredOrders(database, count: 1, deliveredAt: Self.monday, member: other, prefix: "S", at: Self.monday)
            try await services.callbacks.generate()
            let open = try await services.callbacks.list(CallbackFilter(state: .open, memberID: other), by: agent).items
            let next = try XCTUnwrap(open.first, name)
            XCTAssertEqual(next.entry.channel, .sms, "\(name): no email address: SMS")
        }
    }

    // R-CB-2: no answer → the next try 2 h later outside rest hours (10:00 → 12:00 is lunch → 14:00); too soon is
    // refused; the third failed try closes the callback as unreachable; every attempt is an event.
    func testRetriesUntilUnreachable_R_CB_2() async throws {
        try await TestStores.each { database, name in
            let (services, clock, agent, ids) = try await Self.setUp(database, at: Self.monday)
            let id = try XCTUnwrap(ids.first, name)
            var detail = try await services.callbacks.recordAttempt(id: id, result: .noAnswer, note: nil, by: agent)
            XCTAssertEqual(detail.listing.entry.callback.nextAttemptAt, Self.monday.addingTimeInterval(4 * Self.hour), name)
            XCTAssertEqual(detail.listing.availability.wait, .retry, name)
            clock.advance(by: 1800)
            let early = await Self.refusal { _ = try await services.callbacks.recordAttempt(id: id, result: .busy, note: nil, by: agent) }
            XCTAssertEqual(early, FieldError(field: "result", code: "error.callback_not_yet", arguments: ["until": "2026-11-23 14:00"]), name)
            clock.advance(by: 3.5 * Self.hour)
            detail = try await services.callbacks.recordAttempt(id: id, result: .busy, note: nil, by: agent)
            XCTAssertEqual(detail.listing.entry.callback.failedAttempts, 2, name)
            clock.advance(by: 2 * Self.hour)
            detail = try await services.callbacks.recordAttempt(id: id, result: .noAnswer, note: nil, by: agent)
            XCTAssertEqual(detail.listing.entry.callback.state, .closed, name)
            XCTAssertEqual(detail.listing.entry.callback.closure, .unreachable, name)
            do {
                _ = try await services.callbacks.recordAttempt(id: id, result: .answered, note: nil, by: agent)
                XCTFail(name)
            } catch ServiceError.invalidState(let current, _) { XCTAssertEqual(current, "closed", name) }
            let events = try await services.events.list(EventFilter(entity: "callback", entityID: "\(id)"), by: .system).events
            XCTAssertEqual(events.map(\.kind), Array(repeating: "callback.attempted", count: 3), name)
            XCTAssertEqual(events[0].after, #"{"closure":"unreachable","result":"no_answer","status":"closed"}"#, name)
            let clerk = Principal(user: try await TestStores.user(services, "yang.min", role: .orderClerk), channel: .session)
            do {
                _ = try await services.callbacks.recordAttempt(id: id, result: .answered, note: nil, by: clerk)
                XCTFail(name)
            } catch ServiceError.forbidden(let permission) { XCTAssertEqual(permission, .callbacksManage, name) }
        }
    }
}
