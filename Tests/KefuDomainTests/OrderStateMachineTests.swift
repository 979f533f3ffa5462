import KefuDomain
import XCTest

final class OrderStateMachineTests: XCTestCase {
    /// Every state × every action × held or not: the expected outcome is written out, so any change is deliberate.
    func testEveryStateAndActionExhaustively_R_ORD_4_R_ORD_10_R_ORD_14() {
        let expected: [OrderStatus: [OrderAction: OrderStatus]] = [
            .pendingReview: [.approve: .approved, .reject: .rejected, .cancel: .cancelled, .hold: .pendingReview],
            .rejected: [.resubmit: .pendingReview, .cancel: .cancelled, .hold: .rejected],
            .approved: [.ship: .shipped, .cancel: .cancelled, .hold: .approved],
            .shipped: [.deliver: .delivered],
            .delivered: [.complete: .completed],
            .completed: [.archive: .archived],
            .archived: [:],
            .cancelled: [:],
        ]
        for status in OrderStatus.allCases {
            for action in OrderAction.allCases {
                let result = OrderStateMachine.apply(action, to: status, held: false)
                if let target = expected[status]?[action] {
                    guard case .success(let (next, held)) = result else {
                        XCTFail("\(action) from \(status) should succeed")
                        continue
                    }
                    XCTAssertEqual(next, target, "\(action) from \(status)")
                    XCTAssertEqual(held, action == .hold, "\(action) from \(status)")
                } else {
                    guard case .failure(let error) = result else {
                        XCTFail("\(action) from \(status) should be refused")
                        continue
                    }
                    XCTAssertEqual(error.current, status)
                    XCTAssertEqual(Set(error.allowed), Set((expected[status] ?? [:]).keys))
                }
            }
        }
    }

    // R-ORD-10: a held order waits; only release or cancel are possible.
    func testHeldOrdersOnlyReleaseOrCancel_R_ORD_10() {
        for status in [OrderStatus.pendingReview, .rejected, .approved] {
            XCTAssertEqual(Set(OrderStateMachine.allowed(from: status, held: true)), [.release, .cancel])
            guard case .success(let (next, held)) = OrderStateMachine.apply(.release, to: status, held: true) else {
                return XCTFail("release from held \(status)")
            }
            XCTAssertEqual(next, status)
            XCTAssertFalse(held)
        }
        guard case .failure(let error) = OrderStateMachine.apply(.ship, to: .approved, held: true) else {
            return XCTFail("a held order shipped")
        }
        XCTAssertEqual(error.allowed, [.release, .cancel])
    }
}

final class OrderDraftTests: XCTestCase {
    static let prices: [String: Int64] = ["SKU-1": 1999, "SKU-2": 25800]

    static func complete() -> OrderDraft {
        OrderDraft(
            channel: .taobao, externalNumber: "TB2026112300001", customer: .init(name: "张三", phone: "13800138000"),
            address: .init(recipient: "张三", phone: "13800138000", province: "浙江省", city: "杭州市", district: "西湖区", line: "文三路100号"),
            items: [.init(sku: "SKU-1", quantity: 2, unitPrice: 1999)], paymentMethod: .online)
    }

    // R-ORD-2: an incomplete order is rejected with a message per missing field.
    func testIncompleteOrderListsEveryMissingField_R_ORD_2() {
        XCTAssertEqual(Self.complete().problems(prices: Self.prices), [])
        let empty = OrderDraft(channel: nil, customer: nil, address: nil, items: nil, paymentMethod: nil)
        XCTAssertEqual(Set(empty.problems(prices: Self.prices).map(\.field)), [
            "channel", "customer.name", "customer.phone", "address.recipient", "address.phone", "address.province",
            "address.city", "address.district", "address.line", "payment_method", "items",
        ])
        var draft = Self.complete()
        draft.items = [.init(sku: "NOPE", quantity: 0), .init(sku: nil, quantity: nil, unitPrice: -1)]
        draft.customer?.phone = "call me"
        draft.externalNumber = nil
        XCTAssertEqual(draft.problems(prices: Self.prices).map(\.field), [
            "external_number", "customer.phone", "items[0].sku", "items[0].quantity", "items[1].sku", "items[1].quantity", "items[1].unit_price",
        ])
    }

