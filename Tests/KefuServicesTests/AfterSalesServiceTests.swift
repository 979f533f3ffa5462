import Foundation
import KefuDomain
import KefuServices
import KefuStore
import KefuTestSupport
import XCTest

final class AfterSalesServiceTests: XCTestCase {
    static func delivered(_ desk: OrderServiceTests.Desk) async throws -> Order {
        let order = try await desk.services.orders.create(OrderServiceTests.draft(), by: desk.clerk)
        _ = try await desk.services.orders.review(id: order.id, approve: true, reason: nil, expectedVersion: nil, by: desk.reviewer)
        _ = try await desk.services.orders.recordPayment(id: order.id, method: .online, amount: order.total, reference: nil, by: desk.clerk)
        _ = try await desk.services.orders.ship(id: order.id, carrier: "顺丰", trackingNumber: "SF1", expectedVersion: nil, by: desk.shipper)
        return try await desk.services.orders.deliver(id: order.id, proof: nil, expectedVersion: nil, by: desk.shipper)
    }

    static func damaged(_ orderID: Int64) -> AfterSalesDraft {
        AfterSalesDraft(orderID: orderID, kind: .damagedParcel, customerName: "张三", customerPhone: "13800138000", problem: "外箱压坏，杯子碎了",
                        requiredAction: "补发", details: ["package_state": "外箱破损", "extent": "内件碎裂", "count": "1", "photos": "3"])
    }

