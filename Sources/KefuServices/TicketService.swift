import Foundation
import KefuDomain
import KefuStore

/// Where tickets get their SLA policy and calendar (the SLA configuration, kept by admins).
public protocol TicketSLASource: Sendable {
    /// The policy that governs a ticket with `attributes` now, nil when none matches.
    func ticketTerms(for attributes: SLAPolicy.TicketAttributes, on connection: any SQLConnection) async throws -> TicketSLASourceTerms?
    /// A policy by id (also one since deactivated: a ticket keeps the time it ran under it).
    func ticketTerms(policyID: Int64, on connection: any SQLConnection) async throws -> TicketSLASourceTerms?
    /// Whether any active policy is chosen by the member's grade (then a new ticket looks its member up first).
    func gradeMatters(on connection: any SQLConnection) async throws -> Bool
}

public struct TicketSLASourceTerms: Sendable, Equatable {
    public var policyID: Int64
    public var policy: SLAPolicy
    public var calendar: BusinessCalendar

    public init(policyID: Int64, policy: SLAPolicy, calendar: BusinessCalendar) {
        self.policyID = policyID
        self.policy = policy
        self.calendar = calendar
    }
}

/// A file that came with a customer's message (a mail attachment, a web form upload).
public struct TicketUpload: Sendable, Equatable {
    public var filename: String
    public var contentType: String
    public var data: Data

    public init(filename: String, contentType: String, data: Data) {
        self.filename = filename
        self.contentType = contentType
        self.data = data
    }

    /// The largest file kept with a ticket.
    public static let maxBytes = 20 * 1024 * 1024
}

/// Everything about one ticket, as its page and the API show it.
public struct TicketDetail: Sendable {
    public var ticket: Ticket
    public var messages: [TicketMessage]
    public var handoffs: [TicketHandoff]
    public var complaintSteps: [TicketRecordRepository.ComplaintStep]
    public var attachments: [TicketRecordRepository.Attachment]
    public var clocks: [TicketSLA.Clock]
    public var states: [TicketState]
    /// A suggestion's evaluation (R-TKT-7); nil for other types.
    public var suggestion: Suggestion? = nil
}

/// Service tickets from every channel (R-TKT-1…9): first-contact ownership, replies and internal notes,
/// hand-offs to departments, the complaint loop, and SLA clocks on business calendars. Every change is one
/// transaction with its event.
public struct TicketService: Sendable {
    let database: any Database
    let clock: any Clock
    let timeZone: TimeZone
    let sla: any TicketSLASource
    /// The share of a target used when a clock turns at risk (R-TKT-4 sweep; a setting).
    public let atRiskFraction: Double
    /// Days after confirmation within which a complaint's follow-up call is due (R-CB-1).
    public let followUpDays: Int
    public let mail: MailSettings
    let tickets = TicketRepository()
    let records = TicketRecordRepository()
    /// The configured states, read at most every few seconds: every change of state looks one up.
    let stateCache = TimedCache<[TicketState]>(lifetime: 5)
    let orders = OrderRepository()
    let users = UserRepository()
    let events = EventLog()
    /// New tickets opened at the same moment, written together (PostgreSQL).
    let openings: TicketOpeningBatch

    public init(database: any Database, clock: any Clock, timeZone: TimeZone, sla: any TicketSLASource,
                atRiskFraction: Double = SLAState.defaultAtRiskFraction, followUpDays: Int = 3, mail: MailSettings = MailSettings()) {
        self.mail = mail
        self.database = database
        self.openings = TicketOpeningBatch(database: database, dayKey: { OrderNumber.dayKey($0, timeZone: timeZone) },
                                           numbering: { Self.number(&$0, sequence: $1, timeZone: timeZone) })
        self.clock = clock
        self.timeZone = timeZone
        self.sla = sla
        self.atRiskFraction = atRiskFraction
        self.followUpDays = followUpDays
    }

    /// Where a new ticket came from: staff entering it (they own it at once, R-TKT-2), or the customer
    /// themselves (web form, mail, an integration): owned by the first person who takes it.
    public enum Source: Sendable, Equatable {
        case staff
        case customer(messageID: String?)
    }

    func state(code: String, on connection: any SQLConnection) async throws -> TicketState {
        if let known = stateCache.value(now: clock.now)?.first(where: { $0.code == code }) { return known }
        let states = try await tickets.states(on: connection)
        stateCache.store(states, now: clock.now)
        guard let state = states.first(where: { $0.code == code }) else {
            throw ServiceError.validation([FieldError(field: "state", code: "error.not_found")])
        }
        return state
    }

    // MARK: Reading

    /// Whether `principal` may see `ticket`: never the agent a complaint is about (R-TKT-6); departments only
    /// what was handed to them.
    func visible(_ ticket: Ticket, to principal: Principal) -> Bool {
        if let about = ticket.aboutUserID, about == principal.user?.id { return false }
        if principal.can(.ticketsView) { return true }
        return principal.can(.handoffsView) && ticket.department != nil && ticket.department == principal.user?.department
    }

