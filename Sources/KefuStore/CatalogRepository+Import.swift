import Foundation
import KefuDomain

/// What the catalogue import (suppliers and products files) needs: look-ups by code in bulk, inserts with every
/// column, and supplier updates that bump the version. Products change through `updateProduct(…expectedVersion:…)`,
/// which the edit form and the API share.
extension CatalogRepository {
    /// The suppliers with these codes, keyed by code (looked up 1,000 at a time).
    public func suppliers(codes: [String], on connection: any SQLConnection) async throws -> [String: Supplier] {
        let unique = Array(Set(codes))
        var found: [String: Supplier] = [:]
        for start in stride(from: 0, to: unique.count, by: 1000) {
            let chunk = Array(unique[start..<min(start + 1000, unique.count)])
            for row in try await connection.query("SELECT * FROM suppliers WHERE code IN \(list: chunk)") {
                let supplier = try Self.supplier(row)
                found[supplier.code] = supplier
            }
        }
        return found
    }

    /// The products with these SKUs, keyed by SKU (looked up 1,000 at a time).
    public func products(importing skus: [String], on connection: any SQLConnection) async throws -> [String: Product] {
        let unique = Array(Set(skus))
        var found: [String: Product] = [:]
        for start in stride(from: 0, to: unique.count, by: 1000) {
            found.merge(try await products(skus: Array(unique[start..<min(start + 1000, unique.count)]), on: connection)) { $1 }
        }
        return found
    }

    /// Changes a supplier's name and contact details; the version goes up by one.
    public func updateSupplier(id: Int64, name: String, contact: String?, phone: String?,
                               on connection: any SQLConnection) async throws -> Supplier? {
        try await connection.first(
            """
            UPDATE suppliers SET name = \(name), contact = \(contact), phone = \(phone), version = version + 1
            WHERE id = \(id) RETURNING *
            """).map(Self.supplier)
    }

    /// Adds a product with every column given, `active` included.
    public func insertProduct(sku: String, name: String, supplierID: Int64?, price: Int64, stock: Int64, active: Bool, at now: Date,
                              on connection: any SQLConnection) async throws -> Product {
        let row = try await connection.first(
            """
            INSERT INTO products (sku, name, supplier_id, price, stock, active, version, created_at, updated_at)
            VALUES (\(sku), \(name), \(supplierID), \(price), \(stock), \(active), 1, \(now), \(now)) RETURNING *
            """)
        return try Self.product(row!)
    }
}
