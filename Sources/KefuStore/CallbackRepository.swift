import Foundation
import KefuDomain

/// Callbacks and their attempts (R-CB-1…5). Generation is in `CallbackRepository+Generation.swift`, the summary
/// in `CallbackRepository+Report.swift`.
public struct CallbackRepository: Sendable {
    public init() {}

    /// A callback with its contact (the member, else the customer of its order or ticket), link numbers and holder.
    static let entryQuery = """
        SELECT c.*, u.display_name AS assignee_name, o.number AS order_number, st.number AS source_ticket_number,
            ot.number AS ticket_number, m.name AS member_name, m.do_not_call AS member_do_not_call, m.rest_hours AS member_rest_hours,
            m.grade AS member_grade,
            (SELECT p.phone FROM member_phones p WHERE p.member_id = c.member_id ORDER BY p.position LIMIT 1) AS member_phone,
            (SELECT e.email FROM member_emails e WHERE e.member_id = c.member_id ORDER BY e.position LIMIT 1) AS member_email,
            o.customer_name AS order_customer, o.customer_phone AS order_phone,
            st.customer_name AS ticket_customer, st.customer_phone AS ticket_phone, st.customer_email AS ticket_email
        FROM callbacks c
        LEFT JOIN users u ON u.id = c.assignee_id
        LEFT JOIN members m ON m.id = c.member_id
        LEFT JOIN orders o ON o.id = c.order_id
        LEFT JOIN tickets st ON st.id = c.source_ticket_id
        LEFT JOIN tickets ot ON ot.id = c.ticket_id
        """

    static func decode(_ row: Row) throws -> Callback {
        Callback(
            id: try row.int("id"), reason: try row.value("reason"), occasion: row.optionalValue("occasion"),
            occasionOn: row.optionalString("occasion_on").flatMap(LocalDate.init), memberID: row.optionalInt("member_id"),
            orderID: row.optionalInt("order_id"), sourceTicketID: row.optionalInt("source_ticket_id"), afterSalesID: row.optionalInt("after_sales_id"),
            channel: try row.value("channel"), state: try row.value("status"), assigneeID: row.optionalInt("assignee_id"),
            notBefore: try row.date("not_before"), dueBy: try row.date("due_by"), nextAttemptAt: row.optionalDate("next_attempt_at"),
            failedAttempts: Int(try row.int("failed_attempts")), needsNumber: try row.bool("needs_number"), outcome: row.optionalValue("outcome"),
            suggestions: row.optionalString("suggestions"), ticketID: row.optionalInt("ticket_id"), closure: row.optionalValue("closure"),
            note: row.optionalString("note"), completedAt: row.optionalDate("completed_at"), completedBy: row.optionalInt("completed_by"),
            version: try row.int("version"), createdAt: try row.date("created_at"), updatedAt: try row.date("updated_at"))
    }

    static func entry(_ row: Row) throws -> CallbackEntry {
        let contact = CallbackContact(
            name: row.optionalString("member_name") ?? row.optionalString("order_customer") ?? row.optionalString("ticket_customer") ?? "",
            phone: row.optionalString("member_phone") ?? row.optionalString("order_phone") ?? row.optionalString("ticket_phone"),
            email: row.optionalString("member_email") ?? row.optionalString("ticket_email"),
            doNotCall: (row.optionalInt("member_do_not_call") ?? 0) != 0, restHours: row.optionalString("member_rest_hours"),
            grade: row.optionalString("member_grade"))
        return CallbackEntry(callback: try decode(row), contact: contact, orderNumber: row.optionalString("order_number"),
                             sourceTicketNumber: row.optionalString("source_ticket_number"), ticketNumber: row.optionalString("ticket_number"),
                             assigneeName: row.optionalString("assignee_name"))
    }

    /// One callback with its contact and links.
    public func find(id: Int64, on connection: any SQLConnection) async throws -> CallbackEntry? {
        try await connection.first("\(raw: Self.entryQuery) WHERE c.id = \(id)").map(Self.entry)
    }

    /// The conditions of a filter, given the instant and the end of today (business time zone).
    static func condition(_ filter: CallbackFilter, now: Date, endOfToday: Date) -> SQL {
        var conditions: [SQL] = ["1 = 1"]
        switch filter.due {
        case .today?: conditions.append("c.status = 'open' AND c.not_before < \(endOfToday) AND c.due_by >= \(now)")
        case .overdue?: conditions.append("c.status = 'open' AND c.due_by < \(now)")
        case .upcoming?: conditions.append("c.status = 'open' AND c.not_before >= \(endOfToday)")
        case nil: break
        }
        if let state = filter.state { conditions.append("c.status = \(state)") }
        if let assignee = filter.assigneeID { conditions.append("c.assignee_id = \(assignee)") }
        if filter.unassigned { conditions.append("c.assignee_id IS NULL") }
        if let reason = filter.reason { conditions.append("c.reason = \(reason)") }
        if let member = filter.memberID { conditions.append("c.member_id = \(member)") }
        if let channel = filter.channel {
            // The channel as of now: a phone task of a member who has since asked not to be called is written instead.
            let quiet = "EXISTS (SELECT 1 FROM members q WHERE q.id = c.member_id AND q.do_not_call = 1"
            let email = "EXISTS (SELECT 1 FROM member_emails qe WHERE qe.member_id = c.member_id)"
            switch channel {
            case .phone: conditions.append("c.channel = 'phone' AND NOT \(raw: quiet))")
            case .email: conditions.append("(c.channel = 'email' OR (c.channel = 'phone' AND \(raw: quiet) AND \(raw: email))))")
            case .sms: conditions.append("(c.channel = 'sms' OR (c.channel = 'phone' AND \(raw: quiet) AND NOT \(raw: email))))")
            }
        }
        return SQL.joined(conditions, separator: " AND ")
    }

