import Foundation
import Hummingbird
import KefuDomain
import KefuServices

/// `/catalog`: the products (search by SKU or name, filter by supplier), each product's page with its edit form
/// (`/catalog/products/{id}`), and `/catalog/suppliers`, each list with its form to add one. Viewing needs what the
/// catalogue API's lists need; changing is checked by ``CatalogService``. Many products change at once through
/// `/catalog/import`.
struct CatalogWebController {
    let services: Services
    let pages: Pages

    func addRoutes(to router: Router<KefuRequestContext>) {
        router.get("catalog", use: products)
        router.post("catalog/products", use: createProduct)
        router.get("catalog/products/:id", use: product)
        router.post("catalog/products/:id", use: updateProduct)
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
        let result = try await services.catalog.searchProducts(search, supplierID: supplierID, limit: paging.limit, offset: paging.offset,
                                                               by: principal)
        let byID = Dictionary(uniqueKeysWithValues: suppliers.map { ($0.id, $0) })
        let language = context.language
        return pages.render(
            "catalog/products", titleKey: "catalog.title",
            values: pages.errorValues(errors, language) + [
                "products": result.products.map { product -> [String: Any] in
                    let supplier = product.supplierID.flatMap { byID[$0] }
                    return ["id": product.id, "sku": product.sku, "name": product.name, "supplier": supplier?.name, "supplier_code": supplier?.code,
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

    // MARK: One product

    @Sendable func product(_ request: Request, context: KefuRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        let product = try await services.catalog.product(id: try context.parameters.require("id", as: Int64.self), by: principal)
        return try await productPage(request, context, product, form: Self.formValues(product), values: [:])
    }

    /// Saves the edit form. Bad fields come back beside their fields with what was typed kept; a stale version comes
    /// back with the product as it is now in the form, what was typed shown apart, and a message saying why.
    @Sendable func updateProduct(_ request: Request, context: KefuRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        try principal.require(.settingsManage)
        let id = try context.parameters.require("id", as: Int64.self)
        var request = request
        let form = try await request.formFields(context: context)
        let (changes, problems) = Self.productChanges(form)
        do {
            guard problems.isEmpty else { throw ServiceError.validation(problems) }
            _ = try await services.catalog.updateProduct(id: id, changes, expectedVersion: form["version"].flatMap { Int64($0) }, by: principal)
            return pages.redirect(to: "/catalog/products/\(id)", flash: "flash.product_updated")
        } catch ServiceError.validation(let errors) {
            let product = try await services.catalog.product(id: id, by: principal)
            return try await productPage(request, context, product, form: form, values: pages.errorValues(errors, context.language),
                                         status: .unprocessableContent)
        } catch ServiceError.conflict {
            let product = try await services.catalog.product(id: id, by: principal)
            return try await productPage(request, context, product, form: Self.formValues(product), values: ["conflict": true],
                                         entered: form, status: .conflict)
        }
    }

    private func productPage(_ request: Request, _ context: KefuRequestContext, _ product: Product, form: [String: String],
                             values: [String: Any], entered: [String: String]? = nil, status: HTTPResponse.Status = .ok) async throws -> Response {
        let principal = try context.requirePrincipal()
        let language = context.language
        let suppliers = try await services.catalog.suppliers(by: principal)
        let byID = Dictionary(uniqueKeysWithValues: suppliers.map { ($0.id, $0) })
        let supplierLabel = { (id: Int64?) in id.flatMap { byID[$0] }.map { "\($0.code) · \($0.name)" } ?? "—" }
        let stateLabel = { (active: Bool) in self.pages.catalog.text(active ? "catalog.state.active" : "catalog.state.inactive", language) }
        let history = principal.can(.eventsView)
            ? try await services.events.list(EventFilter(entity: "product", entityID: "\(product.id)"), limit: 20, by: principal).events : []
        let formatter = TimeFormatter(language: language, timeZone: services.timeZone)
        let active = form["active"] != "false"
        return pages.render(
            "catalog/product", titleKey: "catalog.product.title",
            values: values + [
                "product": ["id": product.id, "sku": product.sku, "name": product.name, "supplier": supplierLabel(product.supplierID),
                            "price": Money.yuan(product.price), "stock": product.stock, "active": product.active, "version": product.version],
                "form": form,
                "form_suppliers": Self.options(suppliers, selected: form["supplier_id"].flatMap { Int64($0) }),
                "form_states": [true, false].map { ["value": "\($0)", "label": stateLabel($0), "selected": $0 == active] },
                "entered": entered.map { typed -> [String: Any] in
                    ["name": typed["name"], "supplier": supplierLabel(typed["supplier_id"].flatMap { Int64($0) }), "price": typed["price"],
                     "stock": typed["stock"], "active": typed["active"].map { stateLabel($0 != "false") }]
                },
                "history": history.map { EventRow($0, formatter: formatter, catalog: pages.catalog, language: language).values },
                "has_history": !history.isEmpty,
                "can_manage": principal.can(.settingsManage), "tab_products": true,
            ],
            request: request, context: context, status: status, area: "catalog")
    }

    /// The edit form filled with a product as stored: price in yuan as the form takes it.
    static func formValues(_ product: Product) -> [String: String] {
        ["name": product.name, "supplier_id": product.supplierID.map { "\($0)" } ?? "",
         "price": Money.yuan(product.price).replacingOccurrences(of: "¥", with: ""), "stock": "\(product.stock)",
         "active": "\(product.active)", "version": "\(product.version)"]
    }

    /// The edit form as a change to every editable field, and every problem with it at once: text that is not a
    /// number, a blank price or stock, and what ``ProductChanges/problems`` finds. A blank supplier is none.
    static func productChanges(_ form: [String: String]) -> (ProductChanges, [FieldError]) {
        var problems: [FieldError] = []
        func read<Value>(_ field: String, code: String, _ parse: (String) -> Value?) -> Value? {
            let text = (form[field] ?? "").trimmingCharacters(in: .whitespaces)
            guard !text.isEmpty else { problems.append(FieldError(field: field, code: "error.required")); return nil }
            guard let value = parse(text) else { problems.append(FieldError(field: field, code: code)); return nil }
            return value
        }
        var supplierID: Int64?? = .some(nil)
        if let text = form["supplier_id"]?.trimmingCharacters(in: .whitespaces), !text.isEmpty {
            if let id = Int64(text) { supplierID = id } else {
                supplierID = nil
                problems.append(FieldError(field: "supplier_id", code: "error.unknown_value"))
            }
        }
        let changes = ProductChanges(name: form["name"] ?? "", supplierID: supplierID,
                                     price: read("price", code: "error.price_format", ImportValue.fen),
                                     stock: read("stock", code: "error.number_format") { ImportValue.quantity($0).map(Int64.init) },
                                     active: form["active"].map { $0 != "false" })
        return (changes, changes.problems + problems)
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
