import ArgumentParser
import Foundation
import KefuDomain
import KefuHTTP
import KefuServices

extension ImportCommand {
    /// `kefu import members FILE`: the same import as `POST /api/v1/members/import` (R-MEM-1, R-MEM-5).
    struct Members: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: """
                Import members (CSV or XLSX: 姓名/name, 手机/phone, 邮箱/email, 性别/gender, 出生年份/birth_year, 生日/birthday, \
                地址/address or its parts, 会员等级/grade, 标签/tags, 注册渠道/registration_channel, 偏好/preferences, 备注/notes, \
                免打扰/do_not_call). Nothing is imported when a row is bad unless --good-rows is given.
                """)
        @OptionGroup var store: StoreOptions
        @Argument(help: "The file (CSV in UTF-8 or GBK, or XLSX).") var file: String
        @Flag(help: "Import the good rows even when some rows are bad (default: import nothing then).") var goodRows = false
        @Option(help: "Rows whose phone or email belongs to a stored member: report (as bad rows), skip, or update that member.")
        var duplicates: String = MemberImportOptions.Duplicates.report.rawValue

        func validate() throws {
            guard MemberImportOptions.Duplicates(rawValue: duplicates) != nil else {
                throw ValidationError("--duplicates must be report, skip or update")
            }
        }

        func run() async throws {
            let data: Data
            do { data = try Data(contentsOf: URL(fileURLWithPath: file)) } catch {
                FileHandle.standardError.write(Data("Error: cannot read \(file)\n".utf8))
                throw ExitCode.failure
            }
            let options = MemberImportOptions(mode: goodRows ? .goodRows : .allOrNothing,
                                              duplicates: MemberImportOptions.Duplicates(rawValue: duplicates) ?? .report)
            let started = Date()
            let meter = ProgressMeter(started: started)
            var report: MemberImportReport?
            try await reportingErrors {
                report = try await store.withServices { services in
                    try await services.memberImports.importMembers(file: data, options: options, by: .cli(), progress: meter.show)
                }
            }
            guard let report else { return }
            FileHandle.standardError.write(Data("\n".utf8))
            print(Self.summary(report, seconds: Date().timeIntervalSince(started)))
            let catalog = try? Catalog.bundled()
            let layout = MemberImportLayout(positions: [:], headers: report.columns)
            for row in report.badRows.prefix(200) {
                let problems = row.errors.map { "\(layout.column(for: $0.field) ?? $0.field): \(catalog?.message(for: $0, terminalLanguage) ?? $0.code)" }
                print("  line \(row.line): " + problems.joined(separator: "; "))
            }
            if report.badRows.count > 200 { print("  … \(report.badRows.count - 200) more bad rows") }
            if !report.committed { throw ExitCode.failure }
        }

        static func summary(_ report: MemberImportReport, seconds: Double) -> String {
            let rate = seconds > 0 ? Int(Double(report.totalRows) / seconds) : 0
            return """
                \(report.totalRows) rows in \(String(format: "%.2f", seconds)) s (\(rate) rows/s)
                imported: \(report.imported)  updated: \(report.updated)  unchanged: \(report.unchanged)  skipped: \(report.skipped)  \
                bad rows: \(report.badRows.count)\
                \(report.committed ? "" : "\nnothing imported: fix the bad rows, or use --good-rows or --duplicates skip|update")
                """
        }
    }
}
