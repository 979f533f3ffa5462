import Foundation
import KefuDomain

/// Suggestion evaluations (R-TKT-7): one row per forwarded suggestion ticket, read with its hand-off.
public struct SuggestionRepository: Sendable {
    public init() {}

    /// The evaluation of a suggestion ticket; a ticket never forwarded has none yet (stage `received`).
    public func find(for ticket: Ticket, on connection: any SQLConnection) async throws -> Suggestion {
        var suggestion = Suggestion(ticketID: ticket.id, category: ticket.category, receivedAt: ticket.createdAt)
        guard let row = try await connection.first(
            """
            SELECT s.*, h.department, h.request, h.due_at FROM ticket_suggestions s JOIN ticket_handoffs h ON h.id = s.handoff_id
            WHERE s.ticket_id = \(ticket.id)
            """) else { return suggestion }
        suggestion.forwarding = Suggestion.Forwarding(
            handoffID: try row.int("handoff_id"), department: try row.value("department"), request: try row.string("request"),
            dueAt: try row.date("due_at"), by: row.optionalInt("forwarded_by"), at: try row.date("forwarded_at"))
        if let decision = row.optionalValue("decision", as: SuggestionDecision.self), let at = row.optionalDate("decided_at") {
            suggestion.verdict = Suggestion.Verdict(decision: decision, reason: row.optionalString("reason") ?? "", by: row.optionalInt("decided_by"),
                                                    at: at)
        }
        if let at = row.optionalDate("notified_at") {
            suggestion.notice = Suggestion.Notice(by: row.optionalInt("notified_by"), at: at, messageID: row.optionalInt("notified_message_id"))
        }
        return suggestion
    }

    /// Records that the suggestion went to a department through `handoffID`. A second forwarding of the same ticket is
    /// ``StoreError/duplicate(_:)``.
    public func forward(ticketID: Int64, handoffID: Int64, by user: Int64?, at now: Date, on connection: any SQLConnection) async throws {
        try await connection.query(
            """
            INSERT INTO ticket_suggestions (ticket_id, handoff_id, forwarded_by, forwarded_at)
            VALUES (\(ticketID), \(handoffID), \(user), \(now))
            """)
    }

    /// Records the decision; false when it was decided already (someone else was quicker) or never forwarded.
    public func decide(ticketID: Int64, decision: SuggestionDecision, reason: String, by user: Int64?, at now: Date,
                       on connection: any SQLConnection) async throws -> Bool {
        !(try await connection.query(
            """
            UPDATE ticket_suggestions SET decision = \(decision), reason = \(reason), decided_by = \(user), decided_at = \(now)
            WHERE ticket_id = \(ticketID) AND decision IS NULL RETURNING ticket_id
            """).isEmpty)
    }

    /// Records that the member was told; false when they were already, or there is no decision to tell.
    public func notify(ticketID: Int64, messageID: Int64?, by user: Int64?, at now: Date, on connection: any SQLConnection) async throws -> Bool {
        !(try await connection.query(
            """
            UPDATE ticket_suggestions SET notified_by = \(user), notified_at = \(now), notified_message_id = \(messageID)
            WHERE ticket_id = \(ticketID) AND decision IS NOT NULL AND notified_at IS NULL RETURNING ticket_id
            """).isEmpty)
    }

    /// Suggestion tickets received in `[from, to)`, oldest first, with their evaluation, at most `limit`.
    public func lines(from: Date, to: Date, limit: Int, on connection: any SQLConnection) async throws -> [SuggestionLine] {
        try await connection.query(
            """
            SELECT t.id, t.number, t.created_at, t.subject, t.customer_name, t.category, h.department, s.decision, s.reason,
                   s.decided_at, s.notified_at
            FROM tickets t LEFT JOIN ticket_suggestions s ON s.ticket_id = t.id LEFT JOIN ticket_handoffs h ON h.id = s.handoff_id
            WHERE t.type = \(TicketType.suggestion) AND t.created_at >= \(from) AND t.created_at < \(to)
            ORDER BY t.created_at, t.id LIMIT \(limit)
            """
        ).map { row in
            SuggestionLine(
                ticketID: try row.int("id"), number: try row.string("number"), receivedAt: try row.date("created_at"),
                subject: try row.string("subject"), customerName: try row.string("customer_name"), category: row.optionalString("category"),
                department: row.optionalValue("department"), decision: row.optionalValue("decision"), reason: row.optionalString("reason"),
                decidedAt: row.optionalDate("decided_at"), notifiedAt: row.optionalDate("notified_at"))
        }
    }

    /// Active members of a department, who evaluate what is forwarded to it.
    public func departmentStaff(_ department: Department, on connection: any SQLConnection) async throws -> [Int64] {
        try await connection.query(
            "SELECT id FROM users WHERE active = 1 AND role = \(Role.department) AND department = \(department) ORDER BY id"
        ).map { try $0.int("id") }
    }
}
