import Foundation
@testable import KefuServices
import KefuDomain
import KefuFiles
import KefuStore
import KefuTestSupport
import XCTest

/// Importing the supplier and product lists from files, on every test database.
final class CatalogImportServiceTests: XCTestCase {
    static func setUp(_ database: any Database) async throws -> (Services, Principal) {
        let services = TestStores.services(database)
        let admin = Principal(user: try await TestStores.user(services, "li.na", role: .admin), channel: .session)
        _ = try await services.catalog.createSupplier(code: "SUP-1", name: "杭州服饰", contact: nil, phone: nil, by: .system)
        return (services, admin)
    }

    static func count(_ database: any Database, _ table: String, where condition: String = "1 = 1") async throws -> Int {
        Int(try await database.read { try await $0.first("SELECT COUNT(*) AS n FROM \(raw: table) WHERE \(raw: condition)")?.int("n") ?? 0 })
    }

    static func product(_ database: any Database, _ sku: String) async throws -> Product? {
        try await database.read { try await CatalogRepository().product(sku: sku, on: $0) }
    }

    func testProductsFileCreatesNewAndUpdatesExistingProducts() async throws {
        try await TestStores.each { database, name in
            let (services, admin) = try await Self.setUp(database)
            let old = try await services.catalog.createProduct(sku: "SKU-1", name: "旧名", supplierID: nil, price: 100, stock: 1, by: .system)
            let file = """
                sku,name,supplier_code,price,stock,active
                SKU-1,纯棉T恤,SUP-1,19.99,50,yes
                SKU-2,羽绒服,,258,3,否

                SKU-3,围巾,SUP-1,59.00,,
                """
            let report = try await services.catalogImports.importProducts(file: Data(file.utf8), by: admin)
            XCTAssertEqual(report, CatalogImportReport(totalRows: 3, imported: 2, updated: 1), name)

            let updatedFound = try await Self.product(database, "SKU-1")
            let updated = try XCTUnwrap(updatedFound, name)
            XCTAssertEqual([updated.name, "\(updated.price)", "\(updated.stock)", "\(updated.version)"], ["纯棉T恤", "1999", "50", "\(old.version + 1)"], name)
            XCTAssertNotNil(updated.supplierID, name)
            let coatFound = try await Self.product(database, "SKU-2")
            let coat = try XCTUnwrap(coatFound, name)
            XCTAssertEqual(coat.price, 25800, name)
            XCTAssertFalse(coat.active, name)
            XCTAssertNil(coat.supplierID, name)
            let scarfFound = try await Self.product(database, "SKU-3")
            let scarf = try XCTUnwrap(scarfFound, name)
            XCTAssertEqual([scarf.price, scarf.stock], [5900, 0], name)
            XCTAssertTrue(scarf.active, "a blank active cell means yes")
            let created = try await Self.count(database, "events", where: "kind = 'product.created'")
            let changed = try await Self.count(database, "events", where: "kind = 'product.updated'")
            XCTAssertEqual([created, changed], [3, 1], name)

            let again = try await services.catalogImports.importProducts(file: Data(file.utf8), by: admin)
            XCTAssertEqual(again, CatalogImportReport(totalRows: 3, unchanged: 3), "re-importing the same file changes nothing")
        }
    }

    func testBadRowIsReportedWithItsLineAndNothingIsWritten() async throws {
        try await TestStores.each { database, name in
            let (services, admin) = try await Self.setUp(database)
            let file = """
                商品编码,商品名称,供货商编码,单价,库存,启用
                SKU-1,纯棉T恤,SUP-1,19.99,50,是
                SKU-2,羽绒服,SUP-9,258.00,3,是
                SKU-1,重复,SUP-1,abc,-1,也许
                """
            let report = try await services.catalogImports.importProducts(file: Data(file.utf8), by: admin)
            XCTAssertFalse(report.committed, name)
            XCTAssertEqual([report.imported, report.updated], [0, 0], name)
            XCTAssertEqual(report.badRows.map(\.line), [3, 4], name)
            XCTAssertEqual(report.badRows.first?.errors,
                           [FieldError(field: "supplier_code", code: "error.unknown_supplier", arguments: ["value": "SUP-9"])], name)
            XCTAssertEqual(report.badRows.last?.errors.map(\.code),
                           ["error.duplicate_in_file", "error.price_format", "error.must_not_be_negative", "error.yes_no_format"], name)
            let products = try await Self.count(database, "products")
            let events = try await Self.count(database, "events", where: "kind LIKE 'product.%'")
            XCTAssertEqual([products, events], [0, 0], name)
        }
    }

