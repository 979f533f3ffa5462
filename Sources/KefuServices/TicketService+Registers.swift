import Foundation
import KefuDomain
import KefuFiles
import KefuStore

/// Which register (R-TKT-10): the inquiry register (咨询登记表) or the complaint register (投诉登记表).
public enum RegisterKind: String, Codable, CaseIterable, Sendable {
    case inquiry, complaint

    public var ticketType: TicketType { self == .inquiry ? .inquiry : .complaint }
    public var sheetName: String { self == .inquiry ? "咨询登记表" : "投诉登记表" }
    public var header: [String] { ["日期", "姓名", "电话", "内容", self == .inquiry ? "进度" : "结果"] }
}

/// One line of a register: a ticket as the paper register showed it.
public struct RegisterLine: Codable, Equatable, Sendable {
    public var ticketID: Int64
    public var number: String
    /// The day the ticket was created, in the business time zone.
    public var date: LocalDate
    public var name: String
    /// Masked unless the reader holds `pii.view`.
    public var phone: String
    /// Subject and the first customer message, at most `RegisterLine.contentLength` characters.
    public var content: String
    /// The state's name, or for complaints the stage of the loop.
    public var progress: String
    /// Complaints: what the last step recorded (remedy, outcome…), or the progress when none did. Nil for inquiries.
    public var result: String?

    public static let contentLength = 200
}

/// The registers (R-TKT-10): views over tickets, exported as sheets.
extension TicketService {
    /// The most lines a register holds.
    public static let registerLimit = 10_000

    /// The business days `from`…`to` (both included; default this month) as instants `[start, end)`.
    public func registerRange(from: LocalDate?, to: LocalDate?) -> (from: LocalDate, to: LocalDate, start: Date, end: Date) {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        let today = calendar.dateComponents([.year, .month, .day], from: clock.now)
        let first = LocalDate(year: today.year!, month: today.month!, day: 1)!
        let start = from ?? first
        var end = to ?? (calendar.range(of: .day, in: .month, for: clock.now).flatMap {
            LocalDate(year: today.year!, month: today.month!, day: $0.upperBound - 1)
        } ?? first)
        if end < start { end = start }
        func instant(_ day: LocalDate) -> Date { calendar.date(from: DateComponents(year: day.year, month: day.month, day: day.day))! }
        return (start, end, instant(start), instant(end.adding(days: 1)))
    }

    /// The register of tickets of `kind` created in `[from, to)`, oldest first, at most `registerLimit` lines.
    public func register(_ kind: RegisterKind, from: Date, to: Date, by principal: Principal) async throws -> [RegisterLine] {
        try principal.require(.ticketsView)
        let filter = TicketFilter(type: kind.ticketType, createdFrom: from, createdBefore: to)
        let pageSize = 500
        var collected: [Ticket] = []
        var offset = 0
        while collected.count < Self.registerLimit {
            let page = try await list(filter, limit: min(pageSize, Self.registerLimit - collected.count), offset: offset, by: principal).tickets
            collected += page
            offset += page.count
            if page.count < pageSize { break }
        }
        collected.sort { ($0.createdAt, $0.id) < ($1.createdAt, $1.id) }
        var zoned = Calendar(identifier: .gregorian)
        zoned.timeZone = timeZone
        let calendar = zoned
        let found = collected
        let showPhone = principal.can(.piiView)
        return try await database.read { connection in
            let states = Dictionary(try await tickets.states(on: connection).map { ($0.code, $0.name) }, uniquingKeysWith: { a, _ in a })
            var lines: [RegisterLine] = []
            lines.reserveCapacity(found.count)
            for ticket in found {
                let messages = try await records.messages(ticketID: ticket.id, on: connection)
                let first = messages.first { $0.kind == .customer }?.body.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
                var content = ticket.subject.trimmingCharacters(in: .whitespacesAndNewlines)
                if !first.isEmpty && first != content { content += content.isEmpty ? first : "：" + first }
                content = content.replacingOccurrences(of: "\r\n", with: "\n")
                if content.count > RegisterLine.contentLength { content = String(content.prefix(RegisterLine.contentLength - 1)) + "…" }
                let stateName = states[ticket.state] ?? ticket.state
                var progress = stateName
                var result: String?
                if kind == .complaint {
                    if let stage = ticket.complaintStage { progress = Self.stageNames[stage] ?? stage.rawValue }
                    let steps = try await records.complaintSteps(ticketID: ticket.id, on: connection)
                    result = steps.last.flatMap { Self.summary($0.details) } ?? progress
                }
                let day = calendar.dateComponents([.year, .month, .day], from: ticket.createdAt)
                let phone = ticket.customer.phone ?? ""
                lines.append(RegisterLine(
                    ticketID: ticket.id, number: ticket.number, date: LocalDate(year: day.year!, month: day.month!, day: day.day!)!,
                    name: ticket.customer.name, phone: showPhone || phone.isEmpty ? phone : PII.maskPhone(phone),
                    content: content, progress: progress, result: result))
            }
            return lines
        }
    }

    /// The register as an XLSX sheet with Chinese headers; the export is logged (`register.exported`).
    public func registerSheet(_ kind: RegisterKind, from: Date, to: Date, by principal: Principal) async throws -> Data {
        let lines = try await register(kind, from: from, to: to, by: principal)
        let rows: [[XLSXCell]] = lines.map { line in
            [.text(line.date.description), .text(line.name), .text(line.phone), .text(line.content),
             .text(kind == .inquiry ? line.progress : line.result ?? line.progress)]
        }
        let data = try XLSXWriter(sheets: [XLSXSheet(name: kind.sheetName, header: kind.header, rows: rows)]).data()
        let now = clock.now
        let iso = ISO8601DateFormatter()
        let event = principal.event("register.exported", entity: "register", id: kind.rawValue,
                                    after: Snapshot.json(["kind": kind.rawValue, "from": iso.string(from: from),
                                                          "to": iso.string(from: to), "rows": "\(lines.count)"]),
                                    at: now)
        try await database.transaction { connection in
            try await events.append(event, on: connection)
        }
        return data
    }

    static let stageNames: [ComplaintStage: String] = [
        .received: "已登记", .accepted: "已受理", .judged: "已判定有效", .classified: "已分类定级", .assigned: "已指派部门",
        .investigated: "已调查", .proposed: "已提出方案", .approved: "方案已批准", .implemented: "已实施", .confirmed: "客户已确认",
        .followedUp: "已回访", .archived: "已归档", .closedInvalid: "不成立已关闭",
    ]
    static let remedyNames: [String: String] = [
        "replace": "换货", "refund": "退款", "compensate": "补偿", "repair": "维修", "apologise": "致歉", "other": "其他",
    ]

    /// What a complaint step recorded, most telling first: the outcome, the remedy and its detail, the confirmation…
    static func summary(_ details: [String: String]) -> String? {
        var parts: [String] = []
        for key in ["outcome", "remedy", "detail", "confirmation", "solution", "explanation", "reason"] {
            guard let value = details[key]?.trimmingCharacters(in: .whitespacesAndNewlines), !value.isEmpty else { continue }
            parts.append(key == "remedy" ? remedyNames[value] ?? value : value)
        }
        return parts.isEmpty ? nil : parts.joined(separator: "；")
    }
}
