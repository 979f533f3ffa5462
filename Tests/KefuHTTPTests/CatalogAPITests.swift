import Foundation
import HTTPTypes
import HummingbirdTesting
import KefuDomain
import KefuServices
import KefuStore
import NIOCore
import XCTest

/// `GET|PATCH /api/v1/products/{id}` and the supplier filter of `GET /api/v1/products`, through the real router.
final class CatalogAPITests: XCTestCase {
    /// Two suppliers and a product of the first.
    static func seed(_ services: Services) async throws -> (textiles: Supplier, home: Supplier, shirt: Product) {
        let textiles = try await services.catalog.createSupplier(code: "HZFS", name: "杭州服饰", contact: nil, phone: nil, by: .system)
        let home = try await services.catalog.createSupplier(code: "NBJJ", name: "宁波家居", contact: nil, phone: nil, by: .system)
        let shirt = try await services.catalog.createProduct(sku: "FS-1001", name: "纯棉短袖T恤", supplierID: textiles.id, price: 5900, stock: 320, by: .system)
        return (textiles, home, shirt)
    }

    static func updates(_ services: Services) async throws -> Int {
        try await services.events.list(EventFilter(kind: "product.updated"), limit: 50, by: .system).total
    }

    func testAProductIsReadWithItsVersionAndChangedWithIt() async throws {
        try await AppHarness.run { client, services in
            let (_, home, shirt) = try await Self.seed(services)
            let token = try await AppHarness.token(client, "admin", AppHarness.adminPassword)
            try await client.execute(uri: "/api/v1/products/\(shirt.id)", method: .get, headers: AppHarness.bearer(token)) { response in
                XCTAssertEqual(response.status, .ok)
                XCTAssertEqual(response.headers[.eTag], "\"1\"")
                let product = AppHarness.decode(response)
                XCTAssertEqual(product["sku"] as? String, "FS-1001")
                XCTAssertEqual(product["price"] as? Int, 5900)
                XCTAssertEqual(product["version"] as? Int, 1)
            }
            try await client.execute(uri: "/api/v1/products/\(shirt.id)", method: .patch, headers: AppHarness.bearer(token),
                                     body: AppHarness.json(["name": "纯棉短袖T恤（新款）", "supplier_id": home.id, "price": 6900, "version": 1])) { response in
                XCTAssertEqual(response.status, .ok, response.text)
                XCTAssertEqual(response.headers[.eTag], "\"2\"")
                let product = AppHarness.decode(response)
                XCTAssertEqual(product["name"] as? String, "纯棉短袖T恤（新款）")
                XCTAssertEqual(product["supplier_id"] as? Int, Int(home.id))
                XCTAssertEqual(product["price"] as? Int, 6900)
                XCTAssertEqual(product["stock"] as? Int, 320, "absent fields stay as they are")
                XCTAssertEqual(product["version"] as? Int, 2)
            }
            // `If-Match` when the body has no version; `supplier_id: 0` removes the supplier; null leaves a field alone.
            try await client.execute(uri: "/api/v1/products/\(shirt.id)", method: .patch, headers: AppHarness.bearer(token, [.ifMatch: "\"2\""]),
                                     body: AppHarness.json(["supplier_id": 0, "active": false, "stock": NSNull()])) { response in
                XCTAssertEqual(response.status, .ok, response.text)
                let product = AppHarness.decode(response)
                XCTAssertNil(product["supplier_id"])
                XCTAssertEqual(product["active"] as? Bool, false)
                XCTAssertEqual(product["stock"] as? Int, 320)
                XCTAssertEqual(product["version"] as? Int, 3)
            }
            let stored = try await services.catalog.product(id: shirt.id, by: .system)
            XCTAssertEqual([stored.price, stored.stock, stored.version], [6900, 320, 3])
            XCTAssertNil(stored.supplierID)
            let updates = try await Self.updates(services)
            XCTAssertEqual(updates, 2)

            try await client.execute(uri: "/api/v1/products/999999", method: .get, headers: AppHarness.bearer(token)) { response in
                XCTAssertEqual(response.status, .notFound)
            }
            try await client.execute(uri: "/api/v1/products/999999", method: .patch, headers: AppHarness.bearer(token),
                                     body: AppHarness.json(["price": 1])) { response in
                XCTAssertEqual(response.status, .notFound)
            }
            try await client.execute(uri: "/api/v1/products/FS-1001", method: .get, headers: AppHarness.bearer(token)) { response in
                XCTAssertEqual(response.status, .badRequest)
            }
            try await client.execute(uri: "/api/v1/products/\(shirt.id)", method: .patch, headers: AppHarness.bearer(token),
                                     body: AppHarness.json(["price": "69.00"])) { response in
                XCTAssertEqual(response.status, .badRequest, "a price is integer fen")
                XCTAssertEqual((AppHarness.decode(response)["errors"] as? [[String: Any]])?.first?["field"] as? String, "price")
            }
        }
    }

