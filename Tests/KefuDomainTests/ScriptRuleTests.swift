import Foundation
import KefuDomain
import XCTest

final class ScriptRuleTests: XCTestCase {
    static let at = Date(timeIntervalSince1970: 1_795_417_200)

    // R-QA-1: a phrase has a situation, a title and a body; a change is checked only for the fields it has.
    func testScriptChangesAreChecked_R_QA_1() {
        XCTAssertEqual(ScriptChanges().problems(creating: true).map(\.field), ["situation", "title", "body"])
        XCTAssertEqual(ScriptChanges().problems(creating: false), [])
        let long = ScriptChanges(title: String(repeating: "话", count: Script.titleLimit + 1), body: " ", position: -1)
        XCTAssertEqual(long.problems(creating: false).map(\.field), ["title", "body", "position"])
        let script = Script(id: 1, situation: .greeting, title: "問候語", body: "您好", note: "說明", position: 1, active: true, version: 1,
                            createdAt: Self.at, updatedAt: Self.at)
        let changed = ScriptChanges(situation: .closing, body: " 再見！ ", note: " ", active: false).applied(to: script)
        XCTAssertEqual([changed.situation.rawValue, changed.body], ["closing", "再見！"])
        XCTAssertNil(changed.note, "an empty note removes it")
        XCTAssertFalse(changed.active)
        XCTAssertEqual(Script.Situation.allCases.first, .greeting)
        XCTAssertEqual(Script.Situation.allCases.last, .closing)
    }
}
