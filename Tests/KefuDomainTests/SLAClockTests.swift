import Foundation
import KefuDomain
import XCTest

// R-TKT-4: SLA clocks with pauses, policy changes, policy selection and states.
final class SLAClockTests: XCTestCase {
    let office = SLAFixtures.office
    let china = SLAFixtures.office.includingChinaPublicHolidays()

    func at(_ text: String) -> Date { SLAFixtures.instant(text) }
    func pause(_ text: String) -> SLAClock.Transition { .init(at: at(text), paused: true) }
    func resume(_ text: String) -> SLAClock.Transition { .init(at: at(text), paused: false) }

    // R-TKT-4: without pauses the clock is the calendar's due date.
    func testClockWithoutPausesMatchesCalendar_R_TKT_4() {
        let clock = SLAClock(start: at("2025-11-14 17:30"), calendar: office, targetMinutes: 60)
        XCTAssertEqual(clock.dueDate(), at("2025-11-17 09:30"))
        XCTAssertEqual(clock.usedMinutes(at: at("2025-11-15 12:00")), 30)
        XCTAssertEqual(clock.usedMinutes(at: at("2025-11-14 17:00")), 0)
    }

    // R-TKT-4: a pause (waiting for the customer) spanning the National Day holiday.
    func testPauseAcrossHoliday_R_TKT_4() {
        let history = [pause("2025-09-30 11:00"), resume("2025-10-09 14:00")]
        let clock = SLAClock(start: at("2025-09-30 10:00"), calendar: china, targetMinutes: 1440, history: history)
        // 60 used before the pause; after it 240 on Oct 9, 450 on Oct 10, 450 on make-up Saturday
        // Oct 11, then 180 + 60 on Monday Oct 13 around lunch.
        XCTAssertEqual(clock.dueDate(), at("2025-10-13 14:30"))
        XCTAssertEqual(clock.usedMinutes(at: at("2025-10-05 12:00")), 60)
        XCTAssertEqual(clock.usedMinutes(at: at("2025-10-09 15:00")), 120)
        XCTAssertTrue(clock.isPaused(at: at("2025-10-05 12:00")))
        XCTAssertEqual(clock.state(at: at("2025-10-05 12:00")), .paused)

        // Resumed during the holiday: counting starts again at the next opening, Oct 9 09:00.
        let early = SLAClock(start: at("2025-09-30 10:00"), calendar: china, targetMinutes: 120,
                             history: [pause("2025-09-30 11:00"), resume("2025-10-03 10:00")])
        XCTAssertEqual(early.dueDate(), at("2025-10-09 10:00"))
    }

    // R-TKT-4: several pauses; repeated transitions of the same kind change nothing.
    func testSeveralPauses_R_TKT_4() {
        let history = [pause("2025-11-17 10:00"), pause("2025-11-17 10:30"), resume("2025-11-17 11:00"),
                       resume("2025-11-17 11:10"), pause("2025-11-17 11:30"), resume("2025-11-17 14:00")]
        let clock = SLAClock(start: at("2025-11-17 09:00"), calendar: office, targetMinutes: 120, history: history.reversed())
        // 60 + 30 used by 11:30; the remaining 30 from 14:00.
        XCTAssertEqual(clock.usedMinutes(at: at("2025-11-17 13:00")), 90)
        XCTAssertEqual(clock.dueDate(), at("2025-11-17 14:30"))
    }

    // R-TKT-4: a clock paused at the end has no due instant until it resumes, unless already breached.
    func testEndsPaused_R_TKT_4() {
        let waiting = SLAClock(start: at("2025-11-17 09:00"), calendar: office, targetMinutes: 120,
                               history: [pause("2025-11-17 10:00")])
        XCTAssertNil(waiting.dueDate())
        XCTAssertEqual(waiting.state(at: at("2025-11-20 10:00")), .paused)
        XCTAssertEqual(waiting.usedMinutes(at: at("2025-11-20 10:00")), 60)

        let late = SLAClock(start: at("2025-11-17 09:00"), calendar: office, targetMinutes: 30,
                            history: [pause("2025-11-17 10:00")])
        XCTAssertEqual(late.dueDate(), at("2025-11-17 09:30"))
        XCTAssertEqual(late.state(at: at("2025-11-17 11:00")), .breached)

        let pausedFromStart = SLAClock(start: at("2025-11-17 09:00"), calendar: office, targetMinutes: 30,
                                       history: [pause("2025-11-17 08:00"), resume("2025-11-17 15:00")])
        XCTAssertEqual(pausedFromStart.dueDate(), at("2025-11-17 15:30"))
    }

