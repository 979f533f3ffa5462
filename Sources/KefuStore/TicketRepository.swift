import Foundation
import KefuDomain

/// Tickets, their configured states and categories, and the instants the SLA sweep watches.
/// The conversation, hand-offs and complaint steps are in `TicketRecordRepository`.
public struct TicketRepository: Sendable {
    public init() {}

    static func decode(_ row: Row) throws -> Ticket {
        Ticket(
            id: try row.int("id"), number: try row.string("number"), type: try row.value("type"), channel: try row.value("channel"),
            subject: try row.string("subject"),
            customer: TicketCustomer(name: try row.string("customer_name"), phone: row.optionalString("customer_phone"),
                                     email: row.optionalString("customer_email")),
            memberID: row.optionalInt("member_id"), orderID: row.optionalInt("order_id"), category: row.optionalString("category"),
            priority: try row.value("priority"), severity: try row.value("severity"), state: try row.string("state"),
            stateCategory: try row.value("state_category"), ownerID: row.optionalInt("owner_id"), assigneeID: row.optionalInt("assignee_id"),
            department: row.optionalValue("department"), aboutUserID: row.optionalInt("about_user_id"),
            complaintStage: row.optionalValue("complaint_stage"), slaPolicyID: row.optionalInt("sla_policy_id"),
            firstResponseDueAt: row.optionalDate("first_response_due_at"), firstResponseAt: row.optionalDate("first_response_at"),
            nextResponseDueAt: row.optionalDate("next_response_due_at"), resolutionDueAt: row.optionalDate("resolution_due_at"),
            resolvedAt: row.optionalDate("resolved_at"), closedAt: row.optionalDate("closed_at"), slaState: row.optionalValue("sla_state"),
            followUpDueAt: row.optionalDate("follow_up_due_at"), version: try row.int("version"), createdAt: try row.date("created_at"),
            updatedAt: try row.date("updated_at"))
    }

    /// The SLA instants a ticket row carries, computed by the service from its clocks.
    public struct SLAColumns: Sendable, Equatable {
        public var policyID: Int64?
        public var firstResponseDueAt: Date?
        public var nextResponseDueAt: Date?
        public var resolutionDueAt: Date?
        public var state: SLAState?
        public var watchAt: Date?
        public var dueAt: Date?

        public init(policyID: Int64? = nil, firstResponseDueAt: Date? = nil, nextResponseDueAt: Date? = nil, resolutionDueAt: Date? = nil,
                    state: SLAState? = nil, watchAt: Date? = nil, dueAt: Date? = nil) {
            self.policyID = policyID
            self.firstResponseDueAt = firstResponseDueAt
            self.nextResponseDueAt = nextResponseDueAt
            self.resolutionDueAt = resolutionDueAt
            self.state = state
            self.watchAt = watchAt
            self.dueAt = dueAt
        }
    }

    /// The `INSERT … RETURNING id, member_id` of one ticket row. Without a member given, the ticket is linked to the
    /// one member with its customer's phone or email, if there is exactly one, in the same statement.
    func insertStatement(_ ticket: Ticket, sla: SLAColumns) -> SQL {
        let member: SQL = ticket.memberID == nil
            ? MemberRepository.soleMember(phone: ticket.customer.phone, email: ticket.customer.email) ?? "NULL"
            : "\(ticket.memberID)"
        return """
        INSERT INTO tickets (number, type, channel, subject, customer_name, customer_phone, customer_email, member_id, order_id,
            category, priority, severity, state, state_category, owner_id, assignee_id, department, about_user_id, complaint_stage,
            sla_policy_id, first_response_due_at, next_response_due_at, resolution_due_at, sla_state, sla_watch_at, sla_due_at,
            version, created_at, updated_at)
        VALUES (\(ticket.number), \(ticket.type), \(ticket.channel), \(ticket.subject), \(ticket.customer.name), \(ticket.customer.phone),
            \(ticket.customer.email), \(member), \(ticket.orderID), \(ticket.category), \(ticket.priority), \(ticket.severity),
            \(ticket.state), \(ticket.stateCategory), \(ticket.ownerID), \(ticket.assigneeID), \(ticket.department), \(ticket.aboutUserID),
            \(ticket.complaintStage), \(sla.policyID), \(sla.firstResponseDueAt), \(sla.nextResponseDueAt), \(sla.resolutionDueAt),
            \(sla.state), \(sla.watchAt), \(sla.dueAt), 1, \(ticket.createdAt), \(ticket.updatedAt))
        RETURNING id, member_id
        """
    }

