import Foundation
import KefuDomain
import KefuServices
import KefuStore
import KefuTestSupport
import XCTest

/// The order desk on every test database.
final class OrderServiceTests: XCTestCase {
    struct Desk {
        let clock: FixedClock
        let services: Services
        let clerk: Principal
        let reviewer: Principal
        let shipper: Principal
    }

    static func desk(_ database: any Database) async throws -> Desk {
        let clock = FixedClock(Date(timeIntervalSince1970: 1_795_000_000))
        let services = TestStores.services(database, clock: clock)
        let clerk = try await TestStores.user(services, "yang.min", role: .orderClerk)
        let reviewer = try await TestStores.user(services, "huang.qiang", role: .orderClerk)
        let admin = Principal(user: try await TestStores.user(services, "boss", role: .admin), channel: .session)
        let supplier = try await services.catalog.createSupplier(code: "SUP-1", name: "杭州服饰", contact: nil, phone: nil, by: admin)
        _ = try await services.catalog.createProduct(sku: "SKU-1", name: "纯棉T恤", supplierID: supplier.id, price: 1999, stock: 10, by: admin)
        _ = try await services.catalog.createProduct(sku: "SKU-2", name: "羽绒服", supplierID: supplier.id, price: 25800, stock: 1, by: admin)
        return Desk(clock: clock, services: services, clerk: Principal(user: clerk, channel: .session), reviewer: Principal(user: reviewer, channel: .session),
                    shipper: admin)
    }

    static func draft(channel: OrderChannel = .taobao, external: String? = "TB2026112300001", payment: PaymentMethod = .online,
                      quantity: Int = 2, sku: String = "SKU-1") -> OrderDraft {
        OrderDraft(
            channel: channel, externalNumber: external, customer: .init(name: "张三", phone: "13800138000"),
            address: .init(recipient: "张三", phone: "13800138000", province: "浙江省", city: "杭州市", district: "西湖区", line: "文三路100号"),
            items: [.init(sku: sku, quantity: quantity)], paymentMethod: payment)
    }

    // R-ORD-1, R-ORD-2: each order records its channel; an incomplete one is refused field by field, nothing stored.
    func testEntryValidatesEveryFieldAndRecordsTheChannel_R_ORD_1_R_ORD_2() async throws {
        try await TestStores.each { database, name in
            let desk = try await Self.desk(database)
            do {
                _ = try await desk.services.orders.create(OrderDraft(channel: .web, customer: nil, address: nil, items: [.init(sku: "NOPE", quantity: 1)], paymentMethod: nil), by: desk.clerk)
                XCTFail("\(name): incomplete order accepted")
            } catch ServiceError.validation(let errors) {
                XCTAssertTrue(errors.contains(FieldError(field: "items[0].sku", code: "error.unknown_product", arguments: ["value": "NOPE"])), name)
                XCTAssertTrue(errors.contains { $0.field == "customer.phone" }, name)
            }
            let order = try await desk.services.orders.create(Self.draft(), by: desk.clerk)
            XCTAssertEqual(order.channel, .taobao, name)
            XCTAssertEqual(order.items.first?.name, "纯棉T恤", name)
            XCTAssertEqual(order.total, 3998, name)
            XCTAssertEqual(order.status, .pendingReview, name)
            XCTAssertTrue(order.number.hasPrefix("O-"), name)
            do {
                _ = try await desk.services.orders.create(Self.draft(), by: desk.clerk)
                XCTFail("\(name): the same platform order was entered twice")
            } catch ServiceError.validation(let errors) {
                XCTAssertEqual(errors.map(\.field), ["external_number"], name)
            }
            let all = try await desk.services.orders.list(OrderFilter(), by: desk.clerk)
            XCTAssertEqual(all.total, 1, name)
        }
    }

    // R-ORD-3: a phone order is saved only once read back and confirmed.
    func testPhoneOrdersNeedTheReadBack_R_ORD_3() async throws {
        try await TestStores.each { database, name in
            let desk = try await Self.desk(database)
            do {
                _ = try await desk.services.orders.create(Self.draft(channel: .phone, external: nil), by: desk.clerk)
                XCTFail("\(name): unconfirmed phone order saved")
            } catch ServiceError.validation(let errors) {
                XCTAssertEqual(errors.map(\.code), ["error.read_back_required"], name)
            }
            let order = try await desk.services.orders.create(Self.draft(channel: .phone, external: nil), confirmed: true, by: desk.clerk)
            XCTAssertNotNil(order.confirmedAt, name)
        }
    }

