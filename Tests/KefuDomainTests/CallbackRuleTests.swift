import Foundation
import KefuDomain
import XCTest

final class CallbackRuleTests: XCTestCase {
    let zone = QuietHoursTests.shanghai
    func at(_ text: String) -> Date { QuietHoursTests.at(text) }

    func callback(_ reason: Callback.Reason = .deliveredOrder, from start: String = "2026-11-23 10:00", days: Int = 7) -> Callback {
        let event = at(start)
        return Callback(id: 1, reason: reason, notBefore: event, dueBy: event.addingTimeInterval(TimeInterval(days) * 86_400), createdAt: event)
    }

    // R-CB-1: a delivered order within 7 days, services and complaints within 3, a newly assigned member within a
    // week; occasions from some days before the day to some days after it.
    func testDueWindowsPerReason_R_CB_1() {
        let settings = CallbackSettings()
        let delivered = at("2026-11-23 10:00")
        XCTAssertEqual(settings.window(for: .deliveredOrder, from: delivered).dueBy, at("2026-11-30 10:00"))
        XCTAssertEqual(settings.window(for: .deliveredOrder, from: delivered).notBefore, delivered)
        XCTAssertEqual(settings.window(for: .serviceFollowUp, from: delivered).dueBy, at("2026-11-26 10:00"))
        XCTAssertEqual(settings.window(for: .complaintFollowUp, from: delivered).dueBy, at("2026-11-26 10:00"))
        XCTAssertEqual(settings.window(for: .firstContact, from: delivered).dueBy, at("2026-11-30 10:00"))
        var custom = CallbackSettings()
        custom.deliveredOrderDays = 5
        XCTAssertEqual(custom.window(for: .deliveredOrder, from: delivered).dueBy, at("2026-11-28 10:00"), "the days are a setting")

        let birthday = LocalDate("2026-12-01")!
        let window = settings.occasionWindow(on: birthday, in: zone)
        XCTAssertEqual(window.notBefore, at("2026-11-28 00:00"))
        XCTAssertEqual(window.dueBy, at("2026-12-05 00:00"), "due by the end of the third day after")
        XCTAssertEqual(settings.occasionDays(open: LocalDate("2026-11-28")!).map(\.description),
                       ["2026-11-25", "2026-11-26", "2026-11-27", "2026-11-28", "2026-11-29", "2026-11-30", "2026-12-01"])
        XCTAssertEqual(CallbackSettings.birthdays(on: LocalDate("2026-02-28")!), ["02-28", "02-29"], "29 February in other years")
        XCTAssertEqual(CallbackSettings.birthdays(on: LocalDate("2028-02-28")!), ["02-28"])
        XCTAssertEqual(CallbackSettings.day(of: at("2026-11-24 00:30"), in: zone).description, "2026-11-24")
    }

    // R-CB-3: a callback due at 12:30 is not offered before 14:00; at 21:30, not before 09:00 the next morning;
    // the member's own rest hours replace the default.
    func testQuietHoursDelayTheOffer_R_CB_3() {
        let task = callback()
        let noon = task.availability(at: at("2026-11-23 12:30"), quietHours: .standard, timeZone: zone)
        XCTAssertEqual(noon, CallbackAvailability(callableNow: false, from: at("2026-11-23 14:00"), wait: .quietHours))
        let night = task.availability(at: at("2026-11-23 21:30"), quietHours: .standard, timeZone: zone)
        XCTAssertEqual(night, CallbackAvailability(callableNow: false, from: at("2026-11-24 09:00"), wait: .quietHours))
        XCTAssertEqual(task.availability(at: at("2026-11-23 15:00"), quietHours: .standard, timeZone: zone), .now)
        let own = QuietHours.effective(memberText: "14:00-18:00", fallback: .standard)
        XCTAssertEqual(task.availability(at: at("2026-11-23 12:30"), quietHours: own, timeZone: zone), .now, "their own hours replace the default")
        XCTAssertEqual(task.availability(at: at("2026-11-23 15:00"), quietHours: own, timeZone: zone).from, at("2026-11-23 18:00"))
        // Before the window opens.
        let early = task.availability(at: at("2026-11-23 08:00"), quietHours: .none, timeZone: zone)
        XCTAssertEqual(early, CallbackAvailability(callableNow: false, from: at("2026-11-23 10:00"), wait: .window))
        XCTAssertEqual(task.refusal(of: .answered, at: at("2026-11-23 12:30"), quietHours: .standard, timeZone: zone),
                       .quietHours(until: at("2026-11-23 14:00")), "dialling in rest hours is refused")
        XCTAssertNil(task.refusal(of: .answered, at: at("2026-11-23 14:00"), quietHours: .standard, timeZone: zone))
    }

