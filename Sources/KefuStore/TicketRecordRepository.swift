import Foundation
import KefuDomain

/// What is appended to a ticket over its life: messages, attachments, state changes, SLA terms, hand-offs,
/// complaint steps; and people's notifications. Nothing here is edited except a hand-off's answer and a
/// notification's read mark.
public struct TicketRecordRepository: Sendable {
    public init() {}

    // MARK: Messages

    public func addMessage(_ message: TicketMessage, on connection: any SQLConnection) async throws -> TicketMessage {
        let row = try await connection.first(
            """
            INSERT INTO ticket_messages (ticket_id, kind, author_id, author_name, body, channel, message_id, at)
            VALUES (\(message.ticketID), \(message.kind), \(message.authorID), \(message.authorName), \(message.body), \(message.channel),
                    \(message.messageID), \(message.at))
            RETURNING id
            """)
        var saved = message
        saved.id = try row?.int("id") ?? 0
        return saved
    }

    public func messages(ticketID: Int64, on connection: any SQLConnection) async throws -> [TicketMessage] {
        try await connection.query(
            """
            SELECT m.*, COALESCE(u.display_name, m.author_name) AS shown_name FROM ticket_messages m
            LEFT JOIN users u ON u.id = m.author_id WHERE m.ticket_id = \(ticketID) ORDER BY m.id
            """
        ).map { row in
            TicketMessage(id: try row.int("id"), ticketID: try row.int("ticket_id"), kind: try row.value("kind"), authorID: row.optionalInt("author_id"),
                          authorName: row.optionalString("shown_name"), body: try row.string("body"), channel: row.optionalValue("channel"),
                          messageID: row.optionalString("message_id"), at: try row.date("at"))
        }
    }

    /// When each message was written and by whom (customer, reply, …): all the SLA clocks need.
    public func messageTimes(ticketID: Int64, on connection: any SQLConnection) async throws -> [(kind: TicketMessageKind, at: Date)] {
        try await connection.query("SELECT kind, at FROM ticket_messages WHERE ticket_id = \(ticketID) ORDER BY id").map { row in
            (try row.value("kind"), try row.date("at"))
        }
    }

    /// The ticket a mail with one of these Message-IDs belongs to (the newest match).
    public func ticketID(forMessageIDs ids: [String], on connection: any SQLConnection) async throws -> Int64? {
        guard !ids.isEmpty else { return nil }
        return try await connection.first(
            "SELECT ticket_id FROM ticket_messages WHERE message_id IN \(list: ids) ORDER BY id DESC LIMIT 1")?.int("ticket_id")
    }

    // MARK: Attachments

    public struct Attachment: Sendable, Equatable {
        public var id: Int64
        public var ticketID: Int64
        public var messageID: Int64?
        public var filename: String
        public var contentType: String
        public var size: Int
        public var at: Date
    }

    public func addAttachment(ticketID: Int64, messageID: Int64?, filename: String, contentType: String, content: Data, at now: Date,
                              on connection: any SQLConnection) async throws -> Attachment {
        let row = try await connection.first(
            """
            INSERT INTO ticket_attachments (ticket_id, message_id, filename, content_type, content, size, at)
            VALUES (\(ticketID), \(messageID), \(filename), \(contentType), \(SQLValue.blob(Array(content))), \(content.count), \(now))
            RETURNING id
            """)
        return Attachment(id: try row?.int("id") ?? 0, ticketID: ticketID, messageID: messageID, filename: filename, contentType: contentType,
                          size: content.count, at: now)
    }

    public func attachments(ticketID: Int64, on connection: any SQLConnection) async throws -> [Attachment] {
        try await connection.query(
            "SELECT id, ticket_id, message_id, filename, content_type, size, at FROM ticket_attachments WHERE ticket_id = \(ticketID) ORDER BY id"
        ).map { row in
            Attachment(id: try row.int("id"), ticketID: try row.int("ticket_id"), messageID: row.optionalInt("message_id"),
                       filename: try row.string("filename"), contentType: try row.string("content_type"), size: Int(try row.int("size")),
                       at: try row.date("at"))
        }
    }

