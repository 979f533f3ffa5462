import ArgumentParser
import Foundation
import KefuDomain
import KefuHTTP
import KefuServices

/// `kefu import …`: bulk imports into the same store a running server uses.
struct ImportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import", abstract: "Import platform exports, the catalogue and members.", subcommands: [Orders.self, Products.self, Suppliers.self, Members.self])

    struct Orders: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Import orders from a Taobao, JD or Pinduoduo export (CSV or XLSX). Re-importing a file changes nothing.")
        @OptionGroup var store: StoreOptions
        @Argument(help: "The export file (CSV in UTF-8 or GBK, or XLSX).") var file: String
        @Option(help: "Column preset: taobao, jd or pdd.") var preset: String
        @Option(help: "Channel of the orders (default: the preset's platform).") var channel: String?
        @Flag(help: "Import the good orders even when some rows are bad (default: import nothing then).") var goodRows = false

        func validate() throws {
            guard ImportMapping.preset(named: preset) != nil else { throw ValidationError("--preset must be taobao, jd or pdd") }
            if let channel, OrderChannel(rawValue: channel) == nil { throw ValidationError("unknown --channel \(channel)") }
        }

        func run() async throws {
            guard let mapping = ImportMapping.preset(named: preset) else { throw ExitCode.validationFailure }
            let data: Data
            do { data = try Data(contentsOf: URL(fileURLWithPath: file)) } catch {
                FileHandle.standardError.write(Data("Error: cannot read \(file)\n".utf8))
                throw ExitCode.failure
            }
            let started = Date()
            let meter = ProgressMeter(started: started)
            var report: OrderImportReport?
            try await reportingErrors {
                report = try await store.withServices { services in
                    try await services.orderImports.importOrders(
                        file: data, mapping: mapping, channel: channel.flatMap(OrderChannel.init(rawValue:)), importGoodRows: goodRows,
                        by: .cli(), progress: meter.show)
                }
            }
            guard let report else { return }
            let seconds = Date().timeIntervalSince(started)
            FileHandle.standardError.write(Data("\n".utf8))
            print(Self.summary(report, seconds: seconds))
            if !report.badRows.isEmpty {
                let catalog = try? Catalog.bundled()
                for row in report.badRows.prefix(200) {
                    let problems = row.errors.map { "\($0.field): \(catalog?.message(for: $0, terminalLanguage) ?? $0.code)" }
                    print("  line \(row.line): " + problems.joined(separator: "; "))
                }
                if report.badRows.count > 200 { print("  … \(report.badRows.count - 200) more bad rows") }
            }
            if !report.committed { throw ExitCode.failure }
        }

        static func summary(_ report: OrderImportReport, seconds: Double) -> String {
            let rate = seconds > 0 ? Int(Double(report.totalRows) / seconds) : 0
            return """
                \(report.totalRows) rows, \(report.orders) orders in \(String(format: "%.2f", seconds)) s (\(rate) rows/s)
                imported: \(report.imported)  already imported: \(report.skippedExisting)  bad rows: \(report.badRows.count)\
                \(report.committed ? "" : "\nnothing imported: fix the bad rows or use --good-rows")
                """
        }
    }
    struct Suppliers: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Import suppliers (CSV or XLSX: 供货商编码/code, 名称/name, 联系人/contact, 电话/phone). Existing codes are updated.")
        @OptionGroup var store: StoreOptions
        @Argument(help: "The file (CSV in UTF-8 or GBK, or XLSX).") var file: String

        func run() async throws {
            try await CatalogImport.run(file: file, store: store) { services, data in
                try await services.catalogImports.importSuppliers(file: data, by: .cli())
            }
        }
    }

    struct Products: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: """
                Import products (CSV or XLSX: 商品编码/sku, 商品名称/name, 供货商编码/supplier_code, 单价/price in yuan, 库存/stock, \
                启用/active). Existing SKUs are updated.
                """)
        @OptionGroup var store: StoreOptions
        @Argument(help: "The file (CSV in UTF-8 or GBK, or XLSX).") var file: String

        func run() async throws {
            try await CatalogImport.run(file: file, store: store) { services, data in
                try await services.catalogImports.importProducts(file: data, by: .cli())
            }
        }
    }
}

/// The shared part of `kefu import suppliers` and `kefu import products`: read the file, import, print the report.
enum CatalogImport {
    static func run(file: String, store: StoreOptions,
                    _ body: @escaping @Sendable (Services, Data) async throws -> CatalogImportReport) async throws {
        let data: Data
        do { data = try Data(contentsOf: URL(fileURLWithPath: file)) } catch {
            FileHandle.standardError.write(Data("Error: cannot read \(file)\n".utf8))
            throw ExitCode.failure
        }
        var report: CatalogImportReport?
        try await reportingErrors {
            report = try await store.withServices { services in try await body(services, data) }
        }
        guard let report else { return }
        print(summary(report))
        if !report.badRows.isEmpty {
            let catalog = try? Catalog.bundled()
            for row in report.badRows.prefix(200) {
                let problems = row.errors.map { "\($0.field): \(catalog?.message(for: $0, terminalLanguage) ?? $0.code)" }
                print("  line \(row.line): " + problems.joined(separator: "; "))
            }
            if report.badRows.count > 200 { print("  … \(report.badRows.count - 200) more bad rows") }
            throw ExitCode.failure
        }
    }

    static func summary(_ report: CatalogImportReport) -> String {
        """
        \(report.totalRows) rows
        imported: \(report.imported)  updated: \(report.updated)  unchanged: \(report.unchanged)  bad rows: \(report.badRows.count)\
        \(report.committed ? "" : "\nnothing imported: fix the bad rows")
        """
    }
}

/// Prints "rows / total (rows/s)" on one terminal line as an import goes.
final class ProgressMeter: Sendable {
    let started: Date

    init(started: Date) { self.started = started }

    @Sendable func show(_ progress: ImportProgress) {
        let seconds = max(Date().timeIntervalSince(started), 0.001)
        let rate = Int(Double(progress.processedRows) / seconds)
        FileHandle.standardError.write(Data("\r\(progress.processedRows) / \(progress.totalRows) rows (\(rate) rows/s)   ".utf8))
    }
}