    public func find(id: Int64, on connection: any SQLConnection) async throws -> Ticket? {
        try await connection.first("SELECT * FROM tickets WHERE id = \(id)").map(Self.decode)
    }

    public func find(number: String, on connection: any SQLConnection) async throws -> Ticket? {
        try await connection.first("SELECT * FROM tickets WHERE number = \(number)").map(Self.decode)
    }

    /// Saves the changed ticket if `expectedVersion` is still current; returns the new version. The owner is set
    /// once and never replaced (R-TKT-2).
    public func update(_ ticket: Ticket, expectedVersion: Int64, at now: Date, on connection: any SQLConnection) async throws -> Int64 {
        let rows = try await connection.query(
            """
            UPDATE tickets SET type = \(ticket.type), subject = \(ticket.subject), customer_name = \(ticket.customer.name),
                customer_phone = \(ticket.customer.phone), customer_email = \(ticket.customer.email), member_id = \(ticket.memberID),
                order_id = \(ticket.orderID), category = \(ticket.category), priority = \(ticket.priority), severity = \(ticket.severity),
                state = \(ticket.state), state_category = \(ticket.stateCategory), assignee_id = \(ticket.assigneeID),
                owner_id = COALESCE(owner_id, \(ticket.ownerID)),
                department = \(ticket.department), about_user_id = \(ticket.aboutUserID), complaint_stage = \(ticket.complaintStage),
                first_response_at = \(ticket.firstResponseAt), resolved_at = \(ticket.resolvedAt), closed_at = \(ticket.closedAt),
                follow_up_due_at = \(ticket.followUpDueAt), version = version + 1, updated_at = \(now)
            WHERE id = \(ticket.id) AND version = \(expectedVersion)
            RETURNING version
            """)
        guard let version = try rows.first?.int("version") else {
            guard let current = try await connection.first("SELECT version FROM tickets WHERE id = \(ticket.id)")?.int("version") else {
                throw StoreError.notFound(entity: "ticket", id: "\(ticket.id)")
            }
            throw StoreError.staleVersion(entity: "ticket", id: "\(ticket.id)", current: current)
        }
        return version
    }

    /// Stores the SLA instants the service computed (no version bump: the sweep and every change call it).
    public func setSLA(ticketID: Int64, _ sla: SLAColumns, on connection: any SQLConnection) async throws {
        try await connection.query(
            """
            UPDATE tickets SET sla_policy_id = \(sla.policyID), first_response_due_at = \(sla.firstResponseDueAt),
                next_response_due_at = \(sla.nextResponseDueAt), resolution_due_at = \(sla.resolutionDueAt), sla_state = \(sla.state),
                sla_watch_at = \(sla.watchAt), sla_due_at = \(sla.dueAt)
            WHERE id = \(ticketID)
            """)
    }

    /// The WHERE clause of a filter (shared by the page and its count).
    static func condition(_ filter: TicketFilter) -> SQL {
        var conditions: [SQL] = ["1 = 1"]
        if let type = filter.type { conditions.append("t.type = \(type)") }
        if let state = filter.state { conditions.append("t.state = \(state)") }
        if let category = filter.category { conditions.append("t.state_category = \(category)") }
        if filter.openOnly { conditions.append("t.state_category IN ('new', 'open', 'pending')") }
        if let assignee = filter.assigneeID { conditions.append("t.assignee_id = \(assignee)") }
        if let owner = filter.ownerID { conditions.append("t.owner_id = \(owner)") }
        if let involved = filter.involvedID { conditions.append("(t.assignee_id = \(involved) OR t.owner_id = \(involved))") }
        if let department = filter.department { conditions.append("t.department = \(department)") }
        if let channel = filter.channel { conditions.append("t.channel = \(channel)") }
        if let orderID = filter.orderID { conditions.append("t.order_id = \(orderID)") }
        if let from = filter.createdFrom { conditions.append("t.created_at >= \(from)") }
        if let before = filter.createdBefore { conditions.append("t.created_at < \(before)") }
        switch filter.sla {
        case .atRisk?: conditions.append("t.sla_state = 'at_risk' AND t.state_category IN ('new', 'open', 'pending')")
        case .breached?: conditions.append("t.sla_state = 'breached' AND t.state_category IN ('new', 'open', 'pending')")
        case nil: break
        }
        if let hidden = filter.hiddenFrom { conditions.append("(t.about_user_id IS NULL OR t.about_user_id <> \(hidden))") }
        if let query = filter.query?.trimmingCharacters(in: .whitespaces), !query.isEmpty {
            let pattern = "%" + query + "%"
            conditions.append(
                """
                (t.number = \(query) OR t.customer_phone = \(query) OR t.customer_email = \(query.lowercased())
                 OR t.subject LIKE \(pattern) OR t.customer_name LIKE \(pattern))
                """)
        }
        return SQL.joined(conditions, separator: " AND ")
    }

