import Foundation
import KefuDomain

/// Making callbacks from what happened (R-CB-1): each kind of source is one `INSERT … SELECT` that skips what
/// already has its callback (and the unique indexes make a concurrent run harmless), so generating a hundred
/// thousand is a handful of statements, not a round trip per row. Each new callback goes to the member's own
/// agent when they have one; the rest are shared out afterwards.
extension CallbackRepository {
    /// The channel for a member: never the phone for one who asked not to be called (R-CB-3). The email lookup is a
    /// subquery with a limit so that it runs for those members only (PostgreSQL hashed every member's email for it).
    static let channel = """
        CASE WHEN m.do_not_call = 1 THEN
            COALESCE((SELECT 'email' FROM member_emails e WHERE e.member_id = m.id LIMIT 1), 'sms')
        ELSE 'phone' END
        """
    /// No calls to an erased member or to a record merged into another.
    static let memberUsable = "(m.id IS NULL OR (m.erased_at IS NULL AND m.merged_into_id IS NULL))"
    /// The member's own agent, while their account is active.
    static let memberAgent = "LEFT JOIN users ma ON ma.id = m.assigned_agent_id AND ma.active = 1"
    /// A ticket's or case's owner may make its follow-up call when they make callbacks.
    static func ownerJoin(_ column: String) -> String {
        "LEFT JOIN users ow ON ow.id = \(column) AND ow.active = 1 AND ow.role IN ('agent', 'supervisor')"
    }

    static let insertColumns = "reason, member_id, order_id, source_ticket_id, after_sales_id, channel, status, assignee_id, not_before, due_by, created_at, updated_at"

    /// The newest callback id, to count what a run added.
    public func lastID(on connection: any SQLConnection) async throws -> Int64 {
        try await connection.first("SELECT COALESCE(MAX(id), 0) AS id FROM callbacks")?.int("id") ?? 0
    }

    /// How many callbacks of each reason were added after `id`.
    public func added(after id: Int64, on connection: any SQLConnection) async throws -> [Callback.Reason: Int] {
        var counts: [Callback.Reason: Int] = [:]
        for row in try await connection.query("SELECT reason, COUNT(*) AS n FROM callbacks WHERE id > \(id) GROUP BY reason") {
            if let reason = row.optionalValue("reason", as: Callback.Reason.self) { counts[reason] = Int(try row.int("n")) }
        }
        return counts
    }

    /// Orders delivered since `since` (not cancelled): due `window` after delivery. This is the bulk of a run, so the
    /// callbacks without a member's agent are shared out in the insert itself, in delivery order along `sequence`
    /// (an update afterwards would write every row twice). Returns how many were shared out that way.
    public func generateForDeliveries(since: Date, window: TimeInterval, sequence: CallbackAssignment.Sequence, at now: Date,
                                      on connection: any SQLConnection) async throws -> Int {
        let pending: SQL = """
            SELECT o.member_id, o.id AS order_id, \(raw: Self.channel) AS channel, ma.id AS own_agent, o.delivered_at,
                ROW_NUMBER() OVER (PARTITION BY CASE WHEN ma.id IS NULL THEN 0 ELSE 1 END ORDER BY o.delivered_at, o.id) AS rn
            FROM orders o LEFT JOIN members m ON m.id = o.member_id \(raw: Self.memberAgent)
            WHERE o.delivered_at >= \(since) AND o.status <> 'cancelled' AND \(raw: Self.memberUsable)
                AND NOT EXISTS (SELECT 1 FROM callbacks c WHERE c.reason = 'delivered_order' AND c.order_id = o.id)
            """
        func insert(from source: SQL) -> SQL {
            // The WHERE keeps SQLite from reading ON CONFLICT as part of the join.
            """
            INSERT INTO callbacks (\(raw: Self.insertColumns))
            SELECT 'delivered_order', x.member_id, x.order_id, NULL, NULL, x.channel, 'open', COALESCE(x.own_agent, \(Self.agent(sequence, row: "x.rn - 1"))),
                x.delivered_at, x.delivered_at + \(Self.millis(window)), \(now), \(now)
            FROM \(source) x
            WHERE x.order_id IS NOT NULL
            ON CONFLICT DO NOTHING
            """
        }
        guard connection.dialect == .postgres else {
            let last = try await lastID(on: connection)
            try await connection.query(insert(from: "(\(pending))"))
            return try await sharedOut(after: last, on: connection)
        }
        // Counting the shared ones afterwards looked up every new callback's member again (280 ms of 2 s for 100,000):
        // PostgreSQL counts them from the rows it inserts, in the same statement. The advisory lock held by the run
        // keeps any other insert of these callbacks out, so no pending row is skipped by a conflict.
        let shared = sequence.agents.isEmpty ? "0" : "(SELECT COUNT(*) FROM pending WHERE own_agent IS NULL)"
        return Int(try await connection.first(
            """
            WITH pending AS MATERIALIZED (\(pending)), inserted AS (\(insert(from: "pending")))
            SELECT \(raw: shared) AS n
            """)?.int("n") ?? 0)
    }

