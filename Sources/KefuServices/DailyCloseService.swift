import Foundation
import KefuDomain
import KefuFiles
import KefuStore

/// The daily close (日结, R-ORD-15): the order summary, the cash-on-delivery sales detail and one summary per
/// supplier, as XLSX files that open in Excel and LibreOffice with Chinese intact, kept for download.
/// Phone numbers are masked in every file: they leave the system (R-MEM-4).
public struct DailyCloseService: Sendable {
    let database: any Database
    let clock: any Clock
    let timeZone: TimeZone
    public let schedule: DailyCloseSchedule
    let repository = DailyCloseRepository()
    let events = EventLog()

    public init(database: any Database, clock: any Clock, timeZone: TimeZone, schedule: DailyCloseSchedule = DailyCloseSchedule()) {
        self.database = database
        self.clock = clock
        self.timeZone = timeZone
        self.schedule = schedule
    }

    /// Produces (or refreshes) the three files of business day `day`.
    @discardableResult
    public func produce(day: LocalDate, by principal: Principal) async throws -> [DailyCloseFile] {
        try principal.require(.reportsView)
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        let start = calendar.date(from: DateComponents(year: day.year, month: day.month, day: day.day))!
        let end = calendar.date(byAdding: .day, value: 1, to: start)!
        let lines = try await database.read { try await repository.lines(from: start, to: end, on: $0) }
        let name = day.description
        let files: [(DailyCloseFile.Kind, String, Data)] = [
            (.orderSummary, "订单汇总-\(name).xlsx", try orderSummary(lines)),
            (.codDetail, "货到付款日销售明细-\(name).xlsx", try codDetail(lines)),
            (.supplierBundle, "供货商汇总-\(name).zip", try supplierBundle(lines, day: name)),
        ]
        let now = clock.now
        try await database.transaction { connection in
            for (kind, filename, content) in files {
                try await repository.save(day: name, kind: kind, filename: filename, content: content, by: principal.actorLogin, at: now, on: connection)
            }
            try await events.append(principal.event("daily_close.produced", entity: "daily_close", id: name,
                                                    after: Snapshot.json(["orders": "\(Set(lines.map(\.orderID)).count)", "lines": "\(lines.count)"]),
                                                    at: now), on: connection)
        }
        return try await database.read { try await repository.files(day: name, limit: 10, on: $0) }
    }

    /// Runs the close for today if it is past the close time and it has not run yet; for the scheduler.
    public func runIfDue() async throws -> Bool {
        guard let day = schedule.dueDay(at: clock.now, timeZone: timeZone) else { return false }
        let existing = try await database.read { try await repository.files(day: day.description, limit: 1, on: $0) }
        guard existing.isEmpty else { return false }
        try await produce(day: day, by: .system)
        return true
    }

    public func files(day: LocalDate?, by principal: Principal) async throws -> [DailyCloseFile] {
        try principal.require(.reportsView)
        return try await database.read { try await repository.files(day: day?.description, limit: 300, on: $0) }
    }

    public func download(id: Int64, by principal: Principal) async throws -> (DailyCloseFile, Data) {
        try principal.require(.reportsView)
        guard let file = try await database.read({ try await repository.content(id: id, on: $0) }) else {
            throw ServiceError.notFound(entity: "daily_close_file")
        }
        return file
    }

    // MARK: - The files

    private func orderSummary(_ lines: [DailyCloseRepository.Line]) throws -> Data {
        var rows: [[XLSXCell]] = []
        var seen = Set<Int64>()
        for line in lines where seen.insert(line.orderID).inserted {
            let items = lines.filter { $0.orderID == line.orderID }.map { "\($0.name)×\($0.quantity)" }.joined(separator: "、")
            rows.append([.text(line.number), .text(line.channel), .text(line.externalNumber ?? ""), .text(line.customerName),
                         .text(PII.maskPhone(line.customerPhone)), .text(line.city), .text(items), .money(fen: line.orderTotal),
                         .money(fen: line.paid), .text(line.paymentMethod), .text(line.status), .dateTime(line.createdAt, timeZone: timeZone)])
        }
        let total = lines.reduce(into: [Int64: Int64]()) { $0[$1.orderID] = $1.orderTotal }.values.reduce(0, +)
        rows.append([.text("合计"), .empty, .empty, .empty, .empty, .empty, .text("\(seen.count) 单"), .money(fen: total), .empty, .empty, .empty, .empty])
        let sheet = XLSXSheet(name: "订单汇总", header: ["订单号", "渠道", "平台单号", "客户", "电话", "城市", "商品", "金额", "已付", "付款方式", "状态", "下单时间"],
                              rows: rows)
        return try XLSXWriter(sheets: [sheet]).data()
    }

    private func codDetail(_ lines: [DailyCloseRepository.Line]) throws -> Data {
        let cod = lines.filter { $0.paymentMethod == PaymentMethod.cod.rawValue }
        var rows: [[XLSXCell]] = cod.map { line in
            [.text(line.number), .text(line.customerName), .text(PII.maskPhone(line.customerPhone)), .text(line.city), .text(line.sku),
             .text(line.name), .integer(line.quantity), .money(fen: line.unitPrice), .money(fen: line.quantity * line.unitPrice), .text(line.status)]
        }
        let total = cod.reduce(0) { $0 + $1.quantity * $1.unitPrice }
        rows.append([.text("合计"), .empty, .empty, .empty, .empty, .empty, .integer(cod.reduce(0) { $0 + $1.quantity }), .empty, .money(fen: total), .empty])
        let sheet = XLSXSheet(name: "货到付款明细", header: ["订单号", "客户", "电话", "城市", "商品编码", "商品", "数量", "单价", "金额", "状态"], rows: rows)
        return try XLSXWriter(sheets: [sheet]).data()
    }

    /// One XLSX per supplier (items without a supplier go to 未指定供货商), zipped.
    private func supplierBundle(_ lines: [DailyCloseRepository.Line], day: String) throws -> Data {
        let bySupplier = Dictionary(grouping: lines) { line in
            line.supplierCode.map { "\($0) \(line.supplierName ?? "")" } ?? "未指定供货商"
        }
        var files: [ZipBundle.File] = []
        for (supplier, supplierLines) in bySupplier.sorted(by: { $0.key < $1.key }) {
            let bySKU = Dictionary(grouping: supplierLines, by: \.sku)
            var rows: [[XLSXCell]] = bySKU.keys.sorted().map { sku in
                let items = bySKU[sku]!
                return [.text(sku), .text(items[0].name), .integer(items.reduce(0) { $0 + $1.quantity }),
                        .money(fen: items.reduce(0) { $0 + $1.quantity * $1.unitPrice }), .integer(Int64(Set(items.map(\.orderID)).count))]
            }
            rows.append([.text("合计"), .empty, .integer(supplierLines.reduce(0) { $0 + $1.quantity }),
                         .money(fen: supplierLines.reduce(0) { $0 + $1.quantity * $1.unitPrice }), .integer(Int64(Set(supplierLines.map(\.orderID)).count))])
            let sheet = XLSXSheet(name: "汇总", header: ["商品编码", "商品", "数量", "金额", "订单数"], rows: rows)
            files.append(ZipBundle.File(name: "\(supplier)-\(day).xlsx", data: try XLSXWriter(sheets: [sheet]).data()))
        }
        return try ZipBundle.data(files)
    }
}
