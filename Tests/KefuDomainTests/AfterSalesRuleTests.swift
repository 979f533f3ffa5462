import Foundation
import KefuDomain
import XCTest

final class AfterSalesRuleTests: XCTestCase {
    // R-AS-6: a hand-over needs the customer, the problem and the required action.
    func testHandOverNeedsCustomerProblemAndAction_R_AS_6() {
        let draft = AfterSalesDraft(orderID: 1, kind: .exchange, customerName: "", customerPhone: nil, problem: " ", requiredAction: nil,
                                    details: ["reason": "尺码不合适"])
        XCTAssertEqual(draft.problems().map(\.field), ["customer.name", "customer.phone", "problem", "required_action"])
    }

    // R-AS-1: every kind exists and needs an order.
    func testEveryCaseLinksToAnOrder_R_AS_1() {
        XCTAssertEqual(AfterSalesCase.Kind.allCases.count, 10)
        let draft = AfterSalesDraft(orderID: nil, kind: .reship, customerName: "张三", customerPhone: "13800138000", problem: "少发一件",
                                    requiredAction: "补发")
        XCTAssertEqual(draft.problems().map(\.field), ["order_id"])
    }

    // R-AS-2: a damaged parcel records its package state, extent and count, with 2–3 photos.
    func testDamagedParcelNeedsItsEvidence_R_AS_2() {
        var draft = AfterSalesDraft(orderID: 1, kind: .damagedParcel, customerName: "张三", customerPhone: "13800138000",
                                    problem: "外箱压坏", requiredAction: "补发", details: ["photos": "1"])
        XCTAssertEqual(draft.problems().map(\.field), ["details.package_state", "details.extent", "details.count", "details.photos"])
        draft.details = ["package_state": "外箱破损", "extent": "内件碎裂", "count": "1", "photos": "3"]
        XCTAssertEqual(draft.problems(), [])
        XCTAssertEqual(AfterSalesCase.Kind.lostParcel.requiredDetails, ["carrier_confirmation"])
    }

    // R-AS-3: an undeliverable parcel says whose cause; out-of-area says how it is solved.
    func testUndeliverableAndOutOfAreaChoices_R_AS_3() {
        let draft = AfterSalesDraft(orderID: 1, kind: .undeliverable, customerName: "张三", customerPhone: "13800138000",
                                    problem: "电话无人接听", requiredAction: "联系客户", details: ["cause": "weather"])
        XCTAssertEqual(draft.problems().map(\.code), ["error.unknown_value"])
        XCTAssertEqual(AfterSalesCase.Kind.outOfArea.choices["resolution"], ["reship_and_recall", "other_carrier", "self_pickup"])
    }

    // R-AS-4: when the company is at fault it bears both-way shipping.
    func testCompanyFaultKinds_R_AS_4() {
        XCTAssertEqual(AfterSalesCase.Kind.qualityProblem.defaultFault, .company)
        XCTAssertNil(AfterSalesCase.Kind.exchange.defaultFault)
    }

    // R-AS-5: cash-back is due within 72 h of the customer confirming receipt.
    func testCashbackDueWithin72Hours_R_AS_5() {
        let confirmed = Date(timeIntervalSince1970: 1_795_000_000)
        let rule = CashbackRule()
        XCTAssertEqual(rule.dueAt(receiptConfirmedAt: confirmed), confirmed.addingTimeInterval(72 * 3600))
        XCTAssertFalse(rule.isLate(receiptConfirmedAt: confirmed, now: confirmed.addingTimeInterval(71 * 3600)))
        XCTAssertTrue(rule.isLate(receiptConfirmedAt: confirmed, now: confirmed.addingTimeInterval(73 * 3600)))
    }

    // R-ORD-17: five sign-offs in a fixed order before payment.
    func testDeductionSlipSignOffsComeInOrder_R_ORD_17() {
        var slip = DeductionSlip(id: 1, orderID: 1, supplierID: 1, amount: 25800, reason: "供货商缺货", createdAt: .init(timeIntervalSince1970: 0))
        XCTAssertEqual(slip.nextParty, .deliveryCentre)
        for party in DeductionSlip.Party.allCases {
            XCTAssertEqual(slip.nextParty, party)
            slip.signOffs.append(.init(party: party, userID: 1, userLogin: "x", at: .init(timeIntervalSince1970: 0), comment: nil))
        }
        XCTAssertTrue(slip.isFullySigned)
        XCTAssertEqual(DeductionSlip.Party.allCases.map(\.rawValue),
                       ["delivery_centre", "order_processing", "clearing_accountant", "director", "finance"])
    }

    func testCaseStatesMoveOnlyForward() {
        XCTAssertTrue(AfterSalesStateMachine.canMove(from: .open, to: .waitingCarrier))
        XCTAssertFalse(AfterSalesStateMachine.canMove(from: .open, to: .closed))
        XCTAssertEqual(AfterSalesStateMachine.allowed(from: .closed), [])
    }
}