    /// Callbacks matching `filter`, soonest due first, and how many match.
    public func list(_ filter: CallbackFilter, now: Date, endOfToday: Date, limit: Int, offset: Int,
                     on connection: any SQLConnection) async throws -> (entries: [CallbackEntry], total: Int) {
        let condition = Self.condition(filter, now: now, endOfToday: endOfToday)
        let total = try await connection.first("SELECT COUNT(*) AS n FROM callbacks c WHERE \(condition)")?.int("n") ?? 0
        let rows = try await connection.query(
            "\(raw: Self.entryQuery) WHERE \(condition) ORDER BY c.due_by, c.id LIMIT \(limit) OFFSET \(offset)")
        return (try rows.map(Self.entry), Int(total))
    }

    /// Saves a new callback (a manual one); returns its id.
    public func insert(_ callback: Callback, createdBy: Int64?, on connection: any SQLConnection) async throws -> Int64 {
        let row = try await connection.first(
            """
            INSERT INTO callbacks (reason, occasion, occasion_on, member_id, order_id, source_ticket_id, after_sales_id, channel, status,
                assignee_id, not_before, due_by, note, created_by, created_at, updated_at)
            VALUES (\(callback.reason), \(callback.occasion), \(callback.occasionOn?.description), \(callback.memberID), \(callback.orderID),
                \(callback.sourceTicketID), \(callback.afterSalesID), \(callback.channel), \(callback.state), \(callback.assigneeID),
                \(callback.notBefore), \(callback.dueBy), \(callback.note), \(createdBy), \(callback.createdAt), \(callback.createdAt))
            RETURNING id
            """)
        return try row!.int("id")
    }

    /// Saves what attempts and outcomes change if `expectedVersion` is still current; returns the new version. A
    /// callback changed since it was read is ``StoreError/staleVersion(entity:id:current:)``.
    @discardableResult
    public func update(_ callback: Callback, expectedVersion: Int64, at now: Date, on connection: any SQLConnection) async throws -> Int64 {
        let rows = try await connection.query(
            """
            UPDATE callbacks SET status = \(callback.state), channel = \(callback.channel), assignee_id = \(callback.assigneeID),
                next_attempt_at = \(callback.nextAttemptAt), failed_attempts = \(callback.failedAttempts), needs_number = \(callback.needsNumber),
                outcome = \(callback.outcome), suggestions = \(callback.suggestions), ticket_id = \(callback.ticketID),
                closure = \(callback.closure), completed_at = \(callback.completedAt), completed_by = \(callback.completedBy),
                version = version + 1, updated_at = \(now)
            WHERE id = \(callback.id) AND version = \(expectedVersion)
            RETURNING version
            """)
        guard let version = try rows.first?.int("version") else {
            let current = try await connection.first("SELECT version FROM callbacks WHERE id = \(callback.id)")?.int("version")
            guard let current else { throw StoreError.notFound(entity: "callback", id: "\(callback.id)") }
            throw StoreError.staleVersion(entity: "callback", id: "\(callback.id)", current: current)
        }
        return version
    }

    public func addAttempt(_ attempt: CallbackAttempt, on connection: any SQLConnection) async throws -> Int64 {
        let row = try await connection.first(
            """
            INSERT INTO callback_attempts (callback_id, result, note, by_id, at)
            VALUES (\(attempt.callbackID), \(attempt.result), \(attempt.note), \(attempt.byID), \(attempt.at)) RETURNING id
            """)
        return try row!.int("id")
    }

    /// The attempts of a callback, oldest first, with who made them.
    public func attempts(callbackID: Int64, on connection: any SQLConnection) async throws -> [CallbackAttempt] {
        try await connection.query(
            """
            SELECT a.*, u.display_name AS by_name FROM callback_attempts a LEFT JOIN users u ON u.id = a.by_id
            WHERE a.callback_id = \(callbackID) ORDER BY a.id
            """
        ).map { row in
            CallbackAttempt(id: try row.int("id"), callbackID: try row.int("callback_id"), result: try row.value("result"),
                            note: row.optionalString("note"), byID: row.optionalInt("by_id"), byName: row.optionalString("by_name"),
                            at: try row.date("at"))
        }
    }

    /// The script for a reason: its own question and the lines every reason shares, active lines only.
    public func script(for reason: Callback.Reason, on connection: any SQLConnection) async throws -> CallbackScript {
        let rows = try await connection.query(
            """
            SELECT cs.step, s.id, s.title, s.body, s.note FROM callback_scripts cs JOIN scripts s ON s.id = cs.script_id
            WHERE (cs.reason = \(reason) OR cs.reason IS NULL) AND s.active = 1 ORDER BY cs.position, cs.id
            """)
        return CallbackScript(reason: reason, lines: try rows.compactMap { row in
            guard let step = row.optionalValue("step", as: CallbackScript.Step.self) else { return nil }
            return CallbackScript.Line(step: step, scriptID: try row.int("id"), title: try row.string("title"), body: try row.string("body"),
                                       note: row.optionalString("note"))
        })
    }
}
