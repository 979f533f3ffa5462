import Foundation
import KefuDomain
import KefuFiles
import KefuStore

/// Importing the product list (SKU, name, supplier, price, stock, active).
extension CatalogImportService {
    struct ProductRow {
        var line: Int
        var sku: String
        var name: String
        /// Outer nil: the file has no supplier column (an existing product keeps its supplier); inner nil: blank, no supplier.
        var supplierCode: String??
        var price: Int64
        /// Nil when the file has no stock column: new products start at 0, existing ones keep theirs.
        var stock: Int64?
        /// Nil when the file has no active column: new products are active, existing ones keep their flag.
        var active: Bool?
    }

    /// Imports the products in `file` (see ``importSuppliers(file:by:)`` for the formats).
    public func importProducts(file: Data, by principal: Principal) async throws -> CatalogImportReport {
        try principal.require(.settingsManage)
        return try await importProducts(rows: try OrderImportService.readTable(file), by: principal)
    }

    /// Imports product rows whose first row is the header: 商品编码/sku, 商品名称/name, 供货商编码/supplier_code,
    /// 单价/price (yuan), 库存/stock, 启用/active (是/否, default 是). Supplier codes must already exist.
    public func importProducts(rows: [TableRow], by principal: Principal) async throws -> CatalogImportReport {
        try principal.require(.settingsManage)
        let records = try Self.records(rows, columns: Self.productColumns)
        let now = clock.now
        return try await writing {
            try await database.transaction { connection in
                let codes = records.compactMap { $0("supplier_code") }.filter { !$0.isEmpty }
                let suppliers = try await catalog.suppliers(codes: codes, on: connection)
                var report = CatalogImportReport(totalRows: records.count)
                var parsed: [ProductRow] = []
                var seen: [String: Int] = [:]
                for record in records {
                    let (row, problems) = Self.product(record, suppliers: suppliers, seen: &seen)
                    if let row, problems.isEmpty { parsed.append(row) } else { report.badRows.append(.init(line: record.line, errors: problems)) }
                }
                guard report.committed else { return report }

                let existing = try await catalog.products(importing: parsed.map(\.sku), on: connection)
                var written: [Event] = []
                for row in parsed {
                    let supplierID = row.supplierCode.map { code in code.flatMap { suppliers[$0]?.id } }
                    if let old = existing[row.sku] {
                        let supplierID = supplierID ?? old.supplierID, stock = row.stock ?? old.stock, active = row.active ?? old.active
                        guard row.name != old.name || supplierID != old.supplierID || row.price != old.price || stock != old.stock
                                || active != old.active else { report.unchanged += 1; continue }
                        // Guarded by the version read above: a product edited meanwhile fails the import (409) rather than
                        // losing that edit.
                        let new = try await catalog.updateProduct(id: old.id, name: row.name, supplierID: supplierID, price: row.price,
                                                                  stock: stock, active: active, expectedVersion: old.version, at: now,
                                                                  on: connection)
                        written.append(principal.event("product.updated", entity: "product", id: "\(old.id)",
                                                       before: Self.snapshot(old), after: Self.snapshot(new), at: now))
                        report.updated += 1
                    } else {
                        let new = try await catalog.insertProduct(sku: row.sku, name: row.name, supplierID: supplierID ?? nil, price: row.price,
                                                                  stock: row.stock ?? 0, active: row.active ?? true, at: now, on: connection)
                        written.append(principal.event("product.created", entity: "product", id: "\(new.id)",
                                                       after: Snapshot.json(["sku": new.sku, "name": new.name, "price": "\(new.price)"]), at: now))
                        report.imported += 1
                    }
                }
                try await events.append(written, on: connection)
                return report
            }
        }
    }

    /// One product row read and checked: every problem of the row, and the row when there are none.
    static func product(_ record: Record, suppliers: [String: Supplier], seen: inout [String: Int]) -> (ProductRow?, [FieldError]) {
        var problems: [FieldError] = []
        let sku = record("sku") ?? "", name = record("name") ?? ""
        if sku.isEmpty { problems.append(FieldError(field: "sku", code: "error.required")) }
        checkUnique(sku, field: "sku", line: record.line, seen: &seen, problems: &problems)
        if name.isEmpty { problems.append(FieldError(field: "name", code: "error.required")) }
        var supplierCode: String??
        if let code = record("supplier_code") {
            supplierCode = .some(code.isEmpty ? nil : code)
            if !code.isEmpty, suppliers[code] == nil {
                problems.append(FieldError(field: "supplier_code", code: "error.unknown_supplier", arguments: ["value": code]))
            }
        }
        let priceText = record("price") ?? ""
        let price = ImportValue.fen(priceText)
        if priceText.isEmpty { problems.append(FieldError(field: "price", code: "error.required")) }
        else if let price { if price < 0 { problems.append(FieldError(field: "price", code: "error.must_not_be_negative")) } }
        else { problems.append(FieldError(field: "price", code: "error.price_format")) }
        var stock: Int64?
        if let text = record("stock"), !text.isEmpty {
            if let value = ImportValue.quantity(text) {
                stock = Int64(value)
                if value < 0 { problems.append(FieldError(field: "stock", code: "error.must_not_be_negative")) }
            } else {
                problems.append(FieldError(field: "stock", code: "error.number_format"))
            }
        }
        var active: Bool?
        if let text = record("active") {
            active = yesNo(text)
            if active == nil { problems.append(FieldError(field: "active", code: "error.yes_no_format", arguments: ["value": text])) }
        }
        guard problems.isEmpty, let price else { return (nil, problems) }
        return (ProductRow(line: record.line, sku: sku, name: name, supplierCode: supplierCode, price: price, stock: stock, active: active), [])
    }

    static func snapshot(_ product: Product) -> String {
        Snapshot.json(["sku": product.sku, "name": product.name, "price": "\(product.price)", "stock": "\(product.stock)",
                       "active": product.active ? "true" : "false", "supplier_id": product.supplierID.map { "\($0)" }])
    }

    /// Runs a write; a concurrent import that created the same code or SKU first is a conflict to retry.
}
