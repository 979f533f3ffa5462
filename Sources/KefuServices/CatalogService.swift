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

    /// Changes a product's name, supplier, price (fen), stock or active flag; the SKU stays. Needs what adding one
    /// needs. Every bad field is reported at once. A stale `expectedVersion` (or a concurrent change) is a conflict
    /// that writes nothing; without one the change applies to whatever is current. A change that alters nothing
    /// returns the product as it is (no new version, no event); otherwise `product.updated` records the changed
    /// fields before and after.
    public func updateProduct(id: Int64, _ changes: ProductChanges, expectedVersion: Int64?, by principal: Principal) async throws -> Product {
        try principal.require(.settingsManage)
        let fieldProblems = changes.problems
        let now = clock.now
        do {
            return try await database.transaction { connection in
                guard let before = try await catalog.product(id: id, on: connection) else { throw ServiceError.notFound(entity: "product") }
                if let expectedVersion, expectedVersion != before.version {
                    throw ServiceError.conflict(code: "error.stale_version", currentVersion: before.version)
                }
                var problems = fieldProblems
                if case let supplierID?? = changes.supplierID, try await catalog.supplier(id: supplierID, on: connection) == nil {
                    problems.append(FieldError(field: "supplier_id", code: "error.unknown_value", arguments: ["value": "\(supplierID)"]))
                }
                guard problems.isEmpty else { throw ServiceError.validation(problems) }
                let after = changes.applied(to: before)
                guard after != before else { return before }
                let saved = try await catalog.updateProduct(id: id, name: after.name, supplierID: after.supplierID, price: after.price,
                                                            stock: after.stock, active: after.active, expectedVersion: before.version,
                                                            at: now, on: connection)
                let difference = ProductChanges.difference(from: before, to: saved)
                try await events.append(principal.event("product.updated", entity: "product", id: "\(id)", before: difference.before,
                                                        after: difference.after, at: now), on: connection)
                return saved
            }
        } catch let StoreError.staleVersion(_, _, current) {
            throw ServiceError.conflict(code: "error.stale_version", currentVersion: current)
        }
    }

    /// One product; reading needs what the product lists need.
    public func product(id: Int64, by principal: Principal) async throws -> Product {
        try principal.require(.ordersView)
        guard let product = try await database.read({ try await catalog.product(id: id, on: $0) }) else {
            throw ServiceError.notFound(entity: "product")
        }
        return product
    }

    /// Products by SKU or name, for the order-entry lookup; of one supplier when `supplierID` is given.
    public func searchProducts(_ query: String, supplierID: Int64? = nil, limit: Int = 20, offset: Int = 0,
                               by principal: Principal) async throws -> (products: [Product], total: Int) {
        try principal.require(.ordersView)
        return try await database.read { try await catalog.searchProducts(query, supplierID: supplierID, limit: limit, offset: offset, on: $0) }
    }
}

/// A change to a product's editable fields; nil leaves a field as it is.
public struct ProductChanges: Equatable, Sendable {
    public var name: String?
    /// Outer nil: keep the supplier; inner nil: no supplier.
    public var supplierID: Int64??
    /// Fen.
    public var price: Int64?
    public var stock: Int64?
    public var active: Bool?

    public init(name: String? = nil, supplierID: Int64?? = nil, price: Int64? = nil, stock: Int64? = nil, active: Bool? = nil) {
        self.name = name
        self.supplierID = supplierID
        self.price = price
        self.stock = stock
        self.active = active
    }

    /// What is wrong with the values themselves, all at once; whether the supplier exists is checked on saving.
    public var problems: [FieldError] {
        var problems: [FieldError] = []
        if let name, name.trimmingCharacters(in: .whitespaces).isEmpty { problems.append(FieldError(field: "name", code: "error.required")) }
        if let price, price < 0 { problems.append(FieldError(field: "price", code: "error.must_not_be_negative")) }
        if let stock, stock < 0 { problems.append(FieldError(field: "stock", code: "error.must_not_be_negative")) }
        return problems
    }

    func applied(to product: Product) -> Product {
        var result = product
        if let name { result.name = name.trimmingCharacters(in: .whitespaces) }
        if let supplierID { result.supplierID = supplierID }
        if let price { result.price = price }
        if let stock { result.stock = stock }
        if let active { result.active = active }
        return result
    }

    /// The fields that differ, as event snapshots: old values and new ones (no supplier is an empty `supplier_id`).
    static func difference(from old: Product, to new: Product) -> (before: String, after: String) {
        var before: [String: String?] = [:], after: [String: String?] = [:]
        func compare(_ key: String, _ value: (Product) -> String) {
            guard value(old) != value(new) else { return }
            before[key] = value(old)
            after[key] = value(new)
        }
        compare("name") { $0.name }
        compare("supplier_id") { $0.supplierID.map { "\($0)" } ?? "" }
        compare("price") { "\($0.price)" }
        compare("stock") { "\($0.stock)" }
        compare("active") { $0.active ? "true" : "false" }
        return (Snapshot.json(before), Snapshot.json(after))
    }
}