    public func attachmentContent(id: Int64, ticketID: Int64, on connection: any SQLConnection) async throws -> (Attachment, Data)? {
        guard let row = try await connection.first("SELECT * FROM ticket_attachments WHERE id = \(id) AND ticket_id = \(ticketID)"),
              case .blob(let bytes) = row["content"] else { return nil }
        let attachment = Attachment(id: try row.int("id"), ticketID: ticketID, messageID: row.optionalInt("message_id"),
                                    filename: try row.string("filename"), contentType: try row.string("content_type"),
                                    size: Int(try row.int("size")), at: try row.date("at"))
        return (attachment, Data(bytes))
    }

    // MARK: State history and SLA terms

    public struct StateChange: Sendable, Equatable {
        public var state: String
        public var category: TicketStateCategory
        public var pausesSLA: Bool
        public var byID: Int64?
        public var at: Date
    }

    public func addStateChange(ticketID: Int64, state: TicketState, by user: Int64?, at now: Date, on connection: any SQLConnection) async throws {
        try await connection.query(
            """
            INSERT INTO ticket_state_history (ticket_id, state, category, pauses_sla, by_id, at)
            VALUES (\(ticketID), \(state.code), \(state.category), \(state.pausesSLA), \(user), \(now))
            """)
    }

    public func stateHistory(ticketID: Int64, on connection: any SQLConnection) async throws -> [StateChange] {
        try await connection.query("SELECT * FROM ticket_state_history WHERE ticket_id = \(ticketID) ORDER BY id").map { row in
            StateChange(state: try row.string("state"), category: try row.value("category"), pausesSLA: try row.bool("pauses_sla"),
                        byID: row.optionalInt("by_id"), at: try row.date("at"))
        }
    }

    public func addTerms(ticketID: Int64, policyID: Int64, from instant: Date, on connection: any SQLConnection) async throws {
        try await connection.query("INSERT INTO ticket_sla_terms (ticket_id, policy_id, from_at) VALUES (\(ticketID), \(policyID), \(instant))")
    }

    /// The policies in force over the ticket's life: (policy id, from), oldest first.
    public func terms(ticketID: Int64, on connection: any SQLConnection) async throws -> [(policyID: Int64, from: Date)] {
        try await connection.query("SELECT policy_id, from_at FROM ticket_sla_terms WHERE ticket_id = \(ticketID) ORDER BY id").map { row in
            (try row.int("policy_id"), try row.date("from_at"))
        }
    }

    // MARK: Hand-offs

    public func addHandoff(_ handoff: TicketHandoff, on connection: any SQLConnection) async throws -> TicketHandoff {
        let row = try await connection.first(
            """
            INSERT INTO ticket_handoffs (ticket_id, department, request, contact, due_at, requested_by, requested_at)
            VALUES (\(handoff.ticketID), \(handoff.department), \(handoff.request), \(handoff.contact), \(handoff.dueAt), \(handoff.requestedBy),
                    \(handoff.requestedAt))
            RETURNING id
            """)
        var saved = handoff
        saved.id = try row?.int("id") ?? 0
        return saved
    }

    public func answerHandoff(id: Int64, ticketID: Int64, answer: String, by user: Int64?, at now: Date, on connection: any SQLConnection) async throws -> Bool {
        let rows = try await connection.query(
            """
            UPDATE ticket_handoffs SET answer = \(answer), answered_by = \(user), answered_at = \(now)
            WHERE id = \(id) AND ticket_id = \(ticketID) AND answered_at IS NULL RETURNING id
            """)
        return !rows.isEmpty
    }

    static func decodeHandoff(_ row: Row) throws -> TicketHandoff {
        TicketHandoff(id: try row.int("id"), ticketID: try row.int("ticket_id"), department: try row.value("department"),
                      request: try row.string("request"), dueAt: try row.date("due_at"), contact: row.optionalString("contact"),
                      requestedBy: row.optionalInt("requested_by"), requestedAt: try row.date("requested_at"), answer: row.optionalString("answer"),
                      answeredBy: row.optionalInt("answered_by"), answeredAt: row.optionalDate("answered_at"))
    }

    public func handoffs(ticketID: Int64, on connection: any SQLConnection) async throws -> [TicketHandoff] {
        try await connection.query("SELECT * FROM ticket_handoffs WHERE ticket_id = \(ticketID) ORDER BY id").map(Self.decodeHandoff)
    }

    /// Unanswered hand-offs of a department, soonest due first (the department's inbox).
    public func openHandoffs(department: Department?, limit: Int, on connection: any SQLConnection) async throws -> [TicketHandoff] {
        let condition: SQL = department.map { "department = \($0) AND answered_at IS NULL" } ?? "answered_at IS NULL"
        return try await connection.query("SELECT * FROM ticket_handoffs WHERE \(condition) ORDER BY due_at LIMIT \(limit)").map(Self.decodeHandoff)
    }

