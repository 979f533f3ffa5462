import Foundation
import KefuDomain
import KefuFiles
import KefuServices
import KefuStore
import KefuTestSupport
import XCTest

final class DailyCloseServiceTests: XCTestCase {
    // R-ORD-15: the order summary, the COD daily sales detail and one file per supplier, readable with Chinese intact.
    func testDailyCloseProducesTheThreeFiles_R_ORD_15() async throws {
        try await TestStores.each { database, name in
            let desk = try await OrderServiceTests.desk(database)
            let services = desk.services
            let second = try await services.catalog.createSupplier(code: "SUP-2", name: "宁波家居", contact: nil, phone: nil, by: desk.shipper)
            _ = try await services.catalog.createProduct(sku: "SKU-3", name: "记忆棉枕头", supplierID: second.id, price: 12900, stock: 5, by: desk.shipper)
            _ = try await services.orders.create(OrderServiceTests.draft(external: "TB-1"), by: desk.clerk)
            var cod = OrderServiceTests.draft(channel: .phone, external: nil, payment: .cod, quantity: 1, sku: "SKU-3")
            cod.customer?.name = "李四"
            _ = try await services.orders.create(cod, confirmed: true, by: desk.clerk)
            // The desk clock stands at 2026-11-18 19:06 in Shanghai.
            let day = LocalDate("2026-11-18")!
            let files = try await services.dailyClose.produce(day: day, by: desk.shipper)
            XCTAssertEqual(files.map(\.kind), [.codDetail, .orderSummary, .supplierBundle], name)

            let summary = try await services.dailyClose.download(id: files.first { $0.kind == .orderSummary }!.id, by: desk.shipper)
            XCTAssertEqual(summary.0.filename, "订单汇总-2026-11-18.xlsx", name)
            let rows = try XLSXReader(data: summary.1).rows()
            XCTAssertEqual(rows.first?.fields.first, "订单号", name)
            XCTAssertEqual(rows.count, 4, "\(name): header, two orders, total")
            XCTAssertTrue(rows.contains { $0.fields.contains("138****8000") }, name)
            XCTAssertFalse(rows.contains { $0.fields.contains("13800138000") }, "\(name): phones are masked in files that leave the system")

            let codRows = try XLSXReader(data: try await services.dailyClose.download(id: files.first { $0.kind == .codDetail }!.id, by: desk.shipper).1).rows()
            XCTAssertEqual(codRows.count, 3, name)
            XCTAssertEqual(codRows[1].fields[1], "李四", name)

            let bundle = try await services.dailyClose.download(id: files.first { $0.kind == .supplierBundle }!.id, by: desk.shipper).1
            let text = String(decoding: bundle, as: UTF8.self)
            XCTAssertTrue(text.contains("SUP-1 杭州服饰-2026-11-18.xlsx"), name)
            XCTAssertTrue(text.contains("SUP-2 宁波家居-2026-11-18.xlsx"), name)
        }
    }

    func testTheScheduledCloseRunsOnceAfterItsTime_R_ORD_15() async throws {
        try await TestStores.each { database, name in
            let desk = try await OrderServiceTests.desk(database)
            // The desk clock stands at 19:06, after the 16:30 close.
            let first = try await desk.services.dailyClose.runIfDue()
            let second = try await desk.services.dailyClose.runIfDue()
            XCTAssertTrue(first, name)
            XCTAssertFalse(second, "\(name): once a day")
            desk.clock.advance(by: 12 * 3600)                        // next day 07:06
            let morning = try await desk.services.dailyClose.runIfDue()
            XCTAssertFalse(morning, "\(name): not before 16:30")
            desk.clock.advance(by: 10 * 3600)                        // 17:06
            let evening = try await desk.services.dailyClose.runIfDue()
            XCTAssertTrue(evening, name)
        }
    }
}
