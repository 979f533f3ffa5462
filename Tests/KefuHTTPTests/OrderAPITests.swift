import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import KefuDomain
import KefuServices
import NIOCore
import XCTest

final class OrderAPITests: XCTestCase {
    static var order: [String: Any] { [
        "channel": "taobao", "external_number": "TB2026112300001",
        "customer": ["name": "张三", "phone": "13800138000"],
        "address": ["recipient": "张三", "phone": "13800138000", "province": "浙江省", "city": "杭州市", "district": "西湖区", "line": "文三路100号"],
        "items": [["sku": "SKU-1", "quantity": 2, "unit_price": 1999]],
        "payment_method": "online",
    ] }

    /// A catalogue, a clerk, a reviewer and an integration account, with tokens.
    static func prepare(_ client: any TestClientProtocol, _ services: Services) async throws -> (admin: String, clerk: String, reviewer: String, integration: String) {
        let admin = try await AppHarness.token(client, "admin", AppHarness.adminPassword)
        try await client.execute(uri: "/api/v1/suppliers", method: .post, headers: AppHarness.bearer(admin),
                                 body: AppHarness.json(["code": "SUP-1", "name": "杭州服饰"])) { response in
            XCTAssertEqual(response.status, .created)
        }
        try await client.execute(uri: "/api/v1/products", method: .post, headers: AppHarness.bearer(admin),
                                 body: AppHarness.json(["sku": "SKU-1", "name": "纯棉T恤", "supplier_id": 1, "price": 1999, "stock": 50])) { response in
            XCTAssertEqual(response.status, .created)
        }
        for (login, role) in [("yang.min", "order_clerk"), ("huang.qiang", "order_clerk"), ("shop.sync", "integration")] {
            try await client.execute(uri: "/api/v1/users", method: .post, headers: AppHarness.bearer(admin),
                                     body: AppHarness.json(["login": login, "display_name": login, "role": role, "password": AppHarness.staffPassword])) { response in
                XCTAssertEqual(response.status, .created)
            }
        }
        return (admin, try await AppHarness.token(client, "yang.min", AppHarness.staffPassword),
                try await AppHarness.token(client, "huang.qiang", AppHarness.staffPassword),
                try await AppHarness.token(client, "shop.sync", AppHarness.staffPassword))
    }

    // R-ORD-2: an incomplete order is a 422 that lists every missing field; nothing is stored.
    func testIncompleteOrderIs422WithEveryField_R_ORD_2() async throws {
        try await AppHarness.run { client, services in
            let tokens = try await Self.prepare(client, services)
            try await client.execute(uri: "/api/v1/orders", method: .post, headers: AppHarness.bearer(tokens.clerk),
                                     body: AppHarness.json(["channel": "web", "items": [["sku": "SKU-1"]]])) { response in
                XCTAssertEqual(response.status, .unprocessableContent)
                let fields = (AppHarness.decode(response)["errors"] as? [[String: Any]] ?? []).compactMap { $0["field"] as? String }
                XCTAssertEqual(Set(fields), ["customer.name", "customer.phone", "address.recipient", "address.phone", "address.province",
                                             "address.city", "address.district", "address.line", "payment_method", "items[0].quantity"])
            }
            try await client.execute(uri: "/api/v1/orders", method: .post, headers: AppHarness.bearer(tokens.clerk),
                                     body: AppHarness.json(["channel": "teleport"])) { response in
                XCTAssertEqual(response.status, .badRequest)
                XCTAssertEqual((AppHarness.decode(response)["errors"] as? [[String: Any]])?.first?["field"] as? String, "channel")
            }
            try await client.execute(uri: "/api/v1/orders", method: .get, headers: AppHarness.bearer(tokens.clerk)) { response in
                XCTAssertEqual(AppHarness.decode(response)["total"] as? Int, 0)
            }
        }
    }