    // R-TKT-4: a policy change mid-ticket keeps the time already used.
    func testPolicyChangeKeepsUsedTime_R_TKT_4() {
        let start = at("2025-11-17 09:00")
        let general = SLAClock(start: start, calendar: office, targetMinutes: 1440)
        XCTAssertEqual(general.dueDate(), at("2025-11-20 10:30"))
        // At 11:00 (120 used on the office calendar) it becomes a complaint: 240 minutes, 24/7.
        let complaint = general.changingTerms(at: at("2025-11-17 11:00"), calendar: .twentyFourSeven(), targetMinutes: 240)
        XCTAssertEqual(complaint.dueDate(), at("2025-11-17 13:00"))
        XCTAssertEqual(complaint.usedMinutes(at: at("2025-11-17 12:30")), 210)
        XCTAssertEqual(complaint.state(at: at("2025-11-17 12:30")), .atRisk)
        XCTAssertEqual(complaint.state(at: at("2025-11-17 11:30")), .onTrack)
        // A stricter target already used up at the change is due at the change.
        let strict = general.changingTerms(at: at("2025-11-17 11:00"), calendar: office, targetMinutes: 60)
        XCTAssertEqual(strict.dueDate(), at("2025-11-17 11:00"))
        XCTAssertEqual(strict.state(at: at("2025-11-17 11:01")), .breached)
        // A later change replaces terms from that instant on; one at the start replaces all.
        let twice = complaint.changingTerms(at: at("2025-11-17 10:00"), calendar: office, targetMinutes: 180)
        XCTAssertEqual(twice.terms.count, 2)
        XCTAssertEqual(twice.dueDate(), at("2025-11-17 12:00"))
        XCTAssertEqual(general.changingTerms(at: start, calendar: office, targetMinutes: 60).dueDate(), at("2025-11-17 10:00"))
    }

    // R-TKT-4: a policy change during a pause.
    func testPolicyChangeWhilePaused_R_TKT_4() {
        let clock = SLAClock(start: at("2025-11-17 09:00"), calendar: office, targetMinutes: 240,
                             history: [pause("2025-11-17 10:00"), resume("2025-11-18 09:00")])
            .changingTerms(at: at("2025-11-17 16:00"), calendar: .twentyFourSeven(), targetMinutes: 120)
        XCTAssertEqual(clock.usedMinutes(at: at("2025-11-18 09:00")), 60)
        XCTAssertEqual(clock.dueDate(), at("2025-11-18 10:00"))
    }

    // R-TKT-4: the clock's state measures business time, not wall-clock time.
    func testClockStateUsesBusinessTime_R_TKT_4() {
        let start = at("2025-11-14 17:30"), due = at("2025-11-17 09:30")
        let clock = SLAClock(start: start, calendar: office, targetMinutes: 60)
        XCTAssertEqual(clock.state(at: at("2025-11-17 08:00")), .onTrack)
        XCTAssertEqual(SLAState.classify(start: start, due: due, now: at("2025-11-17 08:00")), .atRisk)
        XCTAssertEqual(clock.state(at: at("2025-11-17 09:18")), .atRisk)
        XCTAssertEqual(clock.state(at: due), .breached)
        XCTAssertEqual(clock.state(at: due, metAt: at("2025-11-17 09:29")), .met)
        XCTAssertEqual(clock.state(at: due, metAt: at("2025-11-17 09:31")), .breached)
    }

    // R-TKT-4: classifying from the instants stored on a ticket row.
    func testClassifier_R_TKT_4() {
        let start = at("2025-11-17 09:00"), due = at("2025-11-17 19:00")
        XCTAssertEqual(SLAState.classify(start: start, due: due, now: at("2025-11-17 16:59")), .onTrack)
        XCTAssertEqual(SLAState.classify(start: start, due: due, now: at("2025-11-17 17:00")), .atRisk)
        XCTAssertEqual(SLAState.classify(start: start, due: due, now: at("2025-11-17 17:00"), atRiskFraction: 0.9), .onTrack)
        XCTAssertEqual(SLAState.classify(start: start, due: due, now: due), .breached)
        XCTAssertEqual(SLAState.classify(start: start, due: due, now: at("2025-11-17 10:00"), isPaused: true), .paused)
        XCTAssertEqual(SLAState.classify(start: start, due: due, now: at("2025-11-17 20:00"), isPaused: true), .breached)
        XCTAssertEqual(SLAState.classify(start: start, due: nil, now: at("2025-11-17 20:00")), .paused)
        XCTAssertEqual(SLAState.classify(start: start, due: due, now: at("2025-11-18 09:00"), metAt: due), .met)
        XCTAssertEqual(SLAState.classify(start: start, due: due, now: at("2025-11-18 09:00"), metAt: at("2025-11-17 19:01")), .breached)
        XCTAssertEqual(SLAState.atRiskInstant(start: start, due: due), at("2025-11-17 17:00"))
    }

