import Foundation
import Hummingbird
import KefuDomain
import KefuServices

/// `/catalog`: the products (search by SKU or name, filter by supplier) and `/catalog/suppliers`, each with its
/// form to add one. Viewing needs what the catalogue API's lists need; adding is checked by ``CatalogService``.
/// The service has no product update yet, so prices, stock and the active flag change through `/catalog/import`.
struct CatalogWebController {
    let services: Services
    let pages: Pages

    func addRoutes(to router: Router<KefuRequestContext>) {
        router.get("catalog", use: products)
        router.post("catalog/products", use: createProduct)
        router.get("catalog/suppliers", use: suppliers)
        router.post("catalog/suppliers", use: createSupplier)
    }

    // MARK: Products

    @Sendable func products(_ request: Request, context: KefuRequestContext) async throws -> Response {
        try await productsPage(request, context, form: [:], errors: [])
    }

    private func productsPage(_ request: Request, _ context: KefuRequestContext, form: [String: String], errors: [FieldError],
                              status: HTTPResponse.Status = .ok) async throws -> Response {
        let principal = try context.requirePrincipal()
        let paging = try Paging(request, defaultLimit: 25)
        let query = request.uri.queryParameters
        let search = query["q"].map { String($0).trimmingCharacters(in: .whitespaces) } ?? ""
        let supplierID = query["supplier"].flatMap { Int64(String($0)) }
        let suppliers = try await services.catalog.suppliers(by: principal)
        let result = try await productPage(search, supplierID: supplierID, paging: paging, by: principal)
        let byID = Dictionary(uniqueKeysWithValues: suppliers.map { ($0.id, $0) })
        let language = context.language
        return pages.render(
            "catalog/products", titleKey: "catalog.title",
            values: pages.errorValues(errors, language) + [
                "products": result.products.map { product -> [String: Any] in
                    let supplier = product.supplierID.flatMap { byID[$0] }
                    return ["sku": product.sku, "name": product.name, "supplier": supplier?.name, "supplier_code": supplier?.code,
                            "price": Money.yuan(product.price), "stock": product.stock, "active": product.active]
                },
                "total": result.total, "q": search,
                "filter_suppliers": Self.options(suppliers, selected: supplierID),
                "form_suppliers": Self.options(suppliers, selected: form["supplier_id"].flatMap { Int64($0) }),
                "form": form, "can_manage": principal.can(.settingsManage), "tab_products": true,
                "pager": Pager(total: result.total, paging: paging, path: "/catalog",
                               query: ["q": search, "supplier": supplierID.map { "\($0)" }]).values,
            ],
            request: request, context: context, status: status, area: "catalog")
    }

    /// One page of products whose SKU or name contains `search`, of one supplier when `supplierID` is given.
    private func productPage(_ search: String, supplierID: Int64?, paging: Paging, by principal: Principal) async throws -> (products: [Product], total: Int) {
        let catalog = services.catalog
        guard let supplierID else { return try await catalog.searchProducts(search, limit: paging.limit, offset: paging.offset, by: principal) }
        // `searchProducts` filters by text only: narrowing to one supplier here reads every text match once.
        let matches = try await catalog.searchProducts(search, limit: 1, by: principal).total
        let all = try await catalog.searchProducts(search, limit: max(matches, 1), by: principal).products.filter { $0.supplierID == supplierID }
        return (Array(all.dropFirst(paging.offset).prefix(paging.limit)), all.count)
    }

    static func options(_ suppliers: [Supplier], selected: Int64?) -> [[String: Any]] {
        suppliers.map { ["value": $0.id, "label": "\($0.code) · \($0.name)", "selected": $0.id == selected] }
    }

    @Sendable func createProduct(_ request: Request, context: KefuRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        var request = request
        let form = try await request.formFields(context: context)
        do {
            let numbers = try Self.productNumbers(form)
            let product = try await services.catalog.createProduct(sku: form["sku"], name: form["name"], supplierID: numbers.supplierID,
                                                                   price: numbers.price, stock: numbers.stock, by: principal)
            return pages.redirect(to: Pager.link(path: "/catalog", query: ["q": product.sku]), flash: "flash.product_created")
        } catch ServiceError.validation(let errors) {
            return try await productsPage(request, context, form: form, errors: errors, status: .unprocessableContent)
        }
    }

    /// The product form's numbers: supplier, price in yuan (→ fen) and stock. Blank is nil (the service says
    /// whether that is allowed); text that is not a number is a field error of its own.
    static func productNumbers(_ form: [String: String]) throws -> (supplierID: Int64?, price: Int64?, stock: Int64?) {
        var problems: [FieldError] = []
        func read<Value>(_ field: String, code: String, _ parse: (String) -> Value?) -> Value? {
            let text = (form[field] ?? "").trimmingCharacters(in: .whitespaces)
            guard !text.isEmpty else { return nil }
            guard let value = parse(text) else {
                problems.append(FieldError(field: field, code: code))
                return nil
            }
            return value
        }
        let supplierID = read("supplier_id", code: "error.unknown_value") { Int64($0) }
        let price = read("price", code: "error.price_format", ImportValue.fen)
        let stock = read("stock", code: "error.number_format") { ImportValue.quantity($0).map(Int64.init) }
        guard problems.isEmpty else { throw ServiceError.validation(problems) }
        return (supplierID, price, stock)
    }

    // MARK: Suppliers

    @Sendable func suppliers(_ request: Request, context: KefuRequestContext) async throws -> Response {
        try await suppliersPage(request, context, form: [:], errors: [])
    }

    private func suppliersPage(_ request: Request, _ context: KefuRequestContext, form: [String: String], errors: [FieldError],
                               status: HTTPResponse.Status = .ok) async throws -> Response {
        let principal = try context.requirePrincipal()
        let suppliers = try await services.catalog.suppliers(by: principal)
        return pages.render(
            "catalog/suppliers", titleKey: "catalog.suppliers",
            values: pages.errorValues(errors, context.language) + [
                "suppliers": suppliers.map { supplier -> [String: Any] in
                    ["id": supplier.id, "code": supplier.code, "name": supplier.name, "contact": supplier.contact, "phone": supplier.phone,
                     "active": supplier.active]
                },
                "form": form, "can_manage": principal.can(.settingsManage), "tab_suppliers": true,
            ],
            request: request, context: context, status: status, area: "catalog")
    }

    @Sendable func createSupplier(_ request: Request, context: KefuRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        var request = request
        let form = try await request.formFields(context: context)
        do {
            _ = try await services.catalog.createSupplier(code: form["code"], name: form["name"], contact: Self.blankIsNil(form["contact"]),
                                                          phone: Self.blankIsNil(form["phone"]), by: principal)
            return pages.redirect(to: "/catalog/suppliers", flash: "flash.supplier_created")
        } catch ServiceError.validation(let errors) {
            return try await suppliersPage(request, context, form: form, errors: errors, status: .unprocessableContent)
        }
    }

    static func blankIsNil(_ text: String?) -> String? {
        guard let text = text?.trimmingCharacters(in: .whitespaces), !text.isEmpty else { return nil }
        return text
    }
}
