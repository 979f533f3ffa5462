import Foundation
import KefuDomain

/// The rows a new ticket starts with: the ticket with its SLA instants, its first state, the SLA policy it runs
/// under, the customer's first message with its line in the search queue, and the creation event.
public struct TicketOpening: Sendable {
    public var ticket: Ticket
    public var sla: TicketRepository.SLAColumns
    public var state: TicketState
    /// The person who opened it (nil when the customer did, through a channel).
    public var openedBy: Int64?
    /// The first message; its ticket id is filled in.
    public var message: TicketMessage
    /// The creation event; its entity id is filled in.
    public var event: Event

    public init(ticket: Ticket, sla: TicketRepository.SLAColumns, state: TicketState, openedBy: Int64?, message: TicketMessage, event: Event) {
        self.ticket = ticket
        self.sla = sla
        self.state = state
        self.openedBy = openedBy
        self.message = message
        self.event = event
    }
}

extension TicketRepository {
    /// What ``open(_:on:)`` wrote: the ticket's id, the member it was linked to, its first message's id.
    public struct Opened: Sendable {
        public var ticketID: Int64
        public var memberID: Int64?
        public var messageID: Int64
    }

    /// Writes a new ticket's first rows; returns the ticket's id and its first message's. On PostgreSQL this is one
    /// statement (each row inserted from the one before in a `WITH`), so a ticket costs one round trip instead of
    /// six; SQLite runs in the process and takes them one by one.
    public func open(_ opening: TicketOpening, on connection: any SQLConnection) async throws -> Opened {
        switch connection.dialect {
        case .sqlite:
            let row = try await connection.first(insertStatement(opening.ticket, sla: opening.sla))
            let ticketID = try row?.int("id") ?? 0
            let records = TicketRecordRepository()
            try await records.addStateChange(ticketID: ticketID, state: opening.state, by: opening.openedBy, at: opening.ticket.createdAt,
                                             on: connection)
            if let policyID = opening.sla.policyID {
                try await records.addTerms(ticketID: ticketID, policyID: policyID, from: opening.ticket.createdAt, on: connection)
            }
            var message = opening.message
            message.ticketID = ticketID
            let messageID = try await records.addMessage(message, on: connection).id
            try await records.queueForSearch(messageID: messageID, ticketID: ticketID, on: connection)
            var event = opening.event
            event.entityID = "\(ticketID)"
            try await EventLog().append(event, on: connection)
            return Opened(ticketID: ticketID, memberID: row?.optionalInt("member_id"), messageID: messageID)
        case .postgres:
            let row = try await connection.first(openingStatement(opening).reused())
            return Opened(ticketID: try row?.int("ticket_id") ?? 0, memberID: row?.optionalInt("member_id"),
                          messageID: try row?.int("message_id") ?? 0)
        }
    }

    /// PostgreSQL's one statement for ``open(_:on:)``. Values that may be null carry their type: in a `SELECT`
    /// list an untyped null would be taken for text.
    private func openingStatement(_ opening: TicketOpening) -> SQL {
        let (state, message, event, at) = (opening.state, opening.message, opening.event, opening.ticket.createdAt)
        return """
            WITH t AS (\(insertStatement(opening.ticket, sla: opening.sla))),
            h AS (
                INSERT INTO ticket_state_history (ticket_id, state, category, pauses_sla, by_id, at)
                SELECT id, \(state.code), \(state.category), \(state.pausesSLA), CAST(\(opening.openedBy) AS BIGINT), \(at) FROM t
            ),
            s AS (
                INSERT INTO ticket_sla_terms (ticket_id, policy_id, from_at)
                SELECT id, CAST(\(opening.sla.policyID) AS BIGINT), \(at) FROM t WHERE CAST(\(opening.sla.policyID) AS BIGINT) IS NOT NULL
            ),
            m AS (
                INSERT INTO ticket_messages (ticket_id, kind, author_id, author_name, body, channel, message_id, at)
                SELECT id, \(message.kind), CAST(\(message.authorID) AS BIGINT), CAST(\(message.authorName) AS TEXT), \(message.body),
                    CAST(\(message.channel) AS TEXT), CAST(\(message.messageID) AS TEXT), \(message.at) FROM t
                RETURNING id, ticket_id
            ),
            q AS (INSERT INTO ticket_search_pending (message_id, ticket_id) SELECT id, ticket_id FROM m),
            e AS (
                INSERT INTO events (at, actor_id, actor_login, kind, entity, entity_id, before_json, after_json, address)
                SELECT \(event.at), CAST(\(event.actorID) AS BIGINT), CAST(\(event.actorLogin) AS TEXT), \(event.kind), \(event.entity),
                    CAST(id AS TEXT), CAST(\(event.before) AS TEXT), CAST(\(event.after) AS TEXT), CAST(\(event.address) AS TEXT) FROM t
            )
            SELECT t.id AS ticket_id, t.member_id, m.id AS message_id FROM t CROSS JOIN m
            """
    }
}