    public func count(_ filter: TicketFilter, on connection: any SQLConnection) async throws -> Int {
        Int(try await connection.first("SELECT COUNT(*) AS n FROM tickets t WHERE \(Self.condition(filter))")?.int("n") ?? 0)
    }

    /// A page of tickets: open work by time left (no SLA last), everything else newest first.
    public func list(_ filter: TicketFilter, limit: Int, offset: Int, on connection: any SQLConnection) async throws -> (tickets: [Ticket], total: Int) {
        let condition = Self.condition(filter)
        let order: SQL = filter.sortsByTimeLeft ? "t.sla_due_at IS NULL, t.sla_due_at, t.id" : "t.id DESC"
        let total = try await count(filter, on: connection)
        let rows = try await connection.query("SELECT t.* FROM tickets t WHERE \(condition) ORDER BY \(order) LIMIT \(limit) OFFSET \(offset)")
        return (try rows.map(Self.decode), total)
    }

    /// Open tickets whose SLA needs a look at `now` (a clock turning at risk or due), oldest first.
    public func dueForSweep(at now: Date, limit: Int, on connection: any SQLConnection) async throws -> [Ticket] {
        try await connection.query(
            "SELECT * FROM tickets WHERE sla_watch_at IS NOT NULL AND sla_watch_at <= \(now) ORDER BY sla_watch_at LIMIT \(limit)"
        ).map(Self.decode)
    }

    /// Records that a clock turned at risk or breached; false when it was already recorded (so it happens once).
    public func mark(ticketID: Int64, target: SLAPolicy.Target, mark: SLAState, at now: Date, on connection: any SQLConnection) async throws -> Bool {
        let rows = try await connection.query(
            """
            INSERT INTO ticket_sla_marks (ticket_id, target, mark, at) VALUES (\(ticketID), \(target), \(mark), \(now))
            ON CONFLICT DO NOTHING RETURNING ticket_id
            """)
        return !rows.isEmpty
    }

    // MARK: Configuration

    public func states(on connection: any SQLConnection) async throws -> [TicketState] {
        try await connection.query("SELECT * FROM ticket_states WHERE active = 1 ORDER BY position").map { row in
            TicketState(code: try row.string("code"), name: try row.string("name"), category: try row.value("category"),
                        pausesSLA: try row.bool("pauses_sla"))
        }
    }

    /// English names of the states, for pages in English.
    public func stateNames(on connection: any SQLConnection) async throws -> [String: (zh: String, en: String)] {
        var names: [String: (zh: String, en: String)] = [:]
        for row in try await connection.query("SELECT code, name, name_en FROM ticket_states") {
            names[try row.string("code")] = (try row.string("name"), try row.string("name_en"))
        }
        return names
    }

    public struct Category: Sendable, Equatable {
        public var code: String
        public var parent: String?
        public var name: String
        public var nameEN: String
    }

    public func categories(on connection: any SQLConnection) async throws -> [Category] {
        try await connection.query("SELECT * FROM ticket_categories WHERE active = 1 ORDER BY parent IS NOT NULL, parent, position").map { row in
            Category(code: try row.string("code"), parent: row.optionalString("parent"), name: try row.string("name"),
                     nameEN: try row.string("name_en"))
        }
    }
}

extension TicketRepository {
    /// Active people with one of `roles`, those of `team` first (a supervisor of the agent's own team before others).
    public func staff(roles: [Role], team: String?, on connection: any SQLConnection) async throws -> [Int64] {
        let rows = try await connection.query(
            "SELECT id, team FROM users WHERE active = 1 AND role IN \(list: roles.map(\.rawValue)) ORDER BY id")
        let all = try rows.map { (id: try $0.int("id"), team: $0.optionalString("team")) }
        guard let team else { return all.map(\.id) }
        return all.filter { $0.team == team }.map(\.id) + all.filter { $0.team != team }.map(\.id)
    }
}