    // R-ORD-4: review by someone else; a rejection needs a reason and returns the order to its enterer.
    func testReviewIsByAnotherPersonWithReasons_R_ORD_4() async throws {
        try await TestStores.each { database, name in
            let desk = try await Self.desk(database)
            let order = try await desk.services.orders.create(Self.draft(), by: desk.clerk)
            do {
                _ = try await desk.services.orders.review(id: order.id, approve: true, reason: nil, expectedVersion: nil, by: desk.clerk)
                XCTFail("\(name): the enterer approved their own order")
            } catch ServiceError.forbidden {}
            do {
                _ = try await desk.services.orders.review(id: order.id, approve: false, reason: " ", expectedVersion: nil, by: desk.reviewer)
                XCTFail("\(name): rejected without a reason")
            } catch ServiceError.validation(let errors) {
                XCTAssertEqual(errors.map(\.field), ["reason"], name)
            }
            let rejected = try await desk.services.orders.review(id: order.id, approve: false, reason: "地址不完整", expectedVersion: nil, by: desk.reviewer)
            XCTAssertEqual(rejected.status, .rejected, name)
            let mine = try await desk.services.orders.list(OrderFilter(status: .rejected, enteredBy: desk.clerk.user?.id), by: desk.clerk)
            XCTAssertEqual(mine.orders.first?.rejectionReason, "地址不完整", name)
            _ = try await desk.services.orders.resubmit(id: order.id, expectedVersion: nil, by: desk.clerk)
            let approved = try await desk.services.orders.review(id: order.id, approve: true, reason: nil, expectedVersion: nil, by: desk.reviewer)
            XCTAssertEqual(approved.status, .approved, name)
            XCTAssertEqual(approved.reviewedBy, desk.reviewer.user?.id, name)
        }
    }

    func testTwoReviewersAtOnceOneWinsAndHistoryShowsOneReview_R_ORD_4_R_ORD_19() async throws {
        try await TestStores.each { database, name in
            let desk = try await Self.desk(database)
            let order = try await desk.services.orders.create(Self.draft(), by: desk.clerk)
            let second = Principal(user: try await TestStores.user(desk.services, "li.na", role: .supervisor), channel: .session)
            let outcomes = await withTaskGroup(of: Bool.self) { group in
                for reviewer in [desk.reviewer, second] {
                    group.addTask {
                        (try? await desk.services.orders.review(id: order.id, approve: true, reason: nil, expectedVersion: order.version, by: reviewer)) != nil
                    }
                }
                return await group.reduce(into: [Bool]()) { $0.append($1) }
            }
            XCTAssertEqual(outcomes.filter { $0 }.count, 1, name)
            let history = try await desk.services.orders.history(id: order.id, by: desk.clerk)
            XCTAssertEqual(history.map(\.kind), ["order.created", "order.approved"], name)
        }
    }

    // R-ORD-5: a web cash-on-delivery order is valid only after a phone confirmation.
    func testWebCODNeedsPhoneConfirmationBeforeApproval_R_ORD_5() async throws {
        try await TestStores.each { database, name in
            let desk = try await Self.desk(database)
            let order = try await desk.services.orders.create(Self.draft(channel: .web, external: nil, payment: .cod), by: desk.clerk)
            do {
                _ = try await desk.services.orders.review(id: order.id, approve: true, reason: nil, expectedVersion: nil, by: desk.reviewer)
                XCTFail("\(name): unconfirmed web COD approved")
            } catch ServiceError.validation(let errors) {
                XCTAssertEqual(errors.map(\.code), ["error.cod_unconfirmed"], name)
            }
            _ = try await desk.services.orders.confirm(id: order.id, by: desk.clerk)
            let approved = try await desk.services.orders.review(id: order.id, approve: true, reason: nil, expectedVersion: nil, by: desk.reviewer)
            XCTAssertEqual(approved.status, .approved, name)
        }
    }

