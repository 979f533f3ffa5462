import Foundation
import HTTPTypes
import HummingbirdTesting
@testable import KefuHTTP
import KefuDomain
import KefuServices
import KefuTestSupport
import NIOCore
import XCTest

/// `/catalog`, `/catalog/suppliers` and `/catalog/import` through the real router, signed in with the web form.
final class CatalogWebTests: XCTestCase {
    static let boundary = "----kefu-catalog-web-boundary-17"

    static func multipart(kind: String, file: String, filename: String = "商品.csv") -> ByteBuffer {
        ByteBuffer(string: "--\(boundary)\r\nContent-Disposition: form-data; name=\"kind\"\r\n\r\n\(kind)\r\n"
            + "--\(boundary)\r\nContent-Disposition: form-data; name=\"file\"; filename=\"\(filename)\"\r\nContent-Type: text/csv\r\n\r\n"
            + file + "\r\n--\(boundary)--\r\n")
    }

    static func uploadHeaders(_ jar: WebTests.Jar, csrf: String?) -> HTTPFields {
        var headers = jar.header + [.contentType: "multipart/form-data; boundary=\(boundary)"]
        if let csrf { headers[.xCSRFToken] = csrf }
        return headers
    }

    /// Two suppliers with a product each, and a third product with none.
    static func seed(_ services: Services) async throws -> (Supplier, Supplier) {
        let textiles = try await services.catalog.createSupplier(code: "HZFS", name: "杭州服饰", contact: "王经理", phone: "0571-88886666", by: .system)
        let home = try await services.catalog.createSupplier(code: "NBJJ", name: "宁波家居", contact: nil, phone: nil, by: .system)
        _ = try await services.catalog.createProduct(sku: "FS-1001", name: "纯棉短袖T恤", supplierID: textiles.id, price: 5900, stock: 320, by: .system)
        _ = try await services.catalog.createProduct(sku: "JJ-1001", name: "记忆棉枕头", supplierID: home.id, price: 12900, stock: 8, by: .system)
        _ = try await services.catalog.createProduct(sku: "ZZ-0001", name: "赠品袋", supplierID: nil, price: 0, stock: 0, by: .system)
        return (textiles, home)
    }