    // R-CB-3: a member who asked not to be called gets an email task (SMS without an address); it is never
    // callable and never dialled, and its message may be sent.
    func testDoNotCallMembersGetWrittenTasks_R_CB_3() {
        XCTAssertEqual(Callback.channel(planned: .phone, doNotCall: true, hasEmail: true), .email)
        XCTAssertEqual(Callback.channel(planned: .phone, doNotCall: true, hasEmail: false), .sms)
        XCTAssertEqual(Callback.channel(planned: .phone, doNotCall: false, hasEmail: true), .phone)
        var task = callback()
        task.channel = .email
        let now = at("2026-11-23 15:00")
        XCTAssertEqual(task.availability(at: now, quietHours: .standard, timeZone: zone).wait, .doNotCall)
        XCTAssertFalse(task.availability(at: now, quietHours: .standard, timeZone: zone).callableNow)
        for result in CallbackAttempt.Result.allCases where result.isCall {
            XCTAssertEqual(task.refusal(of: result, at: now, quietHours: .standard, timeZone: zone), .doNotCall, result.rawValue)
        }
        XCTAssertNil(task.refusal(of: .sent, at: now, quietHours: .standard, timeZone: zone))
        let sent = task.after(.sent, at: now, by: 7, settings: CallbackSettings(), quietHours: .standard, timeZone: zone)
        XCTAssertEqual(sent.state, .done)
        XCTAssertEqual(sent.completedAt, now)
        XCTAssertEqual(callback().refusal(of: .sent, at: now, quietHours: .standard, timeZone: zone), .notAMessageTask)
    }

    // R-CB-2: no answer or busy → the next try 2 h later, outside rest hours; the third failed try closes the
    // callback as unreachable; a wrong number waits for a corrected one; a refusal closes it.
    func testRetryRules_R_CB_2() {
        let settings = CallbackSettings()
        var task = callback()
        let first = at("2026-11-23 10:30")
        task = task.after(.noAnswer, at: first, by: 7, settings: settings, quietHours: .standard, timeZone: zone)
        XCTAssertEqual(task.failedAttempts, 1)
        XCTAssertEqual(task.nextAttemptAt, at("2026-11-23 14:00"), "12:30 is lunch: 14:00")
        XCTAssertEqual(task.assigneeID, 7, "whoever dials an unheld callback holds it")
        let tooSoon = task.refusal(of: .busy, at: at("2026-11-23 11:00"), quietHours: .standard, timeZone: zone)
        XCTAssertEqual(tooSoon, .notYet(until: at("2026-11-23 14:00")))
        XCTAssertEqual(task.availability(at: at("2026-11-23 11:00"), quietHours: .standard, timeZone: zone).wait, .retry)
        task = task.after(.busy, at: at("2026-11-23 19:30"), by: 7, settings: settings, quietHours: .standard, timeZone: zone)
        XCTAssertEqual(task.nextAttemptAt, at("2026-11-24 09:00"), "21:30 is night: 09:00 the next morning")
        XCTAssertEqual(task.state, .open)
        task = task.after(.noAnswer, at: at("2026-11-24 09:10"), by: 7, settings: settings, quietHours: .standard, timeZone: zone)
        XCTAssertEqual(task.state, .closed)
        XCTAssertEqual(task.closure, .unreachable)
        XCTAssertEqual(task.failedAttempts, 3)
        XCTAssertNil(task.nextAttemptAt)
        XCTAssertEqual(task.refusal(of: .answered, at: at("2026-11-24 10:00"), quietHours: .standard, timeZone: zone), .finished(.closed))

        var wrong = callback().after(.wrongNumber, at: first, by: 7, settings: settings, quietHours: .standard, timeZone: zone)
        XCTAssertTrue(wrong.needsNumber)
        XCTAssertEqual(wrong.failedAttempts, 0, "a wrong number is not a failed try at the member")
        XCTAssertEqual(wrong.availability(at: first, quietHours: .standard, timeZone: zone).wait, .wrongNumber)
        XCTAssertNil(wrong.refusal(of: .answered, at: first, quietHours: .standard, timeZone: zone), "dialled again once corrected")
        wrong = wrong.after(.answered, at: first, by: 7, settings: settings, quietHours: .standard, timeZone: zone)
        XCTAssertFalse(wrong.needsNumber)

        let refused = callback().after(.refused, at: first, by: 7, settings: settings, quietHours: .standard, timeZone: zone)
        XCTAssertEqual([refused.state.rawValue, refused.closure?.rawValue], ["closed", "refused"])
        var fewer = CallbackSettings()
        fewer.maxAttempts = 1
        XCTAssertEqual(callback().after(.busy, at: first, by: 7, settings: fewer, quietHours: .standard, timeZone: zone).closure, .unreachable)
    }

