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

    func testEditingAProductOnItsPage() async throws {
        try await AppHarness.run { client, services in
            let (textiles, home) = try await Self.seed(services)
            let shirt = try await services.catalog.searchProducts("FS-1001", by: .system).products[0]
            let page = "/catalog/products/\(shirt.id)"
            let (signedIn, csrf) = try await WebTests.signIn(client, "admin", AppHarness.adminPassword)
            var jar = signedIn
            try await client.execute(uri: "/catalog?supplier=\(textiles.id)", method: .get, headers: jar.header) { response in
                XCTAssertTrue(response.text.contains(#"<a href="\#(page)"><code>FS-1001</code></a>"#), "the SKU leads to the product")
                XCTAssertTrue(response.text.contains("1–1 / 1"), "paged within the supplier")
            }
            try await client.execute(uri: page, method: .get, headers: jar.header) { response in
                XCTAssertEqual(response.status, .ok)
                let html = response.text
                XCTAssertTrue(html.contains(#"<form method="post" action="\#(page)" class="grid-form" id="edit-product">"#))
                XCTAssertTrue(html.contains(#"<input type="hidden" name="_csrf" value="\#(csrf)">"#))
                XCTAssertTrue(html.contains(#"<input type="hidden" name="version" value="1">"#))
                XCTAssertTrue(html.contains(#"<input name="price" value="59.00" inputmode="decimal" required>"#), "the price in yuan")
                XCTAssertTrue(html.contains(#"<option value="\#(textiles.id)" selected>HZFS · 杭州服饰</option>"#))
                XCTAssertTrue(html.contains(#"<option value="true" selected>启用</option>"#))
            }

            let edit = ["_csrf": csrf, "version": "1", "name": "纯棉短袖T恤（新款）", "supplier_id": "\(home.id)", "price": "69.5",
                        "stock": "300", "active": "false"]
            try await client.execute(uri: page, method: .post, headers: WebTests.formHeaders + jar.header, body: WebTests.form(edit)) { response in
                XCTAssertEqual(response.status, .seeOther)
                XCTAssertEqual(response.headers[.location], page)
                jar.take(response)
            }
            let saved = try await services.catalog.product(id: shirt.id, by: .system)
            XCTAssertEqual([saved.price, saved.stock, saved.version], [6950, 300, 2])
            XCTAssertEqual([saved.name, "\(saved.active)"], ["纯棉短袖T恤（新款）", "false"])
            XCTAssertEqual(saved.supplierID, home.id)
            try await client.execute(uri: page, method: .get, headers: jar.header) { response in
                let html = response.text
                XCTAssertTrue(html.contains("商品已保存。"))
                XCTAssertTrue(html.contains("¥69.50") && html.contains(#"<input type="hidden" name="version" value="2">"#))
                XCTAssertTrue(html.contains("修改商品") && html.contains("&quot;price&quot;:&quot;6950&quot;"), "the change in the history")
            }

            // Every bad field stands beside its field, with what was typed kept and the version sent kept; nothing is written.
            let bad = edit + ["version": "2", "name": " ", "price": "abc", "stock": "-1", "supplier_id": ""]
            try await client.execute(uri: page, method: .post, headers: WebTests.formHeaders + jar.header, body: WebTests.form(bad)) { response in
                XCTAssertEqual(response.status, .unprocessableContent)
                let html = response.text
                XCTAssertTrue(html.contains(#"<input name="name" value=" " required><span class="error">必填。</span>"#), html)
                XCTAssertTrue(html.contains(#"<input name="price" value="abc" inputmode="decimal" required><span class="error">不是有效的金额（元，最多两位小数）。</span>"#))
                XCTAssertTrue(html.contains(#"min="0" required><span class="error">不能为负数。</span>"#))
                XCTAssertTrue(html.contains(#"<input type="hidden" name="version" value="2">"#))
            }
            try await client.execute(uri: page, method: .post, headers: WebTests.formHeaders + jar.header,
                                     body: WebTests.form(edit + ["version": "2", "price": ""])) { response in
                XCTAssertEqual(response.status, .unprocessableContent, "a blank price is not \"keep it\"")
                XCTAssertTrue(response.text.contains(#"inputmode="decimal" required><span class="error">必填。</span>"#))
            }
            let untouched = try await services.catalog.product(id: shirt.id, by: .system)
            XCTAssertEqual(untouched, saved)

            // Someone saved in between: the form is refused with a message, shows the current values and keeps what was typed apart.
            _ = try await services.catalog.updateProduct(id: shirt.id, ProductChanges(price: 7900), expectedVersion: 2, by: .system)
            try await client.execute(uri: page, method: .post, headers: WebTests.formHeaders + jar.header,
                                     body: WebTests.form(edit + ["version": "2", "price": "65"])) { response in
                XCTAssertEqual(response.status, .conflict)
                let html = response.text
                XCTAssertTrue(html.contains("未保存：您打开本页后，别人修改了这个商品。"))
                XCTAssertTrue(html.contains(#"<input name="price" value="79.00" inputmode="decimal" required>"#), "the current price in the form")
                XCTAssertTrue(html.contains(#"<input type="hidden" name="version" value="3">"#), "saving again is on top of the current version")
                XCTAssertTrue(html.contains("您刚才填写的内容（未保存）：") && html.contains("<dd>65</dd>"))
            }
            let afterConflict = try await services.catalog.product(id: shirt.id, by: .system)
            XCTAssertEqual([afterConflict.price, afterConflict.version], [7900, 3])
            try await client.execute(uri: "/language", method: .post, headers: WebTests.formHeaders + jar.header,
                                     body: WebTests.form(["_csrf": csrf, "language": "en", "back": page])) { response in
                jar.take(response)
            }
            try await client.execute(uri: page, method: .post, headers: WebTests.formHeaders + jar.header,
                                     body: WebTests.form(edit + ["version": "2"])) { response in
                XCTAssertEqual(response.status, .conflict)
                XCTAssertTrue(response.text.contains("Not saved: someone else changed this product after you opened this page."))
            }

            // Agents see the product but get no form, and cannot post one; nor can a post without the CSRF token.
            let (agent, agentCSRF) = try await WebTests.signIn(client, "zhang.wei", AppHarness.staffPassword)
            try await client.execute(uri: page, method: .get, headers: agent.header) { response in
                XCTAssertEqual(response.status, .ok)
                XCTAssertTrue(response.text.contains("FS-1001"))
                XCTAssertFalse(response.text.contains(#"id="edit-product""#))
            }
            try await client.execute(uri: page, method: .post, headers: WebTests.formHeaders + agent.header,
                                     body: WebTests.form(edit + ["_csrf": agentCSRF, "version": "3", "price": "abc"])) { response in
                XCTAssertEqual(response.status, .forbidden)
            }
            var forged = edit
            forged["_csrf"] = nil
            try await client.execute(uri: page, method: .post, headers: WebTests.formHeaders + jar.header,
                                     body: WebTests.form(forged + ["version": "3"])) { response in
                XCTAssertEqual(response.status, .forbidden)
            }
            try await client.execute(uri: "/catalog/products/999999", method: .get, headers: jar.header) { response in
                XCTAssertEqual(response.status, .notFound)
            }
            let final = try await services.catalog.product(id: shirt.id, by: .system)
            XCTAssertEqual(final, afterConflict)
        }
    }

    func testFormsAndUploadsWithoutTheCSRFTokenAreRefused() async throws {
        try await AppHarness.run(sqliteOnly: true) { client, services in
            let (jar, csrf) = try await WebTests.signIn(client, "admin", AppHarness.adminPassword)
            let product = ["sku": "FS-1001", "name": "T恤", "price": "59"]
            for body in [product, product + ["_csrf": "forged"]] {
                try await client.execute(uri: "/catalog/products", method: .post, headers: WebTests.formHeaders + jar.header,
                                         body: WebTests.form(body)) { response in
                    XCTAssertEqual(response.status, .forbidden)
                }
            }
            try await client.execute(uri: "/catalog/suppliers", method: .post, headers: WebTests.formHeaders + jar.header,
                                     body: WebTests.form(["code": "HZFS", "name": "杭州服饰"])) { response in
                XCTAssertEqual(response.status, .forbidden)
            }
            let file = "商品编码,商品名称,单价\nFS-1001,T恤,59\n"
            for token in [nil, "forged"] {
                try await client.execute(uri: "/catalog/import", method: .post, headers: Self.uploadHeaders(jar, csrf: token),
                                         body: Self.multipart(kind: "products", file: file)) { response in
                    XCTAssertEqual(response.status, .forbidden)
                }
            }
            let products = try await services.catalog.searchProducts("", by: .system).total
            let suppliers = try await services.catalog.suppliers(by: .system).count
            XCTAssertEqual([products, suppliers], [0, 0])
            try await client.execute(uri: "/catalog/products", method: .post, headers: WebTests.formHeaders + jar.header,
                                     body: WebTests.form(product + ["_csrf": csrf])) { response in
                XCTAssertEqual(response.status, .seeOther)
            }
        }
    }

    func testAnImportWithABadRowShowsTheRowAndWritesNothing() async throws {
        try await AppHarness.run { client, services in
            _ = try await services.catalog.createSupplier(code: "SUP-1", name: "杭州服饰", contact: nil, phone: nil, by: .system)
            let (jar, csrf) = try await WebTests.signIn(client, "admin", AppHarness.adminPassword)
            let bad = "商品编码,商品名称,供货商编码,单价,库存,启用\nSKU-1,纯棉T恤,SUP-1,19.99,5,是\nSKU-2,羽绒服,SUP-9,258,1,是\nSKU-3,围巾,,abc,2,也许\n"
            try await client.execute(uri: "/catalog/import", method: .post, headers: Self.uploadHeaders(jar, csrf: csrf),
                                     body: Self.multipart(kind: "products", file: bad)) { response in
                XCTAssertEqual(response.status, .seeOther)
                XCTAssertEqual(response.headers[.location], "/catalog/import")
            }
            try await client.execute(uri: "/catalog/import", method: .get, headers: jar.header) { response in
                let html = response.text
                XCTAssertTrue(html.contains("存在错误行，未写入任何数据。"))
                XCTAssertTrue(html.contains(#"<td class="num" data-report="total_rows">3</td>"#))
                XCTAssertTrue(html.contains(#"<td class="num" data-report="imported">0</td>"#))
                XCTAssertTrue(html.contains(#"<td class="num" data-report="bad_rows">2</td>"#))
                XCTAssertTrue(html.contains(#"<tr><td class="num">3</td><td>供货商编码</td><td>供货商 SUP-9 不存在。</td></tr>"#), html)
                XCTAssertTrue(html.contains(#"<tr><td class="num">4</td><td>单价</td><td>不是有效的金额（元，最多两位小数）。</td></tr>"#))
                XCTAssertTrue(html.contains(#"<tr><td class="num">4</td><td>启用</td><td>应为&quot;是&quot;或&quot;否&quot;。</td></tr>"#))
                XCTAssertTrue(html.contains("商品清单 · 商品.csv"))
            }
            let written = try await services.catalog.searchProducts("", by: .system).total
            XCTAssertEqual(written, 0, "nothing written while a row is bad")

            let good = "商品编码,商品名称,供货商编码,单价,库存\nSKU-1,纯棉T恤,SUP-1,19.99,5\nSKU-2,羽绒服,SUP-1,258,1\n"
            try await client.execute(uri: "/catalog/import", method: .post, headers: Self.uploadHeaders(jar, csrf: csrf),
                                     body: Self.multipart(kind: "products", file: good)) { response in
                XCTAssertEqual(response.status, .seeOther)
            }
            try await client.execute(uri: "/catalog/import", method: .get, headers: jar.header) { response in
                let html = response.text
                XCTAssertTrue(html.contains("导入完成。"))
                XCTAssertTrue(html.contains(#"<td class="num" data-report="imported">2</td>"#))
                XCTAssertTrue(html.contains(#"<td class="num" data-report="updated">0</td>"#))
                XCTAssertFalse(html.contains("catalog-import-bad-rows"))
            }
            try await client.execute(uri: "/catalog?q=SKU-2", method: .get, headers: jar.header) { response in
                XCTAssertTrue(response.text.contains("羽绒服") && response.text.contains("¥258.00"))
            }

            // Suppliers, and a file the service refuses as a whole (no code column): the reason is shown.
            try await client.execute(uri: "/catalog/import", method: .post, headers: Self.uploadHeaders(jar, csrf: csrf),
                                     body: Self.multipart(kind: "suppliers", file: "供货商编码,名称,联系人\nSUP-1,杭州服饰,王经理\nSUP-2,宁波家居,\n",
                                                          filename: "供货商.csv")) { response in
                XCTAssertEqual(response.status, .seeOther)
            }
            try await client.execute(uri: "/catalog/import", method: .get, headers: jar.header) { response in
                XCTAssertTrue(response.text.contains(#"<td class="num" data-report="imported">1</td>"#))
                XCTAssertTrue(response.text.contains(#"<td class="num" data-report="updated">1</td>"#))
                XCTAssertTrue(response.text.contains(#"<option value="suppliers" selected>"#))
            }
            try await client.execute(uri: "/catalog/import", method: .post, headers: Self.uploadHeaders(jar, csrf: csrf),
                                     body: Self.multipart(kind: "suppliers", file: "名称\n杭州服饰\n")) { response in
                XCTAssertEqual(response.status, .seeOther)
            }
            try await client.execute(uri: "/catalog/import", method: .get, headers: jar.header) { response in
                XCTAssertTrue(response.text.contains("导入失败。"))
                XCTAssertTrue(response.text.contains("文件缺少列：供货商编码 / 供应商编码 / code / supplier_code。"))
            }
            let suppliers = try await services.catalog.suppliers(by: .system).map(\.code)
            XCTAssertEqual(suppliers, ["SUP-1", "SUP-2"])
        }
    }
}