    // R-ORD-4: stock is checked at review, and approval reserves it; cancelling gives it back.
    func testApprovalChecksAndReservesStock_R_ORD_4() async throws {
        try await TestStores.each { database, name in
            let desk = try await Self.desk(database)
            let tooMany = try await desk.services.orders.create(Self.draft(external: "TB-A", quantity: 2, sku: "SKU-2"), by: desk.clerk)
            do {
                _ = try await desk.services.orders.review(id: tooMany.id, approve: true, reason: nil, expectedVersion: nil, by: desk.reviewer)
                XCTFail("\(name): approved beyond stock")
            } catch ServiceError.validation(let errors) {
                XCTAssertEqual(errors.first?.code, "error.insufficient_stock", name)
            }
            let first = try await desk.services.orders.create(Self.draft(external: "TB-B", quantity: 1, sku: "SKU-2"), by: desk.clerk)
            let second = try await desk.services.orders.create(Self.draft(external: "TB-C", quantity: 1, sku: "SKU-2"), by: desk.clerk)
            _ = try await desk.services.orders.review(id: first.id, approve: true, reason: nil, expectedVersion: nil, by: desk.reviewer)
            do {
                _ = try await desk.services.orders.review(id: second.id, approve: true, reason: nil, expectedVersion: nil, by: desk.reviewer)
                XCTFail("\(name): the last one in stock was sold twice")
            } catch ServiceError.validation {}
            _ = try await desk.services.orders.cancel(id: first.id, reason: "客户取消", expectedVersion: nil, by: desk.reviewer)
            let approved = try await desk.services.orders.review(id: second.id, approve: true, reason: nil, expectedVersion: nil, by: desk.reviewer)
            XCTAssertEqual(approved.status, .approved, name)
        }
    }

    // R-ORD-6, R-ORD-7: unpaid and overpaid orders are listed.
    func testPaymentsUnpaidAndOverpaid_R_ORD_6_R_ORD_7() async throws {
        try await TestStores.each { database, name in
            let desk = try await Self.desk(database)
            let order = try await desk.services.orders.create(Self.draft(), by: desk.clerk)
            let unpaid = try await desk.services.orders.list(OrderFilter(list: .unpaid), by: desk.clerk)
            XCTAssertEqual(unpaid.orders.map(\.id), [order.id], name)
            _ = try await desk.services.orders.recordPayment(id: order.id, method: .online, amount: 3000, reference: "支付宝-1", by: desk.clerk)
            let paid = try await desk.services.orders.recordPayment(id: order.id, method: .memberCard, amount: 1000, reference: nil, by: desk.clerk)
            XCTAssertEqual(paid.paid, 4000, name)
            XCTAssertNotNil(paid.paidAt, name)
            XCTAssertEqual(paid.overpaid, 2, name)
            let overpaid = try await desk.services.orders.list(OrderFilter(list: .overpaid), by: desk.clerk)
            XCTAssertEqual(overpaid.total, 1, name)
            let stillUnpaid = try await desk.services.orders.list(OrderFilter(list: .unpaid), by: desk.clerk)
            XCTAssertEqual(stillUnpaid.total, 0, name)
            do {
                _ = try await desk.services.orders.recordPayment(id: order.id, method: nil, amount: 0, reference: nil, by: desk.clerk)
                XCTFail("\(name): empty payment")
            } catch ServiceError.validation(let errors) {
                XCTAssertEqual(errors.map(\.field), ["method", "amount"], name)
            }
        }
    }

    // R-ORD-9: flag notes need colour, content and handling; they are only ever added.
    func testFlagNotesHaveEveryPartAndAreAppended_R_ORD_9() async throws {
        try await TestStores.each { database, name in
            let desk = try await Self.desk(database)
            let order = try await desk.services.orders.create(Self.draft(), by: desk.clerk)
            do {
                _ = try await desk.services.orders.addNote(id: order.id, flag: "pink", content: "", handling: nil, by: desk.clerk)
                XCTFail("\(name): incomplete note")
            } catch ServiceError.validation(let errors) {
                XCTAssertEqual(errors.map(\.field), ["flag", "content", "handling"], name)
            }
            _ = try await desk.services.orders.addNote(id: order.id, flag: "red", content: "客户要求周末送达", handling: "联系快递改约", by: desk.clerk)
            _ = try await desk.services.orders.addNote(id: order.id, flag: "blue", content: "外箱破损", handling: "补发", by: desk.reviewer)
            let detail = try await desk.services.orders.get(id: order.id, by: desk.clerk)
            XCTAssertEqual(detail.notes.map(\.flag), [.red, .blue], name)
            XCTAssertEqual(detail.notes.first?.authorLogin, "yang.min", name)
            let flagged = try await desk.services.orders.list(OrderFilter(flag: .blue), by: desk.clerk)
            XCTAssertEqual(flagged.total, 1, name)
        }
    }

