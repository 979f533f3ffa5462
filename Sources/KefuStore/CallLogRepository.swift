import Foundation
import KefuDomain

/// Phone calls logged against tickets. Calls are records of what happened: added, never changed.
public struct CallLogRepository: Sendable {
    public init() {}

    /// Which calls a list shows, newest start first.
    public struct Filter: Sendable, Equatable {
        /// Only the calls this person logged ("my calls").
        public var loggedBy: Int64?
        public var ticketID: Int64?
        /// Calls started in `[from, before)`.
        public var from: Date?
        public var before: Date?
        /// Leave out calls on tickets hidden from this person: an attitude complaint about them (R-TKT-6).
        public var hiddenFrom: Int64?

        public init(loggedBy: Int64? = nil, ticketID: Int64? = nil, from: Date? = nil, before: Date? = nil, hiddenFrom: Int64? = nil) {
            self.loggedBy = loggedBy
            self.ticketID = ticketID
            self.from = from
            self.before = before
            self.hiddenFrom = hiddenFrom
        }
    }

    /// Answer speed over the calls of a filter: what later statistics (R-PERF-2) start from.
    public struct Summary: Sendable, Equatable {
        public var calls: Int
        public var inbound: Int
        /// Mean seconds to answer over inbound calls; nil without any.
        public var averageAnsweredAfter: Double?
        public var slowAnswers: Int
        public var totalDuration: Int
    }

    static let columns = "c.*, t.number AS ticket_number, u.display_name AS logged_by_name"

    static func decode(_ row: Row) throws -> CallLog {
        CallLog(
            id: try row.int("id"), ticketID: try row.int("ticket_id"), ticketNumber: row.optionalString("ticket_number"),
            messageID: row.optionalInt("message_id"), direction: try row.value("direction"), callerName: row.optionalString("caller_name"),
            callerPhone: try row.string("caller_phone"), startedAt: try row.date("started_at"),
            answeredAfterSeconds: row.optionalInt("answered_after_seconds").map(Int.init), durationSeconds: Int(try row.int("duration_seconds")),
            summary: try row.string("summary"), answerLimitSeconds: Int(try row.int("answer_limit_seconds")),
            slowAnswer: try row.bool("slow_answer"), openedTicket: try row.bool("opened_ticket"), loggedBy: row.optionalInt("logged_by"),
            loggedByName: row.optionalString("logged_by_name"), loggedAt: try row.date("logged_at"))
    }

    /// Saves a call; returns its id.
    public func insert(_ call: CallLog, on connection: any SQLConnection) async throws -> Int64 {
        let row = try await connection.first(
            """
            INSERT INTO call_logs (ticket_id, message_id, direction, caller_name, caller_phone, started_at, answered_after_seconds,
                duration_seconds, summary, answer_limit_seconds, slow_answer, opened_ticket, logged_by, logged_at)
            VALUES (\(call.ticketID), \(call.messageID), \(call.direction), \(call.callerName), \(call.callerPhone), \(call.startedAt),
                \(call.answeredAfterSeconds), \(call.durationSeconds), \(call.summary), \(call.answerLimitSeconds), \(call.slowAnswer),
                \(call.openedTicket), \(call.loggedBy), \(call.loggedAt))
            RETURNING id
            """)
        return try row?.int("id") ?? 0
    }

    public func find(id: Int64, on connection: any SQLConnection) async throws -> CallLog? {
        try await connection.first(
            """
            SELECT \(raw: Self.columns) FROM call_logs c JOIN tickets t ON t.id = c.ticket_id LEFT JOIN users u ON u.id = c.logged_by
            WHERE c.id = \(id)
            """).map(Self.decode)
    }

    static func condition(_ filter: Filter) -> SQL {
        var conditions: [SQL] = ["1 = 1"]
        if let user = filter.loggedBy { conditions.append("c.logged_by = \(user)") }
        if let ticket = filter.ticketID { conditions.append("c.ticket_id = \(ticket)") }
        if let from = filter.from { conditions.append("c.started_at >= \(from)") }
        if let before = filter.before { conditions.append("c.started_at < \(before)") }
        if let hidden = filter.hiddenFrom { conditions.append("(t.about_user_id IS NULL OR t.about_user_id <> \(hidden))") }
        return SQL.joined(conditions, separator: " AND ")
    }

    /// A page of calls, newest start first, and how many match.
    public func list(_ filter: Filter, limit: Int, offset: Int, on connection: any SQLConnection) async throws -> (calls: [CallLog], total: Int) {
        let condition = Self.condition(filter)
        let total = try await connection.first(
            "SELECT COUNT(*) AS n FROM call_logs c JOIN tickets t ON t.id = c.ticket_id WHERE \(condition)")?.int("n") ?? 0
        let rows = try await connection.query(
            """
            SELECT \(raw: Self.columns) FROM call_logs c JOIN tickets t ON t.id = c.ticket_id LEFT JOIN users u ON u.id = c.logged_by
            WHERE \(condition) ORDER BY c.started_at DESC, c.id DESC LIMIT \(limit) OFFSET \(offset)
            """)
        return (try rows.map(Self.decode), Int(total))
    }

    public func summary(_ filter: Filter, on connection: any SQLConnection) async throws -> Summary {
        let row = try await connection.first(
            """
            SELECT COUNT(*) AS calls,
                COALESCE(SUM(CASE WHEN c.direction = 'inbound' THEN 1 ELSE 0 END), 0) AS inbound,
                SUM(CASE WHEN c.direction = 'inbound' THEN c.answered_after_seconds END) AS waited,
                COALESCE(SUM(c.slow_answer), 0) AS slow, COALESCE(SUM(c.duration_seconds), 0) AS talked
            FROM call_logs c JOIN tickets t ON t.id = c.ticket_id WHERE \(Self.condition(filter))
            """)
        let inbound = Int(row?.optionalInt("inbound") ?? 0)
        let waited = row?.optionalInt("waited")
        return Summary(calls: Int(row?.optionalInt("calls") ?? 0), inbound: inbound,
                       averageAnsweredAfter: inbound > 0 ? waited.map { Double($0) / Double(inbound) } : nil,
                       slowAnswers: Int(row?.optionalInt("slow") ?? 0), totalDuration: Int(row?.optionalInt("talked") ?? 0))
    }

    /// Open tickets whose customer phone is `phone` (as typed, or its digits alone), newest first: what the caller
    /// may be calling about.
    public func openTickets(phone: String, hiddenFrom: Int64?, limit: Int, on connection: any SQLConnection) async throws -> [Ticket] {
        let digits = phone.filter { $0.isASCII && $0.isNumber }
        let forms = Array(Set([phone, digits].filter { !$0.isEmpty }))
        guard !forms.isEmpty else { return [] }
        let hidden: SQL = hiddenFrom.map { " AND (about_user_id IS NULL OR about_user_id <> \($0))" } ?? ""
        return try await connection.query(
            """
            SELECT * FROM tickets WHERE customer_phone IN \(list: forms) AND state_category IN ('new', 'open', 'pending')\(hidden)
            ORDER BY id DESC LIMIT \(limit)
            """).map(TicketRepository.decode)
    }
}
