import Foundation
import HTTPTypes
import HummingbirdTesting
@testable import KefuHTTP
import KefuDomain
import KefuServices
import KefuTestSupport
import NIOCore
import XCTest

/// Editing a product, forms without their CSRF token, and an import with a bad row.
extension CatalogWebTests {
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
