import Foundation
import HTTPTypes
import HummingbirdTesting
@testable import KefuHTTP
import KefuDomain
import KefuServices
import NIOCore
import XCTest

/// `POST /api/v1/imports/orders` and the saved mappings, through the real router (R-ORD-1, R-ORD-2).
final class ImportAPITests: XCTestCase {
    static let boundary = "----kefu-test-boundary-7MA4YWxk"

    static func multipart(file: String, fields: [String: String]) -> ByteBuffer {
        var body = ""
        for (name, value) in fields.sorted(by: { $0.key < $1.key }) {
            body += "--\(boundary)\r\nContent-Disposition: form-data; name=\"\(name)\"\r\n\r\n\(value)\r\n"
        }
        body += "--\(boundary)\r\nContent-Disposition: form-data; name=\"file\"; filename=\"订单.csv\"\r\nContent-Type: text/csv\r\n\r\n\(file)\r\n"
        body += "--\(boundary)--\r\n"
        return ByteBuffer(string: body)
    }

    static let csv = """
        订单号,客户姓名,联系电话,省,市,县,详细地址,商品编号,订购数量,京东价,支付方式
        JD1,王五,13700137000,广东省,深圳市,南山区,科技园1号,SKU-1,3,19.99,在线支付
        JD1,王五,13700137000,广东省,深圳市,南山区,科技园1号,SKU-1,1,19.99,在线支付
        JD2,,13700137000,广东省,深圳市,南山区,科技园1号,NOPE,1,19.99,在线支付
        """

    func testMultipartImportReportsBadRowsThenImportsGoodRowsOnce_R_ORD_1_R_ORD_2() async throws {
        try await AppHarness.run { client, services in
            _ = try await services.catalog.createProduct(sku: "SKU-1", name: "纯棉T恤", supplierID: nil, price: 1999, stock: 10, by: .system)
            let token = try await AppHarness.token(client, "admin", AppHarness.adminPassword)
            let headers = AppHarness.bearer(token, [.acceptLanguage: "en"])
            var multipart = headers
            multipart[.contentType] = "multipart/form-data; boundary=\(Self.boundary)"
            try await client.execute(uri: "/api/v1/imports/orders", method: .post, headers: multipart,
                                     body: Self.multipart(file: Self.csv, fields: ["preset": "jd"])) { response in
                XCTAssertEqual(response.status, .unprocessableContent)
                let report = AppHarness.decode(response)
                XCTAssertEqual(report["imported"] as? Int, 0)
                XCTAssertEqual(report["total_rows"] as? Int, 3)
                let bad = report["bad_rows"] as? [[String: Any]] ?? []
                XCTAssertEqual(bad.map { $0["line"] as? Int }, [4])
                let errors = bad.first?["errors"] as? [[String: Any]] ?? []
                XCTAssertEqual(Set(errors.compactMap { $0["field"] as? String }), ["customer.name", "address.recipient", "sku"])
                XCTAssertTrue(errors.allSatisfy { ($0["message"] as? String ?? "").isEmpty == false })
            }
            for expected in [HTTPResponse.Status.created, .ok] {
                try await client.execute(uri: "/api/v1/imports/orders", method: .post, headers: multipart,
                                         body: Self.multipart(file: Self.csv, fields: ["preset": "jd", "import_good_rows": "true"])) { response in
                    XCTAssertEqual(response.status, expected)
                    let report = AppHarness.decode(response)
                    XCTAssertEqual(report["imported"] as? Int, expected == .created ? 1 : 0)
                    XCTAssertEqual(report["skipped_existing"] as? Int, expected == .created ? 0 : 1)
                }
            }
            try await client.execute(uri: "/api/v1/orders?q=JD1", method: .get, headers: headers) { response in
                let items = AppHarness.decode(response)["items"] as? [[String: Any]] ?? []
                XCTAssertEqual(items.count, 1)
                XCTAssertEqual((items.first?["items"] as? [Any])?.count, 2, "two rows, one order")
            }
            // A missing file, an unknown preset.
            try await client.execute(uri: "/api/v1/imports/orders", method: .post, headers: multipart,
                                     body: Self.multipart(file: "", fields: ["preset": "amazon"])) { response in
                XCTAssertEqual(response.status, .unprocessableContent)
                XCTAssertEqual(Set((AppHarness.decode(response)["errors"] as? [[String: Any]] ?? []).compactMap { $0["field"] as? String }),
                               ["file", "preset"])
            }
            // Saved mappings: an admin saves one, and it feeds an import by id.
            let id = try await client.execute(uri: "/api/v1/imports/mappings", method: .post, headers: headers,
                                              body: AppHarness.json(["name": "自建站", "mapping": [
                                                  "channel": "web", "external_number": "单号", "customer_name": "姓名", "customer_phone": "电话",
                                                  "full_address": "地址", "sku": "编码", "quantity": "数量"]])) { response in
                XCTAssertEqual(response.status, .created)
                return AppHarness.decode(response)["id"] as? Int ?? 0
            }
            try await client.execute(uri: "/api/v1/imports/mappings", method: .get, headers: headers) { response in
                XCTAssertEqual((AppHarness.decode(response)["items"] as? [[String: Any]])?.first?["name"] as? String, "自建站")
            }
            let own = "单号,姓名,电话,地址,编码,数量\nW1,赵六,13600136000,湖北省武汉市洪山区珞喻路1号,SKU-1,2\n"
            try await client.execute(uri: "/api/v1/imports/orders", method: .post, headers: multipart,
                                     body: Self.multipart(file: own, fields: ["mapping_id": "\(id)"])) { response in
                XCTAssertEqual(response.status, .created)
                XCTAssertEqual(AppHarness.decode(response)["imported"] as? Int, 1)
            }
        }
    }

    func testMultipartParserReadsFieldsAndFiles() throws {
        XCTAssertEqual(MultipartForm.boundary(contentType: "multipart/form-data; boundary=\"abc\""), "abc")
        XCTAssertNil(MultipartForm.boundary(contentType: "application/json"))
        let body = "preamble\r\n--XYZ\r\nContent-Disposition: form-data; name=\"preset\"\r\n\r\njd\r\n"
            + "--XYZ\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a \\\"b\\\".csv\"\r\nContent-Type: text/csv\r\n\r\nline1\r\n--XY not yet\r\n"
            + "--XYZ--\r\nepilogue"
        let form = try MultipartForm(bytes: Array(body.utf8), boundary: "XYZ")
        XCTAssertEqual(form.text("preset"), "jd")
        XCTAssertEqual(form.part("file")?.filename, "a \"b\".csv")
        XCTAssertEqual(form.part("file")?.contentType, "text/csv")
        XCTAssertEqual(form.text("file"), "line1\r\n--XY not yet")
        XCTAssertThrowsError(try MultipartForm(bytes: Array("--XYZ\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nno end".utf8), boundary: "XYZ"))
    }
}