    // R-ORD-4: the enterer approving their own order gets 403; two reviewers at once: one wins, one 409.
    func testReviewRulesOverTheAPI_R_ORD_4() async throws {
        try await AppHarness.run { client, services in
            let tokens = try await Self.prepare(client, services)
            let created = try await client.execute(uri: "/api/v1/orders", method: .post, headers: AppHarness.bearer(tokens.clerk),
                                                   body: AppHarness.json(Self.order)) { response in
                XCTAssertEqual(response.status, .created)
                return AppHarness.decode(response)
            }
            let id = created["id"] as? Int ?? 0
            XCTAssertEqual(created["total"] as? Int, 3998)
            XCTAssertEqual(created["status"] as? String, "pending_review")
            try await client.execute(uri: "/api/v1/orders/\(id)/review", method: .post, headers: AppHarness.bearer(tokens.clerk),
                                     body: AppHarness.json(["decision": "approve"])) { response in
                XCTAssertEqual(response.status, .forbidden)
            }
            try await client.execute(uri: "/api/v1/orders/\(id)/review", method: .post, headers: AppHarness.bearer(tokens.reviewer),
                                     body: AppHarness.json(["decision": "approve", "version": 1])) { response in
                XCTAssertEqual(response.status, .ok)
            }
            // The second reviewer read version 1 too and loses.
            try await client.execute(uri: "/api/v1/orders/\(id)/review", method: .post, headers: AppHarness.bearer(tokens.admin),
                                     body: AppHarness.json(["decision": "approve", "version": 1])) { response in
                XCTAssertEqual(response.status, .conflict)
                XCTAssertEqual(AppHarness.decode(response)["current_version"] as? Int, 2)
            }
            // Without a version, an illegal step names the state and what is possible.
            try await client.execute(uri: "/api/v1/orders/\(id)/deliver", method: .post, headers: AppHarness.bearer(tokens.admin)) { response in
                XCTAssertEqual(response.status, .conflict)
                let problem = AppHarness.decode(response)
                XCTAssertEqual(problem["current_state"] as? String, "approved")
                XCTAssertEqual(problem["allowed_actions"] as? [String], ["ship", "cancel", "hold"])
            }
            try await client.execute(uri: "/api/v1/orders/\(id)/history", method: .get, headers: AppHarness.bearer(tokens.clerk)) { response in
                let kinds = (AppHarness.decode(response)["items"] as? [[String: Any]] ?? []).compactMap { $0["kind"] as? String }
                XCTAssertEqual(kinds, ["order.created", "order.approved"])
            }
        }
    }

    // R-MEM-4, R-SEC-2: an integration without pii.view gets masked phones and addresses.
    func testPersonalDataIsMaskedForIntegrations_R_MEM_4() async throws {
        try await AppHarness.run(sqliteOnly: true) { client, services in
            let tokens = try await Self.prepare(client, services)
            let id = try await client.execute(uri: "/api/v1/orders", method: .post, headers: AppHarness.bearer(tokens.integration),
                                              body: AppHarness.json(Self.order)) { response in
                XCTAssertEqual(response.status, .created)
                XCTAssertFalse(response.text.contains("13800138000"))
                return AppHarness.decode(response)["id"] as? Int ?? 0
            }
            for uri in ["/api/v1/orders/\(id)", "/api/v1/orders"] {
                try await client.execute(uri: uri, method: .get, headers: AppHarness.bearer(tokens.integration)) { response in
                    XCTAssertEqual(response.status, .ok)
                    XCTAssertFalse(response.text.contains("13800138000"), uri)
                    XCTAssertFalse(response.text.contains("文三路100号"), uri)
                    XCTAssertTrue(response.text.contains("138****8000"), uri)
                }
            }
            try await client.execute(uri: "/api/v1/orders/\(id)", method: .get, headers: AppHarness.bearer(tokens.clerk)) { response in
                XCTAssertTrue(response.text.contains("13800138000"))
            }
        }
    }

