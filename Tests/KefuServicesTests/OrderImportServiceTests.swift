import Foundation
@testable import KefuServices
import KefuDomain
import KefuFiles
import KefuStore
import KefuTestSupport
import XCTest

/// Importing platform exports on every test database (R-ORD-1, R-ORD-2).
final class OrderImportServiceTests: XCTestCase {
    static let header = "订单编号,买家会员名,收货人姓名,联系手机,收货地址,商家编码,宝贝数量,商品价格,支付方式\n"

    static func setUp(_ database: any Database) async throws -> (Services, Principal) {
        let services = TestStores.services(database)
        let clerk = Principal(user: try await TestStores.user(services, "yang.min", role: .orderClerk), channel: .session)
        _ = try await services.catalog.createProduct(sku: "SKU-1", name: "纯棉T恤", supplierID: nil, price: 1999, stock: 10, by: .system)
        _ = try await services.catalog.createProduct(sku: "SKU-2", name: "羽绒服", supplierID: nil, price: 25800, stock: 1, by: .system)
        return (services, clerk)
    }

    /// `orders` orders of two rows each; the row at `badLine` (if any) names an unknown product.
    static func csv(orders: Int, badLine: Int? = nil) -> String {
        var text = header
        for index in 0..<(orders * 2) {
            let line = index + 2
            let sku = line == badLine ? "NOPE" : "SKU-\(index % 2 + 1)"
            text += "TB\(index / 2),buyer,张三,13800138000,浙江省 杭州市 西湖区 文三路100号,\(sku),\(index % 3 + 1),59.00,在线支付\n"
        }
        return text
    }

    static func count(_ database: any Database, _ table: String, where condition: String = "1 = 1") async throws -> Int {
        Int(try await database.read { try await $0.first("SELECT COUNT(*) AS n FROM \(raw: table) WHERE \(raw: condition)")?.int("n") ?? 0 })
    }

    // R-ORD-2: one bad row among 10,000 is named by its line, and nothing at all is imported.
    func testOneBadRowAmongTenThousandStopsTheImport_R_ORD_2() async throws {
        try await TestStores.each { database, name in
            let (services, clerk) = try await Self.setUp(database)
            let report = try await services.orderImports.importOrders(
                file: Data(Self.csv(orders: 5000, badLine: 7777).utf8), mapping: .taobao, by: clerk)
            XCTAssertEqual(report.totalRows, 10_000, name)
            XCTAssertEqual(report.orders, 5000, name)
            XCTAssertFalse(report.committed, name)
            XCTAssertEqual(report.imported, 0, name)
            XCTAssertEqual(report.badRows, [.init(line: 7777, errors: [.init(field: "sku", code: "error.unknown_product", arguments: ["value": "NOPE"])])], name)
            let stored = try await Self.count(database, "orders")
            XCTAssertEqual(stored, 0, name)
        }
    }

    // R-ORD-1: good-rows mode imports the good orders with items, numbers and events; re-importing changes nothing.
    func testGoodRowsModeAndIdempotentReimport_R_ORD_1() async throws {
        try await TestStores.each { database, name in
            let (services, clerk) = try await Self.setUp(database)
            let file = Data(Self.csv(orders: 1500, badLine: 5).utf8)
            final class Seen: @unchecked Sendable { let lock = NSLock(); var list: [ImportProgress] = [] }
            let recorder = Seen()
            let report = try await services.orderImports.importOrders(file: file, mapping: .taobao, importGoodRows: true, by: clerk) { progress in
                recorder.lock.lock(); recorder.list.append(progress); recorder.lock.unlock()
            }
            let seen = recorder.list
            XCTAssertTrue(report.committed, name)
            XCTAssertEqual(report.imported, 1499, name)
            XCTAssertEqual(report.badRows.map(\.line), [5], name)
            XCTAssertEqual(seen.last, ImportProgress(processedRows: 3000, totalRows: 3000), name)
            XCTAssertGreaterThanOrEqual(seen.count, 3, "one report before writing and one per chunk")
            let orders = try await Self.count(database, "orders")
            let items = try await Self.count(database, "order_items")
            let events = try await Self.count(database, "events", where: "kind = 'order.created'")
            XCTAssertEqual([orders, items, events], [1499, 2998, 1499], name)

            let page = try await services.orders.list(OrderFilter(query: "TB0"), by: clerk).orders
            let order = try XCTUnwrap(page.first, name)
            XCTAssertEqual(order.channel, .taobao)
            XCTAssertEqual(order.address.district, "西湖区")
            XCTAssertEqual(order.items.map(\.name), ["纯棉T恤", "羽绒服"])
            XCTAssertEqual(order.items.first?.unitPrice, 5900)
            XCTAssertEqual(order.enteredBy, clerk.user?.id)
            let history = try await services.orders.history(id: order.id, by: clerk)
            XCTAssertEqual(history.map(\.kind), ["order.created"])
            XCTAssertTrue(history[0].after?.contains("\"import\":\"") == true, name)
            XCTAssertTrue(history[0].after?.contains("\"number\":\"\(order.number)\"") == true, name)
            let numbers = Set(try await database.read { try await $0.query("SELECT number FROM orders") }.map { try $0.string("number") })
            XCTAssertEqual(numbers.count, 1499, "every order has its own number")

            let again = try await services.orderImports.importOrders(file: file, mapping: .taobao, importGoodRows: true, by: clerk)
            XCTAssertEqual(again.imported, 0, name)
            XCTAssertEqual(again.skippedExisting, 1499, name)
            let after = try await Self.count(database, "orders")
            XCTAssertEqual(after, 1499, name)
        }
    }