    func testGBKEncodedCSVWithChineseHeaders() async throws {
        try await TestStores.each { database, name in
            let (services, admin) = try await Self.setUp(database)
            let suppliers = "供货商编码,名称,联系人,电话\r\nSUP-1,杭州服饰有限公司,王经理,0571-88886666\r\nSUP-2,义乌小商品,陈姐,13900139000\r\n"
            let gbkSuppliers = try XCTUnwrap(suppliers.data(using: TextDecoding.gb18030))
            XCTAssertNil(String(data: gbkSuppliers, encoding: .utf8), "the fixture really is GBK")
            let supplierReport = try await services.catalogImports.importSuppliers(file: gbkSuppliers, by: admin)
            XCTAssertEqual(supplierReport, CatalogImportReport(totalRows: 2, imported: 1, updated: 1), name)
            let stored = try await services.catalog.suppliers(by: admin)
            XCTAssertEqual(stored.map(\.name), ["杭州服饰有限公司", "义乌小商品"], name)
            XCTAssertEqual(stored.first?.contact, "王经理", name)
            XCTAssertEqual(stored.first?.version, 2, name)
            let supplierEvents = try await Self.count(database, "events", where: "kind = 'supplier.updated'")
            XCTAssertEqual(supplierEvents, 1, name)

            let products = "商品编码,商品名称,供货商编码,单价,库存,启用\r\nSKU-9,真丝围巾,SUP-2,128.50,7,是\r\n"
            let gbkProducts = try XCTUnwrap(products.data(using: TextDecoding.gb18030))
            let report = try await services.catalogImports.importProducts(file: gbkProducts, by: admin)
            XCTAssertEqual(report, CatalogImportReport(totalRows: 1, imported: 1), name)
            let scarfFound = try await Self.product(database, "SKU-9")
            let scarf = try XCTUnwrap(scarfFound, name)
            XCTAssertEqual(scarf.name, "真丝围巾", name)
            XCTAssertEqual(scarf.price, 12850, name)
            XCTAssertEqual(scarf.supplierID, stored.last?.id, name)
        }
    }

    func testXLSXFileMissingColumnAndPermission() async throws {
        try await TestStores.each { database, name in
            let (services, admin) = try await Self.setUp(database)
            let sheet = XLSXSheet(name: "商品", header: ["商品编码", "商品名称", "单价", "库存"], rows: [["SKU-X", "帆布包", "35", 4]])
            let report = try await services.catalogImports.importProducts(file: try XLSXWriter(sheets: [sheet]).data(), by: admin)
            XCTAssertEqual(report, CatalogImportReport(totalRows: 1, imported: 1), name)
            let bag = try await Self.product(database, "SKU-X")
            XCTAssertEqual(bag?.price, 3500, name)
            XCTAssertEqual(bag?.stock, 4, name)

            do {
                _ = try await services.catalogImports.importProducts(file: Data("sku,name\nSKU-Y,x\n".utf8), by: admin)
                XCTFail("a file without a price column is refused")
            } catch ServiceError.validation(let problems) {
                XCTAssertEqual(problems.map(\.code), ["error.import_missing_column"], name)
            }
            let clerk = Principal(user: try await TestStores.user(services, "yang.min", role: .orderClerk), channel: .session)
            do {
                _ = try await services.catalogImports.importSuppliers(file: Data("code,name\nS,x\n".utf8), by: clerk)
                XCTFail("only settings.manage may import the catalogue")
            } catch ServiceError.forbidden(let permission) {
                XCTAssertEqual(permission, .settingsManage, name)
            }
        }
    }
}
