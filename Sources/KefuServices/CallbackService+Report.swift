import Foundation
import KefuDomain
import KefuFiles
import KefuStore

/// The callback summary per period (R-CB-5) and its export (R-REP-4).
extension CallbackService {
    /// The export formats of the summary.
    public enum ReportFormat: String, CaseIterable, Sendable {
        case xlsx, csv
    }

    /// The summary of the business days `from`…`to` (both included; default this month).
    public func report(from: LocalDate?, to: LocalDate?, by principal: Principal) async throws -> CallbackReport {
        try principal.require(.reportsView)
        let range = tickets.registerRange(from: from, to: to)
        let now = clock.now
        return try await database.read {
            try await repository.report(from: range.from, to: range.to, start: range.start, end: range.end, now: now, on: $0)
        }
    }

    static let sheetHeader = ["分组", "名称", "应回访", "按时完成", "逾期完成", "未完成", "其中已逾期", "无法联系", "拒绝回访",
                              "满意", "一般", "不满意", "按时率"]

    /// The summary as one table: the total, each reason, each agent, then coverage of orders and members.
    static func sheetRows(_ report: CallbackReport) -> [[XLSXCell]] {
        func percent(_ share: Double?) -> XLSXCell { share.map { .text(String(format: "%.2f%%", $0 * 100)) } ?? .text("—") }
        func line(_ group: String, _ name: String, _ counts: CallbackReport.Counts) -> [XLSXCell] {
            [.text(group), .text(name)] + [counts.due, counts.doneInTime, counts.doneLate, counts.open, counts.overdue, counts.unreachable,
                                           counts.refused, counts.satisfied, counts.neutral, counts.unsatisfied].map { .integer(Int64($0)) }
                + [percent(counts.inTimeShare)]
        }
        func coverage(_ name: String, _ whole: Int, _ part: Int, _ share: Double?) -> [XLSXCell] {
            [.text("覆盖率（目标100%）"), .text(name), .integer(Int64(whole)), .integer(Int64(part))]
                + Array(repeating: XLSXCell.empty, count: 8) + [percent(share)]
        }
        var rows = [line("合计", "\(report.from) 至 \(report.to)", report.totals)]
        rows += report.byReason.map { line("回访原因", reasonNames[$0.reason] ?? $0.reason.rawValue, $0.counts) }
        rows += report.byAgent.map { line("客服", $0.agentName ?? "未分配", $0.counts) }
        rows.append(coverage("已妥投订单", report.coverage.deliveredOrders, report.coverage.ordersInTime, report.coverage.orderShare))
        rows.append(coverage("会员", report.coverage.members, report.coverage.membersInTime, report.coverage.memberShare))
        return rows
    }

    /// The summary as an XLSX sheet or a CSV file (UTF-8 with a byte-order mark, for Excel); the export is logged
    /// (`report.exported`).
    public func reportFile(from: LocalDate?, to: LocalDate?, format: ReportFormat, by principal: Principal) async throws
        -> (filename: String, data: Data)
    {
        let report = try await report(from: from, to: to, by: principal)
        let rows = Self.sheetRows(report)
        let data: Data
        switch format {
        case .xlsx:
            data = try XLSXWriter(sheets: [XLSXSheet(name: "回访汇总", header: Self.sheetHeader, rows: rows)]).data()
        case .csv:
            let text = rows.map { $0.map(Self.csvText) }
            data = CSVWriter().data([Self.sheetHeader] + text)
        }
        let now = clock.now
        try await database.transaction { connection in
            try await events.append(principal.event("report.exported", entity: "report", id: "callbacks", after: Snapshot.json([
                "from": report.from.description, "to": report.to.description, "format": format.rawValue,
            ]), at: now), on: connection)
        }
        return ("回访汇总-\(report.from)-\(report.to).\(format.rawValue)", data)
    }

    static func csvText(_ cell: XLSXCell) -> String {
        switch cell {
        case .text(let text): return text
        case .integer(let value): return "\(value)"
        case .decimal(let value): return "\(value)"
        default: return ""
        }
    }
}