    // R-ORD-10, R-ORD-13, R-ORD-14: hold blocks shipping; ship with tracking; deliver, complete, archive.
    func testHoldShipDeliverCompleteArchive_R_ORD_10_R_ORD_13_R_ORD_14() async throws {
        try await TestStores.each { database, name in
            let desk = try await Self.desk(database)
            let order = try await desk.services.orders.create(Self.draft(), by: desk.clerk)
            _ = try await desk.services.orders.review(id: order.id, approve: true, reason: nil, expectedVersion: nil, by: desk.reviewer)
            let held = try await desk.services.orders.hold(id: order.id, reason: "客户要求12号发货", releaseOn: "2026-12-12", ownerID: nil,
                                                          expectedVersion: nil, by: desk.clerk)
            XCTAssertTrue(held.held, name)
            do {
                _ = try await desk.services.orders.ship(id: order.id, carrier: "顺丰", trackingNumber: "SF100", expectedVersion: nil, by: desk.shipper)
                XCTFail("\(name): a held order shipped")
            } catch ServiceError.invalidState(let current, let allowed) {
                XCTAssertEqual(current, "approved+held", name)
                XCTAssertEqual(allowed, ["release", "cancel"], name)
            }
            _ = try await desk.services.orders.release(id: order.id, expectedVersion: nil, by: desk.clerk)
            do {
                _ = try await desk.services.orders.ship(id: order.id, carrier: "", trackingNumber: nil, expectedVersion: nil, by: desk.shipper)
                XCTFail("\(name): shipped without tracking")
            } catch ServiceError.validation(let errors) {
                XCTAssertEqual(errors.map(\.field), ["carrier", "tracking_number"], name)
            }
            let shipped = try await desk.services.orders.ship(id: order.id, carrier: "顺丰", trackingNumber: "SF1234567890", expectedVersion: nil, by: desk.shipper)
            XCTAssertEqual(shipped.status, .shipped, name)
            _ = try await desk.services.orders.addTrackingEvent(id: order.id, status: "delayed", description: "台风延误", at: nil, by: desk.shipper)
            // Chased only once three days have passed since dispatch (R-ORD-13).
            let fresh = try await desk.services.orders.list(OrderFilter(list: .undelivered), by: desk.clerk)
            XCTAssertEqual(fresh.total, 0, name)
            desk.clock.advance(by: 3 * 86400 + 60)
            let undelivered = try await desk.services.orders.list(OrderFilter(list: .undelivered), by: desk.clerk)
            XCTAssertEqual(undelivered.total, 1, name)
            _ = try await desk.services.orders.deliver(id: order.id, proof: "签收人：张三", expectedVersion: nil, by: desk.shipper)
            _ = try await desk.services.orders.complete(id: order.id, expectedVersion: nil, by: desk.clerk)
            let archived = try await desk.services.orders.archive(id: order.id, expectedVersion: nil, by: desk.reviewer)
            XCTAssertEqual(archived.status, .archived, name)
            let detail = try await desk.services.orders.get(id: order.id, by: desk.clerk)
            XCTAssertEqual(detail.shipments.first?.events.map(\.status), [.delayed], name)
            XCTAssertNotNil(detail.shipments.first?.deliveredAt, name)
            XCTAssertEqual(detail.holds.first?.releaseOn, "2026-12-12", name)
            XCTAssertNotNil(detail.holds.first?.releasedAt, name)
            XCTAssertEqual(detail.allowedActions, [], name)
            let history = try await desk.services.orders.history(id: order.id, by: desk.clerk).map(\.kind)
            XCTAssertEqual(history, ["order.created", "order.approved", "order.held", "order.released", "order.shipped",
                                     "order.tracking_exception", "order.delivered", "order.completed", "order.archived"], name)
        }
    }

    // R-SEC-2: only people who handle orders see them.
    func testDepartmentsCannotReadOrders_R_SEC_2() async throws {
        try await TestStores.each { database, name in
            let desk = try await Self.desk(database)
            let warehouse = Principal(user: try await TestStores.user(desk.services, "xu.cang", role: .department, department: .warehouse), channel: .session)
            do {
                _ = try await desk.services.orders.list(OrderFilter(), by: warehouse)
                XCTFail("\(name): a department read orders")
            } catch ServiceError.forbidden {}
        }
    }