    func testConcurrentChangesWithOneVersionLetOneWinAndRefuseTheOtherWith409() async throws {
        try await AppHarness.run { client, services in
            let (_, _, shirt) = try await Self.seed(services)
            let token = try await AppHarness.token(client, "admin", AppHarness.adminPassword)
            let path = "/api/v1/products/\(shirt.id)"
            @Sendable func patch(_ body: [String: Any]) async throws -> (HTTPResponse.Status, [String: Any]) {
                try await client.execute(uri: path, method: .patch, headers: AppHarness.bearer(token, [.acceptLanguage: "en"]),
                                         body: AppHarness.json(body)) { ($0.status, AppHarness.decode($0)) }
            }
            async let cheaper = patch(["price": 4900, "version": 1])
            async let restocked = patch(["stock": 0, "name": "断货T恤", "version": 1])
            let results = try await [cheaper, restocked]
            XCTAssertEqual(results.map(\.0.code).sorted(), [200, 409])
            let winner = try XCTUnwrap(results.first { $0.0 == .ok }?.1)
            let loser = try XCTUnwrap(results.first { $0.0 == .conflict }?.1)
            XCTAssertEqual(loser["type"] as? String, "urn:kefu:problem:stale_version")
            XCTAssertEqual(loser["title"] as? String, "Someone else changed this record; reload and try again.")
            XCTAssertEqual(loser["current_version"] as? Int, 2)

            let afterRace = try await services.catalog.product(id: shirt.id, by: .system)
            XCTAssertEqual(afterRace.version, 2)
            XCTAssertEqual(Int(afterRace.price), winner["price"] as? Int, "only the winner's change is stored")
            XCTAssertEqual(Int(afterRace.stock), winner["stock"] as? Int)
            XCTAssertEqual(afterRace.name, winner["name"] as? String)
            let racedUpdates = try await Self.updates(services)
            XCTAssertEqual(racedUpdates, 1)

            // A stale version sent later is refused the same way, the body's version ahead of `If-Match`, and nothing changes.
            try await client.execute(uri: path, method: .patch, headers: AppHarness.bearer(token, [.ifMatch: "\"2\""]),
                                     body: AppHarness.json(["price": 1, "version": 1])) { response in
                XCTAssertEqual(response.status, .conflict)
                XCTAssertTrue(response.headers[.contentType]?.hasPrefix("application/problem+json") == true)
                XCTAssertEqual(AppHarness.decode(response)["current_version"] as? Int, 2)
            }
            let unchanged = try await services.catalog.product(id: shirt.id, by: .system)
            XCTAssertEqual(unchanged, afterRace)
            let laterUpdates = try await Self.updates(services)
            XCTAssertEqual(laterUpdates, 1)
        }
    }

    func testBadFieldsAre422ListingEachAndWriteNothing() async throws {
        try await AppHarness.run { client, services in
            let (_, _, shirt) = try await Self.seed(services)
            let token = try await AppHarness.token(client, "admin", AppHarness.adminPassword)
            try await client.execute(uri: "/api/v1/products/\(shirt.id)", method: .patch, headers: AppHarness.bearer(token, [.acceptLanguage: "en"]),
                                     body: AppHarness.json(["name": " ", "supplier_id": 999_999, "price": -100, "stock": -1, "active": false,
                                                            "version": 1])) { response in
                XCTAssertEqual(response.status, .unprocessableContent)
                let problem = AppHarness.decode(response)
                XCTAssertEqual(problem["type"] as? String, "urn:kefu:problem:validation")
                let errors = problem["errors"] as? [[String: Any]] ?? []
                XCTAssertEqual(errors.compactMap { $0["field"] as? String }, ["name", "price", "stock", "supplier_id"])
                XCTAssertEqual(errors.compactMap { $0["code"] as? String },
                               ["error.required", "error.must_not_be_negative", "error.must_not_be_negative", "error.unknown_value"])
                XCTAssertEqual(errors.first?["message"] as? String, "is required.")
            }
            let stored = try await services.catalog.product(id: shirt.id, by: .system)
            XCTAssertEqual(stored, shirt)
            let updates = try await Self.updates(services)
            XCTAssertEqual(updates, 0)
        }
    }

