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
        let result = try await services.catalog.searchProducts(request.uri.queryParameters["q"].map(String.init) ?? "",
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
}
