import Foundation
import KefuDomain
import KefuFiles
import KefuStore

/// How far an import has got, for progress bars and the CLI's rows per second.
public struct ImportProgress: Sendable, Equatable {
    /// Rows validated and then written, skipped or reported.
    public var processedRows: Int
    public var totalRows: Int
}

/// Imports platform order exports (CSV or XLSX, R-ORD-1): every row is validated against the catalogue and the
/// draft rules first (R-ORD-2); nothing is written when a row is bad unless good rows are asked for. Orders already
/// stored for the channel are skipped, so importing a file twice changes nothing. Good orders are written in
/// chunks of 1,000, one transaction each, every order with its `order.created` event.
public struct OrderImportService: Sendable {
    let database: any Database
    let clock: any Clock
    let timeZone: TimeZone
    let batch = OrderBatchRepository()
    let catalog = CatalogRepository()
    let events = EventLog()
    let mappings = ImportMappingRepository()
    static let ordersPerChunk = 1000

    public init(database: any Database, clock: any Clock, timeZone: TimeZone) {
        self.database = database
        self.clock = clock
        self.timeZone = timeZone
    }

    /// Reads an uploaded file: XLSX when it is a ZIP (`PK`), else CSV in UTF-8, UTF-16, GBK/GB18030 or Big5.
    public static func readTable(_ data: Data) throws -> [TableRow] {
        guard !data.isEmpty else { throw ServiceError.validation([FieldError(field: "file", code: "error.required")]) }
        do {
            if data.starts(with: [0x50, 0x4B]) { return try XLSXReader(data: data).rows() }
            return try CSVReader().rows(from: data)
        } catch {
            throw ServiceError.validation([FieldError(field: "file", code: "error.import_unreadable", arguments: ["reason": error.description])])
        }
    }

    /// Imports the orders in `file` (see ``readTable(_:)``).
    public func importOrders(
        file: Data, mapping: ImportMapping, channel: OrderChannel? = nil, importGoodRows: Bool = false, by principal: Principal,
        progress: (@Sendable (ImportProgress) -> Void)? = nil
    ) async throws -> OrderImportReport {
        try principal.require(.ordersCreate)
        return try await importOrders(rows: try Self.readTable(file), mapping: mapping, channel: channel, importGoodRows: importGoodRows,
                                      by: principal, progress: progress)
    }

    /// Imports rows whose first row is the header.
    public func importOrders(
        rows: [TableRow], mapping: ImportMapping, channel: OrderChannel? = nil, importGoodRows: Bool = false, by principal: Principal,
        progress: (@Sendable (ImportProgress) -> Void)? = nil
    ) async throws -> OrderImportReport {
        try principal.require(.ordersCreate)
        var mapping = mapping
        if let channel { mapping.channel = channel }
        guard let channel = mapping.channel else { throw ServiceError.validation([FieldError(field: "channel", code: "error.required")]) }
        guard let header = rows.first, rows.count > 1 else {
            throw ServiceError.validation([FieldError(field: "file", code: "error.import_empty")])
        }
        let (columns, headerProblems) = mapping.columns(header: header.fields)
        guard headerProblems.isEmpty else { throw ServiceError.validation(headerProblems) }
        let totalRows = rows.count - 1
        let orders = mapping.orders(rows: rows.dropFirst().map { ($0.number, $0.fields) }, columns: columns)

        let skus = Array(Set(orders.flatMap { $0.draft.items?.compactMap(\.sku) ?? [] }))
        let products = try await database.read { connection in
            var found: [String: Product] = [:]
            for start in stride(from: 0, to: skus.count, by: 1000) {
                found.merge(try await catalog.products(skus: Array(skus[start..<min(start + 1000, skus.count)]), on: connection)) { $1 }
            }
            return found
        }
        let prices = products.mapValues(\.price)
        var badRows: [OrderImportReport.BadRow] = []
        var good: [ImportedOrder] = []
        for order in orders {
            let problems = order.problems(prices: prices)
            if problems.isEmpty { good.append(order) } else { badRows += order.badRows(problems) }
        }
        let externals = good.compactMap(\.draft.externalNumber)
        let existing = try await database.read { try await batch.existingExternalNumbers(channel: channel, among: externals, on: $0) }
        let fresh = good.filter { $0.draft.externalNumber.map { !existing.contains($0) } ?? true }
        var report = OrderImportReport(totalRows: totalRows, orders: orders.count, imported: 0, skippedExisting: good.count - fresh.count,
                                       badRows: badRows, committed: badRows.isEmpty || importGoodRows)
        var processed = totalRows - fresh.reduce(0) { $0 + $1.lines.count }
        progress?(ImportProgress(processedRows: processed, totalRows: totalRows))
        guard report.committed else { return report }

        let importID = UUID().uuidString.lowercased()
        for start in stride(from: 0, to: fresh.count, by: Self.ordersPerChunk) {
            let chunk = Array(fresh[start..<min(start + Self.ordersPerChunk, fresh.count)])
            let written = try await write(chunk, channel: channel, products: products, importID: importID, by: principal)
            report.imported += written
            report.skippedExisting += chunk.count - written
            processed += chunk.reduce(0) { $0 + $1.lines.count }
            progress?(ImportProgress(processedRows: processed, totalRows: totalRows))
        }
        return report
    }