    public func get(id: Int64, by principal: Principal) async throws -> TicketDetail {
        guard principal.can(.ticketsView) || principal.can(.handoffsView) else { throw ServiceError.forbidden(.ticketsView) }
        let now = clock.now
        return try await database.read { connection in
            guard let ticket = try await tickets.find(id: id, on: connection), visible(ticket, to: principal) else {
                throw ServiceError.notFound(entity: "ticket")
            }
            var messages = try await records.messages(ticketID: id, on: connection)
            if !principal.can(.ticketsView) { messages.removeAll { $0.kind == .note } }
            return TicketDetail(
                ticket: ticket, messages: messages, handoffs: try await records.handoffs(ticketID: id, on: connection),
                complaintSteps: try await records.complaintSteps(ticketID: id, on: connection),
                attachments: try await records.attachments(ticketID: id, on: connection),
                clocks: try await clocks(of: ticket, now: now, on: connection), states: try await tickets.states(on: connection),
                suggestion: ticket.type == .suggestion ? try await SuggestionRepository().find(for: ticket, on: connection) : nil)
        }
    }

    public func find(number: String, by principal: Principal) async throws -> Ticket {
        try principal.require(.ticketsView)
        guard let ticket = try await database.read({ try await tickets.find(number: number, on: $0) }), visible(ticket, to: principal) else {
            throw ServiceError.notFound(entity: "ticket")
        }
        return ticket
    }

    public func list(_ filter: TicketFilter, limit: Int = 50, offset: Int = 0, by principal: Principal) async throws -> (tickets: [Ticket], total: Int) {
        var filter = filter
        if !principal.can(.ticketsView) {
            try principal.require(.handoffsView)
            guard let department = principal.user?.department else { return ([], 0) }
            filter.department = department
        }
        filter.hiddenFrom = principal.user?.id
        let visible = filter
        return try await database.read { try await tickets.list(visible, limit: limit, offset: offset, on: $0) }
    }

    /// The ticket's events, oldest first, for whoever may see the ticket (checked on the row alone: the ticket page
    /// asks for both, and the full detail with its clocks is not needed twice).
    public func history(id: Int64, by principal: Principal) async throws -> [Event] {
        guard principal.can(.ticketsView) || principal.can(.handoffsView) else { throw ServiceError.forbidden(.ticketsView) }
        return try await database.read { connection in
            guard let ticket = try await tickets.find(id: id, on: connection), visible(ticket, to: principal) else {
                throw ServiceError.notFound(entity: "ticket")
            }
            return try await events.list(EventFilter(entity: "ticket", entityID: "\(id)"), limit: 1000, on: connection).events.reversed()
        }
    }

    public func states(by principal: Principal) async throws -> [TicketState] {
        try principal.require(.ticketsView)
        return try await database.read { try await tickets.states(on: $0) }
    }

    public func categories(by principal: Principal) async throws -> [TicketRepository.Category] {
        try principal.require(.ticketsView)
        return try await database.read { try await tickets.categories(on: $0) }
    }

    /// Applies a change to a ticket in one transaction: version check, `mutate`, save, SLA refresh, event.
    func update(
        id: Int64, expectedVersion: Int64?, by principal: Principal, kind: String, detail: [String: String?] = [:],
        _ mutate: @escaping @Sendable (inout Ticket, any SQLConnection) async throws -> Void
    ) async throws -> Ticket {
        let now = clock.now
        do {
            return try await database.transaction { connection in
                guard let before = try await tickets.find(id: id, on: connection), visible(before, to: principal) else {
                    throw ServiceError.notFound(entity: "ticket")
                }
                if let expectedVersion, expectedVersion != before.version {
                    throw ServiceError.conflict(code: "error.stale_version", currentVersion: before.version)
                }
                var after = before
                try await mutate(&after, connection)
                after.version = try await tickets.update(after, expectedVersion: before.version, at: now, on: connection)
                after.updatedAt = now
                try await refreshSLA(after, now: now, on: connection)
                var snapshot = Snapshot.ticket(after)
                if !detail.isEmpty { snapshot = Snapshot.json(detail.merging(["state": after.state]) { old, _ in old }) }
                try await events.append(principal.event(kind, entity: "ticket", id: "\(id)", before: Snapshot.ticket(before), after: snapshot, at: now),
                                        on: connection)
                return try await tickets.find(id: id, on: connection) ?? after
            }
        } catch let StoreError.staleVersion(_, _, current) {
            throw ServiceError.conflict(code: "error.stale_version", currentVersion: current)
        }
    }

    /// Moves the ticket to the state `code`, recording it in the state history (for SLA pauses).
    func move(_ ticket: inout Ticket, to code: String, by principal: Principal, at now: Date, on connection: any SQLConnection) async throws {
        guard ticket.state != code else { return }
        let state = try await state(code: code, on: connection)
        ticket.state = state.code
        ticket.stateCategory = state.category
        if state.category == .resolved, ticket.resolvedAt == nil { ticket.resolvedAt = now }
        if state.category == .closed { ticket.closedAt = now }
        if !state.category.isDone {
            ticket.resolvedAt = nil
            ticket.closedAt = nil
        }
        try await records.addStateChange(ticketID: ticket.id, state: state, by: principal.user?.id, at: now, on: connection)
    }
}
