import Foundation
import KefuDomain
import KefuServices
import KefuStore
import KefuTestSupport
import XCTest

final class StockoutServiceTests: XCTestCase {
    // R-ORD-16: registered with date, customer, contact and product; on the 9:00 list; answered by 11:00; summarised weekly.
    func testOutOfStockRoutine_R_ORD_16() async throws {
        try await TestStores.each { database, name in
            // 2026-11-23 15:00 in Shanghai.
            let clock = FixedClock(Date(timeIntervalSince1970: 1_795_417_200))
            let services = TestStores.services(database, clock: clock)
            let clerk = Principal(user: try await TestStores.user(services, "yang.min", role: .orderClerk), channel: .session)
            do {
                _ = try await services.stockouts.register(customerName: "", contact: "call me", product: nil, quantity: 0, note: nil, by: clerk)
                XCTFail("\(name): incomplete request")
            } catch ServiceError.validation(let errors) {
                XCTAssertEqual(errors.map(\.field), ["customer_name", "contact", "product", "quantity"], name)
            }
            let request = try await services.stockouts.register(customerName: "李四", contact: "13912345678", product: "休闲牛仔裤 蓝色 32",
                                                                quantity: 1, note: "要32码", by: clerk)
            let today = try await services.stockouts.morningList(by: clerk)
            XCTAssertEqual(today, [], "\(name): registered after 9:00, so it is on tomorrow's list")
            clock.advance(by: 18 * 3600)                               // next day 09:00
            let tomorrow = try await services.stockouts.morningList(by: clerk)
            XCTAssertEqual(tomorrow.map(\.id), [request.id], name)
            let overdueBefore = try await services.stockouts.open(overdueOnly: true, by: clerk)
            XCTAssertEqual(overdueBefore, [], name)
            clock.advance(by: 2 * 3600 + 60)                           // 11:01: past the answer deadline
            let overdue = try await services.stockouts.open(overdueOnly: true, by: clerk)
            XCTAssertEqual(overdue.map(\.id), [request.id], name)
            let answered = try await services.stockouts.answer(id: request.id, result: .substituted, answer: "改为33码，客户同意", by: clerk)
            XCTAssertEqual(answered.result, .substituted, name)
            do {
                _ = try await services.stockouts.answer(id: request.id, result: .cancelled, answer: "x", by: clerk)
                XCTFail("\(name): answered twice")
            } catch ServiceError.conflict {}
            let events = try await services.events.list(EventFilter(kind: "stockout.answered"), by: .system).events
            XCTAssertEqual(events.first?.after?.contains(#""late":"true""#), true, name)
            let summary = try await services.stockouts.weeklySummary(weekStart: Date(timeIntervalSince1970: 1_795_363_200), by: .system)
            XCTAssertEqual(summary.first?.product, "休闲牛仔裤 蓝色 32", name)
            XCTAssertEqual(summary.first?.results["substituted"], 1, name)
        }
    }
}
