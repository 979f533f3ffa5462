import Foundation
import KefuDomain
import XCTest

final class ComplaintLoopTests: XCTestCase {
    static let order: [(ComplaintAction, ComplaintStage)] = [
        (.accept, .accepted), (.judge, .judged), (.classify, .classified), (.assign, .assigned), (.investigate, .investigated),
        (.propose, .proposed), (.approve, .approved), (.implement, .implemented), (.confirm, .confirmed), (.followUp, .followedUp),
        (.archive, .archived),
    ]

    // R-TKT-5: every stage × every action: only the next stage's action is allowed; nothing can be skipped.
    func testEveryStageAllowsOnlyTheNextStep_R_TKT_5() {
        var stage = ComplaintStage.received
        for (next, reached) in Self.order {
            for action in ComplaintAction.allCases {
                let result = ComplaintLoop.apply(action, to: stage)
                if action == next {
                    XCTAssertEqual(try? result.get(), reached, "\(stage) --\(action)-->")
                } else {
                    guard case .failure(let step) = result else { return XCTFail("\(action) from \(stage) must be refused") }
                    XCTAssertEqual(step.current, stage)
                    XCTAssertEqual(step.allowed, [next])
                }
            }
            stage = reached
        }
        for final in [ComplaintStage.archived, .closedInvalid] {
            XCTAssertTrue(final.isFinal)
            for action in ComplaintAction.allCases { XCTAssertThrowsError(try ComplaintLoop.apply(action, to: final).get()) }
        }
        XCTAssertEqual(Set(ComplaintStage.allCases), Set(Self.order.map(\.1) + [.received, .closedInvalid]), "every stage is on the path")
    }

    // R-TKT-5: an invalid complaint is closed with the explanation; a refused solution goes back to investigation.
    func testInvalidJudgementAndRefusedSolution_R_TKT_5() {
        XCTAssertEqual(try ComplaintLoop.apply(.judge, to: .accepted, valid: false).get(), .closedInvalid)
        XCTAssertEqual(ComplaintLoop.requiredFields(for: .judge, valid: false), ["explanation"])
        XCTAssertEqual(try ComplaintLoop.apply(.approve, to: .proposed, approved: false).get(), .investigated)
        XCTAssertEqual(ComplaintLoop.requiredFields(for: .approve, approved: false), ["reason"])
        XCTAssertEqual(ComplaintLoop.requiredFields(for: .accept), ["demand"])
        XCTAssertEqual(ComplaintLoop.category(of: .confirmed), .resolved)
        XCTAssertEqual(ComplaintLoop.category(of: .closedInvalid), .closed)
        XCTAssertNil(ComplaintLoop.category(of: .investigated))
    }
}

final class TicketDraftTests: XCTestCase {
    // R-TKT-1: type and channel come from the fixed lists; every missing field is reported at once.
    func testEveryProblemAtOnce_R_TKT_1() {
        let empty = TicketDraft(type: nil, channel: nil, subject: " ", body: nil, customer: .init(name: nil))
        XCTAssertEqual(empty.problems().map(\.field), ["type", "channel", "subject", "body", "customer.name", "customer.phone"])
        let bad = TicketDraft(type: .complaint, channel: .email, subject: "破损", body: "收到的杯子碎了",
                              customer: .init(name: "陈静", phone: "12ab", email: "chen@"))
        XCTAssertEqual(bad.problems().map(\.code), ["error.phone_format", "error.email_format"])
        let good = TicketDraft(type: .complaint, channel: .phone, subject: "破损", body: "收到的杯子碎了", customer: .init(name: "陈静", phone: "139 1234 5678"))
        XCTAssertEqual(good.problems(), [])
        XCTAssertEqual(Set(TicketType.allCases.map(\.rawValue)), ["inquiry", "complaint", "suggestion", "repair", "delivery_query", "after_sales"])
        XCTAssertEqual(Set(TicketChannel.allCases.map(\.rawValue)), ["phone", "email", "chat", "platform", "sms", "visit", "web"])
        XCTAssertFalse(TicketMessageKind.note.isVisibleToCustomer, "R-TKT-8: notes are never shown to customers")
    }
}

final class TicketSLATests: XCTestCase {
    func at(_ text: String) -> Date { SLAFixtures.instant(text) }
    let office = SLAFixtures.office
    let policy = SLAPolicy(name: "一般", calendarID: 1, firstResponseMinutes: 120, nextResponseMinutes: 240, resolutionMinutes: 450)

    // R-TKT-4 / R-QA-4: first response counts business time; an auto-reply is not a response (it is never in `replies`).
    func testFirstResponseAndResolution_R_TKT_4() {
        let terms = [TicketSLA.Terms(from: at("2026-11-20 16:00"), policy: policy, calendar: office)]
        // Friday 16:00: 120 business minutes end Friday 18:00; resolution (450) ends Monday 16:00 (120 Friday + 330 Monday).
        let timeline = TicketSLA.Timeline(createdAt: at("2026-11-20 16:00"))
        let clocks = TicketSLA.evaluate(terms: terms, timeline: timeline, now: at("2026-11-20 17:00"))
        XCTAssertEqual(clocks.map(\.target), [.firstResponse, .resolution])
        XCTAssertEqual(clocks[0].due, at("2026-11-20 18:00"))
        XCTAssertEqual(clocks[0].atRiskAt, at("2026-11-20 17:36"), "80 % of 120 minutes is 96")
        XCTAssertEqual(clocks[0].state, .onTrack)
        XCTAssertEqual(clocks[1].due, at("2026-11-23 16:00"))
        XCTAssertEqual(TicketSLA.overall(clocks), .onTrack)
        XCTAssertEqual(TicketSLA.watchAt(clocks), at("2026-11-20 17:36"))
        let late = TicketSLA.evaluate(terms: terms, timeline: timeline, now: at("2026-11-23 09:05"))
        XCTAssertEqual(late[0].state, .breached)
        XCTAssertEqual(TicketSLA.overall(late), .breached)
        XCTAssertEqual(TicketSLA.watchAt(late), at("2026-11-23 14:30"), "only the resolution clock is still watched: at risk after 360 minutes (120 Friday, 180 + 60 Monday)")
    }