    // R-AS-6: pre-sales hands a case over with its three parts; the event says the customer was told.
    func testPreSalesHandsOverToAfterSales_R_AS_6() async throws {
        try await TestStores.each { database, name in
            let desk = try await OrderServiceTests.desk(database)
            let order = try await Self.delivered(desk)
            let presales = Principal(user: try await TestStores.user(desk.services, "zhang.wei", role: .agent), channel: .session)
            let item = try await desk.services.afterSales.open(Self.damaged(order.id), by: presales)
            XCTAssertEqual(item.handedOverBy, presales.user?.id, name)
            XCTAssertEqual(item.fault, .company, name)
            XCTAssertTrue(item.number.hasPrefix("AS-"), name)
            let history = try await desk.services.afterSales.history(id: item.id, by: desk.shipper)
            XCTAssertEqual(history.first?.kind, "after_sales.handed_over", name)
            XCTAssertEqual(history.first?.after?.contains(#""customer_told":"true""#), true, name)
            let warehouse = Principal(user: try await TestStores.user(desk.services, "xu.cang", role: .department, department: .warehouse), channel: .session)
            do {
                _ = try await desk.services.afterSales.open(Self.damaged(order.id), by: warehouse)
                XCTFail("\(name): a department opened a case")
            } catch ServiceError.forbidden {}
        }
    }

    // R-AS-2: a damaged parcel is reshipped: a new shipment on the same order.
    func testReshipAddsAShipmentToTheOrder_R_AS_2() async throws {
        try await TestStores.each { database, name in
            let desk = try await OrderServiceTests.desk(database)
            let order = try await Self.delivered(desk)
            let item = try await desk.services.afterSales.open(Self.damaged(order.id), by: desk.shipper)
            _ = try await desk.services.afterSales.reship(id: item.id, carrier: "顺丰", trackingNumber: "SF2", by: desk.shipper)
            let detail = try await desk.services.orders.get(id: order.id, by: desk.clerk)
            XCTAssertEqual(detail.shipments.map(\.trackingNumber), ["SF1", "SF2"], name)
            let history = try await desk.services.orders.history(id: order.id, by: desk.clerk).map(\.kind)
            XCTAssertTrue(history.contains("order.reshipped"), name)
            _ = try await desk.services.afterSales.move(id: item.id, to: .resolved, expectedVersion: nil, by: desk.shipper)
            _ = try await desk.services.afterSales.move(id: item.id, to: .closed, expectedVersion: nil, by: desk.shipper)
            do {
                _ = try await desk.services.afterSales.reship(id: item.id, carrier: "顺丰", trackingNumber: "SF3", by: desk.shipper)
                XCTFail("\(name): reshipped a closed case")
            } catch ServiceError.invalidState {}
        }
    }

    // R-AS-5: cash-back is paid only after receipt is confirmed, and the payout list orders by deadline.
    func testCashbackAfterReceiptWithin72Hours_R_AS_5() async throws {
        try await TestStores.each { database, name in
            let desk = try await OrderServiceTests.desk(database)
            let order = try await Self.delivered(desk)
            let draft = AfterSalesDraft(orderID: order.id, kind: .priceDifference, customerName: "张三", customerPhone: "13800138000",
                                        problem: "降价退差价", requiredAction: "退差价", cashbackAmount: 500)
            let item = try await desk.services.afterSales.open(draft, by: desk.shipper)
            do {
                _ = try await desk.services.afterSales.payOut(id: item.id, by: desk.shipper)
                XCTFail("\(name): paid before receipt")
            } catch ServiceError.validation(let errors) {
                XCTAssertEqual(errors.map(\.code), ["error.receipt_not_confirmed"], name)
            }
            _ = try await desk.services.afterSales.confirmReceipt(id: item.id, by: desk.shipper)
            let due = try await desk.services.afterSales.list(payoutDue: true, by: desk.clerk)
            XCTAssertEqual(due.cases.map(\.id), [item.id], name)
            desk.clock.advance(by: 73 * 3600)
            let paid = try await desk.services.afterSales.payOut(id: item.id, by: desk.shipper)
            XCTAssertNotNil(paid.paidOutAt, name)
            XCTAssertEqual(paid.details["paid_late"], "true", name)
            let after = try await desk.services.orders.get(id: order.id, by: desk.clerk)
            XCTAssertEqual(after.order.paid, order.total - 500, name)
            let stillDue = try await desk.services.afterSales.list(payoutDue: true, by: desk.clerk)
            XCTAssertEqual(stillDue.total, 0, name)
        }
    }

    // R-AS-4: a refund is recorded in fen on the order's payments.
    func testRefundIsRecordedOnTheOrder_R_AS_4() async throws {
        try await TestStores.each { database, name in
            let desk = try await OrderServiceTests.desk(database)
            let order = try await Self.delivered(desk)
            let draft = AfterSalesDraft(orderID: order.id, kind: .qualityProblem, customerName: "张三", customerPhone: "13800138000",
                                        problem: "开线", requiredAction: "退货退款", details: ["reason": "质量问题"])
            let item = try await desk.services.afterSales.open(draft, by: desk.shipper)
            XCTAssertEqual(item.fault, .company, name)
            let refunded = try await desk.services.afterSales.refund(id: item.id, amount: 1999, reference: nil, by: desk.shipper)
            XCTAssertEqual(refunded.refundAmount, 1999, name)
            let detail = try await desk.services.orders.get(id: order.id, by: desk.clerk)
            XCTAssertEqual(detail.payments.last?.amount, -1999, name)
        }
    }

    // R-ORD-17: five sign-offs in order, by the right people, before the refund is paid.
    func testDeductionSlipNeedsFiveOrderedSignOffs_R_ORD_17() async throws {
        try await TestStores.each { database, name in
            let desk = try await OrderServiceTests.desk(database)
            let order = try await Self.delivered(desk)
            let services = desk.services
            let delivery = Principal(user: try await TestStores.user(services, "sun.pei", role: .department, department: .delivery), channel: .session)
            let clearing = Principal(user: try await TestStores.user(services, "ma.cai", role: .department, department: .finance), channel: .session)
            let director = Principal(user: try await TestStores.user(services, "wang.fang", role: .manager), channel: .session)
            let finance = Principal(user: try await TestStores.user(services, "qian.kuai", role: .department, department: .finance), channel: .session)
            let slip = try await services.deductions.create(orderID: order.id, supplierID: nil, amount: 3998, reason: "供货商断货", by: desk.shipper)
            do {
                _ = try await services.deductions.signOff(id: slip.id, party: .orderProcessing, comment: nil, by: desk.reviewer)
                XCTFail("\(name): signed out of order")
            } catch ServiceError.invalidState(_, let allowed) {
                XCTAssertEqual(allowed, ["delivery_centre"], name)
            }
            do {
                _ = try await services.deductions.signOff(id: slip.id, party: .deliveryCentre, comment: nil, by: clearing)
                XCTFail("\(name): finance signed for the delivery centre")
            } catch ServiceError.forbidden {}
            do {
                _ = try await services.deductions.pay(id: slip.id, by: finance)
                XCTFail("\(name): paid unsigned")
            } catch ServiceError.invalidState {}
            _ = try await services.deductions.signOff(id: slip.id, party: .deliveryCentre, comment: "确认缺货", by: delivery)
            _ = try await services.deductions.signOff(id: slip.id, party: .orderProcessing, comment: nil, by: desk.reviewer)
            _ = try await services.deductions.signOff(id: slip.id, party: .clearingAccountant, comment: nil, by: clearing)
            _ = try await services.deductions.signOff(id: slip.id, party: .director, comment: nil, by: director)
            do {
                _ = try await services.deductions.signOff(id: slip.id, party: .finance, comment: nil, by: clearing)
                XCTFail("\(name): one person signed twice")
            } catch ServiceError.validation {}
            let signed = try await services.deductions.signOff(id: slip.id, party: .finance, comment: nil, by: finance)
            XCTAssertTrue(signed.isFullySigned, name)
            XCTAssertEqual(signed.signOffs.map(\.userLogin), ["sun.pei", "huang.qiang", "ma.cai", "wang.fang", "qian.kuai"], name)
            let paid = try await services.deductions.pay(id: slip.id, by: finance)
            XCTAssertNotNil(paid.paidAt, name)
        }
    }

    // R-ORD-18: a re-order records both orders, the amount, the customer and who did it.
    func testReorderIsRecordedForTheAbnormalOrderReport_R_ORD_18() async throws {
        try await TestStores.each { database, name in
            let desk = try await OrderServiceTests.desk(database)
            let failed = try await desk.services.orders.create(OrderServiceTests.draft(external: "TB-F"), by: desk.clerk)
            let replacement = try await desk.services.orders.create(OrderServiceTests.draft(external: "TB-N"), by: desk.clerk)
            do {
                _ = try await desk.services.deductions.recordReorder(failedOrderID: failed.id, newOrderID: failed.id, amount: 0, by: desk.clerk)
                XCTFail("\(name): nonsense re-order accepted")
            } catch ServiceError.validation(let errors) {
                XCTAssertEqual(errors.map(\.field), ["amount", "new_order_id"], name)
            }
            let reorder = try await desk.services.deductions.recordReorder(failedOrderID: failed.id, newOrderID: replacement.id, amount: 3998, by: desk.clerk)
            XCTAssertEqual(reorder.failedNumber, failed.number, name)
            XCTAssertEqual(reorder.newNumber, replacement.number, name)
            XCTAssertEqual(reorder.customerName, "张三", name)
            XCTAssertEqual(reorder.recordedBy, "yang.min", name)
            let report = try await desk.services.deductions.reorders(by: desk.shipper)
            XCTAssertEqual(report.count, 1, name)
        }
    }
}

final class EvidencePhotoTests: XCTestCase {
    static let png = Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13]) + Data(repeating: 7, count: 100)

