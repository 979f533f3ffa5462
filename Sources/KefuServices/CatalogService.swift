import Foundation
import KefuDomain
import KefuStore

/// Suppliers and products: what orders are made of.
public struct CatalogService: Sendable {
    let database: any Database
    let clock: any Clock
    let catalog = CatalogRepository()
    let events = EventLog()

    public init(database: any Database, clock: any Clock) {
        self.database = database
        self.clock = clock
    }

    public func createSupplier(code: String?, name: String?, contact: String?, phone: String?, by principal: Principal) async throws -> Supplier {
        try principal.require(.settingsManage)
        let code = (code ?? "").trimmingCharacters(in: .whitespaces), name = (name ?? "").trimmingCharacters(in: .whitespaces)
        var problems: [FieldError] = []
        if code.isEmpty { problems.append(FieldError(field: "code", code: "error.required")) }
        if name.isEmpty { problems.append(FieldError(field: "name", code: "error.required")) }
        guard problems.isEmpty else { throw ServiceError.validation(problems) }
        let now = clock.now
        do {
            return try await database.transaction { connection in
                let supplier = try await catalog.insertSupplier(code: code, name: name, contact: contact, phone: phone, at: now, on: connection)
                try await events.append(principal.event("supplier.created", entity: "supplier", id: "\(supplier.id)",
                                                        after: Snapshot.json(["code": code, "name": name]), at: now), on: connection)
                return supplier
            }
        } catch StoreError.duplicate {
            throw ServiceError.validation([FieldError(field: "code", code: "error.duplicate", arguments: ["value": code])])
        }
    }

    public func suppliers(by principal: Principal) async throws -> [Supplier] {
        try principal.require(.ordersView)
        return try await database.read { try await catalog.suppliers(on: $0) }
    }

    /// Adds a product; SKU, name and a non-negative price are required, the supplier must exist.
    public func createProduct(sku: String?, name: String?, supplierID: Int64?, price: Int64?, stock: Int64?, by principal: Principal) async throws -> Product {
        try principal.require(.settingsManage)
        let sku = (sku ?? "").trimmingCharacters(in: .whitespaces), name = (name ?? "").trimmingCharacters(in: .whitespaces)
        var problems: [FieldError] = []
        if sku.isEmpty { problems.append(FieldError(field: "sku", code: "error.required")) }
        if name.isEmpty { problems.append(FieldError(field: "name", code: "error.required")) }
        if let price { if price < 0 { problems.append(FieldError(field: "price", code: "error.must_not_be_negative")) } }
        else { problems.append(FieldError(field: "price", code: "error.required")) }
        if let stock, stock < 0 { problems.append(FieldError(field: "stock", code: "error.must_not_be_negative")) }
        let now = clock.now
        let fieldProblems = problems
        do {
            return try await database.transaction { connection in
                var problems = fieldProblems
                if let supplierID, try await catalog.supplier(id: supplierID, on: connection) == nil {
                    problems.append(FieldError(field: "supplier_id", code: "error.unknown_value", arguments: ["value": "\(supplierID)"]))
                }
                guard problems.isEmpty, let price else { throw ServiceError.validation(problems) }
                let product = try await catalog.insertProduct(sku: sku, name: name, supplierID: supplierID, price: price,
                                                              stock: stock ?? 0, at: now, on: connection)
                try await events.append(principal.event("product.created", entity: "product", id: "\(product.id)",
                                                        after: Snapshot.json(["sku": sku, "name": name, "price": "\(price)"]), at: now),
                                        on: connection)
                return product
            }
        } catch StoreError.duplicate {
            throw ServiceError.validation([FieldError(field: "sku", code: "error.duplicate", arguments: ["value": sku])])
        }
    }

    /// Products by SKU or name, for the order-entry lookup.
    public func searchProducts(_ query: String, limit: Int = 20, offset: Int = 0, by principal: Principal) async throws -> (products: [Product], total: Int) {
        try principal.require(.ordersView)
        return try await database.read { try await catalog.searchProducts(query, limit: limit, offset: offset, on: $0) }
    }
}