    // R-CB-2: an outcome is required; an unsatisfied member opens a complaint (or the improvement asked for) and the
    // member's words are then required; other ticket types are refused.
    func testOutcomeOpensATicketWhenUnsatisfied_R_CB_2() {
        XCTAssertEqual(CallbackOutcomeDraft(outcome: nil).problems.map(\.field), ["outcome"])
        XCTAssertEqual(CallbackOutcomeDraft(outcome: .satisfied).problems, [])
        XCTAssertNil(CallbackOutcomeDraft(outcome: .satisfied).ticketToOpen)
        XCTAssertEqual(CallbackOutcomeDraft(outcome: .unsatisfied, suggestions: "送货太慢").ticketToOpen, .complaint)
        XCTAssertEqual(CallbackOutcomeDraft(outcome: .unsatisfied, suggestions: "包装改进", ticketType: "suggestion").ticketToOpen, .suggestion)
        XCTAssertEqual(CallbackOutcomeDraft(outcome: .neutral, suggestions: "希望多些颜色", ticketType: "suggestion").ticketToOpen, .suggestion)
        XCTAssertEqual(CallbackOutcomeDraft(outcome: .unsatisfied, suggestions: " ").problems.map(\.code), ["error.callback_suggestions_for_ticket"])
        XCTAssertEqual(CallbackOutcomeDraft(outcome: .unsatisfied, suggestions: "x", ticketType: "inquiry").problems.map(\.field), ["ticket.type"])
        let long = String(repeating: "好", count: CallbackOutcomeDraft.suggestionsLimit + 1)
        XCTAssertEqual(CallbackOutcomeDraft(outcome: .satisfied, suggestions: long).problems.map(\.code), ["error.too_long"])
        let done = callback().completed(.unsatisfied, suggestions: "送货太慢", at: at("2026-11-24 10:00"), by: 7)
        XCTAssertEqual(done.state, .done)
        XCTAssertTrue(done.isDoneInTime)
        XCTAssertFalse(callback().completed(.satisfied, suggestions: nil, at: at("2026-12-01 10:00"), by: 7).isDoneInTime, "late")
    }

    // R-CB-4: progress against the daily quota; R-MEM-3: new callbacks fill the least loaded agents first.
    func testQuotaProgressAndBalancedAssignment_R_CB_4() {
        let quota = CallbackQuota(agentID: 7, day: LocalDate("2026-11-23")!, target: 10, done: 6)
        XCTAssertEqual([quota.percent, quota.reached ? 1 : 0], [60, 0])
        XCTAssertTrue(CallbackQuota(agentID: 7, day: LocalDate("2026-11-23")!, target: 10, done: 12).reached)
        XCTAssertEqual(CallbackQuota(agentID: 7, day: LocalDate("2026-11-23")!, target: 10, done: 12).percent, 100)

        let shares = CallbackAssignment.distribute(10, among: [(agent: 1, open: 5), (agent: 2, open: 0), (agent: 3, open: 2)])
        XCTAssertEqual(shares.map(\.agent), [2, 3], "the most loaded agent takes none")
        XCTAssertEqual(shares.map(\.take), [6, 4], "open counts end at 6, 6 and 5")
        XCTAssertEqual(shares.map(\.take).reduce(0, +), 10)
        let even = CallbackAssignment.distribute(7, among: [(agent: 1, open: 0), (agent: 2, open: 0), (agent: 3, open: 0)])
        XCTAssertEqual(even.map(\.take), [3, 2, 2])
        XCTAssertEqual(CallbackAssignment.distribute(2, among: [(agent: 1, open: 9), (agent: 2, open: 0)]).map(\.agent), [2])
        XCTAssertTrue(CallbackAssignment.distribute(5, among: []).isEmpty)

        // The same sharing as a sequence that does not need to know how many come.
        let loads = [(agent: Int64(1), open: 5), (agent: 2, open: 0), (agent: 3, open: 2)]
        let sequence = CallbackAssignment.sequence(among: loads)
        XCTAssertEqual((0..<10).map { sequence.agent(forRow: $0)! }, [2, 2, 2, 3, 2, 3, 2, 3, 2, 3])
        XCTAssertEqual(sequence.agent(forRow: 10), 1, "level at 6, 6, 5: the third agent's turn")
        for count in [1, 2, 3, 7, 8, 9, 10, 11, 25, 100] {
            let taken = Dictionary(grouping: (0..<count).map { sequence.agent(forRow: $0)! }, by: { $0 }).mapValues(\.count)
            let shared = Dictionary(uniqueKeysWithValues: CallbackAssignment.distribute(count, among: loads).map { ($0.agent, $0.take) })
            XCTAssertEqual(taken, shared, "\(count)")
        }
        XCTAssertNil(CallbackAssignment.sequence(among: []).agent(forRow: 0))
    }

    // R-CB-1: the agent's list puts callable callbacks first, then those not before a time, then written tasks.
    func testListOrder_R_CB_1() {
        let now = at("2026-11-23 12:30")
        var lunch = callback(from: "2026-11-22 10:00")
        lunch.id = 1
        var early = callback(from: "2026-11-21 10:00")
        early.id = 2
        var mail = callback(from: "2026-11-20 10:00")
        mail.id = 3
        mail.channel = .email
        var own = callback(from: "2026-11-23 09:00")
        own.id = 4
        let rest = [Int64(1): QuietHours.standard, 2: QuietHours.standard, 3: QuietHours.standard, 4: QuietHours.none]
        let ordered = CallbackAvailability.ordered([lunch, early, mail, own]) {
            ($0.availability(at: now, quietHours: rest[$0.id]!, timeZone: zone), $0.dueBy, $0.id)
        }
        XCTAssertEqual(ordered.map(\.id), [4, 2, 1, 3])
    }
}
