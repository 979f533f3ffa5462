import Foundation
import HTTPTypes
import HummingbirdTesting
import KefuDomain
import KefuServices
import KefuStore
import KefuTestSupport
import NIOCore
import XCTest

/// `/api/v1/night-backlog` (R-TKT-11) through the real router, on both databases.
final class NightBacklogAPITests: XCTestCase {
    static let boundary = "kefu-night-backlog-boundary"

    /// A multipart body of text fields and files (name, filename, bytes), the CSRF token first when there is one.
    static func multipart(_ fields: [(String, String)], files: [(String, String, Data)] = []) -> ByteBuffer {
        var body = Data()
        for (name, value) in fields {
            body += Data("--\(boundary)\r\nContent-Disposition: form-data; name=\"\(name)\"\r\n\r\n\(value)\r\n".utf8)
        }
        for (name, filename, data) in files {
            body += Data("--\(boundary)\r\nContent-Disposition: form-data; name=\"\(name)\"; filename=\"\(filename)\"\r\nContent-Type: image/png\r\n\r\n".utf8)
            body += data + Data("\r\n".utf8)
        }
        body += Data("--\(boundary)--\r\n".utf8)
        return ByteBuffer(bytes: body)
    }

    static let multipartType: HTTPFields = [.contentType: "multipart/form-data; boundary=\(boundary)"]

    /// An order to link to, entered by the agent.
    static func order(_ services: Services) async throws -> Order {
        let admin = Principal(user: try await services.users.find(login: "admin", by: .system), channel: .session)
        _ = try await services.catalog.createProduct(sku: "SKU-1", name: "T恤", supplierID: nil, price: 1999, stock: 10, by: admin)
        let clerk = Principal(user: try await services.users.find(login: "zhang.wei", by: .system), channel: .session)
        return try await services.orders.create(OrderDraft(
            channel: .web, customer: .init(name: "张三", phone: "13800138000"),
            address: .init(recipient: "张三", phone: "13800138000", province: "浙江省", city: "杭州市", district: "西湖区", line: "文三路100号"),
            items: [.init(sku: "SKU-1", quantity: 1)], paymentMethod: .online), by: clerk)
    }

