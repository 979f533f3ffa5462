import Foundation
import KefuDomain
import KefuFiles
import KefuStore

/// What a catalogue import (suppliers or products file) found and did.
public struct CatalogImportReport: Codable, Equatable, Sendable {
    /// Data rows in the file (the header and blank rows not counted).
    public var totalRows: Int
    /// Rows that created a supplier or product.
    public var imported: Int
    /// Rows that changed an existing one.
    public var updated: Int
    /// Rows that matched an existing one exactly: nothing written, so re-importing a file changes nothing.
    public var unchanged: Int
    public var badRows: [OrderImportReport.BadRow]
    /// False when bad rows stopped the import: then nothing was written.
    public var committed: Bool { badRows.isEmpty }

    public init(totalRows: Int, imported: Int = 0, updated: Int = 0, unchanged: Int = 0, badRows: [OrderImportReport.BadRow] = []) {
        self.totalRows = totalRows
        self.imported = imported
        self.updated = updated
        self.unchanged = unchanged
        self.badRows = badRows
    }
}

/// Imports the supplier list and the product list from CSV or XLSX files (header row in Chinese or English).
/// Every row is validated first and each bad row reported with its line; nothing is written when any row is bad.
/// Existing codes / SKUs are updated (version bumped, `supplier.updated` / `product.updated`), new ones created
/// (`supplier.created` / `product.created`), all in one transaction.
public struct CatalogImportService: Sendable {
    let database: any Database
    let clock: any Clock
    let catalog = CatalogRepository()
    let events = EventLog()

    public init(database: any Database, clock: any Clock) {
        self.database = database
        self.clock = clock
    }

    /// A column of an import file: the field it fills and the header texts that name it (compared ignoring case,
    /// surrounding spaces, and spaces or dashes for underscores).
    struct Column: Sendable {
        var field: String
        var names: [String]
        var required: Bool
    }

    static let supplierColumns = [
        Column(field: "code", names: ["供货商编码", "供应商编码", "code", "supplier_code"], required: true),
        Column(field: "name", names: ["名称", "供货商名称", "供应商名称", "name"], required: true),
        Column(field: "contact", names: ["联系人", "contact"], required: false),
        Column(field: "phone", names: ["电话", "联系电话", "phone"], required: false),
    ]

    static let productColumns = [
        Column(field: "sku", names: ["商品编码", "sku"], required: true),
        Column(field: "name", names: ["商品名称", "名称", "name"], required: true),
        Column(field: "supplier_code", names: ["供货商编码", "供应商编码", "supplier_code"], required: false),
        Column(field: "price", names: ["单价", "价格", "price"], required: true),
        Column(field: "stock", names: ["库存", "stock"], required: false),
        Column(field: "active", names: ["启用", "active"], required: false),
    ]

    /// One data row with its cells by field; a field is absent when the file has no such column.
    struct Record {
        var line: Int
        var cells: [String: String]

        /// The trimmed cell, nil when the file has no such column.
        func callAsFunction(_ field: String) -> String? { cells[field] }
    }

    static func normalized(_ header: String) -> String {
        header.trimmingCharacters(in: .whitespacesAndNewlines.union(CharacterSet(charactersIn: "\u{FEFF}")))
            .lowercased().replacingOccurrences(of: " ", with: "_").replacingOccurrences(of: "-", with: "_")
    }

    /// The data rows of `rows` (first row the header) as records; throws when a required column is missing or
    /// there is no data row. Blank rows are left out.
    static func records(_ rows: [TableRow], columns: [Column]) throws -> [Record] {
        guard let header = rows.first else { throw ServiceError.validation([FieldError(field: "file", code: "error.import_no_rows")]) }
        var positions: [String: Int] = [:]
        for (index, text) in header.fields.enumerated() where positions[normalized(text)] == nil { positions[normalized(text)] = index }
        var found: [String: Int] = [:]
        var problems: [FieldError] = []
        for column in columns {
            if let position = column.names.lazy.compactMap({ positions[normalized($0)] }).first {
                found[column.field] = position
            } else if column.required {
                problems.append(FieldError(field: "file", code: "error.import_missing_column",
                                           arguments: ["field": column.field, "columns": column.names.joined(separator: " / ")]))
            }
        }
        guard problems.isEmpty else { throw ServiceError.validation(problems) }
        let records = rows.dropFirst().compactMap { row -> Record? in
            guard row.fields.contains(where: { !$0.trimmingCharacters(in: .whitespaces).isEmpty }) else { return nil }
            return Record(line: row.number, cells: found.mapValues { row[field: $0].trimmingCharacters(in: .whitespacesAndNewlines) })
        }
        guard !records.isEmpty else { throw ServiceError.validation([FieldError(field: "file", code: "error.import_no_rows")]) }
        return records
    }