    func testCatalogPagesRenderForStaffAndRefuseOthers() async throws {
        try await AppHarness.run { client, services in
            let (textiles, _) = try await Self.seed(services)
            try await TestStores.user(services, "xu.cang", role: .department, department: .warehouse, password: AppHarness.staffPassword)
            let (admin, _) = try await WebTests.signIn(client, "admin", AppHarness.adminPassword)
            try await client.execute(uri: "/catalog", method: .get, headers: admin.header) { response in
                XCTAssertEqual(response.status, .ok)
                let html = response.text
                XCTAssertTrue(html.contains(#"href="/catalog" data-shortcut="p" aria-current="page">商品库"#), "the catalogue in the navigation")
                XCTAssertTrue(html.contains("纯棉短袖T恤") && html.contains("¥59.00") && html.contains("320") && html.contains("杭州服饰"))
                XCTAssertTrue(html.contains("¥129.00") && html.contains("赠品袋"))
                XCTAssertTrue(html.contains(#"action="/catalog/products""#), "managers get the form to add a product")
                XCTAssertTrue(html.contains(#"href="/catalog/import""#))
            }
            try await client.execute(uri: "/catalog?supplier=\(textiles.id)", method: .get, headers: admin.header) { response in
                XCTAssertTrue(response.text.contains("纯棉短袖T恤"))
                XCTAssertFalse(response.text.contains("记忆棉枕头"), "another supplier's product")
                XCTAssertTrue(response.text.contains(#"<option value="\#(textiles.id)" selected>"#))
            }
            try await client.execute(uri: "/catalog?q=jj-1001", method: .get, headers: admin.header) { response in
                XCTAssertTrue(response.text.contains("记忆棉枕头"))
                XCTAssertFalse(response.text.contains("纯棉短袖T恤"))
            }
            try await client.execute(uri: "/catalog?q=%E6%9E%95%E5%A4%B4", method: .get, headers: admin.header) { response in
                XCTAssertTrue(response.text.contains("JJ-1001"), "found by name (枕头)")
            }
            try await client.execute(uri: "/catalog?limit=2", method: .get, headers: admin.header) { response in
                XCTAssertTrue(response.text.contains("1–2 / 3"))
                XCTAssertTrue(response.text.contains(#"href="/catalog?offset=2""#))
                XCTAssertFalse(response.text.contains("ZZ-0001"), "on the next page")
            }
            try await client.execute(uri: "/catalog/suppliers", method: .get, headers: admin.header) { response in
                XCTAssertEqual(response.status, .ok)
                XCTAssertTrue(response.text.contains("宁波家居") && response.text.contains("王经理") && response.text.contains("0571-88886666"))
                XCTAssertTrue(response.text.contains(#"href="/catalog?supplier=\#(textiles.id)""#))
            }
            try await client.execute(uri: "/catalog/import", method: .get, headers: admin.header) { response in
                XCTAssertEqual(response.status, .ok)
                XCTAssertTrue(response.text.contains(#"data-upload="/catalog/import""#))
            }

            // Agents see the catalogue (as the catalogue API lets them) but cannot change or import it.
            let (agent, agentCSRF) = try await WebTests.signIn(client, "zhang.wei", AppHarness.staffPassword)
            try await client.execute(uri: "/catalog", method: .get, headers: agent.header) { response in
                XCTAssertEqual(response.status, .ok)
                XCTAssertTrue(response.text.contains("纯棉短袖T恤"))
                XCTAssertFalse(response.text.contains(#"action="/catalog/products""#))
                XCTAssertFalse(response.text.contains(#"href="/catalog/import""#))
            }
            try await client.execute(uri: "/catalog/import", method: .get, headers: agent.header) { response in
                XCTAssertEqual(response.status, .forbidden)
            }
            try await client.execute(uri: "/catalog/products", method: .post, headers: WebTests.formHeaders + agent.header,
                                     body: WebTests.form(["_csrf": agentCSRF, "sku": "X-1", "name": "x", "price": "1"])) { response in
                XCTAssertEqual(response.status, .forbidden)
            }
            try await client.execute(uri: "/catalog/suppliers", method: .post, headers: WebTests.formHeaders + agent.header,
                                     body: WebTests.form(["_csrf": agentCSRF, "code": "X", "name": "x"])) { response in
                XCTAssertEqual(response.status, .forbidden)
            }

            // Department staff see neither the navigation entry nor the pages.
            let (department, _) = try await WebTests.signIn(client, "xu.cang", AppHarness.staffPassword)
            try await client.execute(uri: "/", method: .get, headers: department.header) { response in
                XCTAssertFalse(response.text.contains(#"href="/catalog""#))
            }
            for path in ["/catalog", "/catalog/suppliers", "/catalog/import"] {
                try await client.execute(uri: path, method: .get, headers: department.header) { response in
                    XCTAssertEqual(response.status, .forbidden, path)
                    XCTAssertTrue(response.text.contains("您没有执行此操作的权限"), path)
                }
            }
            let stored = try await services.catalog.searchProducts("", by: .system).total
            XCTAssertEqual(stored, 3)
        }
    }

    func testAddingSuppliersAndProductsThroughTheForms() async throws {
        try await AppHarness.run { client, services in
            let (signedIn, csrf) = try await WebTests.signIn(client, "admin", AppHarness.adminPassword)
            var jar = signedIn
            try await client.execute(uri: "/catalog/suppliers", method: .post, headers: WebTests.formHeaders + jar.header,
                                     body: WebTests.form(["_csrf": csrf, "code": "GZMZ", "name": "广州美妆", "contact": "", "phone": "020-1234"])) { response in
                XCTAssertEqual(response.status, .seeOther)
                XCTAssertEqual(response.headers[.location], "/catalog/suppliers")
            }
            let suppliers = try await services.catalog.suppliers(by: .system)
            let supplier = try XCTUnwrap(suppliers.first)
            XCTAssertEqual([supplier.code, supplier.name], ["GZMZ", "广州美妆"])
            XCTAssertNil(supplier.contact, "a blank field is no contact")

            let product = ["_csrf": csrf, "sku": "MZ-1001", "name": "保湿面霜 50g", "supplier_id": "\(supplier.id)", "price": "188.5", "stock": "150"]
            try await client.execute(uri: "/catalog/products", method: .post, headers: WebTests.formHeaders + jar.header,
                                     body: WebTests.form(product)) { response in
                XCTAssertEqual(response.status, .seeOther)
                XCTAssertEqual(response.headers[.location], "/catalog?q=MZ-1001")
                jar.take(response)
            }
            let found = try await services.catalog.searchProducts("MZ-1001", by: .system).products
            let saved = try XCTUnwrap(found.first)
            XCTAssertEqual([saved.price, saved.stock], [18850, 150])
            XCTAssertEqual(saved.supplierID, supplier.id)
            XCTAssertTrue(saved.active)
            try await client.execute(uri: "/catalog?q=MZ-1001", method: .get, headers: jar.header) { response in
                XCTAssertTrue(response.text.contains("商品已添加。"))
                XCTAssertTrue(response.text.contains("¥188.50"))
            }

            // Validation errors stand next to their fields, in the reader's language, with what was typed kept.
            try await client.execute(uri: "/catalog/products", method: .post, headers: WebTests.formHeaders + jar.header,
                                     body: WebTests.form(product + ["sku": "MZ-2001", "name": "", "stock": "-2"])) { response in
                XCTAssertEqual(response.status, .unprocessableContent)
                let html = response.text
                XCTAssertTrue(html.contains(#"<input name="sku" value="MZ-2001" required></label>"#), "what was typed is kept")
                XCTAssertTrue(html.contains(#"<input name="name" value="" required><span class="error">必填。</span>"#))
                XCTAssertTrue(html.contains(#"type="number" min="0"><span class="error">不能为负数。</span>"#))
            }
            try await client.execute(uri: "/catalog/products", method: .post, headers: WebTests.formHeaders + jar.header,
                                     body: WebTests.form(product + ["sku": "MZ-2001", "price": "9.999"])) { response in
                XCTAssertEqual(response.status, .unprocessableContent)
                XCTAssertTrue(response.text.contains(#"inputmode="decimal" required><span class="error">不是有效的金额（元，最多两位小数）。</span>"#))
            }
            try await client.execute(uri: "/catalog/products", method: .post, headers: WebTests.formHeaders + jar.header,
                                     body: WebTests.form(product)) { response in
                XCTAssertEqual(response.status, .unprocessableContent)
                XCTAssertTrue(response.text.contains(#"<span class="error">MZ-1001 已存在。</span>"#))
            }
            try await client.execute(uri: "/language", method: .post, headers: WebTests.formHeaders + jar.header,
                                     body: WebTests.form(["_csrf": csrf, "language": "en", "back": "/catalog"])) { response in
                jar.take(response)
            }
            try await client.execute(uri: "/catalog/suppliers", method: .post, headers: WebTests.formHeaders + jar.header,
                                     body: WebTests.form(["_csrf": csrf, "code": "GZMZ", "name": ""])) { response in
                XCTAssertEqual(response.status, .unprocessableContent)
                XCTAssertTrue(response.text.contains(#"<input name="name" value="" required><span class="error">is required.</span>"#))
                XCTAssertTrue(response.text.contains(#"<input name="code" value="GZMZ" required></label>"#), "no error beside the code")
            }
            let count = try await services.catalog.searchProducts("", by: .system).total
            XCTAssertEqual(count, 1, "nothing written by the refused forms")
        }
    }
}