    // R-TKT-11: record (422 naming each field, the order validated and linked), list by category, pick up once
    // (a second is 409), mark done; 403 without the permissions; the phone masked without pii.view.
    func testRecordListPickUpAndFinish_R_TKT_11() async throws {
        try await AppHarness.run { client, services in
            let order = try await Self.order(services)
            try await TestStores.user(services, "li.na", role: .afterSales, password: AppHarness.staffPassword)
            try await TestStores.user(services, "yang.min", role: .orderClerk, password: AppHarness.staffPassword)
            try await TestStores.user(services, "shop.sync", role: .integration, password: AppHarness.staffPassword)
            let evening = try await AppHarness.token(client, "zhang.wei", AppHarness.staffPassword)
            let morning = try await AppHarness.token(client, "li.na", AppHarness.staffPassword)
            let clerk = try await AppHarness.token(client, "yang.min", AppHarness.staffPassword)
            let integration = try await AppHarness.token(client, "shop.sync", AppHarness.staffPassword)

            try await client.execute(uri: "/api/v1/night-backlog", method: .post, headers: AppHarness.bearer(evening),
                                     body: AppHarness.json(["category": "courier", "customer_name": "张三", "order_number": "O-19990101-0001",
                                                            "description": "", "todo": "查件"])) { response in
                XCTAssertEqual(response.status, .unprocessableContent)
                let errors = AppHarness.decode(response)["errors"] as? [[String: Any]] ?? []
                XCTAssertEqual(errors.compactMap { $0["field"] as? String }, ["category", "description", "order_number"])
                XCTAssertEqual(errors.last?["code"] as? String, "error.unknown_order")
            }
            let id = try await client.execute(uri: "/api/v1/night-backlog", method: .post, headers: AppHarness.bearer(evening),
                                              body: AppHarness.json(["category": "carrier", "customer_name": "张三", "customer_phone": "13800138000",
                                                                     "order_number": order.number, "description": "快递显示签收，客户说没收到",
                                                                     "todo": "联系中通核实签收人"])) { response -> Int in
                XCTAssertEqual(response.status, .created, response.text)
                let item = AppHarness.decode(response)
                XCTAssertEqual(item["category"] as? String, "carrier")
                XCTAssertEqual(item["state"] as? String, "open")
                XCTAssertEqual(item["order_id"] as? Int, Int(order.id))
                XCTAssertEqual(item["order_number"] as? String, order.number)
                XCTAssertEqual(item["customer_phone"] as? String, "138****8000", "agents see contacts masked (R-MEM-4)")
                XCTAssertEqual(item["todo"] as? String, "联系中通核实签收人")
                XCTAssertEqual(item["version"] as? Int, 1)
                XCTAssertEqual(item["age_seconds"] as? Int, 0)
                XCTAssertEqual((item["images"] as? [Any])?.count, 0)
                XCTAssertNil(item["receipt_at"], "absent until picked up")
                XCTAssertEqual(response.headers[.eTag], "\"1\"")
                XCTAssertEqual(response.headers[.location], "/api/v1/night-backlog/\(item["id"] as? Int ?? 0)")
                return item["id"] as? Int ?? 0
            }
            _ = try await client.execute(uri: "/api/v1/night-backlog", method: .post, headers: AppHarness.bearer(evening),
                                         body: AppHarness.json(["category": "after_sales", "customer_name": "李四", "description": "要换码",
                                                                "todo": "售后换 37 码"])) { XCTAssertEqual($0.status, .created) }
            try await client.execute(uri: "/api/v1/night-backlog", method: .get, headers: AppHarness.bearer(integration)) { response in
                XCTAssertEqual(response.status, .ok)
                let list = AppHarness.decode(response)
                let items = list["items"] as? [[String: Any]] ?? []
                XCTAssertEqual(items.compactMap { $0["category"] as? String }, ["carrier", "after_sales"], "grouped by category")
                XCTAssertEqual(items.first?["customer_phone"] as? String, "138****8000", "masked without pii.view")
                XCTAssertEqual(list["total"] as? Int, 2)
                XCTAssertEqual(list["limit"] as? Int, 100)
            }
            try await client.execute(uri: "/api/v1/night-backlog?category=carrier&state=open&morning=true", method: .get,
                                     headers: AppHarness.bearer(morning)) { response in
                XCTAssertEqual((AppHarness.decode(response)["items"] as? [[String: Any]])?.compactMap { $0["id"] as? Int }, [id])
            }
            try await client.execute(uri: "/api/v1/night-backlog?from=2000-01-01&to=2000-01-02", method: .get, headers: AppHarness.bearer(morning)) { response in
                XCTAssertEqual(AppHarness.decode(response)["total"] as? Int, 0)
            }
            for bad in ["state=closed", "category=courier", "from=yesterday", "morning=maybe"] {
                try await client.execute(uri: "/api/v1/night-backlog?\(bad)", method: .get, headers: AppHarness.bearer(morning)) { response in
                    XCTAssertEqual(response.status, .badRequest, bad)
                }
            }
            try await client.execute(uri: "/api/v1/night-backlog", method: .get, headers: AppHarness.bearer(clerk)) { response in
                XCTAssertEqual(response.status, .forbidden, "order clerks do not hold tickets.view")
                XCTAssertEqual(AppHarness.decode(response)["detail"] as? String, "tickets.view")
            }
            try await client.execute(uri: "/api/v1/night-backlog", method: .post, headers: AppHarness.bearer(clerk),
                                     body: AppHarness.json(["category": "carrier", "customer_name": "x", "description": "x", "todo": "x"])) { response in
                XCTAssertEqual(response.status, .forbidden)
            }
            try await client.execute(uri: "/api/v1/night-backlog/\(id)/receipt", method: .post, headers: AppHarness.bearer(clerk)) { response in
                XCTAssertEqual(response.status, .forbidden)
            }

            try await client.execute(uri: "/api/v1/night-backlog/\(id)/done", method: .post, headers: AppHarness.bearer(morning),
                                     body: AppHarness.json(["result": "已处理"])) { response in
                XCTAssertEqual(response.status, .conflict, "picked up first")
                XCTAssertEqual(AppHarness.decode(response)["allowed_actions"] as? [String], ["receipt"])
            }
            try await client.execute(uri: "/api/v1/night-backlog/\(id)/receipt", method: .post, headers: AppHarness.bearer(morning),
                                     body: AppHarness.json(["note": "李娜接手，上午联系中通"])) { response in
                XCTAssertEqual(response.status, .ok, response.text)
                let item = AppHarness.decode(response)
                XCTAssertEqual(item["state"] as? String, "picked_up")
                XCTAssertEqual(item["receipt_note"] as? String, "李娜接手，上午联系中通")
                XCTAssertEqual(item["receipt_by_name"] as? String, "li.na".capitalized)
                XCTAssertNotNil(item["receipt_at"] as? String)
                XCTAssertEqual(item["version"] as? Int, 2)
            }
            try await client.execute(uri: "/api/v1/night-backlog/\(id)/receipt", method: .post, headers: AppHarness.bearer(evening)) { response in
                XCTAssertEqual(response.status, .conflict, "picked up once")
                let problem = AppHarness.decode(response)
                XCTAssertEqual(problem["type"] as? String, "urn:kefu:problem:already_picked_up")
                XCTAssertEqual(problem["current_version"] as? Int, 2)
            }
            try await client.execute(uri: "/api/v1/night-backlog/\(id)/done", method: .post, headers: AppHarness.bearer(morning),
                                     body: AppHarness.json(["result": " "])) { response in
                XCTAssertEqual(response.status, .unprocessableContent)
                XCTAssertEqual((AppHarness.decode(response)["errors"] as? [[String: Any]])?.compactMap { $0["field"] as? String }, ["result"])
            }
            try await client.execute(uri: "/api/v1/night-backlog/\(id)/done", method: .post, headers: AppHarness.bearer(morning, [.ifMatch: "\"1\""]),
                                     body: AppHarness.json(["result": "已核实"])) { response in
                XCTAssertEqual(response.status, .conflict, "a stale If-Match")
                XCTAssertEqual(AppHarness.decode(response)["type"] as? String, "urn:kefu:problem:stale_version")
            }
            try await client.execute(uri: "/api/v1/night-backlog/\(id)/done", method: .post, headers: AppHarness.bearer(morning),
                                     body: AppHarness.json(["result": "中通核实为门卫代收，客户已取到", "version": 2])) { response in
                XCTAssertEqual(response.status, .ok, response.text)
                let item = AppHarness.decode(response)
                XCTAssertEqual(item["state"] as? String, "done")
                XCTAssertEqual(item["result"] as? String, "中通核实为门卫代收，客户已取到")
                XCTAssertNotNil(item["done_at"] as? String)
            }
            try await client.execute(uri: "/api/v1/night-backlog/\(id)", method: .get, headers: AppHarness.bearer(integration)) { response in
                XCTAssertEqual(response.status, .ok)
                XCTAssertEqual(AppHarness.decode(response)["customer_phone"] as? String, "138****8000")
                XCTAssertEqual(response.headers[.eTag], "\"3\"")
            }
            try await client.execute(uri: "/api/v1/night-backlog/999999", method: .get, headers: AppHarness.bearer(morning)) { response in
                XCTAssertEqual(response.status, .notFound)
            }
            let kinds = try await services.events.list(EventFilter(entity: "night_backlog", entityID: "\(id)"), by: .system).events.map(\.kind)
            XCTAssertEqual(kinds, ["night_backlog.done", "night_backlog.picked_up", "night_backlog.recorded"])
        }
    }