    // R-ORD-6: orders unpaid for three days are summarised per customer, with the balance to ask for.
    func testUnpaidBalancesAreSummarisedAfterThreeDays_R_ORD_6() async throws {
        try await TestStores.each { database, name in
            let desk = try await Self.desk(database)
            let first = try await desk.services.orders.create(Self.draft(external: "TB-1"), by: desk.clerk)
            _ = try await desk.services.orders.create(Self.draft(external: "TB-2", quantity: 1), by: desk.clerk)
            _ = try await desk.services.orders.recordPayment(id: first.id, method: .online, amount: 1000, reference: nil, by: desk.clerk)
            let early = try await desk.services.orders.unpaidSummary(by: desk.clerk)
            XCTAssertEqual(early, [], name)
            desk.clock.advance(by: 3 * 86400 + 1)
            let summary = try await desk.services.orders.unpaidSummary(by: desk.clerk)
            XCTAssertEqual(summary.count, 1, name)
            XCTAssertEqual(summary.first?.orders, 2, name)
            XCTAssertEqual(summary.first?.outstanding, 3998 - 1000 + 1999, name)
            XCTAssertEqual(summary.first?.customerPhone, "13800138000", name)
        }
    }

    // R-ORD-11: a split order ships one parcel per shipment; the split is recorded with who made it.
    func testSplitIntoParcelsAndShipEach_R_ORD_11() async throws {
        try await TestStores.each { database, name in
            let desk = try await Self.desk(database)
            var draft = Self.draft(quantity: 2)
            draft.items?.append(.init(sku: "SKU-2", quantity: 1))
            let order = try await desk.services.orders.create(draft, by: desk.clerk)
            do {
                _ = try await desk.services.orders.split(id: order.id, parcels: [[.init(sku: "SKU-1", quantity: 2)], [.init(sku: "SKU-2", quantity: 1)]],
                                                         expectedVersion: nil, by: desk.shipper)
                XCTFail("\(name): split before approval")
            } catch ServiceError.invalidState {}
            _ = try await desk.services.orders.review(id: order.id, approve: true, reason: nil, expectedVersion: nil, by: desk.reviewer)
            _ = try await desk.services.orders.split(id: order.id, parcels: [[.init(sku: "SKU-1", quantity: 2)], [.init(sku: "SKU-2", quantity: 1)]],
                                                     expectedVersion: nil, by: desk.shipper)
            do {
                _ = try await desk.services.orders.ship(id: order.id, carrier: "顺丰", trackingNumber: "SF1", expectedVersion: nil, by: desk.shipper)
                XCTFail("\(name): a two-parcel order shipped as one")
            } catch ServiceError.validation(let errors) {
                XCTAssertEqual(errors.map(\.code), ["error.parcel_count"], name)
            }
            let shipped = try await desk.services.orders.ship(id: order.id, shipments: [("顺丰", "SF1"), ("中通", "ZT2")], expectedVersion: nil, by: desk.shipper)
            XCTAssertEqual(shipped.status, .shipped, name)
            let detail = try await desk.services.orders.get(id: order.id, by: desk.clerk)
            XCTAssertEqual(detail.shipments.map(\.trackingNumber), ["SF1", "ZT2"], name)
            let history = try await desk.services.orders.history(id: order.id, by: desk.clerk)
            XCTAssertEqual(history.first { $0.kind == "order.split" }?.actorLogin, "boss", name)
        }
    }

    // R-ORD-8: reminders in their windows; another agent chases only after 24 h with the owner offline, and gets the credit.
    func testPaymentRemindersAndTheChaseRule_R_ORD_8() async throws {
        try await TestStores.each { database, name in
            let desk = try await Self.desk(database)               // the clock stands at 19:06 Shanghai time
            let order = try await desk.services.orders.create(Self.draft(), by: desk.clerk)
            do {
                _ = try await desk.services.orders.remind(id: order.id, channel: .im, note: nil, by: desk.clerk)
                XCTFail("\(name): IM reminder in the evening")
            } catch ServiceError.validation(let errors) {
                XCTAssertEqual(errors.map(\.code), ["error.outside_reminder_window"], name)
            }
            _ = try await desk.services.orders.remind(id: order.id, channel: .phone, note: "客户说明天付", by: desk.clerk)
            let chaser = Principal(user: try await TestStores.user(desk.services, "chen.jing", role: .agent), channel: .session)
            do {
                _ = try await desk.services.orders.remind(id: order.id, channel: .phone, note: nil, by: chaser)
                XCTFail("\(name): chased someone else's order too early")
            } catch ServiceError.forbidden {}
            desk.clock.advance(by: 24 * 3600)                      // next day 19:06, the clerk has no live session
            _ = try await desk.services.orders.remind(id: order.id, channel: .phone, note: "已电话催付", by: chaser)
            _ = try await desk.services.orders.recordPayment(id: order.id, method: .online, amount: order.total, reference: nil, by: desk.clerk)
            let credited = try await desk.services.events.list(EventFilter(kind: "order.chase_credited"), by: .system).events
            XCTAssertEqual(credited.first?.actorLogin, "chen.jing", name)
        }
    }
}
