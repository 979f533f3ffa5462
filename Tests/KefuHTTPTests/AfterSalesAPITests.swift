import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import KefuDomain
import KefuServices
import XCTest

final class AfterSalesAPITests: XCTestCase {
    // R-AS-1, R-AS-6: a case needs its order and the hand-over's three parts; it then lives on the order.
    func testOpenACaseOverTheAPI_R_AS_1_R_AS_6() async throws {
        try await AppHarness.run { client, services in
            let tokens = try await OrderAPITests.prepare(client, services)
            let orderID = try await client.execute(uri: "/api/v1/orders", method: .post, headers: AppHarness.bearer(tokens.clerk),
                                                   body: AppHarness.json(OrderAPITests.order)) { AppHarness.decode($0)["id"] as? Int ?? 0 }
            try await client.execute(uri: "/api/v1/after-sales", method: .post, headers: AppHarness.bearer(tokens.admin),
                                     body: AppHarness.json(["kind": "damaged_parcel", "order_id": orderID])) { response in
                XCTAssertEqual(response.status, .unprocessableContent)
                let fields = Set((AppHarness.decode(response)["errors"] as? [[String: Any]] ?? []).compactMap { $0["field"] as? String })
                XCTAssertEqual(fields, ["customer.name", "customer.phone", "problem", "required_action",
                                        "details.package_state", "details.extent", "details.count"])
            }
            let caseID = try await client.execute(
                uri: "/api/v1/after-sales", method: .post, headers: AppHarness.bearer(tokens.admin),
                body: AppHarness.json(["kind": "lost_parcel", "order_id": orderID, "customer": ["name": "张三", "phone": "13800138000"],
                                       "problem": "物流显示签收但未收到", "required_action": "核实并补发",
                                       "details": ["carrier_confirmation": "快递确认丢件"]])) { response in
                    XCTAssertEqual(response.status, .created, response.text)
                    let item = AppHarness.decode(response)
                    XCTAssertEqual(item["fault"] as? String, "company")
                    return item["id"] as? Int ?? 0
                }
            try await client.execute(uri: "/api/v1/after-sales/\(caseID)/status", method: .post, headers: AppHarness.bearer(tokens.admin),
                                     body: AppHarness.json(["status": "closed"])) { response in
                XCTAssertEqual(response.status, .conflict)
                XCTAssertEqual(AppHarness.decode(response)["allowed_actions"] as? [String], ["waiting_customer", "waiting_carrier", "resolved"])
            }
            try await client.execute(uri: "/api/v1/after-sales?order_id=\(orderID)", method: .get, headers: AppHarness.bearer(tokens.integration)) { response in
                XCTAssertEqual(response.status, .ok)
                XCTAssertEqual(AppHarness.decode(response)["total"] as? Int, 1)
                XCTAssertFalse(response.text.contains("13800138000"), "masked for integrations")
            }
        }
    }
}
