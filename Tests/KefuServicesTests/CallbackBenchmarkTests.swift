import Foundation
import KefuDomain
import KefuServices
import KefuStore
import KefuTestSupport
import XCTest

/// Speed of callback generation (R-CB-1), printed rather than asserted (machines differ). Runs only with
/// `KEFU_CALLBACK_BENCH=1`; meaningful in release. The target: 100,000 delivered orders in under 2 s.
final class CallbackBenchmarkTests: XCTestCase {
    override func setUpWithError() throws {
        try XCTSkipUnless(ProcessInfo.processInfo.environment["KEFU_CALLBACK_BENCH"] == "1", "set KEFU_CALLBACK_BENCH=1")
    }

    func testGenerating100kDeliveryCallbacks_R_CB_1() async throws {
        try await TestStores.each { database, name in
            let now = CallbackGenerationTests.monday
            let services = TestStores.services(database, clock: FixedClock(now))
            for login in ["li.na", "wang.fang", "zhao.min", "sun.li", "zhou.jie"] { try await TestStores.user(services, login, role: .agent) }
            try await CallbackFixtures.deliveredOrders(database, count: 100_000, deliveredAt: now.addingTimeInterval(-86_400), at: now)
            let started = ContinuousClock.now
            let run = try await services.callbacks.generate()
            let elapsed = ContinuousClock.now - started
            XCTAssertEqual([run.total, run.assigned], [100_000, 100_000], name)
            print("\(name): generated \(run.total) callbacks in \(elapsed)")
            let again = ContinuousClock.now
            let second = try await services.callbacks.generate()
            XCTAssertEqual(second.total, 0, name)
            print("\(name): a second run in \(ContinuousClock.now - again)")
        }
    }
}