    /// The agent of row `row` (an SQL expression counting from 0) along `sequence`: which block the row falls in, its
    /// place in the round robin of that block, and the agent there. NULL without agents.
    static func agent(_ sequence: CallbackAssignment.Sequence, row: String) -> SQL {
        guard let last = sequence.blocks.last else { return "CAST(NULL AS BIGINT)" }
        var place: SQL = "(\(raw: row) - \(last.start)) % \(last.width)"
        if sequence.blocks.count > 1 {
            place = "CASE"
            for (block, next) in zip(sequence.blocks, sequence.blocks.dropFirst()) {
                place = place + " WHEN \(raw: row) < \(next.start) THEN (\(raw: row) - \(block.start)) % \(block.width)"
            }
            place = place + " ELSE (\(raw: row) - \(last.start)) % \(last.width) END"
        }
        var agent: SQL = "CASE \(place)"
        for (index, id) in sequence.agents.enumerated() { agent = agent + " WHEN \(index) THEN \(id)" }
        return agent + " END"
    }

    /// Service tickets (`types`) resolved since `since`: due `window` after resolution; the ticket's owner calls
    /// when the member has no agent.
    public func generateForResolvedTickets(types: [TicketType], since: Date, window: TimeInterval, at now: Date,
                                           on connection: any SQLConnection) async throws {
        try await connection.query(
            """
            INSERT INTO callbacks (\(raw: Self.insertColumns))
            SELECT 'service_follow_up', t.member_id, t.order_id, t.id, NULL, \(raw: Self.channel), 'open', COALESCE(ma.id, ow.id),
                t.resolved_at, t.resolved_at + \(Self.millis(window)), \(now), \(now)
            FROM tickets t LEFT JOIN members m ON m.id = t.member_id \(raw: Self.memberAgent) \(raw: Self.ownerJoin("t.owner_id"))
            WHERE t.resolved_at >= \(since) AND t.type IN \(list: types.map(\.rawValue)) AND \(raw: Self.memberUsable)
                AND NOT EXISTS (SELECT 1 FROM callbacks c WHERE c.reason = 'service_follow_up' AND c.source_ticket_id = t.id)
            ON CONFLICT DO NOTHING
            """)
    }

    /// After-sales cases resolved or closed since `since` (their last change): due `window` later.
    public func generateForAfterSales(since: Date, window: TimeInterval, at now: Date, on connection: any SQLConnection) async throws {
        try await connection.query(
            """
            INSERT INTO callbacks (\(raw: Self.insertColumns))
            SELECT 'service_follow_up', o.member_id, a.order_id, NULL, a.id, \(raw: Self.channel), 'open', COALESCE(ma.id, ow.id),
                a.updated_at, a.updated_at + \(Self.millis(window)), \(now), \(now)
            FROM after_sales_cases a JOIN orders o ON o.id = a.order_id LEFT JOIN members m ON m.id = o.member_id
                \(raw: Self.memberAgent) \(raw: Self.ownerJoin("a.owner_id"))
            WHERE a.status IN ('resolved', 'closed') AND a.updated_at >= \(since) AND \(raw: Self.memberUsable)
                AND NOT EXISTS (SELECT 1 FROM callbacks c WHERE c.after_sales_id = a.id)
            ON CONFLICT DO NOTHING
            """)
    }

    /// Complaints the customer confirmed (R-TKT-5): due when the ticket's follow-up is due, from `window` before it.
    public func generateForComplaints(window: TimeInterval, at now: Date, on connection: any SQLConnection) async throws {
        try await connection.query(
            """
            INSERT INTO callbacks (\(raw: Self.insertColumns))
            SELECT 'complaint_follow_up', t.member_id, t.order_id, t.id, NULL, \(raw: Self.channel), 'open', COALESCE(ma.id, ow.id),
                t.follow_up_due_at - \(Self.millis(window)), t.follow_up_due_at, \(now), \(now)
            FROM tickets t LEFT JOIN members m ON m.id = t.member_id \(raw: Self.memberAgent) \(raw: Self.ownerJoin("t.owner_id"))
            WHERE t.follow_up_due_at IS NOT NULL AND t.type = 'complaint' AND \(raw: Self.memberUsable)
                AND NOT EXISTS (SELECT 1 FROM callbacks c WHERE c.reason = 'complaint_follow_up' AND c.source_ticket_id = t.id)
            ON CONFLICT DO NOTHING
            """)
    }

    /// Complaint follow-ups whose complaint was followed up on the ticket itself (R-TKT-5) are done: nobody calls twice.
    /// Returns their ids.
    public func completeFollowedUpComplaints(at now: Date, on connection: any SQLConnection) async throws -> [Int64] {
        try await connection.query(
            """
            UPDATE callbacks SET status = 'done', completed_at = \(now), version = version + 1, updated_at = \(now)
            WHERE status = 'open' AND reason = 'complaint_follow_up' AND EXISTS (
                SELECT 1 FROM tickets t WHERE t.id = callbacks.source_ticket_id AND t.complaint_stage IN ('followed_up', 'archived'))
            RETURNING id
            """).map { try $0.int("id") }
    }