    /// `是`/`否`, `true`/`false`, `yes`/`no`, `1`/`0` (any case); blank means yes. Nil when it is none of these.
    static func yesNo(_ text: String) -> Bool? {
        switch text.lowercased() {
        case "", "是", "启用", "true", "yes", "y", "1": return true
        case "否", "停用", "false", "no", "n", "0": return false
        default: return nil
        }
    }

    /// Notes a duplicate code or SKU: `error.duplicate_in_file` naming the line it first appeared on.
    static func checkUnique(_ value: String, field: String, line: Int, seen: inout [String: Int], problems: inout [FieldError]) {
        guard !value.isEmpty else { return }
        if let first = seen[value] {
            problems.append(FieldError(field: field, code: "error.duplicate_in_file", arguments: ["value": value, "line": "\(first)"]))
        } else {
            seen[value] = line
        }
    }

    // MARK: Suppliers

    struct SupplierRow {
        var line: Int
        var code: String
        var name: String
        /// Outer nil: the file has no such column (an existing supplier keeps its value); inner nil: the cell is blank.
        var contact: String??
        var phone: String??
    }

    /// Imports the suppliers in `file` (XLSX when it is a ZIP, else CSV in UTF-8, UTF-16, GBK/GB18030 or Big5).
    public func importSuppliers(file: Data, by principal: Principal) async throws -> CatalogImportReport {
        try principal.require(.settingsManage)
        return try await importSuppliers(rows: try OrderImportService.readTable(file), by: principal)
    }

    /// Imports supplier rows whose first row is the header: 供货商编码/code, 名称/name, 联系人/contact, 电话/phone.
    public func importSuppliers(rows: [TableRow], by principal: Principal) async throws -> CatalogImportReport {
        try principal.require(.settingsManage)
        let records = try Self.records(rows, columns: Self.supplierColumns)
        var report = CatalogImportReport(totalRows: records.count)
        var parsed: [SupplierRow] = []
        var seen: [String: Int] = [:]
        let blankIsNil = { (text: String?) -> String?? in text.map { $0.isEmpty ? nil : $0 } }
        for record in records {
            var problems: [FieldError] = []
            let code = record("code") ?? "", name = record("name") ?? ""
            if code.isEmpty { problems.append(FieldError(field: "code", code: "error.required")) }
            Self.checkUnique(code, field: "code", line: record.line, seen: &seen, problems: &problems)
            if name.isEmpty { problems.append(FieldError(field: "name", code: "error.required")) }
            if problems.isEmpty {
                parsed.append(SupplierRow(line: record.line, code: code, name: name, contact: blankIsNil(record("contact")),
                                          phone: blankIsNil(record("phone"))))
            } else {
                report.badRows.append(.init(line: record.line, errors: problems))
            }
        }
        guard report.committed else { return report }
        let now = clock.now
        let toWrite = parsed, checked = report
        return try await writing {
            try await database.transaction { connection in
                var report = checked
                let existing = try await catalog.suppliers(codes: toWrite.map(\.code), on: connection)
                var written: [Event] = []
                for row in toWrite {
                    if let old = existing[row.code] {
                        let contact = row.contact ?? old.contact, phone = row.phone ?? old.phone
                        guard row.name != old.name || contact != old.contact || phone != old.phone else { report.unchanged += 1; continue }
                        guard let new = try await catalog.updateSupplier(id: old.id, name: row.name, contact: contact, phone: phone,
                                                                         on: connection) else { continue }
                        written.append(principal.event("supplier.updated", entity: "supplier", id: "\(old.id)",
                                                       before: Self.snapshot(old), after: Self.snapshot(new), at: now))
                        report.updated += 1
                    } else {
                        let new = try await catalog.insertSupplier(code: row.code, name: row.name, contact: row.contact ?? nil,
                                                                   phone: row.phone ?? nil, at: now, on: connection)
                        written.append(principal.event("supplier.created", entity: "supplier", id: "\(new.id)",
                                                       after: Snapshot.json(["code": new.code, "name": new.name]), at: now))
                        report.imported += 1
                    }
                }
                try await events.append(written, on: connection)
                return report
            }
        }
    }

    static func snapshot(_ supplier: Supplier) -> String {
        Snapshot.json(["code": supplier.code, "name": supplier.name, "contact": supplier.contact, "phone": supplier.phone])
    }

    func writing(_ body: () async throws -> CatalogImportReport) async throws -> CatalogImportReport {
        do { return try await body() } catch StoreError.duplicate {
            throw ServiceError.conflict(code: "error.stale_version", currentVersion: nil)
        }
    }
}
