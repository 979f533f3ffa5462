import Foundation
import KefuDomain
import KefuServices
import KefuStore
import KefuTestSupport
import XCTest

/// Holds, splits, shipping to archive, reminders and unpaid balances, on every test database.
final class OrderFulfilmentTests: XCTestCase {
    // R-ORD-10, R-ORD-13, R-ORD-14: hold blocks shipping; ship with tracking; deliver, complete, archive.
    func testHoldShipDeliverCompleteArchive_R_ORD_10_R_ORD_13_R_ORD_14() async throws {
        try await TestStores.each { database, name in
            let desk = try await OrderServiceTests.desk(database)
            let order = try await desk.services.orders.create(OrderServiceTests.draft(), by: desk.clerk)
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

    // R-ORD-11: a split order ships one parcel per shipment; the split is recorded with who made it.
    func testSplitIntoParcelsAndShipEach_R_ORD_11() async throws {
        try await TestStores.each { database, name in
            let desk = try await OrderServiceTests.desk(database)
            var draft = OrderServiceTests.draft(quantity: 2)
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
            let desk = try await OrderServiceTests.desk(database)               // the clock stands at 19:06 Shanghai time
            let order = try await desk.services.orders.create(OrderServiceTests.draft(), by: desk.clerk)
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

    // R-ORD-6: orders unpaid for three days are summarised per customer, with the balance to ask for.
    func testUnpaidBalancesAreSummarisedAfterThreeDays_R_ORD_6() async throws {
        try await TestStores.each { database, name in
            let desk = try await OrderServiceTests.desk(database)
            let first = try await desk.services.orders.create(OrderServiceTests.draft(external: "TB-1"), by: desk.clerk)
            _ = try await desk.services.orders.create(OrderServiceTests.draft(external: "TB-2", quantity: 1), by: desk.clerk)
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
}
