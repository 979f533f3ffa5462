import Foundation
import KefuDomain

/// The callback summary (R-CB-5) and the daily quota (R-CB-4), counted in the database.
extension CallbackRepository {
    static let counts = """
        COUNT(*) AS due,
        SUM(CASE WHEN c.status = 'done' AND c.completed_at <= c.due_by THEN 1 ELSE 0 END) AS done_in_time,
        SUM(CASE WHEN c.status = 'done' AND c.completed_at > c.due_by THEN 1 ELSE 0 END) AS done_late,
        SUM(CASE WHEN c.status = 'open' THEN 1 ELSE 0 END) AS open,
        SUM(CASE WHEN c.closure = 'unreachable' THEN 1 ELSE 0 END) AS unreachable,
        SUM(CASE WHEN c.closure = 'refused' THEN 1 ELSE 0 END) AS refused,
        SUM(CASE WHEN c.outcome = 'satisfied' THEN 1 ELSE 0 END) AS satisfied,
        SUM(CASE WHEN c.outcome = 'neutral' THEN 1 ELSE 0 END) AS neutral,
        SUM(CASE WHEN c.outcome = 'unsatisfied' THEN 1 ELSE 0 END) AS unsatisfied
        """

    static func counts(_ row: Row) -> CallbackReport.Counts {
        var counts = CallbackReport.Counts()
        let number = { (column: String) in Int(row.optionalInt(column) ?? 0) }
        counts.due = number("due")
        counts.doneInTime = number("done_in_time")
        counts.doneLate = number("done_late")
        counts.open = number("open")
        counts.overdue = number("overdue")
        counts.unreachable = number("unreachable")
        counts.refused = number("refused")
        counts.satisfied = number("satisfied")
        counts.neutral = number("neutral")
        counts.unsatisfied = number("unsatisfied")
        return counts
    }

    /// The summary of callbacks due in `[start, end)` as of `now`, and of orders delivered then.
    public func report(from: LocalDate, to: LocalDate, start: Date, end: Date, now: Date,
                       on connection: any SQLConnection) async throws -> CallbackReport {
        let due: SQL = "c.status IN ('open', 'done', 'closed') AND c.due_by >= \(start) AND c.due_by < \(end)"
        let overdue: SQL = "SUM(CASE WHEN c.status = 'open' AND c.due_by < \(now) THEN 1 ELSE 0 END) AS overdue"
        let byReason = try await connection.query(
            "SELECT c.reason, \(raw: Self.counts), \(overdue) FROM callbacks c WHERE \(due) GROUP BY c.reason"
        ).compactMap { row -> CallbackReport.ReasonLine? in
            row.optionalValue("reason", as: Callback.Reason.self).map { CallbackReport.ReasonLine(reason: $0, counts: Self.counts(row)) }
        }.sorted { Callback.Reason.allCases.firstIndex(of: $0.reason)! < Callback.Reason.allCases.firstIndex(of: $1.reason)! }
        let byAgent = try await connection.query(
            """
            SELECT c.assignee_id, MAX(u.display_name) AS agent_name, \(raw: Self.counts), \(overdue)
            FROM callbacks c LEFT JOIN users u ON u.id = c.assignee_id WHERE \(due) GROUP BY c.assignee_id
            """
        ).map { CallbackReport.AgentLine(agentID: $0.optionalInt("assignee_id"), agentName: $0.optionalString("agent_name"), counts: Self.counts($0)) }
            .sorted { ($0.agentID == nil ? 1 : 0, $0.agentName ?? "", $0.agentID ?? 0) < ($1.agentID == nil ? 1 : 0, $1.agentName ?? "", $1.agentID ?? 0) }
        let created = try await connection.first(
            "SELECT COUNT(*) AS n FROM callbacks WHERE created_at >= \(start) AND created_at < \(end)")?.int("n") ?? 0
        let orders = try await connection.first(
            """
            SELECT COUNT(*) AS orders, SUM(CASE WHEN EXISTS (
                SELECT 1 FROM callbacks c WHERE c.reason = 'delivered_order' AND c.order_id = o.id AND c.status = 'done'
                    AND c.completed_at <= c.due_by) THEN 1 ELSE 0 END) AS in_time
            FROM orders o WHERE o.delivered_at >= \(start) AND o.delivered_at < \(end) AND o.status <> 'cancelled'
            """)
        let members = try await connection.first(
            """
            SELECT COUNT(*) AS members, SUM(CASE WHEN x.missed = 0 THEN 1 ELSE 0 END) AS in_time FROM (
                SELECT c.member_id, SUM(CASE WHEN c.status = 'done' AND c.completed_at <= c.due_by THEN 0 ELSE 1 END) AS missed
                FROM callbacks c WHERE c.member_id IS NOT NULL AND \(due) GROUP BY c.member_id) x
            """)
        let coverage = CallbackReport.Coverage(
            deliveredOrders: Int(orders?.optionalInt("orders") ?? 0), ordersInTime: Int(orders?.optionalInt("in_time") ?? 0),
            members: Int(members?.optionalInt("members") ?? 0), membersInTime: Int(members?.optionalInt("in_time") ?? 0))
        return CallbackReport(from: from, to: to, created: Int(created), byReason: byReason, byAgent: byAgent, coverage: coverage)
    }

    /// Each agent's callbacks completed with an outcome in `[start, end)` and the open ones they hold (R-CB-4): the
    /// given agents, or every active agent.
    public func quotas(agents: [Int64]?, start: Date, end: Date, day: LocalDate, target: Int,
                       on connection: any SQLConnection) async throws -> [CallbackQuota] {
        let who: SQL = agents.map { "u.id IN \(list: $0)" } ?? "u.active = 1 AND u.role = 'agent'"
        return try await connection.query(
            """
            SELECT u.id, u.display_name,
                (SELECT COUNT(*) FROM callbacks c WHERE c.completed_by = u.id AND c.completed_at >= \(start) AND c.completed_at < \(end)
                    AND c.outcome IS NOT NULL) AS done,
                (SELECT COUNT(*) FROM callbacks c WHERE c.assignee_id = u.id AND c.status = 'open') AS open
            FROM users u WHERE \(who) ORDER BY u.display_name, u.id
            """
        ).map {
            CallbackQuota(agentID: try $0.int("id"), agentName: $0.optionalString("display_name"), day: day, target: target,
                          done: Int(try $0.int("done")), open: Int(try $0.int("open")))
        }
    }
}