    // R-ORD-7: overpayments are detected when payments exceed the total.
    func testTotalsOutstandingAndOverpayment_R_ORD_6_R_ORD_7() {
        var order = Order(
            id: 1, number: "O-20261123-0001", channel: .phone, externalNumber: nil, customer: .init(name: "张三", phone: "13800138000"),
            address: .init(recipient: "张三", phone: "13800138000", province: "浙江省", city: "杭州市", district: "西湖区", line: "文三路100号"),
            items: [.init(sku: "SKU-1", name: "T恤", quantity: 2, unitPrice: 1999), .init(sku: "SKU-2", name: "外套", quantity: 1, unitPrice: 25800)],
            paymentMethod: .mixed, status: .approved, enteredBy: 1, createdAt: .init(timeIntervalSince1970: 0))
        XCTAssertEqual(order.total, 29798)
        XCTAssertEqual(order.outstanding, 29798)
        order.paid = 30000
        XCTAssertEqual(order.outstanding, 0)
        XCTAssertEqual(order.overpaid, 202)
        XCTAssertEqual(Money.yuan(29798), "¥297.98")
    }

    func testPhoneNumbers() {
        XCTAssertTrue(OrderDraft.isPhone("13800138000"))
        XCTAssertTrue(OrderDraft.isPhone("0571-88886666"))
        XCTAssertFalse(OrderDraft.isPhone("1380013800a"))
        XCTAssertFalse(OrderDraft.isPhone("12345"))
    }

    func testOrderNumbersUseTheBusinessDay() {
        // 2026-11-23 23:30 in Shanghai is still 15:30 UTC the same day; 00:30 the next day is 16:30 UTC on the 23rd.
        let lateEvening = Date(timeIntervalSince1970: 1_795_447_800)
        let shanghai = TimeZone(identifier: "Asia/Shanghai")!
        XCTAssertEqual(OrderNumber.make(day: lateEvening, sequence: 7, timeZone: shanghai), "O-20261123-0007")
        XCTAssertEqual(OrderNumber.make(day: lateEvening.addingTimeInterval(3600), sequence: 1, timeZone: shanghai), "O-20261124-0001")
        XCTAssertEqual(OrderNumber.dayKey(lateEvening.addingTimeInterval(3600), timeZone: TimeZone(identifier: "UTC")!), "20261123")
    }
}

final class OrderDeadlineTests: XCTestCase {
    let paid = Date(timeIntervalSince1970: 1_795_000_000)

    // R-ORD-12: the 72 h clock starts at payment; orders are raised before they breach.
    func testShipByRunsFromPaymentAndWarnsBeforeTheBreach_R_ORD_12() {
        let deadlines = OrderDeadlines()
        XCTAssertEqual(deadlines.shipBy(paidAt: paid), paid.addingTimeInterval(72 * 3600))
        XCTAssertEqual(deadlines.shipState(paidAt: paid, now: paid.addingTimeInterval(47 * 3600)), .onTime)
        XCTAssertEqual(deadlines.shipState(paidAt: paid, now: paid.addingTimeInterval(49 * 3600)), .dueSoon)
        XCTAssertEqual(deadlines.shipState(paidAt: paid, now: paid.addingTimeInterval(72 * 3600)), .overdue)
        let strict = OrderDeadlines(shipWithinHours: 48, shipWarningHours: 6)
        XCTAssertEqual(strict.shipState(paidAt: paid, now: paid.addingTimeInterval(43 * 3600)), .dueSoon)
    }

    // R-ORD-13: parcels not delivered 3 days after dispatch are chased.
    func testUndeliveredCutoffIsThreeDays_R_ORD_13() {
        XCTAssertEqual(OrderDeadlines().undeliveredCutoff(now: paid), paid.addingTimeInterval(-3 * 86400))
    }
}