    // MARK: Complaint steps

    public struct ComplaintStep: Sendable, Equatable {
        public var action: ComplaintAction
        public var stage: ComplaintStage
        public var details: [String: String]
        public var byID: Int64?
        public var byName: String?
        public var at: Date
    }

    public func addComplaintStep(ticketID: Int64, action: ComplaintAction, stage: ComplaintStage, details: [String: String], by user: Int64?,
                                 at now: Date, on connection: any SQLConnection) async throws {
        let json = String(decoding: try JSONEncoder.sorted.encode(details), as: UTF8.self)
        try await connection.query(
            """
            INSERT INTO complaint_steps (ticket_id, action, stage, details, by_id, at)
            VALUES (\(ticketID), \(action), \(stage), \(json), \(user), \(now))
            """)
    }

    public func complaintSteps(ticketID: Int64, on connection: any SQLConnection) async throws -> [ComplaintStep] {
        try await connection.query(
            """
            SELECT s.*, u.display_name FROM complaint_steps s LEFT JOIN users u ON u.id = s.by_id
            WHERE s.ticket_id = \(ticketID) ORDER BY s.id
            """
        ).map { row in
            let details = (try? JSONDecoder().decode([String: String].self, from: Data(try row.string("details").utf8))) ?? [:]
            return ComplaintStep(action: try row.value("action"), stage: try row.value("stage"), details: details, byID: row.optionalInt("by_id"),
                                 byName: row.optionalString("display_name"), at: try row.date("at"))
        }
    }

    // MARK: Notifications

    public struct Notification: Sendable, Equatable {
        public var id: Int64
        public var userID: Int64
        public var kind: String
        public var entity: String
        public var entityID: String
        public var summary: String
        public var at: Date
        public var readAt: Date?
    }

    public func notify(userIDs: [Int64], kind: String, entity: String, entityID: String, summary: String, at now: Date,
                       on connection: any SQLConnection) async throws {
        for user in Set(userIDs).sorted() {
            try await connection.query(
                """
                INSERT INTO notifications (user_id, kind, entity, entity_id, summary, at)
                VALUES (\(user), \(kind), \(entity), \(entityID), \(summary), \(now))
                """)
        }
    }

    public func notifications(userID: Int64, unreadOnly: Bool, limit: Int, on connection: any SQLConnection) async throws -> [Notification] {
        let unread: SQL = unreadOnly ? " AND read_at IS NULL" : ""
        return try await connection.query(
            "SELECT * FROM notifications WHERE user_id = \(userID)\(unread) ORDER BY id DESC LIMIT \(limit)"
        ).map { row in
            Notification(id: try row.int("id"), userID: try row.int("user_id"), kind: try row.string("kind"), entity: try row.string("entity"),
                         entityID: try row.string("entity_id"), summary: try row.string("summary"), at: try row.date("at"),
                         readAt: row.optionalDate("read_at"))
        }
    }

    public func unreadCount(userID: Int64, on connection: any SQLConnection) async throws -> Int {
        Int(try await connection.first("SELECT COUNT(*) AS n FROM notifications WHERE user_id = \(userID) AND read_at IS NULL")?.int("n") ?? 0)
    }

    public func notification(id: Int64, userID: Int64, on connection: any SQLConnection) async throws -> Notification? {
        try await connection.first("SELECT * FROM notifications WHERE id = \(id) AND user_id = \(userID)").map { row in
            Notification(id: try row.int("id"), userID: try row.int("user_id"), kind: try row.string("kind"), entity: try row.string("entity"),
                         entityID: try row.string("entity_id"), summary: try row.string("summary"), at: try row.date("at"),
                         readAt: row.optionalDate("read_at"))
        }
    }

    public func markRead(userID: Int64, ids: [Int64]?, at now: Date, on connection: any SQLConnection) async throws {
        if let ids {
            guard !ids.isEmpty else { return }
            try await connection.query("UPDATE notifications SET read_at = \(now) WHERE user_id = \(userID) AND read_at IS NULL AND id IN \(list: ids)")
        } else {
            try await connection.query("UPDATE notifications SET read_at = \(now) WHERE user_id = \(userID) AND read_at IS NULL")
        }
    }
}

extension JSONEncoder {
    static var sorted: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }
}
