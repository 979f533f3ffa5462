import Foundation
import KefuDomain
import XCTest

/// The pure rules of suggestions (R-TKT-7).
final class SuggestionRuleTests: XCTestCase {
    let received = Date(timeIntervalSince1970: 1_794_963_600)

    // R-TKT-7: forwarded, decided, told — one step at a time, nothing skipped, nothing done twice.
    func testStagesFollowOneAnother_R_TKT_7() {
        var suggestion = Suggestion(ticketID: 1, category: nil, receivedAt: received)
        XCTAssertEqual(suggestion.stage, .received)
        XCTAssertNil(SuggestionRules.check(.forward, at: .received))
        XCTAssertEqual(SuggestionRules.check(.decide, at: .received), IllegalSuggestionStep(current: .received, action: .decide, allowed: [.forward]))
        XCTAssertEqual(SuggestionRules.check(.notify, at: .received)?.allowed, [.forward])

        suggestion.forwarding = .init(handoffID: 7, department: .supplier, request: "是否增加大码", dueAt: received.addingTimeInterval(86_400),
                                      by: 2, at: received)
        XCTAssertEqual(suggestion.stage, .forwarded)
        XCTAssertEqual(SuggestionRules.check(.forward, at: .forwarded)?.allowed, [.decide], "forwarded once only")
        XCTAssertNil(SuggestionRules.check(.decide, at: .forwarded))

        suggestion.verdict = .init(decision: .notAdopted, reason: "成本过高", by: 3, at: received.addingTimeInterval(3600))
        XCTAssertEqual(suggestion.stage, .decided)
        XCTAssertEqual(SuggestionRules.check(.decide, at: .decided), IllegalSuggestionStep(current: .decided, action: .decide, allowed: [.notify]),
                       "decided once only")
        XCTAssertNil(SuggestionRules.check(.notify, at: .decided))

        suggestion.notice = .init(by: 2, at: received.addingTimeInterval(7200), messageID: nil)
        XCTAssertEqual(suggestion.stage, .told)
        XCTAssertEqual(SuggestionRules.allowed(from: .told), [])
        XCTAssertNotNil(SuggestionRules.check(.notify, at: .told))
    }

    // R-TKT-7: the member is told before the ticket is resolved; a forwarded one waits for its decision first.
    func testResolutionWaitsForDecisionAndNotice_R_TKT_7() {
        XCTAssertNil(SuggestionRules.resolutionBlocker(.received), "a suggestion never forwarded resolves like any ticket")
        XCTAssertEqual(SuggestionRules.resolutionBlocker(.forwarded), .decide)
        XCTAssertEqual(SuggestionRules.resolutionBlocker(.decided), .notify)
        XCTAssertNil(SuggestionRules.resolutionBlocker(.told))
    }

    // R-TKT-7: a decision is adopted or not, always with its reason.
    func testDecisionNeedsAReason_R_TKT_7() {
        XCTAssertEqual(SuggestionRules.decisionProblems(decision: "adopted", reason: "  "),
                       [FieldError(field: "reason", code: "error.reason_required")])
        XCTAssertEqual(SuggestionRules.decisionProblems(decision: nil, reason: nil).map(\.field), ["decision", "reason"])
        XCTAssertEqual(SuggestionRules.decisionProblems(decision: "maybe", reason: "x").map(\.code), ["error.unknown_value"])
        XCTAssertEqual(SuggestionRules.decisionProblems(decision: "not_adopted", reason: String(repeating: "长", count: 2001)).map(\.code),
                       ["error.too_long"])
        XCTAssertEqual(SuggestionRules.decisionProblems(decision: "partly_adopted", reason: "下季度上线"), [])
        XCTAssertTrue(SuggestionDecision.partlyAdopted.isAdopted)
        XCTAssertFalse(SuggestionDecision.notAdopted.isAdopted)
    }

    // R-TKT-7: the department it was forwarded to decides, or someone who approves on its behalf; nobody else.
    func testWhoMayDecide_R_TKT_7() {
        let department = Role.department.permissions, agent = Role.agent.permissions, supervisor = Role.supervisor.permissions
        XCTAssertTrue(SuggestionRules.mayDecide(permissions: department, userDepartment: .supplier, forwardedTo: .supplier))
        XCTAssertFalse(SuggestionRules.mayDecide(permissions: department, userDepartment: .warehouse, forwardedTo: .supplier))
        XCTAssertFalse(SuggestionRules.mayDecide(permissions: department, userDepartment: nil, forwardedTo: .supplier))
        XCTAssertFalse(SuggestionRules.mayDecide(permissions: agent, userDepartment: nil, forwardedTo: .supplier))
        XCTAssertTrue(SuggestionRules.mayDecide(permissions: supervisor, userDepartment: nil, forwardedTo: .supplier))
    }

    func testCustomerLanguageFollowsWhatTheyWrote_R_TKT_7() {
        XCTAssertEqual(SuggestionRules.customerLanguage(of: "希望增加夜间配送"), .zhHans)
        XCTAssertEqual(SuggestionRules.customerLanguage(of: "Please add a dark mode"), .en)
    }

    // R-TKT-7: the periodic summary counts by category, department and decision; the adoption rate is adopted (wholly or
    // partly) among the decided; the average is days from receipt to decision over the decided ones.
    func testSummaryNumbers_R_TKT_7() {
        let day: TimeInterval = 86_400
        func line(_ id: Int64, _ category: String?, _ department: Department?, _ decision: SuggestionDecision?, days: Double? = nil,
                  told: Bool = false) -> SuggestionLine {
            SuggestionLine(ticketID: id, number: "T-\(id)", receivedAt: received, subject: "s", customerName: "c", category: category,
                           department: department, decision: decision, reason: decision == nil ? nil : "r",
                           decidedAt: days.map { received.addingTimeInterval($0 * day) }, notifiedAt: told ? received.addingTimeInterval(9 * day) : nil)
        }
        let summary = SuggestionSummary(lines: [
            line(1, "product_suggestion", .supplier, .adopted, days: 2, told: true),
            line(2, "product_suggestion", .supplier, .notAdopted, days: 4),
            line(3, "delivery_suggestion", .delivery, .partlyAdopted, days: 3, told: true),
            line(4, "website_suggestion", .secondLine, nil),
            line(5, nil, nil, nil),
        ])
        XCTAssertEqual(summary.total, 5)
        XCTAssertEqual(summary.byCategory, [.init(key: "product_suggestion", count: 2), .init(key: "delivery_suggestion", count: 1),
                                            .init(key: "unclassified", count: 1), .init(key: "website_suggestion", count: 1)])
        XCTAssertEqual(summary.byDepartment, [.init(key: "supplier", count: 2), .init(key: "delivery", count: 1), .init(key: "none", count: 1),
                                              .init(key: "second_line", count: 1)])
        XCTAssertEqual(summary.byDecision, .init(adopted: 1, partlyAdopted: 1, notAdopted: 1, pending: 2))
        XCTAssertEqual(summary.adoptionRate, 0.667)
        XCTAssertEqual(summary.averageDaysToDecision, 3.0)
        XCTAssertEqual(summary.told, 2)
        XCTAssertEqual(line(4, nil, .delivery, nil).stage, .forwarded)

        let empty = SuggestionSummary(lines: [])
        XCTAssertNil(empty.adoptionRate, "no rate without a decision")
        XCTAssertNil(empty.averageDaysToDecision)
        XCTAssertEqual(empty.byDecision.decided, 0)
    }
}
