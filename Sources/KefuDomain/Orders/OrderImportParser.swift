import Foundation

/// One order read from an import file: its draft, the line of each item's row, and what was wrong with its cells.
public struct ImportedOrder: Equatable, Sendable {
    public var draft: OrderDraft
    /// The file line of each item's row, in item order; the first is where the order starts.
    public var lines: [Int]
    /// Cells that could not be read (a price that is not money, an unknown payment text), as draft field paths.
    public var cellProblems: [FieldError]

    /// Every problem of this order, rows first: draft rules against the catalogue prices (R-ORD-2) plus
    /// unreadable cells; an unreadable cell hides the "required" problem of the same field.
    public func problems(prices: [String: Int64]) -> [FieldError] {
        let unreadable = Set(cellProblems.map(\.field))
        return cellProblems + draft.problems(prices: prices).filter { !unreadable.contains($0.field) }
    }

    /// Problems laid out per row: item problems on their item's row (field `sku`, `quantity`, `unit_price`),
    /// order problems on the order's first row.
    public func badRows(_ problems: [FieldError]) -> [OrderImportReport.BadRow] {
        var byLine: [Int: [FieldError]] = [:]
        for problem in problems {
            var problem = problem
            var line = lines.first ?? 0
            if problem.field.hasPrefix("items["), let close = problem.field.firstIndex(of: "]"),
               let index = Int(problem.field[problem.field.index(problem.field.startIndex, offsetBy: 6)..<close]), index < lines.count {
                line = lines[index]
                problem.field = String(problem.field[problem.field.index(after: close)...].drop { $0 == "." })
            }
            byLine[line, default: []].append(problem)
        }
        return byLine.keys.sorted().map { OrderImportReport.BadRow(line: $0, errors: byLine[$0] ?? []) }
    }
}

/// What an import found and did.
public struct OrderImportReport: Codable, Equatable, Sendable {
    public struct BadRow: Codable, Equatable, Sendable {
        public var line: Int
        public var errors: [FieldError]

        public init(line: Int, errors: [FieldError]) {
            self.line = line
            self.errors = errors
        }
    }

    /// Data rows in the file (the header not counted).
    public var totalRows: Int
    /// Distinct orders in the file.
    public var orders: Int
    public var imported: Int
    /// Orders whose channel and external number were already stored: not errors, re-imports change nothing.
    public var skippedExisting: Int
    public var badRows: [BadRow]
    /// False when bad rows stopped the whole import (the default mode).
    public var committed: Bool

    public init(totalRows: Int, orders: Int, imported: Int, skippedExisting: Int, badRows: [BadRow], committed: Bool) {
        self.totalRows = totalRows
        self.orders = orders
        self.imported = imported
        self.skippedExisting = skippedExisting
        self.badRows = badRows
        self.committed = committed
    }
}

extension ImportMapping {
    /// Column positions of each field in one file.
    public struct Columns: Sendable {
        var index: [String: Int] = [:]

        func value(_ field: String, in fields: [String]) -> String? {
            guard let position = index[field], position < fields.count else { return nil }
            let text = fields[position]
            // Most cells need no trimming; checking the ends first keeps 100,000-row files fast.
            guard let first = text.first, let last = text.last else { return nil }
            if first.isWhitespace || last.isWhitespace {
                let trimmed = text.trimmingCharacters(in: .whitespaces)
                return trimmed.isEmpty ? nil : trimmed
            }
            return text
        }
    }