    // R-TKT-4: the most specific matching policy wins, then the lower priority number.
    func testPolicySelection_R_TKT_4() {
        let general = SLAPolicy(name: "General", calendarID: 1, resolutionMinutes: 1440, priority: 100)
        let complaint = SLAPolicy(name: "Complaint", calendarID: 1, conditions: .init(type: "complaint"),
                                  firstResponseMinutes: 120, priority: 5)
        let major = SLAPolicy(name: "Major complaint", calendarID: 2, conditions: .init(type: "complaint", severity: "major"),
                              firstResponseMinutes: 30, priority: 50)
        let phone = SLAPolicy(name: "Phone", calendarID: 1, conditions: .init(channel: "phone"), firstResponseMinutes: 60, priority: 1)
        let policies = [general, complaint, major, phone]
        XCTAssertEqual(SLAPolicy.select(from: policies, for: .init(type: "complaint", severity: "major", channel: "phone")), major)
        XCTAssertEqual(SLAPolicy.select(from: policies, for: .init(type: "complaint", severity: "minor", channel: "phone")), phone)
        XCTAssertEqual(SLAPolicy.select(from: policies, for: .init(type: "complaint", channel: "email")), complaint)
        XCTAssertEqual(SLAPolicy.select(from: policies, for: .init(type: "inquiry", channel: "email")), general)
        XCTAssertEqual(SLAPolicy.select(from: policies, for: .init()), general)
        XCTAssertNil(SLAPolicy.select(from: [complaint, major], for: .init(type: "inquiry")))
        // Equal specificity and priority: the name decides, whatever the list order.
        let a = SLAPolicy(name: "A", calendarID: 1, conditions: .init(memberGrade: "gold"), priority: 3)
        let b = SLAPolicy(name: "B", calendarID: 1, conditions: .init(type: "inquiry"), priority: 3)
        XCTAssertEqual(SLAPolicy.select(from: [b, a], for: .init(type: "inquiry", memberGrade: "gold")), a)
        XCTAssertEqual(SLAPolicy.select(from: [a, b], for: .init(type: "inquiry", memberGrade: "gold")), a)
        XCTAssertEqual(major.minutes(for: .firstResponse), 30)
        XCTAssertNil(major.minutes(for: .resolution))
    }

    // R-TKT-4: policies keep the integrator JSON shape.
    func testPolicyJSONRoundTrip_R_TKT_4() throws {
        let json = """
        {"name":"投诉","calendar_id":3,
         "conditions":{"type":"complaint","severity":"major","channel":"phone","member_grade":"gold"},
         "first_response_minutes":120,"next_response_minutes":240,"resolution_minutes":1440,"priority":10}
        """
        let policy = try JSONDecoder().decode(SLAPolicy.self, from: Data(json.utf8))
        XCTAssertEqual(policy, SLAPolicy(
            name: "投诉", calendarID: 3,
            conditions: .init(type: "complaint", severity: "major", channel: "phone", memberGrade: "gold"),
            firstResponseMinutes: 120, nextResponseMinutes: 240, resolutionMinutes: 1440, priority: 10))
        let encoded = try JSONEncoder().encode(policy)
        XCTAssertEqual(try JSONSerialization.jsonObject(with: encoded) as? NSDictionary,
                       try JSONSerialization.jsonObject(with: Data(json.utf8)) as? NSDictionary)
        let bare = try JSONDecoder().decode(SLAPolicy.self, from: Data(#"{"name":"Default","calendar_id":1,"resolution_minutes":1440}"#.utf8))
        XCTAssertEqual(bare.conditions, .init())
        XCTAssertEqual(bare.priority, 0)
        XCTAssertEqual(SLAPolicy(name: "", calendarID: 1, firstResponseMinutes: 0, resolutionMinutes: -5).problems().map(\.field),
                       ["name", "first_response_minutes", "resolution_minutes"])
    }
}
