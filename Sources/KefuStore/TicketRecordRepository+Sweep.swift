import Foundation
import KefuDomain

extension TicketRecordRepository {
    /// What the SLA clocks of many tickets need, in three queries.
    public struct Timelines: Sendable {
        public var terms: [Int64: [(policyID: Int64, from: Date)]] = [:]
        public var history: [Int64: [StateChange]] = [:]
        public var messages: [Int64: [(kind: TicketMessageKind, at: Date)]] = [:]
    }

    public func timelines(ticketIDs ids: [Int64], on connection: any SQLConnection) async throws -> Timelines {
        var result = Timelines()
        guard !ids.isEmpty else { return result }
        for row in try await connection.query(
            "SELECT ticket_id, policy_id, from_at FROM ticket_sla_terms WHERE ticket_id IN \(list: ids) ORDER BY id") {
            result.terms[try row.int("ticket_id"), default: []].append((try row.int("policy_id"), try row.date("from_at")))
        }
        for row in try await connection.query("SELECT * FROM ticket_state_history WHERE ticket_id IN \(list: ids) ORDER BY id") {
            result.history[try row.int("ticket_id"), default: []].append(
                StateChange(state: try row.string("state"), category: try row.value("category"), pausesSLA: try row.bool("pauses_sla"),
                            byID: row.optionalInt("by_id"), at: try row.date("at")))
        }
        for row in try await connection.query("SELECT ticket_id, kind, at FROM ticket_messages WHERE ticket_id IN \(list: ids) ORDER BY id") {
            result.messages[try row.int("ticket_id"), default: []].append((try row.value("kind"), try row.date("at")))
        }
        return result
    }

    /// One notification row per (person, note), in one statement.
    public func notify(_ notes: [(userID: Int64, kind: String, entityID: String, summary: String)], entity: String, at now: Date,
                       on connection: any SQLConnection) async throws {
        guard !notes.isEmpty else { return }
        let rows = notes.map { note -> SQL in "(\(note.userID), \(note.kind), \(entity), \(note.entityID), \(note.summary), \(now))" }
        try await connection.query(
            "INSERT INTO notifications (user_id, kind, entity, entity_id, summary, at) VALUES \(SQL.joined(rows, separator: ", "))")
    }
}

extension TicketRepository {
    /// Records many marks at once; returns the ones that are new (each happens once).
    public func mark(_ marks: [(ticketID: Int64, target: SLAPolicy.Target, mark: SLAState)], at now: Date,
                     on connection: any SQLConnection) async throws -> Set<String> {
        guard !marks.isEmpty else { return [] }
        let rows = marks.map { mark -> SQL in "(\(mark.ticketID), \(mark.target), \(mark.mark), \(now))" }
        let inserted = try await connection.query(
            """
            INSERT INTO ticket_sla_marks (ticket_id, target, mark, at) VALUES \(SQL.joined(rows, separator: ", "))
            ON CONFLICT DO NOTHING RETURNING ticket_id, target, mark
            """)
        return Set(try inserted.map { "\(try $0.int("ticket_id"))/\(try $0.string("target"))/\(try $0.string("mark"))" })
    }

    /// Stores the SLA instants of many tickets in one statement.
    public func setSLA(_ entries: [(ticketID: Int64, columns: SLAColumns)], on connection: any SQLConnection) async throws {
        guard !entries.isEmpty else { return }
        let rows = entries.map { entry -> SQL in
            let c = entry.columns
            return """
                (CAST(\(entry.ticketID) AS BIGINT), CAST(\(c.policyID) AS BIGINT), CAST(\(c.firstResponseDueAt) AS BIGINT),
                 CAST(\(c.nextResponseDueAt) AS BIGINT), CAST(\(c.resolutionDueAt) AS BIGINT), CAST(\(c.state) AS TEXT),
                 CAST(\(c.watchAt) AS BIGINT), CAST(\(c.dueAt) AS BIGINT))
                """
        }
        try await connection.query(
            """
            UPDATE tickets SET sla_policy_id = v.column2, first_response_due_at = v.column3, next_response_due_at = v.column4,
                resolution_due_at = v.column5, sla_state = v.column6, sla_watch_at = v.column7, sla_due_at = v.column8
            FROM (VALUES \(SQL.joined(rows, separator: ", "))) AS v
            WHERE tickets.id = v.column1
            """)
    }
}