    /// Finds each field's column in `header`; a required field without any of its headers is reported
    /// as `file` / `error.import_missing_column` naming the headers looked for.
    public func columns(header: [String]) -> (columns: Columns, problems: [FieldError]) {
        var positions: [String: Int] = [:]
        for (position, name) in header.enumerated() {
            let clean = name.trimmingCharacters(in: .whitespacesAndNewlines.union(CharacterSet(charactersIn: "\u{FEFF}")))
            if positions[clean] == nil { positions[clean] = position }
        }
        var columns = Columns()
        let fields: [(String, [String])] = [
            ("external_number", externalNumber), ("customer_name", customerName), ("customer_phone", customerPhone),
            ("recipient", recipient), ("address_phone", addressPhone), ("province", province), ("city", city),
            ("district", district), ("line", line), ("full_address", fullAddress), ("sku", sku), ("quantity", quantity),
            ("unit_price", unitPrice), ("payment_method", paymentMethod),
        ]
        for (field, candidates) in fields {
            if let position = candidates.lazy.compactMap({ positions[$0] }).first { columns.index[field] = position }
        }
        var problems: [FieldError] = []
        for (field, candidates) in requiredColumns where columns.index[field] == nil {
            if field == "customer_phone", columns.index["address_phone"] != nil { continue }
            problems.append(FieldError(field: "file", code: "error.import_missing_column",
                                       arguments: ["field": field, "columns": candidates.joined(separator: " / ")]))
        }
        if !fullAddress.isEmpty, columns.index["full_address"] == nil, columns.index["province"] == nil {
            problems.append(FieldError(field: "file", code: "error.import_missing_column",
                                       arguments: ["field": "full_address", "columns": fullAddress.joined(separator: " / ")]))
        }
        return (columns, problems)
    }

    /// Groups data rows into orders: rows with the same external number are one order, its items in file order.
    /// Rows without an external number are an order each. Order-level cells come from the order's first row.
    public func orders(rows: [(line: Int, fields: [String])], columns: Columns) -> [ImportedOrder] {
        var orders: [ImportedOrder] = []
        var positions: [String: Int] = [:]
        for row in rows {
            let value = { (field: String) in columns.value(field, in: row.fields) }
            let external = value("external_number")
            let position: Int
            if let external, let known = positions[external] {
                position = known
            } else {
                position = orders.count
                if let external { positions[external] = position }
                orders.append(startOrder(external: external, value: value))
            }
            let itemIndex = orders[position].draft.items?.count ?? 0
            let (item, problems) = readItem(value: value, path: "items[\(itemIndex)]")
            orders[position].draft.items?.append(item)
            orders[position].lines.append(row.line)
            orders[position].cellProblems += problems
        }
        return orders
    }

    private func startOrder(external: String?, value: (String) -> String?) -> ImportedOrder {
        let name = value("customer_name") ?? value("recipient")
        let phone = value("customer_phone") ?? value("address_phone")
        var province = value("province"), city = value("city"), district = value("district"), line = value("line")
        if province == nil, city == nil, district == nil, line == nil, let full = value("full_address") {
            let parts = AddressSplitter.split(full)
            province = parts.province
            city = parts.city
            district = parts.district
            line = parts.line
        }
        var problems: [FieldError] = []
        var method = PaymentMethod.online
        if let text = value("payment_method") {
            if let mapped = paymentValues[text] ?? PaymentMethod(rawValue: text) {
                method = mapped
            } else {
                problems.append(FieldError(field: "payment_method", code: "error.unknown_value"))
            }
        }
        let draft = OrderDraft(
            channel: channel, externalNumber: external, customer: .init(name: name, phone: phone),
            address: .init(recipient: value("recipient") ?? name, phone: value("address_phone") ?? phone, province: province,
                           city: city, district: district, line: line),
            items: [], paymentMethod: method)
        return ImportedOrder(draft: draft, lines: [], cellProblems: problems)
    }

    private func readItem(value: (String) -> String?, path: String) -> (OrderDraft.Item, [FieldError]) {
        var problems: [FieldError] = []
        var quantity: Int?
        if let text = value("quantity") {
            quantity = ImportValue.quantity(text)
            if quantity == nil { problems.append(FieldError(field: "\(path).quantity", code: "error.number_format")) }
        }
        var price: Int64?
        if let text = value("unit_price") {
            price = ImportValue.fen(text)
            if price == nil {
                problems.append(FieldError(field: "\(path).unit_price", code: "error.price_format"))
            } else if priceIsLineTotal, let total = price, let quantity, quantity > 0 {
                price = (total + Int64(quantity) / 2) / Int64(quantity)
            }
        }
        return (OrderDraft.Item(sku: value("sku"), quantity: quantity, unitPrice: price), problems)
    }
}
