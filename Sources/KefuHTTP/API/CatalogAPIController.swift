import Foundation
import Hummingbird
import KefuDomain
import KefuServices

/// `/api/v1/suppliers` and `/api/v1/products`.
struct CatalogAPIController {
    let services: Services

    func addRoutes(to router: Router<KefuRequestContext>) {
        router.get("api/v1/suppliers", use: suppliers)
        router.post("api/v1/suppliers", use: createSupplier)
        router.get("api/v1/products", use: products)
        router.post("api/v1/products", use: createProduct)
        router.get("api/v1/products/:id", use: product)
        router.patch("api/v1/products/:id", use: updateProduct)
    }

    struct NewSupplier: Decodable {
        var code: String?
        var name: String?
        var contact: String?
        var phone: String?
    }

    @Sendable func suppliers(_ request: Request, context: KefuRequestContext) async throws -> Response {
        let suppliers = try await services.catalog.suppliers(by: try context.requirePrincipal())
        return try KefuJSON.response(ListPage(items: suppliers, total: suppliers.count, limit: suppliers.count))
    }

    @Sendable func createSupplier(_ request: Request, context: KefuRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        var request = request
        let body = try await request.decodeJSON(NewSupplier.self, context: context)
        let supplier = try await services.catalog.createSupplier(code: body.code, name: body.name, contact: body.contact, phone: body.phone, by: principal)
        return try KefuJSON.response(supplier, status: .created)
    }

    struct NewProduct: Decodable {
        var sku: String?
        var name: String?
        var supplierId: Int64?
        var price: Int64?
        var stock: Int64?
    }

    @Sendable func products(_ request: Request, context: KefuRequestContext) async throws -> Response {
        let paging = try Paging(request, defaultLimit: 20)
        let query = request.uri.queryParameters
        var supplierID: Int64?
        if let text = query["supplier_id"] {
            guard let id = Int64(String(text)) else { throw RequestError.badParameter(FieldError(field: "supplier_id", code: "error.wrong_type")) }
            supplierID = id
        }
        let result = try await services.catalog.searchProducts(query["q"].map(String.init) ?? "", supplierID: supplierID,
                                                               limit: paging.limit, offset: paging.offset, by: try context.requirePrincipal())
        return try KefuJSON.response(ListPage(items: result.products, total: result.total, limit: paging.limit, offset: paging.offset))
    }

    @Sendable func createProduct(_ request: Request, context: KefuRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        var request = request
        let body = try await request.decodeJSON(NewProduct.self, context: context)
        let product = try await services.catalog.createProduct(sku: body.sku, name: body.name, supplierID: body.supplierId, price: body.price,
                                                               stock: body.stock, by: principal)
        return try KefuJSON.response(product, status: .created)
    }

    @Sendable func product(_ request: Request, context: KefuRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        let product = try await services.catalog.product(id: try context.parameters.require("id", as: Int64.self), by: principal)
        return try KefuJSON.response(product, headers: [.eTag: "\"\(product.version)\""])
    }

    struct ProductPatch: Decodable {
        var name: String?
        /// 0 removes the supplier (null, like any null, leaves it as it is).
        var supplierId: Int64?
        var price: Int64?
        var stock: Int64?
        var active: Bool?
        /// The version the caller read; a stale one is refused with 409.
        var version: Int64?
    }

    @Sendable func updateProduct(_ request: Request, context: KefuRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        let id = try context.parameters.require("id", as: Int64.self)
        var request = request
        let body = try await request.decodeJSON(ProductPatch.self, context: context)
        let changes = ProductChanges(name: body.name, supplierID: body.supplierId.map { $0 == 0 ? nil : $0 }, price: body.price,
                                     stock: body.stock, active: body.active)
        let product = try await services.catalog.updateProduct(id: id, changes, expectedVersion: body.version ?? request.ifMatchVersion,
                                                               by: principal)
        return try KefuJSON.response(product, headers: [.eTag: "\"\(product.version)\""])
    }
}