    // R-TKT-11: images attach through a multipart upload; bytes that are not a JPEG, PNG or WebP image are a 422 on `file`.
    func testImageUploadChecksTheBytes_R_TKT_11() async throws {
        try await AppHarness.run { client, services in
            let token = try await AppHarness.token(client, "zhang.wei", AppHarness.staffPassword)
            let id = try await client.execute(uri: "/api/v1/night-backlog", method: .post, headers: AppHarness.bearer(token),
                                              body: AppHarness.json(["category": "external", "customer_name": "tb_小明", "description": "平台投诉外箱破损",
                                                                     "todo": "平台后台上传凭证"])) { AppHarness.decode($0)["id"] as? Int ?? 0 }
            let images = "/api/v1/night-backlog/\(id)/images"
            let headers = Self.multipartType + [.authorization: "Bearer \(token)"]
            try await client.execute(uri: images, method: .post, headers: headers,
                                     body: Self.multipart([], files: [("file", "photo.png", Data("<svg onload=alert(1)>".utf8))])) { response in
                XCTAssertEqual(response.status, .unprocessableContent)
                let errors = AppHarness.decode(response)["errors"] as? [[String: Any]] ?? []
                XCTAssertEqual(errors.first?["field"] as? String, "file")
                XCTAssertEqual(errors.first?["code"] as? String, "error.backlog_image_type")
            }
            try await client.execute(uri: images, method: .post, headers: headers, body: ByteBuffer(string: "not multipart")) { response in
                XCTAssertEqual(response.status, .badRequest)
            }
            let png = NightBacklogServiceTestsData.png
            let imageID = try await client.execute(uri: images, method: .post, headers: headers,
                                                   body: Self.multipart([], files: [("file", "破损.png", png)])) { response -> Int in
                XCTAssertEqual(response.status, .created, response.text)
                let image = AppHarness.decode(response)
                XCTAssertEqual(image["content_type"] as? String, "image/png")
                XCTAssertEqual(image["filename"] as? String, "破损.png")
                XCTAssertEqual(image["item_id"] as? Int, id)
                XCTAssertEqual(response.headers[.location], "\(images)/\(image["id"] as? Int ?? 0)")
                return image["id"] as? Int ?? 0
            }
            try await client.execute(uri: "\(images)/\(imageID)", method: .get, headers: AppHarness.bearer(token)) { response in
                XCTAssertEqual(response.status, .ok)
                XCTAssertEqual(response.headers[.contentType], "image/png")
                XCTAssertEqual(Data(response.body.readableBytesView), png)
            }
            try await client.execute(uri: "/api/v1/night-backlog/\(id)", method: .get, headers: AppHarness.bearer(token)) { response in
                let images = AppHarness.decode(response)["images"] as? [[String: Any]] ?? []
                XCTAssertEqual(images.compactMap { $0["id"] as? Int }, [imageID])
            }
            try await client.execute(uri: "/api/v1/night-backlog/999999/images/\(imageID)", method: .get, headers: AppHarness.bearer(token)) { response in
                XCTAssertEqual(response.status, .notFound)
            }
            let kinds = try await services.events.list(EventFilter(entity: "night_backlog"), by: .system).events.map(\.kind)
            XCTAssertEqual(kinds, ["night_backlog.image_added", "night_backlog.recorded"])
        }
    }
}

/// Test images: just enough bytes to be told apart.
enum NightBacklogServiceTestsData {
    static let png = Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13])
}