    /// An occasion on `day` for the members with an agent: birthdays whose `MM-DD` is in `birthdays`, or, with
    /// `birthdays` nil, everyone (a holiday).
    public func generateOccasions(_ occasion: Callback.Occasion, on day: LocalDate, birthdays: [String]?, notBefore: Date, dueBy: Date,
                                  at now: Date, on connection: any SQLConnection) async throws {
        let birthday: SQL = birthdays.map { " AND m.birthday IN \(list: $0)" } ?? ""
        try await connection.query(
            """
            INSERT INTO callbacks (reason, occasion, occasion_on, member_id, channel, status, assignee_id, not_before, due_by, created_at, updated_at)
            SELECT 'occasion', \(occasion), \(day.description), m.id, \(raw: Self.channel), 'open', ma.id, \(notBefore), \(dueBy), \(now), \(now)
            FROM members m JOIN users ma ON ma.id = m.assigned_agent_id AND ma.active = 1
            WHERE m.erased_at IS NULL AND m.merged_into_id IS NULL\(birthday)
                AND NOT EXISTS (SELECT 1 FROM callbacks c WHERE c.reason = 'occasion' AND c.occasion = \(occasion) AND c.member_id = m.id
                                AND c.occasion_on = \(day.description))
            ON CONFLICT DO NOTHING
            """)
    }

    /// Members assigned to an agent since `since` (R-MEM-3): the agent calls within `window`.
    public func generateFirstContacts(since: Date, window: TimeInterval, at now: Date, on connection: any SQLConnection) async throws {
        try await connection.query(
            """
            INSERT INTO callbacks (reason, member_id, channel, status, assignee_id, not_before, due_by, created_at, updated_at)
            SELECT 'first_contact', m.id, \(raw: Self.channel), 'open', ma.id, m.assigned_at, m.assigned_at + \(Self.millis(window)), \(now), \(now)
            FROM members m JOIN users ma ON ma.id = m.assigned_agent_id AND ma.active = 1
            WHERE m.assigned_at >= \(since) AND m.erased_at IS NULL AND m.merged_into_id IS NULL
                AND NOT EXISTS (SELECT 1 FROM callbacks c WHERE c.reason = 'first_contact' AND c.member_id = m.id AND c.not_before = m.assigned_at)
            ON CONFLICT DO NOTHING
            """)
    }

    /// How many delivery callbacks added after `id` were shared out in the insert (their member has no agent of their own).
    func sharedOut(after id: Int64, on connection: any SQLConnection) async throws -> Int {
        Int(try await connection.first(
            """
            SELECT COUNT(*) AS n FROM callbacks c WHERE c.id > \(id) AND c.reason = 'delivered_order' AND c.assignee_id IS NOT NULL
                AND NOT EXISTS (SELECT 1 FROM members m JOIN users ma ON ma.id = m.assigned_agent_id AND ma.active = 1 WHERE m.id = c.member_id)
            """)?.int("n") ?? 0)
    }

    /// The active agents and the open callbacks each holds, by id.
    public func agentLoads(on connection: any SQLConnection) async throws -> [(agent: Int64, open: Int)] {
        try await connection.query(
            """
            SELECT u.id, (SELECT COUNT(*) FROM callbacks c WHERE c.assignee_id = u.id AND c.status = 'open') AS open
            FROM users u WHERE u.active = 1 AND u.role = 'agent' ORDER BY u.id
            """).map { (agent: try $0.int("id"), open: Int(try $0.int("open"))) }
    }

    /// Shares the open callbacks nobody holds among the active agents, the least loaded first (R-MEM-3), the
    /// soonest due first; one statement per agent. Returns how many were assigned.
    @discardableResult
    public func assignUnheld(at now: Date, on connection: any SQLConnection) async throws -> Int {
        let waiting = Int(try await connection.first(
            "SELECT COUNT(*) AS n FROM callbacks WHERE assignee_id IS NULL AND status = 'open'")?.int("n") ?? 0)
        guard waiting > 0 else { return 0 }
        let agents = try await agentLoads(on: connection)
        var assigned = 0
        for share in CallbackAssignment.distribute(waiting, among: agents) {
            try await connection.query(
                """
                UPDATE callbacks SET assignee_id = \(share.agent), updated_at = \(now)
                FROM (SELECT id FROM callbacks WHERE assignee_id IS NULL AND status = 'open' ORDER BY due_by, id LIMIT \(share.take)) pick
                WHERE callbacks.id = pick.id AND callbacks.assignee_id IS NULL
                """)
            assigned += share.take
        }
        return assigned
    }

    static func millis(_ interval: TimeInterval) -> Int64 { Int64((interval * 1000).rounded()) }
}
