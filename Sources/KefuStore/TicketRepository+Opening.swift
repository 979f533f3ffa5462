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
            // One ticket's statement has the same text every time (up to which values are NULL): kept prepared.
            return try await open(all: [opening], statement: { $0.reused() }, on: connection)[0]
        }
    }

    /// Writes several new tickets' first rows in one statement (PostgreSQL: tickets opened at the same moment share
    /// one round trip and one commit); returns what each wrote, in the order given. On SQLite, one after another.
    public func open(all openings: [TicketOpening], on connection: any SQLConnection) async throws -> [Opened] {
        guard connection.dialect == .postgres else {
            var opened: [Opened] = []
            for opening in openings { opened.append(try await open(opening, on: connection)) }
            return opened
        }
        return try await open(all: openings, statement: { $0 }, on: connection)
    }

    private func open(all openings: [TicketOpening], statement: (SQL) -> SQL, on connection: any SQLConnection) async throws -> [Opened] {
        guard !openings.isEmpty else { return [] }
        var byNumber: [String: Opened] = [:]
        for row in try await connection.query(statement(openingStatement(openings))) {
            byNumber[try row.string("number")] = Opened(ticketID: try row.int("ticket_id"), memberID: row.optionalInt("member_id"),
                                                        messageID: try row.int("message_id"))
        }
        return try openings.map { opening in
            guard let opened = byNumber[opening.ticket.number] else { throw StoreError.database("ticket \(opening.ticket.number) was not written") }
            return opened
        }
    }

    /// The values of one new ticket's rows, in ``openingColumns`` order, and the type each is read as: a column of
    /// NULLs in every row would otherwise be taken for text.
    private static let openingColumns: [(name: String, type: String)] = [
        ("number", "TEXT"), ("type", "TEXT"), ("channel", "TEXT"), ("subject", "TEXT"), ("customer_name", "TEXT"),
        ("customer_phone", "TEXT"), ("customer_email", "TEXT"), ("member_id", "BIGINT"), ("order_id", "BIGINT"), ("category", "TEXT"),
        ("priority", "TEXT"), ("severity", "TEXT"), ("state", "TEXT"), ("state_category", "TEXT"), ("owner_id", "BIGINT"),
        ("assignee_id", "BIGINT"), ("department", "TEXT"), ("about_user_id", "BIGINT"), ("complaint_stage", "TEXT"),
        ("sla_policy_id", "BIGINT"), ("first_response_due_at", "BIGINT"), ("next_response_due_at", "BIGINT"),
        ("resolution_due_at", "BIGINT"), ("sla_state", "TEXT"), ("sla_watch_at", "BIGINT"), ("sla_due_at", "BIGINT"),
        ("created_at", "BIGINT"), ("updated_at", "BIGINT"),
        // Not columns of `tickets`: the first state, the first message and the creation event.
        ("history_state", "TEXT"), ("history_category", "TEXT"), ("history_pauses", "INTEGER"), ("opened_by", "BIGINT"),
        ("message_kind", "TEXT"), ("message_author_id", "BIGINT"), ("message_author_name", "TEXT"), ("message_body", "TEXT"),
        ("message_channel", "TEXT"), ("message_mail_id", "TEXT"), ("message_at", "BIGINT"),
        ("event_at", "BIGINT"), ("event_actor_id", "BIGINT"), ("event_actor_login", "TEXT"), ("event_kind", "TEXT"),
        ("event_entity", "TEXT"), ("event_before", "TEXT"), ("event_after", "TEXT"), ("event_address", "TEXT"),
    ]
    /// How many of ``openingColumns`` are the ticket's own, in the order `tickets` takes them.
    private static let ticketColumnCount = 28

    private func openingValues(_ opening: TicketOpening) -> SQL {
        let (ticket, sla, state, message, event) = (opening.ticket, opening.sla, opening.state, opening.message, opening.event)
        let member: SQL = ticket.memberID == nil
            ? MemberRepository.soleMember(phone: ticket.customer.phone, email: ticket.customer.email) ?? "NULL"
            : "\(ticket.memberID)"
        return """
            (\(ticket.number), \(ticket.type), \(ticket.channel), \(ticket.subject), \(ticket.customer.name), \(ticket.customer.phone),
            \(ticket.customer.email), \(member), \(ticket.orderID), \(ticket.category), \(ticket.priority), \(ticket.severity),
            \(ticket.state), \(ticket.stateCategory), \(ticket.ownerID), \(ticket.assigneeID), \(ticket.department), \(ticket.aboutUserID),
            \(ticket.complaintStage), \(sla.policyID), \(sla.firstResponseDueAt), \(sla.nextResponseDueAt), \(sla.resolutionDueAt),
            \(sla.state), \(sla.watchAt), \(sla.dueAt), \(ticket.createdAt), \(ticket.updatedAt),
            \(state.code), \(state.category), \(state.pausesSLA), \(opening.openedBy),
            \(message.kind), \(message.authorID), \(message.authorName), \(message.body), \(message.channel), \(message.messageID), \(message.at),
            \(event.at), \(event.actorID), \(event.actorLogin), \(event.kind), \(event.entity), \(event.before), \(event.after), \(event.address))
            """
    }

    /// PostgreSQL's one statement for new tickets: their values as a typed `VALUES` list, the tickets inserted from
    /// it, and each further row inserted from the tickets joined back to their values by number.
    private func openingStatement(_ openings: [TicketOpening]) -> SQL {
        let columns = Self.openingColumns
        let names = columns.map(\.name).joined(separator: ", ")
        let typed = columns.map { "CAST(\($0.name) AS \($0.type)) AS \($0.name)" }.joined(separator: ", ")
        let ticketColumns = columns.prefix(Self.ticketColumnCount).map(\.name).joined(separator: ", ")
        return """
            WITH input (\(raw: names)) AS (VALUES \(SQL.joined(openings.map(openingValues), separator: ", "))),
            v AS (SELECT \(raw: typed) FROM input),
            t AS (
                INSERT INTO tickets (\(raw: ticketColumns), version)
                SELECT \(raw: ticketColumns), 1 FROM v
                RETURNING id, number, member_id
            ),
            j AS (SELECT t.id AS ticket_id, t.member_id AS linked_member_id, v.* FROM t JOIN v ON v.number = t.number),
            h AS (
                INSERT INTO ticket_state_history (ticket_id, state, category, pauses_sla, by_id, at)
                SELECT ticket_id, history_state, history_category, history_pauses, opened_by, created_at FROM j
            ),
            s AS (
                INSERT INTO ticket_sla_terms (ticket_id, policy_id, from_at)
                SELECT ticket_id, sla_policy_id, created_at FROM j WHERE sla_policy_id IS NOT NULL
            ),
            m AS (
                INSERT INTO ticket_messages (ticket_id, kind, author_id, author_name, body, channel, message_id, at)
                SELECT ticket_id, message_kind, message_author_id, message_author_name, message_body, message_channel, message_mail_id,
                    message_at FROM j
                RETURNING id, ticket_id
            ),
            q AS (INSERT INTO ticket_search_pending (message_id, ticket_id) SELECT id, ticket_id FROM m),
            e AS (
                INSERT INTO events (at, actor_id, actor_login, kind, entity, entity_id, before_json, after_json, address)
                SELECT event_at, event_actor_id, event_actor_login, event_kind, event_entity, CAST(ticket_id AS TEXT), event_before,
                    event_after, event_address FROM j
            )
            SELECT j.number, j.ticket_id, j.linked_member_id AS member_id, m.id AS message_id FROM j JOIN m ON m.ticket_id = j.ticket_id
            """
    }
}
