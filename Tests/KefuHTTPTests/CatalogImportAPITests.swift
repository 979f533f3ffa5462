import Foundation
import HTTPTypes
import HummingbirdTesting
@testable import KefuHTTP
import KefuDomain
import KefuServices
import NIOCore
import XCTest

/// `POST /api/v1/imports/products` through the real router.
final class CatalogImportAPITests: XCTestCase {
    static let boundary = "----kefu-catalog-boundary-42"

    static func multipart(_ file: String) -> ByteBuffer {
        ByteBuffer(string: "--\(boundary)\r\nContent-Disposition: form-data; name=\"file\"; filename=\"商品.csv\"\r\nContent-Type: text/csv\r\n\r\n"
            + file + "\r\n--\(boundary)--\r\n")
    }

    func testProductsImportReportsBadRowsThenImports() async throws {
        try await AppHarness.run { client, services in
            _ = try await services.catalog.createSupplier(code: "SUP-1", name: "杭州服饰", contact: nil, phone: nil, by: .system)
            let token = try await AppHarness.token(client, "admin", AppHarness.adminPassword)
            var headers = AppHarness.bearer(token, [.acceptLanguage: "en"])
            headers[.contentType] = "multipart/form-data; boundary=\(Self.boundary)"
            let bad = "商品编码,商品名称,供货商编码,单价,库存\nSKU-1,纯棉T恤,SUP-1,19.99,5\nSKU-2,羽绒服,SUP-9,258,1\n"
            try await client.execute(uri: "/api/v1/imports/products", method: .post, headers: headers, body: Self.multipart(bad)) { response in
                XCTAssertEqual(response.status, .unprocessableContent, response.text)
                let report = AppHarness.decode(response)
                XCTAssertEqual(report["imported"] as? Int, 0)
                XCTAssertEqual(report["updated"] as? Int, 0)
                XCTAssertEqual(report["total_rows"] as? Int, 2)
                let rows = report["bad_rows"] as? [[String: Any]] ?? []
                XCTAssertEqual(rows.map { $0["line"] as? Int }, [3])
                let error = (rows.first?["errors"] as? [[String: Any]])?.first
                XCTAssertEqual(error?["field"] as? String, "supplier_code")
                XCTAssertEqual(error?["code"] as? String, "error.unknown_supplier")
                XCTAssertEqual(error?["message"] as? String, "supplier SUP-9 does not exist.")
            }
            let good = bad.replacingOccurrences(of: "SUP-9", with: "SUP-1")
            try await client.execute(uri: "/api/v1/imports/products", method: .post, headers: headers, body: Self.multipart(good)) { response in
                XCTAssertEqual(response.status, .created, response.text)
                let report = AppHarness.decode(response)
                XCTAssertEqual(report["imported"] as? Int, 2)
                XCTAssertEqual((report["bad_rows"] as? [Any])?.count, 0)
            }
            try await client.execute(uri: "/api/v1/products?q=SKU-2", method: .get, headers: AppHarness.bearer(token)) { response in
                let items = AppHarness.decode(response)["items"] as? [[String: Any]] ?? []
                XCTAssertEqual(items.first?["price"] as? Int, 25800)
            }
            let agent = try await AppHarness.token(client, "zhang.wei", AppHarness.staffPassword)
            var agentHeaders = AppHarness.bearer(agent)
            agentHeaders[.contentType] = headers[.contentType]
            try await client.execute(uri: "/api/v1/imports/products", method: .post, headers: agentHeaders, body: Self.multipart(good)) { response in
                XCTAssertEqual(response.status, .forbidden)
            }
        }
    }
}