    // R-ORD-1: Chinese Excel saves CSV in GBK; headers and addresses still read.
    func testGBKEncodedCSVWithChineseHeaders_R_ORD_1() async throws {
        try await TestStores.each { database, name in
            let (services, clerk) = try await Self.setUp(database)
            let text = "订单号,客户姓名,联系电话,省,市,县,详细地址,商品编号,订购数量,京东价,支付方式\r\n"
                + "JD100,王五,13700137000,广东省,深圳市,南山区,科技园1号,SKU-1,3,19.99,货到付款\r\n"
            let gbk = try XCTUnwrap(text.data(using: TextDecoding.gb18030))
            XCTAssertNil(String(data: gbk, encoding: .utf8), "the fixture really is GBK")
            let report = try await services.orderImports.importOrders(file: gbk, mapping: .jd, by: clerk)
            XCTAssertEqual(report.imported, 1, name)
            let found = try await services.orders.list(OrderFilter(query: "JD100"), by: clerk).orders
            let order = try XCTUnwrap(found.first, name)
            XCTAssertEqual(order.channel, .jd)
            XCTAssertEqual(order.customer.name, "王五")
            XCTAssertEqual(order.paymentMethod, .cod)
            XCTAssertEqual(order.address.line, "科技园1号")
            XCTAssertEqual(order.items.first?.unitPrice, 1999)
        }
    }

    func testImportNeedsOrdersCreateAndSavedMappingsNeedAdmins() async throws {
        try await TestStores.each { database, name in
            let (services, clerk) = try await Self.setUp(database)
            let agent = Principal(user: try await TestStores.user(services, "zhou.li", role: .agent), channel: .session)
            if agent.can(.ordersCreate) == false {
                do {
                    _ = try await services.orderImports.importOrders(file: Data(Self.csv(orders: 1).utf8), mapping: .taobao, by: agent)
                    XCTFail("agents without orders.create cannot import")
                } catch ServiceError.forbidden {}
            }
            do {
                _ = try await services.orderImports.saveMapping(name: "x", mapping: .jd, by: clerk)
                XCTFail("only admins save mappings")
            } catch ServiceError.forbidden {}
            let saved = try await services.orderImports.saveMapping(name: "京东（旧版）", mapping: .jd, by: .system)
            let loaded = try await services.orderImports.mapping(id: saved.id, by: clerk)
            XCTAssertEqual(loaded, .jd, name)
            let names = try await services.orderImports.savedMappings(by: clerk).map(\.name)
            XCTAssertEqual(names, ["京东（旧版）"], name)
        }
    }

    func testMissingColumnsFailBeforeAnythingIsRead() async throws {
        try await TestStores.each { database, name in
            let (services, clerk) = try await Self.setUp(database)
            do {
                _ = try await services.orderImports.importOrders(file: Data("a,b\n1,2\n".utf8), mapping: .taobao, by: clerk)
                XCTFail("expected a validation error")
            } catch ServiceError.validation(let errors) {
                XCTAssertTrue(errors.contains { $0.code == "error.import_missing_column" && $0.arguments["field"] == "external_number" }, name)
            }
        }
    }

    func testImportedOrderSnapshotMatchesTheGeneralOne() {
        let order = Order(id: 1, number: "O-20261123-0001", channel: .taobao, externalNumber: "TB1", customer: .init(name: "a", phone: "1"),
                          address: .init(recipient: "a", phone: "1", province: "p", city: "c", district: "d", line: "l"),
                          items: [.init(sku: "S", name: "n", quantity: 2, unitPrice: 150)], paymentMethod: .online, status: .pendingReview,
                          enteredBy: nil, createdAt: Date())
        let general = Snapshot.json(["number": order.number, "status": "pending_review", "held": "false", "total": "300", "paid": "0",
                                     "import": "abc-123"])
        XCTAssertEqual(Snapshot.importedOrder(order, importID: "abc-123"), general)
    }
}
