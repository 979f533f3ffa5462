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

}