    // R-ORD-13, R-ORD-14: ship, track, deliver, complete; lists filter by state.
    func testFulfilmentOverTheAPI_R_ORD_13_R_ORD_14() async throws {
        try await AppHarness.run { client, services in
            let tokens = try await Self.prepare(client, services)
            let id = try await client.execute(uri: "/api/v1/orders", method: .post, headers: AppHarness.bearer(tokens.clerk),
                                              body: AppHarness.json(Self.order)) { AppHarness.decode($0)["id"] as? Int ?? 0 }
            let steps: [(String, [String: Any], HTTPResponse.Status)] = [
                ("review", ["decision": "approve"], .ok),
                ("payments", ["method": "online", "amount": 3998, "reference": "ALIPAY-1"], .created),
                ("notes", ["flag": "red", "content": "客户要求周末送达", "handling": "备注快递"], .created),
                ("ship", ["carrier": "顺丰速运", "tracking_number": "SF1234567890"], .ok),
                ("tracking-events", ["status": "in_transit", "description": "已到达杭州转运中心"], .created),
                ("deliver", ["proof": "本人签收"], .ok),
                ("complete", [:], .ok),
            ]
            for (action, body, status) in steps {
                let token = action == "review" ? tokens.reviewer : tokens.admin
                try await client.execute(uri: "/api/v1/orders/\(id)/\(action)", method: .post, headers: AppHarness.bearer(token),
                                         body: AppHarness.json(body)) { response in
                    XCTAssertEqual(response.status, status, "\(action): \(response.text)")
                }
            }
            try await client.execute(uri: "/api/v1/orders/\(id)", method: .get, headers: AppHarness.bearer(tokens.clerk)) { response in
                let order = AppHarness.decode(response)
                XCTAssertEqual(order["status"] as? String, "completed")
                XCTAssertEqual(order["paid"] as? Int, 3998)
                XCTAssertEqual((order["shipments"] as? [[String: Any]])?.first?["tracking_number"] as? String, "SF1234567890")
                XCTAssertEqual((order["notes"] as? [[String: Any]])?.first?["flag"] as? String, "red")
                XCTAssertEqual(order["allowed_actions"] as? [String], ["archive"])
            }
            try await client.execute(uri: "/api/v1/orders?list=ship_by", method: .get, headers: AppHarness.bearer(tokens.clerk)) { response in
                XCTAssertEqual(AppHarness.decode(response)["total"] as? Int, 0)
            }
            try await client.execute(uri: "/api/v1/orders?list=nonsense", method: .get, headers: AppHarness.bearer(tokens.clerk)) { response in
                XCTAssertEqual(response.status, .badRequest)
            }
        }
    }
}

final class ReportAPITests: XCTestCase {
    // R-ORD-15, R-REP-4: the daily close over the API, downloadable with its Chinese file name.
    func testDailyCloseOnDemandAndDownload_R_ORD_15() async throws {
        try await AppHarness.run(sqliteOnly: true) { client, services in
            let tokens = try await OrderAPITests.prepare(client, services)
            _ = try await client.execute(uri: "/api/v1/orders", method: .post, headers: AppHarness.bearer(tokens.clerk), body: AppHarness.json(OrderAPITests.order))
            try await client.execute(uri: "/api/v1/reports/daily-close", method: .post, headers: AppHarness.bearer(tokens.admin)) { response in
                XCTAssertEqual(response.status, .badRequest)
            }
            var calendar = Calendar(identifier: .gregorian)
            calendar.timeZone = TimeZone(identifier: "Asia/Shanghai")!
            let today = calendar.dateComponents([.year, .month, .day], from: Date())
            let day = String(format: "%04d-%02d-%02d", today.year!, today.month!, today.day!)
            let url = try await client.execute(uri: "/api/v1/reports/daily-close?date=\(day)", method: .post, headers: AppHarness.bearer(tokens.admin)) { response in
                XCTAssertEqual(response.status, .created)
                let items = AppHarness.decode(response)["items"] as? [[String: Any]] ?? []
                XCTAssertEqual(items.count, 3)
                return items.first { $0["kind"] as? String == "order_summary" }?["url"] as? String ?? ""
            }
            try await client.execute(uri: url, method: .get, headers: AppHarness.bearer(tokens.admin)) { response in
                XCTAssertEqual(response.status, .ok)
                XCTAssertEqual(response.headers[.contentType], "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
                XCTAssertTrue(response.headers[.contentDisposition]?.contains("filename*=UTF-8''%E8%AE%A2%E5%8D%95%E6%B1%87%E6%80%BB") == true)
                XCTAssertEqual(Array(response.body.readableBytesView.prefix(2)), [0x50, 0x4B], "an XLSX is a zip")
            }
            try await client.execute(uri: url, method: .get, headers: AppHarness.bearer(tokens.integration)) { response in
                XCTAssertEqual(response.status, .forbidden)
            }
        }
    }
}
