import Foundation
import KefuDomain
import KefuStore

/// Phone calls logged by agents (the phone channel of issue 4): each call opens a ticket owned by the agent
/// (R-TKT-2) or joins an existing one, and becomes an internal entry of its conversation, never a reply to the
/// customer (R-TKT-8). Calls answered slower than the rule are flagged (R-PERF-4).
public struct CallLogService: Sendable {
    let tickets: TicketService
    public let answerRule: CallAnswerRule
    let repository = CallLogRepository()
    let ticketRows = TicketRepository()
    let records = TicketRecordRepository()
    let events = EventLog()

    public init(tickets: TicketService, answerRule: CallAnswerRule = CallAnswerRule()) {
        self.tickets = tickets
        self.answerRule = answerRule
    }

    var database: any Database { tickets.database }

    /// Logs a call. It joins `draft.ticketID` (an unknown or hidden ticket is a field error, not a 404: the agent
    /// typed the number) or opens a `phone` ticket with the caller as customer and the agent as first-contact
    /// owner. Records `ticket.call_logged` (after `ticket.created` for a new ticket), in one transaction.
    public func log(_ draft: CallDraft, by principal: Principal) async throws -> CallLog {
        try principal.require(.ticketsManage)
        let now = tickets.clock.now
        let problems = draft.problems(now: now)
        guard problems.isEmpty else { throw ServiceError.validation(problems) }
        let rule = answerRule
        let user = principal.user
        let box = CallBox()
        if let ticketID = draft.ticketID {
            let call = draft.callLog(ticketID: ticketID, openedTicket: false, rule: rule, loggedBy: user?.id, at: now)
            do {
                _ = try await tickets.update(id: ticketID, expectedVersion: nil, by: principal, kind: "ticket.call_logged",
                                             detail: Self.facts(call)) { ticket, connection in
                    // Taking the customer's call is taking the ticket when nobody had (R-TKT-2).
                    if ticket.ownerID == nil { ticket.ownerID = user?.id }
                    if ticket.assigneeID == nil { ticket.assigneeID = user?.id }
                    box.call = try await record(call, on: ticket, by: user, at: now, on: connection)
                }
            } catch ServiceError.notFound(entity: "ticket") {
                throw ServiceError.validation([FieldError(field: "ticket_id", code: "error.not_found")])
            }
        } else {
            let ticketDraft = TicketDraft(type: draft.newTicket?.type, channel: .phone, subject: draft.subject, body: draft.summary,
                                          customer: .init(name: draft.callerName, phone: draft.callerPhone))
            do {
                _ = try await tickets.create(ticketDraft, source: .staff, by: principal) { ticket, connection in
                    let call = draft.callLog(ticketID: ticket.id, openedTicket: true, rule: rule, loggedBy: user?.id, at: now)
                    box.call = try await record(call, on: ticket, by: user, at: now, on: connection)
                    try await events.append(principal.event("ticket.call_logged", entity: "ticket", id: "\(ticket.id)",
                                                            after: Snapshot.json(Self.facts(call)), at: now), on: connection)
                }
            } catch ServiceError.validation(let errors) {
                throw ServiceError.validation(errors.map(Self.callField))
            }
        }
        return box.call!
    }

    /// Writes the call and its conversation entry: an internal note on the phone channel with the summary.
    private func record(_ call: CallLog, on ticket: Ticket, by user: User?, at now: Date, on connection: any SQLConnection) async throws -> CallLog {
        let message = try await records.addMessage(
            TicketMessage(ticketID: ticket.id, kind: .note, authorID: user?.id, authorName: user?.displayName, body: call.summary,
                          channel: .phone, at: now), on: connection)
        try await records.queueForSearch(messageID: message.id, ticketID: ticket.id, on: connection)
        var saved = call
        saved.messageID = message.id
        saved.id = try await repository.insert(saved, on: connection)
        return try await repository.find(id: saved.id, on: connection) ?? saved
    }

    /// What the event log keeps of a call: its facts, not the caller's name or number.
    static func facts(_ call: CallLog) -> [String: String?] {
        [
            "direction": call.direction.rawValue, "started_at": ISO8601DateFormatter().string(from: call.startedAt),
            "answered_after_seconds": call.answeredAfterSeconds.map { "\($0)" }, "duration_seconds": "\(call.durationSeconds)",
            "answer_limit_seconds": "\(call.answerLimitSeconds)", "slow_answer": call.slowAnswer ? "true" : "false",
        ]
    }

    /// A ticket field as the call names it (the ticket's customer is the caller, its first message the summary).
    static func callField(_ error: FieldError) -> FieldError {
        let names = ["customer.name": "caller.name", "customer.phone": "caller.phone", "body": "summary", "type": "ticket.type",
                     "subject": "ticket.subject"]
        var error = error
        error.field = names[error.field] ?? error.field
        return error
    }

    // MARK: Reading

    /// Calls newest first, leaving out those on tickets hidden from the reader (R-TKT-6). Needs `tickets.view`.
    public func list(_ filter: CallLogRepository.Filter, limit: Int = 50, offset: Int = 0, by principal: Principal) async throws
        -> (calls: [CallLog], total: Int, summary: CallLogRepository.Summary)
    {
        try principal.require(.ticketsView)
        var filter = filter
        filter.hiddenFrom = principal.user?.id
        let visible = filter
        return try await database.read { connection in
            let page = try await repository.list(visible, limit: limit, offset: offset, on: connection)
            return (page.calls, page.total, try await repository.summary(visible, on: connection))
        }
    }

    /// The calls of one ticket, oldest first; a ticket the reader may not see is not found.
    public func calls(ticketID: Int64, by principal: Principal) async throws -> [CallLog] {
        try principal.require(.ticketsView)
        return try await database.read { connection in
            guard let ticket = try await ticketRows.find(id: ticketID, on: connection), tickets.visible(ticket, to: principal) else {
                throw ServiceError.notFound(entity: "ticket")
            }
            return try await repository.list(.init(ticketID: ticketID), limit: 500, offset: 0, on: connection).calls.reversed()
        }
    }

    /// The caller's open tickets, found by the phone they call from: what the call may be about.
    public func openTickets(phone: String, by principal: Principal) async throws -> [Ticket] {
        try principal.require(.ticketsView)
        let phone = phone.trimmingCharacters(in: .whitespaces)
        guard !phone.isEmpty else { return [] }
        return try await database.read { try await repository.openTickets(phone: phone, hiddenFrom: principal.user?.id, limit: 10, on: $0) }
    }
}

extension CallAnswerRule {
    /// The rule with `KEFU_CALL_ANSWER_SECONDS` when set (1…600), else three rings (15 s).
    public static func fromEnvironment(_ environment: [String: String] = ProcessInfo.processInfo.environment) -> CallAnswerRule {
        guard let seconds = environment["KEFU_CALL_ANSWER_SECONDS"].flatMap(Int.init), (1...600).contains(seconds) else { return CallAnswerRule() }
        return CallAnswerRule(limitSeconds: seconds)
    }
}

/// Carries the saved call out of a transaction's closure.
final class CallBox: @unchecked Sendable { var call: CallLog? }
