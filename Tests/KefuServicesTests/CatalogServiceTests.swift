import Foundation
@testable import KefuServices
import KefuDomain
import KefuStore
import KefuTestSupport
import XCTest

/// Changing products and finding them by supplier, on every test database.
final class CatalogServiceTests: XCTestCase {
    struct Desk {
        var services: Services
        var admin: Principal
        var textiles: Supplier
        var home: Supplier
        var shirt: Product
    }

    static func setUp(_ database: any Database) async throws -> Desk {
        let services = TestStores.services(database)
        let admin = Principal(user: try await TestStores.user(services, "li.na", role: .admin), channel: .session)
        let textiles = try await services.catalog.createSupplier(code: "HZFS", name: "杭州服饰", contact: nil, phone: nil, by: admin)
        let home = try await services.catalog.createSupplier(code: "NBJJ", name: "宁波家居", contact: nil, phone: nil, by: admin)
        let shirt = try await services.catalog.createProduct(sku: "FS-1001", name: "纯棉短袖T恤", supplierID: textiles.id, price: 5900,
                                                             stock: 320, by: admin)
        return Desk(services: services, admin: admin, textiles: textiles, home: home, shirt: shirt)
    }

    static func events(_ database: any Database, kind: String = "product.updated") async throws -> [Event] {
        try await database.read { try await EventLog().list(EventFilter(kind: kind), limit: 50, on: $0).events }
    }

    static func stored(_ database: any Database, _ id: Int64) async throws -> Product? {
        try await database.read { try await CatalogRepository().product(id: id, on: $0) }
    }

    static func attempt(_ body: @Sendable () async throws -> Product) async -> Result<Product, any Error> {
        do { return .success(try await body()) } catch { return .failure(error) }
    }