    // R-AS-2: photos of a damaged parcel are kept with the case; only real images are accepted.
    func testPhotosAreKeptWithTheCase_R_AS_2() async throws {
        try await TestStores.each { database, name in
            let desk = try await OrderServiceTests.desk(database)
            let order = try await AfterSalesServiceTests.delivered(desk)
            let item = try await desk.services.afterSales.open(AfterSalesServiceTests.damaged(order.id), by: desk.shipper)
            do {
                _ = try await desk.services.afterSales.addPhoto(caseID: item.id, filename: "x.png", data: Data("<script>".utf8), by: desk.shipper)
                XCTFail("\(name): a script was taken for a photo")
            } catch ServiceError.validation(let errors) {
                XCTAssertEqual(errors.map(\.code), ["error.not_an_image"], name)
            }
            let photo = try await desk.services.afterSales.addPhoto(caseID: item.id, filename: "../../箱子.png", data: Self.png, by: desk.shipper)
            XCTAssertEqual(photo.contentType, "image/png", name)
            XCTAssertEqual(photo.filename, "箱子.png", name)
            let listed = try await desk.services.afterSales.photos(caseID: item.id, by: desk.clerk)
            XCTAssertEqual(listed.map(\.id), [photo.id], name)
            let (_, data) = try await desk.services.afterSales.photo(id: photo.id, caseID: item.id, by: desk.clerk)
            XCTAssertEqual(data, Self.png, name)
            do {
                _ = try await desk.services.afterSales.photo(id: photo.id, caseID: item.id + 1, by: desk.clerk)
                XCTFail("\(name): a photo was served under another case")
            } catch ServiceError.notFound {}
        }
    }
}
