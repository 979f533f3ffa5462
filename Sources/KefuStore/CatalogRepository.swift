import Foundation
import KefuDomain

/// Suppliers and products.
public struct CatalogRepository: Sendable {
    public init() {}

    static func supplier(_ row: Row) throws -> Supplier {
        Supplier(id: try row.int("id"), code: try row.string("code"), name: try row.string("name"),
                 contact: row.optionalString("contact"), phone: row.optionalString("phone"),
                 active: try row.bool("active"), version: try row.int("version"))
    }

    static func product(_ row: Row) throws -> Product {
        Product(id: try row.int("id"), sku: try row.string("sku"), name: try row.string("name"),
                supplierID: row.optionalInt("supplier_id"), price: try row.int("price"), stock: try row.int("stock"),
                active: try row.bool("active"), version: try row.int("version"))
    }

    public func insertSupplier(code: String, name: String, contact: String?, phone: String?, at now: Date,
                               on connection: any SQLConnection) async throws -> Supplier {
        let row = try await connection.first(
            """
            INSERT INTO suppliers (code, name, contact, phone, active, version, created_at)
            VALUES (\(code), \(name), \(contact), \(phone), 1, 1, \(now)) RETURNING *
            """)
        return try Self.supplier(row!)
    }

    public func suppliers(on connection: any SQLConnection) async throws -> [Supplier] {
        try await connection.query("SELECT * FROM suppliers ORDER BY code").map(Self.supplier)
    }

    public func supplier(id: Int64, on connection: any SQLConnection) async throws -> Supplier? {
        try await connection.first("SELECT * FROM suppliers WHERE id = \(id)").map(Self.supplier)
    }

    public func insertProduct(sku: String, name: String, supplierID: Int64?, price: Int64, stock: Int64, at now: Date,
                              on connection: any SQLConnection) async throws -> Product {
        let row = try await connection.first(
            """
            INSERT INTO products (sku, name, supplier_id, price, stock, active, version, created_at, updated_at)
            VALUES (\(sku), \(name), \(supplierID), \(price), \(stock), 1, 1, \(now), \(now)) RETURNING *
            """)
        return try Self.product(row!)
    }

    public func product(sku: String, on connection: any SQLConnection) async throws -> Product? {
        try await connection.first("SELECT * FROM products WHERE sku = \(sku)").map(Self.product)
    }

    /// The product with this id, if there is one.
    public func product(id: Int64, on connection: any SQLConnection) async throws -> Product? {
        try await connection.first("SELECT * FROM products WHERE id = \(id)").map(Self.product)
    }

    /// Changes a product's name, supplier, price, stock and active flag if `expectedVersion` is still current; the
    /// version goes up by one. A product changed since it was read is ``StoreError/staleVersion(entity:id:current:)``.
    public func updateProduct(id: Int64, name: String, supplierID: Int64?, price: Int64, stock: Int64, active: Bool,
                              expectedVersion: Int64, at now: Date, on connection: any SQLConnection) async throws -> Product {
        let row = try await connection.first(
            """
            UPDATE products SET name = \(name), supplier_id = \(supplierID), price = \(price), stock = \(stock), active = \(active),
                version = version + 1, updated_at = \(now)
            WHERE id = \(id) AND version = \(expectedVersion) RETURNING *
            """)
        if let row { return try Self.product(row) }
        guard let current = try await connection.first("SELECT version FROM products WHERE id = \(id)")?.int("version") else {
            throw StoreError.notFound(entity: "product", id: "\(id)")
        }
        throw StoreError.staleVersion(entity: "product", id: "\(id)", current: current)
    }

    /// Products whose SKU or name contains `query` (for the phone-order lookup), of one supplier when `supplierID`
    /// is given; active first.
    public func searchProducts(_ query: String, supplierID: Int64? = nil, limit: Int, offset: Int = 0,
                               on connection: any SQLConnection) async throws -> (products: [Product], total: Int) {
        var conditions: [SQL] = ["1 = 1"]
        if !query.isEmpty {
            let pattern = "%" + query.lowercased() + "%"
            conditions.append("(LOWER(sku) LIKE \(pattern) OR LOWER(name) LIKE \(pattern))")
        }
        if let supplierID { conditions.append("supplier_id = \(supplierID)") }
        let filter = SQL.joined(conditions, separator: " AND ")
        let total = try await connection.first("SELECT COUNT(*) AS n FROM products WHERE \(filter)")?.int("n") ?? 0
        let rows = try await connection.query("SELECT * FROM products WHERE \(filter) ORDER BY active DESC, sku LIMIT \(limit) OFFSET \(offset)")
        return (try rows.map(Self.product), Int(total))
    }

    /// The products with these SKUs, keyed by SKU.
    public func products(skus: [String], on connection: any SQLConnection) async throws -> [String: Product] {
        guard !skus.isEmpty else { return [:] }
        let rows = try await connection.query("SELECT * FROM products WHERE sku IN \(list: Array(Set(skus)))")
        return Dictionary(uniqueKeysWithValues: try rows.map { let product = try Self.product($0); return (product.sku, product) })
    }

    /// Takes `quantity` of a product out of stock if that much is there; false when it is not.
    public func reserve(sku: String, quantity: Int, on connection: any SQLConnection) async throws -> Bool {
        !(try await connection.query(
            "UPDATE products SET stock = stock - \(quantity), version = version + 1 WHERE sku = \(sku) AND stock >= \(quantity) RETURNING stock"
        ).isEmpty)
    }

    /// Puts `quantity` back into stock (a cancelled reservation).
    public func restock(sku: String, quantity: Int, on connection: any SQLConnection) async throws {
        try await connection.query("UPDATE products SET stock = stock + \(quantity), version = version + 1 WHERE sku = \(sku)")
    }
}