final class StockoutScheduleTests: XCTestCase {
    // R-ORD-16: listed by 9:00, answered by 11:00 on the first morning after registration.
    func testMorningListAndAnswerDeadline_R_ORD_16() {
        let schedule = StockoutSchedule()
        // 2026-11-23 08:30 and 15:00 in Shanghai.
        let early = Date(timeIntervalSince1970: 1_795_393_800)
        let afternoon = Date(timeIntervalSince1970: 1_795_417_200)
        XCTAssertEqual(schedule.answerDue(for: early), Date(timeIntervalSince1970: 1_795_402_800))       // same day 11:00
        XCTAssertEqual(schedule.answerDue(for: afternoon), Date(timeIntervalSince1970: 1_795_489_200))   // next day 11:00
        XCTAssertEqual(schedule.listCutoff(on: afternoon), Date(timeIntervalSince1970: 1_795_395_600))   // that day 09:00
    }
}

final class OrderSplitTests: XCTestCase {
    // R-ORD-11: a split puts every item in exactly one parcel.
    func testSplitMustPlaceEveryItem_R_ORD_11() {
        let items = [OrderItem(sku: "A", name: "A", quantity: 2, unitPrice: 100), OrderItem(sku: "B", name: "B", quantity: 1, unitPrice: 100)]
        let good: [[OrderSplit.Line]] = [[.init(sku: "A", quantity: 2)], [.init(sku: "B", quantity: 1)]]
        XCTAssertEqual(OrderSplit.problems(parcels: good, items: items), [])
        XCTAssertEqual(OrderSplit.parcels(fromJSON: OrderSplit.json(good)), good)
        let short: [[OrderSplit.Line]] = [[.init(sku: "A", quantity: 1)], [.init(sku: "B", quantity: 1), .init(sku: "C", quantity: 1)]]
        XCTAssertEqual(OrderSplit.problems(parcels: short, items: items).map(\.code), ["error.split_mismatch", "error.split_mismatch"])
        XCTAssertEqual(OrderSplit.problems(parcels: [good[0] + good[1]], items: items).map(\.code), ["error.split_needs_two"])
    }
}

final class ReminderRuleTests: XCTestCase {
    // R-ORD-8: IM reminders before 11:00, phone reminders 18:00–20:30 (Shanghai time).
    func testReminderWindows_R_ORD_8() {
        let rules = ReminderRules()
        let shanghai = TimeZone(identifier: "Asia/Shanghai")!
        let morning = Date(timeIntervalSince1970: 1_795_393_800)          // 2026-11-23 08:30
        let evening = morning.addingTimeInterval(10.5 * 3600)             // 19:00
        let late = morning.addingTimeInterval(12.25 * 3600)               // 20:45
        XCTAssertTrue(rules.allows(.im, at: morning, timeZone: shanghai))
        XCTAssertFalse(rules.allows(.phone, at: morning, timeZone: shanghai))
        XCTAssertTrue(rules.allows(.phone, at: evening, timeZone: shanghai))
        XCTAssertFalse(rules.allows(.im, at: evening, timeZone: shanghai))
        XCTAssertFalse(rules.allows(.phone, at: late, timeZone: shanghai))
    }

    // R-ORD-8: another agent may chase only when the owner is offline and the order unpaid for 24 h.
    func testWhoMayChase_R_ORD_8() {
        let rules = ReminderRules()
        let since = Date(timeIntervalSince1970: 1_795_000_000)
        XCTAssertTrue(rules.mayChase(chaser: 1, owner: 1, ownerOnline: true, unpaidSince: since, now: since))
        XCTAssertFalse(rules.mayChase(chaser: 2, owner: 1, ownerOnline: false, unpaidSince: since, now: since.addingTimeInterval(23 * 3600)))
        XCTAssertFalse(rules.mayChase(chaser: 2, owner: 1, ownerOnline: true, unpaidSince: since, now: since.addingTimeInterval(25 * 3600)))
        XCTAssertTrue(rules.mayChase(chaser: 2, owner: 1, ownerOnline: false, unpaidSince: since, now: since.addingTimeInterval(24 * 3600)))
    }
}