    func testAnUpdateChangesTheFieldsBumpsTheVersionAndRecordsWhatChanged() async throws {
        try await TestStores.each { database, name in
            let desk = try await Self.setUp(database)
            let changes = ProductChanges(name: " 纯棉短袖T恤（新款） ", supplierID: .some(desk.home.id), price: 6900, stock: 320, active: true)
            let saved = try await desk.services.catalog.updateProduct(id: desk.shirt.id, changes, expectedVersion: desk.shirt.version, by: desk.admin)
            XCTAssertEqual(saved.name, "纯棉短袖T恤（新款）", "trimmed; \(name)")
            XCTAssertEqual([saved.supplierID, saved.price, saved.stock, saved.version], [desk.home.id, 6900, 320, desk.shirt.version + 1], name)
            XCTAssertEqual(saved.sku, "FS-1001", name)
            let storedFound = try await Self.stored(database, desk.shirt.id)
            XCTAssertEqual(storedFound, saved, name)

            let events = try await Self.events(database)
            XCTAssertEqual(events.count, 1, name)
            let event = try XCTUnwrap(events.first, name)
            XCTAssertEqual([event.entity, event.entityID, event.actorLogin], ["product", "\(desk.shirt.id)", "li.na"], name)
            XCTAssertEqual(event.before, #"{"name":"纯棉短袖T恤","price":"5900","supplier_id":"\#(desk.textiles.id)"}"#, "only what changed; \(name)")
            XCTAssertEqual(event.after, #"{"name":"纯棉短袖T恤（新款）","price":"6900","supplier_id":"\#(desk.home.id)"}"#, name)

            // The same values again change nothing: no new version, no event.
            let again = try await desk.services.catalog.updateProduct(id: desk.shirt.id, changes, expectedVersion: saved.version, by: desk.admin)
            XCTAssertEqual(again, saved, name)
            let afterRepeat = try await Self.events(database).count
            XCTAssertEqual(afterRepeat, 1, name)

            // A partial change keeps the other fields; removing the supplier and deactivating are recorded too.
            let off = try await desk.services.catalog.updateProduct(id: desk.shirt.id, ProductChanges(supplierID: .some(nil), active: false),
                                                                    expectedVersion: nil, by: desk.admin)
            XCTAssertNil(off.supplierID, name)
            XCTAssertFalse(off.active, name)
            XCTAssertEqual([off.price, off.stock, off.version], [6900, 320, saved.version + 1], name)
            let last = try await Self.events(database).first
            XCTAssertEqual(last?.before, #"{"active":"true","supplier_id":"\#(desk.home.id)"}"#, name)
            XCTAssertEqual(last?.after, #"{"active":"false","supplier_id":""}"#, name)
        }
    }

    func testEveryBadFieldIsReportedAtOnceAndNothingIsWritten() async throws {
        try await TestStores.each { database, name in
            let desk = try await Self.setUp(database)
            let bad = ProductChanges(name: "  ", supplierID: .some(999_999), price: -1, stock: -3, active: false)
            do {
                _ = try await desk.services.catalog.updateProduct(id: desk.shirt.id, bad, expectedVersion: desk.shirt.version, by: desk.admin)
                XCTFail("\(name): accepted")
            } catch ServiceError.validation(let errors) {
                XCTAssertEqual(errors, [
                    FieldError(field: "name", code: "error.required"),
                    FieldError(field: "price", code: "error.must_not_be_negative"),
                    FieldError(field: "stock", code: "error.must_not_be_negative"),
                    FieldError(field: "supplier_id", code: "error.unknown_value", arguments: ["value": "999999"]),
                ], name)
            }
            let storedFound = try await Self.stored(database, desk.shirt.id)
            XCTAssertEqual(storedFound, desk.shirt, "the active flag that was fine is not written either; \(name)")
            let events = try await Self.events(database)
            XCTAssertEqual(events.count, 0, name)
        }
    }

    func testAStaleVersionIsAConflictAndLosesNothing() async throws {
        try await TestStores.each { database, name in
            let desk = try await Self.setUp(database)
            let catalog = desk.services.catalog
            let first = try await catalog.updateProduct(id: desk.shirt.id, ProductChanges(price: 6500), expectedVersion: desk.shirt.version, by: desk.admin)
            do {
                _ = try await catalog.updateProduct(id: desk.shirt.id, ProductChanges(stock: 1), expectedVersion: desk.shirt.version, by: desk.admin)
                XCTFail("\(name): a stale version was accepted")
            } catch ServiceError.conflict(let code, let current) {
                XCTAssertEqual(code, "error.stale_version", name)
                XCTAssertEqual(current, first.version, name)
            }
            let storedFound = try await Self.stored(database, desk.shirt.id)
            XCTAssertEqual(storedFound, first, name)

            // Two people saving the same version at the same time: one wins, the other is told, nothing is mixed.
            let catalogService = catalog, admin = desk.admin, id = desk.shirt.id, version = first.version
            async let one = Self.attempt { try await catalogService.updateProduct(id: id, ProductChanges(name: "甲", price: 100), expectedVersion: version, by: admin) }
            async let two = Self.attempt { try await catalogService.updateProduct(id: id, ProductChanges(name: "乙", stock: 7), expectedVersion: version, by: admin) }
            let results = await [one, two]
            let winners = results.compactMap { try? $0.get() }
            XCTAssertEqual(winners.count, 1, name)
            for case .failure(let error) in results {
                XCTAssertEqual(error as? ServiceError, .conflict(code: "error.stale_version", currentVersion: version + 1), name)
            }
            let finalFound = try await Self.stored(database, desk.shirt.id)
            XCTAssertEqual(finalFound, winners.first, name)
            let events = try await Self.events(database)
            XCTAssertEqual(events.count, 2, name)
        }
    }

    func testOnlyCatalogueManagersChangeProducts() async throws {
        try await TestStores.each { database, name in
            let desk = try await Self.setUp(database)
            let manager = Principal(user: try await TestStores.user(desk.services, "zhao.jl", role: .manager), channel: .token)
            do {
                _ = try await desk.services.catalog.updateProduct(id: desk.shirt.id, ProductChanges(price: 1), expectedVersion: nil, by: manager)
                XCTFail("\(name): a manager without settings.manage changed a product")
            } catch ServiceError.forbidden(let permission) {
                XCTAssertEqual(permission, .settingsManage, name)
            }
            let storedFound = try await Self.stored(database, desk.shirt.id)
            XCTAssertEqual(storedFound, desk.shirt, name)
            do {
                _ = try await desk.services.catalog.updateProduct(id: 999_999, ProductChanges(price: 1), expectedVersion: nil, by: desk.admin)
                XCTFail("\(name): no such product")
            } catch ServiceError.notFound(let entity) {
                XCTAssertEqual(entity, "product", name)
            }
            let read = try await desk.services.catalog.product(id: desk.shirt.id, by: manager)
            XCTAssertEqual(read, desk.shirt, "reading needs orders.view only; \(name)")
        }
    }

    /// The import updates products through the same version-guarded write: it bumps the version an edit read, and an
    /// edit after an import must name the new one.
    func testTheImportAndTheEditShareTheVersion() async throws {
        try await TestStores.each { database, name in
            let desk = try await Self.setUp(database)
            let file = "sku,name,price\nFS-1001,纯棉短袖T恤,61.00\n"
            let report = try await desk.services.catalogImports.importProducts(file: Data(file.utf8), by: desk.admin)
            XCTAssertEqual(report.updated, 1, name)
            let importedFound = try await Self.stored(database, desk.shirt.id)
            let imported = try XCTUnwrap(importedFound, name)
            XCTAssertEqual([imported.price, imported.version], [6100, desk.shirt.version + 1], name)
            do {
                _ = try await desk.services.catalog.updateProduct(id: desk.shirt.id, ProductChanges(stock: 0), expectedVersion: desk.shirt.version, by: desk.admin)
                XCTFail("\(name): the version from before the import was accepted")
            } catch ServiceError.conflict(_, let current) {
                XCTAssertEqual(current, imported.version, name)
            }
            // The write the import uses refuses a version that is no longer current, so a concurrent edit is not overwritten.
            do {
                _ = try await database.transaction { connection in
                    try await CatalogRepository().updateProduct(id: imported.id, name: "x", supplierID: nil, price: 1, stock: 1, active: true,
                                                                expectedVersion: desk.shirt.version, at: Date(), on: connection)
                }
                XCTFail("\(name): stale write accepted")
            } catch StoreError.staleVersion(let entity, _, let current) {
                XCTAssertEqual(entity, "product", name)
                XCTAssertEqual(current, imported.version, name)
            }
            let unchanged = try await Self.stored(database, desk.shirt.id)
            XCTAssertEqual(unchanged, imported, name)
        }
    }

    func testSearchNarrowsToOneSupplier() async throws {
        try await TestStores.each { database, name in
            let desk = try await Self.setUp(database)
            let catalog = desk.services.catalog
            _ = try await catalog.createProduct(sku: "FS-1002", name: "纯棉长袖衬衫", supplierID: desk.textiles.id, price: 9900, stock: 5, by: desk.admin)
            _ = try await catalog.createProduct(sku: "JJ-1001", name: "纯棉枕套", supplierID: desk.home.id, price: 3900, stock: 8, by: desk.admin)
            _ = try await catalog.createProduct(sku: "ZZ-0001", name: "赠品袋", supplierID: nil, price: 0, stock: 0, by: desk.admin)

            let textiles = try await catalog.searchProducts("", supplierID: desk.textiles.id, by: desk.admin)
            XCTAssertEqual(textiles.products.map(\.sku), ["FS-1001", "FS-1002"], name)
            XCTAssertEqual(textiles.total, 2, name)
            let cotton = try await catalog.searchProducts("纯棉", supplierID: desk.home.id, by: desk.admin)
            XCTAssertEqual(cotton.products.map(\.sku), ["JJ-1001"], "text and supplier together; \(name)")
            XCTAssertEqual(cotton.total, 1, name)
            let page = try await catalog.searchProducts("", supplierID: desk.textiles.id, limit: 1, offset: 1, by: desk.admin)
            XCTAssertEqual(page.products.map(\.sku), ["FS-1002"], name)
            XCTAssertEqual(page.total, 2, "the total counts the supplier's products, not the page; \(name)")
            let none = try await catalog.searchProducts("", supplierID: 999_999, by: desk.admin)
            XCTAssertEqual(none.total, 0, name)
            let all = try await catalog.searchProducts("纯棉", by: desk.admin)
            XCTAssertEqual(all.total, 3, name)
        }
    }
}