    func testChangingAProductNeedsWhatAddingOneNeeds() async throws {
        try await AppHarness.run { client, services in
            let (_, _, shirt) = try await Self.seed(services)
            let agent = try await AppHarness.token(client, "zhang.wei", AppHarness.staffPassword)
            try await client.execute(uri: "/api/v1/products/\(shirt.id)", method: .get, headers: AppHarness.bearer(agent)) { response in
                XCTAssertEqual(response.status, .ok, "agents read the catalogue")
            }
            for body: [String: Any] in [["price": 1, "version": 1], ["price": -1]] {
                try await client.execute(uri: "/api/v1/products/\(shirt.id)", method: .patch, headers: AppHarness.bearer(agent),
                                         body: AppHarness.json(body)) { response in
                    XCTAssertEqual(response.status, .forbidden)
                    XCTAssertEqual(AppHarness.decode(response)["detail"] as? String, "settings.manage")
                }
            }
            try await client.execute(uri: "/api/v1/products", method: .post, headers: AppHarness.bearer(agent),
                                     body: AppHarness.json(["sku": "X-1", "name": "x", "price": 1])) { response in
                XCTAssertEqual(response.status, .forbidden, "the same as adding")
            }
            try await client.execute(uri: "/api/v1/products/\(shirt.id)", method: .patch, headers: [.contentType: "application/json"],
                                     body: AppHarness.json(["price": 1])) { response in
                XCTAssertEqual(response.status, .unauthorized)
            }
            let stored = try await services.catalog.product(id: shirt.id, by: .system)
            XCTAssertEqual(stored, shirt)
        }
    }

    func testProductsListNarrowsToOneSupplier() async throws {
        try await AppHarness.run { client, services in
            let (textiles, home, _) = try await Self.seed(services)
            _ = try await services.catalog.createProduct(sku: "FS-1002", name: "纯棉衬衫", supplierID: textiles.id, price: 9900, stock: 5, by: .system)
            _ = try await services.catalog.createProduct(sku: "JJ-1001", name: "纯棉枕套", supplierID: home.id, price: 3900, stock: 8, by: .system)
            let token = try await AppHarness.token(client, "zhang.wei", AppHarness.staffPassword)
            func skus(_ query: String) async throws -> (skus: [String], total: Int?) {
                try await client.execute(uri: "/api/v1/products?\(query)", method: .get, headers: AppHarness.bearer(token)) { response in
                    XCTAssertEqual(response.status, .ok, query)
                    let page = AppHarness.decode(response)
                    return ((page["items"] as? [[String: Any]] ?? []).compactMap { $0["sku"] as? String }, page["total"] as? Int)
                }
            }
            let textileProducts = try await skus("supplier_id=\(textiles.id)")
            XCTAssertEqual(textileProducts.skus, ["FS-1001", "FS-1002"])
            XCTAssertEqual(textileProducts.total, 2)
            let homeCotton = try await skus("supplier_id=\(home.id)&q=%E7%BA%AF%E6%A3%89")
            XCTAssertEqual(homeCotton.skus, ["JJ-1001"], "q (纯棉) and supplier together")
            let paged = try await skus("supplier_id=\(textiles.id)&limit=1&offset=1")
            XCTAssertEqual(paged.skus, ["FS-1002"])
            XCTAssertEqual(paged.total, 2)
            let everything = try await skus("q=%E7%BA%AF%E6%A3%89")
            XCTAssertEqual(everything.total, 3)
            try await client.execute(uri: "/api/v1/products?supplier_id=HZFS", method: .get, headers: AppHarness.bearer(token)) { response in
                XCTAssertEqual(response.status, .badRequest)
                XCTAssertEqual((AppHarness.decode(response)["errors"] as? [[String: Any]])?.first?["field"] as? String, "supplier_id")
            }
        }
    }
}