    /// Writes one chunk in one transaction. When another import stored some of these orders in the meantime,
    /// the chunk is retried once without them. Returns how many orders were written.
    private func write(_ chunk: [ImportedOrder], channel: OrderChannel, products: [String: Product], importID: String,
                       by principal: Principal) async throws -> Int {
        do {
            return try await insert(chunk, products: products, importID: importID, by: principal)
        } catch StoreError.duplicate {
            let externals = chunk.compactMap(\.draft.externalNumber)
            let existing = try await database.read { try await batch.existingExternalNumbers(channel: channel, among: externals, on: $0) }
            let rest = chunk.filter { $0.draft.externalNumber.map { !existing.contains($0) } ?? true }
            return try await insert(rest, products: products, importID: importID, by: principal)
        }
    }

    private func insert(_ chunk: [ImportedOrder], products: [String: Product], importID: String, by principal: Principal) async throws -> Int {
        guard !chunk.isEmpty else { return 0 }
        let now = clock.now
        let dayKey = OrderNumber.dayKey(now, timeZone: timeZone)
        let entered = chunk.map { Self.order(from: $0.draft, products: products, enteredBy: principal.user?.id, at: now) }
        let timeZone = self.timeZone
        return try await database.transaction { connection in
            let first = try await batch.reserveSequences(dayKey: dayKey, count: entered.count, on: connection)
            var orders = entered
            for index in orders.indices {
                orders[index].number = OrderNumber.make(day: now, sequence: first + index, timeZone: timeZone)
            }
            let ids = try await batch.insert(orders, at: now, on: connection)
            try await MemberRepository().linkOrders(ids: ids, on: connection)
            let created = zip(orders, ids).map { order, id in
                var order = order
                order.id = id
                return principal.event("order.created", entity: "order", id: "\(id)", after: Snapshot.importedOrder(order, importID: importID), at: now)
            }
            try await events.append(created, on: connection)
            return orders.count
        }
    }

    /// The order a valid draft becomes, as ``OrderService/create(_:confirmed:by:)`` builds it.
    static func order(from draft: OrderDraft, products: [String: Product], enteredBy: Int64?, at now: Date) -> Order {
        let trim = { (text: String?) in (text ?? "").trimmingCharacters(in: .whitespaces) }
        let items = (draft.items ?? []).map { item in
            let product = products[item.sku ?? ""]
            return OrderItem(sku: item.sku ?? "", name: product?.name ?? "", quantity: item.quantity ?? 0,
                             unitPrice: item.unitPrice ?? product?.price ?? 0)
        }
        let address = draft.address
        return Order(
            id: 0, number: "", channel: draft.channel ?? .other, externalNumber: draft.externalNumber,
            customer: OrderCustomer(name: trim(draft.customer?.name), phone: trim(draft.customer?.phone)),
            address: DeliveryAddress(recipient: trim(address?.recipient), phone: trim(address?.phone), province: trim(address?.province),
                                     city: trim(address?.city), district: trim(address?.district), line: trim(address?.line)),
            items: items, paymentMethod: draft.paymentMethod ?? .online, status: .pendingReview, enteredBy: enteredBy, createdAt: now)
    }
}

extension Snapshot {
    /// ``order(_:)`` plus the import's id, written without JSONEncoder: an import writes 100,000 of these.
    /// The output is byte for byte what `json(_:)` gives (sorted keys; these values never need escaping).
    static func importedOrder(_ order: Order, importID: String) -> String {
        var fields: [(String, String)] = [
            ("held", order.held ? "true" : "false"), ("import", importID), ("number", order.number), ("paid", "\(order.paid)"),
            ("status", order.status.rawValue), ("total", "\(order.total)"),
        ]
        if let reason = order.rejectionReason { fields.append(("rejection_reason", reason)) }
        guard fields.allSatisfy({ $0.1.allSatisfy { $0.isASCII && $0 != "\"" && $0 != "\\" && !$0.isNewline } }) else {
            return json(Dictionary(uniqueKeysWithValues: fields.map { ($0.0, Optional($0.1)) }))
        }
        return "{" + fields.map { "\"\($0.0)\":\"\($0.1)\"" }.joined(separator: ",") + "}"
    }
}