    // R-TKT-4: a customer's message after a reply starts the next-response clock; the next reply meets it.
    func testNextResponseCycle_R_TKT_4() {
        let terms = [TicketSLA.Terms(from: at("2026-11-23 09:00"), policy: policy, calendar: office)]
        var timeline = TicketSLA.Timeline(createdAt: at("2026-11-23 09:00"), customerMessages: [at("2026-11-23 09:00"), at("2026-11-23 10:00")],
                                          replies: [at("2026-11-23 09:30")])
        var clocks = TicketSLA.evaluate(terms: terms, timeline: timeline, now: at("2026-11-23 10:30"))
        XCTAssertEqual(clocks.map(\.target), [.firstResponse, .nextResponse, .resolution])
        XCTAssertEqual(clocks[0].state, .met)
        XCTAssertEqual(clocks[1].due, at("2026-11-23 15:30"), "240 minutes from 10:00 with lunch 12:00–13:30")
        timeline.replies.append(at("2026-11-23 11:00"))
        clocks = TicketSLA.evaluate(terms: terms, timeline: timeline, now: at("2026-11-23 11:30"))
        XCTAssertEqual(clocks[1].state, .met)
        XCTAssertEqual(clocks[1].metAt, at("2026-11-23 11:00"))
    }

    // R-TKT-4: waiting for the customer pauses the clocks; time while resolved (before a reopen) does not count.
    func testPausesAndReopen_R_TKT_4() {
        let terms = [TicketSLA.Terms(from: at("2026-11-23 09:00"), policy: policy, calendar: office)]
        let timeline = TicketSLA.Timeline(
            createdAt: at("2026-11-23 09:00"),
            pauses: [.init(at: at("2026-11-23 10:00"), paused: true), .init(at: at("2026-11-24 10:00"), paused: false)],
            replies: [at("2026-11-23 09:10")],
            resolvedSpans: [DateInterval(start: at("2026-11-24 11:00"), end: at("2026-11-25 11:00"))])
        let clocks = TicketSLA.evaluate(terms: terms, timeline: timeline, now: at("2026-11-25 11:00"))
        let resolution = clocks.first { $0.target == .resolution }!
        // Used: 60 (Mon 9–10) + 60 (Tue 10–11) = 120; 330 left from Wed 11:00 → 12:00 (60) + 13:30–18:00 (270) = Wed 18:00.
        XCTAssertEqual(resolution.due, at("2026-11-25 18:00"))
        XCTAssertEqual(resolution.state, .onTrack)
        let paused = TicketSLA.evaluate(terms: terms, timeline: TicketSLA.Timeline(createdAt: at("2026-11-23 09:00"),
                                                                                    pauses: [.init(at: at("2026-11-23 09:30"), paused: true)]),
                                        now: at("2026-11-23 15:00"))
        XCTAssertEqual(TicketSLA.overall(paused), .paused)
        XCTAssertNil(TicketSLA.watchAt(paused), "a paused clock has nothing to watch until it resumes")
    }

    // R-TKT-4: a policy change mid-ticket keeps the time already used.
    func testPolicyChangeKeepsUsedTime_R_TKT_4() {
        let complex = SLAPolicy(name: "复杂投诉", calendarID: 1, firstResponseMinutes: 1440)
        let simple = SLAPolicy(name: "简单投诉", calendarID: 1, firstResponseMinutes: 120)
        let terms = [TicketSLA.Terms(from: at("2026-11-23 09:00"), policy: simple, calendar: office),
                     TicketSLA.Terms(from: at("2026-11-23 10:00"), policy: complex, calendar: office)]
        let clocks = TicketSLA.evaluate(terms: terms, timeline: .init(createdAt: at("2026-11-23 09:00")), now: at("2026-11-23 10:00"))
        // 60 used on the first terms; 1380 left of 1440 at 450 a day: Mon 10:00→18:00 is 390, Tue 450, Wed 450 → 90 on Thursday: 10:30.
        XCTAssertEqual(clocks.first?.due, at("2026-11-26 10:30"))
    }
}

final class SearchTextTests: XCTestCase {
    func testChineseBecomesOverlappingPairsAndWordsStayWhole() {
        XCTAssertEqual(SearchText.document("退款申请：订单O-20261120-0008"), "退款 款申 申请 订单 o 20261120 0008")
        XCTAssertEqual(SearchText.groups("退款申请"), [["退款", "款申", "申请"]])
        XCTAssertEqual(SearchText.groups("查 Chen.Jing@Example.com 的单"), [["查"], ["chen", "jing", "example", "com"], ["的单"]])
        XCTAssertEqual(SearchText.groups("电话 139 1234 5678。"), [["电话"], ["139"], ["1234"], ["5678"]])
        XCTAssertEqual(SearchText.groups(" ,，。 "), [])
    }
}
