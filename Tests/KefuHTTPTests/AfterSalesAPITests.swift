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

final class PhotoAPITests: XCTestCase {
    func testUploadAPhotoAsMultipart_R_AS_2() async throws {
        try await AppHarness.run(sqliteOnly: true) { client, services in
            let tokens = try await OrderAPITests.prepare(client, services)
            let orderID = try await client.execute(uri: "/api/v1/orders", method: .post, headers: AppHarness.bearer(tokens.clerk),
                                                   body: AppHarness.json(OrderAPITests.order)) { AppHarness.decode($0)["id"] as? Int ?? 0 }
            let caseID = try await client.execute(
                uri: "/api/v1/after-sales", method: .post, headers: AppHarness.bearer(tokens.admin),
                body: AppHarness.json(["kind": "reship", "order_id": orderID, "customer": ["name": "张三", "phone": "13800138000"],
                                       "problem": "少发一件", "required_action": "补发"])) { AppHarness.decode($0)["id"] as? Int ?? 0 }
            let boundary = "kefu-test-boundary"
            var body = Data("--\(boundary)\r\nContent-Disposition: form-data; name=\"file\"; filename=\"box.jpg\"\r\nContent-Type: image/jpeg\r\n\r\n".utf8)
            body += Data([0xFF, 0xD8, 0xFF, 0xE0]) + Data(repeating: 1, count: 64)
            body += Data("\r\n--\(boundary)--\r\n".utf8)
            let location = try await client.execute(
                uri: "/api/v1/after-sales/\(caseID)/photos", method: .post,
                headers: [.authorization: "Bearer \(tokens.admin)", .contentType: "multipart/form-data; boundary=\(boundary)"],
                body: ByteBuffer(bytes: body)) { response in
                    XCTAssertEqual(response.status, .created, response.text)
                    return response.headers[.location] ?? ""
                }
            try await client.execute(uri: location, method: .get, headers: AppHarness.bearer(tokens.clerk)) { response in
                XCTAssertEqual(response.status, .ok)
                XCTAssertEqual(response.headers[.contentType], "image/jpeg")
                XCTAssertEqual(response.body.readableBytes, 68)
            }
            try await client.execute(uri: "/api/v1/after-sales/\(caseID)/photos", method: .post, headers: AppHarness.bearer(tokens.admin),
                                     body: AppHarness.json(["file": "x"])) { response in
                XCTAssertEqual(response.status, .badRequest)
            }
        }
    }
}
