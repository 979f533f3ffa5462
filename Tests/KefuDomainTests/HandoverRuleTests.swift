import Foundation
import KefuDomain
import XCTest

final class HandoverRuleTests: XCTestCase {
    static let at = Date(timeIntervalSince1970: 1_795_417_200)

    // R-TKT-12: the incoming shift acknowledges each item once; the writer cannot acknowledge their own items.
    func testOnlyTheIncomingShiftAcknowledgesEachItemOnce_R_TKT_12() {
        let handover = Handover(id: 1, shift: "早班", note: nil, writtenBy: 7, writtenAt: Self.at, items: [
            Handover.Item(id: 10, position: 1, content: "O-20261123-0001 客户要求改地址，已联系仓库", reference: "O-20261123-0001"),
            Handover.Item(id: 11, position: 2, content: "回访李女士", reference: nil, acknowledgedBy: 8, acknowledgedAt: Self.at),
        ])
        XCTAssertFalse(handover.isComplete)
        XCTAssertEqual(handover.acknowledgement(of: 10, by: 8), .allowed)
        XCTAssertEqual(handover.acknowledgement(of: 10, by: 7), .ownItem)
        XCTAssertEqual(handover.acknowledgement(of: 11, by: 9), .alreadyAcknowledged)
        XCTAssertEqual(handover.acknowledgement(of: 12, by: 8), .unknownItem)
        var done = handover
        done.items[0].acknowledgedAt = Self.at
        XCTAssertTrue(done.isComplete, "complete when every item is acknowledged")
    }

    // R-TKT-12: a handover names its shift and has at least one item; every bad field is reported at once.
    func testDraftNeedsShiftAndItems_R_TKT_12() {
        XCTAssertEqual(HandoverDraft(shift: " ", items: []).problems.map(\.field), ["shift", "items"])
        XCTAssertEqual(HandoverDraft(shift: " ", items: []).problems.last?.code, "error.handover_no_items")
        let draft = HandoverDraft(shift: "夜班", note: "  ", items: [
            .init(content: "  交接班前系统卡顿，已报修 ", reference: " "),
            .init(content: nil, reference: "T-20261123-0002"),
            .init(content: String(repeating: "长", count: HandoverDraft.contentLimit + 1)),
        ])
        XCTAssertEqual(draft.problems.map(\.field), ["items[1].content", "items[2].content"])
        XCTAssertEqual(draft.problems.last?.code, "error.too_long")
        XCTAssertTrue(HandoverDraft.isBlank(.init(content: " ", reference: "")))
        XCTAssertFalse(HandoverDraft.isBlank(.init(content: nil, reference: "T-1")))
        let saved = HandoverDraft(shift: " 夜班 ", note: " ", items: [.init(content: " 已报修 ", reference: " ")]).handover(writtenBy: 3, at: Self.at)
        XCTAssertEqual(saved.shift, "夜班")
        XCTAssertNil(saved.note)
        XCTAssertEqual(saved.items, [Handover.Item(id: 0, position: 1, content: "已报修", reference: nil)])
    }
}
