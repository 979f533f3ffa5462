import Foundation
import KefuDomain
import KefuStore

/// Suggestions (R-TKT-7, seed 004 建议受理流程): the agent classifies a suggestion and forwards it to a department
/// for evaluation, the department decides to adopt it or not and says why, and the agent tells the member. Each
/// step is one transaction with its event; the owner keeps the ticket throughout.
extension TicketService {
    var suggestions: SuggestionRepository { SuggestionRepository() }

    /// Classifies the suggestion (`category`, a child of the `suggestion` ticket category) and hands it to `department`
    /// with what is asked and by when, as a hand-off (R-TKT-3). Records `suggestion.forwarded` and tells the
    /// department's members. Only once: a forwarded suggestion is 409.
    public func forwardSuggestion(id: Int64, category: String?, department: Department?, request: String?, dueAt: Date?,
                                  contact: String? = nil, expectedVersion: Int64?, by principal: Principal) async throws
        -> (ticket: Ticket, suggestion: Suggestion)
    {
        try principal.require(.ticketsManage)
        let now = clock.now
        let category = Self.trimmed(category), request = Self.trimmed(request)
        var problems: [FieldError] = []
        if category.isEmpty { problems.append(FieldError(field: "category", code: "error.required")) }
        problems += Self.handoffProblems(department: department, request: request, dueAt: dueAt, now: now)
        if request.count > SuggestionRules.requestLimit {
            problems.append(FieldError(field: "request", code: "error.too_long", arguments: ["max": "\(SuggestionRules.requestLimit)"]))
        }
        guard problems.isEmpty, let department, let dueAt else { throw ServiceError.validation(problems) }
        let detail: [String: String?] = ["category": category, "department": department.rawValue, "request": request,
                                         "due_at": ISO8601DateFormatter().string(from: dueAt)]
        let ticket = try await update(id: id, expectedVersion: expectedVersion, by: principal, kind: "suggestion.forwarded",
                                      detail: detail) { ticket, connection in
            let current = try await suggestion(of: ticket, on: connection)
            if let illegal = SuggestionRules.check(.forward, at: current.stage) { throw Self.invalid(illegal) }
            let known = try await tickets.categories(on: connection)
            guard known.contains(where: { $0.code == category && $0.parent == SuggestionRules.categoryParent }) else {
                throw ServiceError.validation([FieldError(field: "category", code: "error.unknown_value")])
            }
            ticket.category = category
            let handoff = try await handOff(&ticket, to: department, request: request, dueAt: dueAt, contact: contact, by: principal, at: now,
                                            on: connection)
            do {
                try await suggestions.forward(ticketID: ticket.id, handoffID: handoff.id, by: principal.user?.id, at: now, on: connection)
            } catch StoreError.duplicate {
                throw ServiceError.conflict(code: "error.already_done", currentVersion: nil)
            }
            // The department hears of it: its members have no queue, only what is handed to them.
            try await records.notify(userIDs: try await suggestions.departmentStaff(department, on: connection), kind: "suggestion.forwarded",
                                     entity: "ticket", entityID: "\(ticket.id)", summary: "\(ticket.number) \(ticket.subject)", at: now,
                                     on: connection)
        }
        return (ticket, try await database.read { try await suggestion(of: ticket, on: $0) })
    }

    /// The department's decision: adopted, partly adopted or not adopted, always with a reason (for an adopted one,
    /// how it will be done). Recorded by a member of the department it was forwarded to (`handoffs.view`) or by
    /// someone who approves (`tickets.approve`) on the department's behalf. Answers the hand-off, brings the ticket
    /// back to its owner and records `suggestion.decided`. Deciding before forwarding, or twice, is 409.
    public func decideSuggestion(id: Int64, decision: String?, reason: String?, expectedVersion: Int64?, by principal: Principal) async throws
        -> (ticket: Ticket, suggestion: Suggestion)
    {
        guard principal.can(.ticketsApprove) || principal.can(.handoffsView) else { throw ServiceError.forbidden(.ticketsApprove) }
        let problems = SuggestionRules.decisionProblems(decision: decision, reason: reason)
        guard problems.isEmpty, let decision = SuggestionDecision(rawValue: Self.trimmed(decision)) else {
            throw ServiceError.validation(problems)
        }
        let reason = Self.trimmed(reason)
        let now = clock.now
        let ticket = try await update(id: id, expectedVersion: expectedVersion, by: principal, kind: "suggestion.decided",
                                      detail: ["decision": decision.rawValue, "reason": reason]) { ticket, connection in
            let current = try await suggestion(of: ticket, on: connection)
            if let illegal = SuggestionRules.check(.decide, at: current.stage) { throw Self.invalid(illegal) }
            guard SuggestionRules.mayDecide(permissions: principal.permissions, userDepartment: principal.user?.department,
                                            forwardedTo: current.forwarding?.department) else {
                throw ServiceError.forbidden(.ticketsApprove)
            }
            guard try await suggestions.decide(ticketID: ticket.id, decision: decision, reason: reason, by: principal.user?.id, at: now,
                                               on: connection) else {
                throw ServiceError.conflict(code: "error.already_done", currentVersion: nil)
            }
            if let handoff = current.forwarding?.handoffID {
                // Answered already when the department wrote back through the hand-off itself.
                _ = try await records.answerHandoff(id: handoff, ticketID: ticket.id, answer: reason, by: principal.user?.id, at: now,
                                                    on: connection)
            }
            if ticket.state == "waiting_department" { try await move(&ticket, to: "open", by: principal, at: now, on: connection) }
            try await records.notify(userIDs: Array(Set([ticket.ownerID, ticket.assigneeID].compactMap { $0 })).sorted(),
                                     kind: "suggestion.decided", entity: "ticket", entityID: "\(ticket.id)",
                                     summary: "\(ticket.number) \(ticket.subject)", at: now, on: connection)
        }
        return (ticket, try await database.read { try await suggestion(of: ticket, on: $0) })
    }

    /// Records that the member was told of the decision (seed 004: thanks and how it will be done, or why not). With
    /// `body`, the reply goes to the customer on the ticket — by mail when they wrote by mail or the web form; without,
    /// it records that they were told another way (by phone). Records `suggestion.notified`; only after the decision
    /// and only once (409).
    public func notifySuggestion(id: Int64, body: String?, expectedVersion: Int64?, by principal: Principal) async throws
        -> (ticket: Ticket, suggestion: Suggestion)
    {
        try principal.require(.ticketsManage)
        let text = Self.trimmed(body)
        let now = clock.now
        let ticket = try await update(id: id, expectedVersion: expectedVersion, by: principal, kind: "suggestion.notified",
                                      detail: ["reply": text.isEmpty ? "false" : "true"]) { ticket, connection in
            let current = try await suggestion(of: ticket, on: connection)
            if let illegal = SuggestionRules.check(.notify, at: current.stage) { throw Self.invalid(illegal) }
            var messageID: Int64?
            if !text.isEmpty {
                guard !ticket.stateCategory.isDone else { throw ServiceError.invalidState(current: ticket.state, allowed: ["reopen"]) }
                messageID = try await record(.reply, text: text, in: &ticket, by: principal, at: now, on: connection).id
            }
            guard try await suggestions.notify(ticketID: ticket.id, messageID: messageID, by: principal.user?.id, at: now, on: connection) else {
                throw ServiceError.conflict(code: "error.already_done", currentVersion: nil)
            }
        }
        return (ticket, try await database.read { try await suggestion(of: ticket, on: $0) })
    }

    /// A suggestion ticket's evaluation; any other type is not possible (409 naming the type).
    func suggestion(of ticket: Ticket, on connection: any SQLConnection) async throws -> Suggestion {
        guard ticket.type == .suggestion else { throw ServiceError.invalidState(current: ticket.type.rawValue, allowed: []) }
        return try await suggestions.find(for: ticket, on: connection)
    }

    /// R-TKT-7: a forwarded suggestion is not resolved before its decision, nor a decided one before the member was told.
    func requireSuggestionSettled(_ ticket: Ticket, on connection: any SQLConnection) async throws {
        guard ticket.type == .suggestion else { return }
        let stage = try await suggestions.find(for: ticket, on: connection).stage
        if let blocker = SuggestionRules.resolutionBlocker(stage) {
            throw ServiceError.invalidState(current: "suggestion_\(stage.rawValue)", allowed: ["suggestion_\(blocker.rawValue)"])
        }
    }

    /// The illegal step as the API and pages show it: `suggestion_<stage>`, and what is possible instead.
    static func invalid(_ step: IllegalSuggestionStep) -> ServiceError {
        .invalidState(current: "suggestion_\(step.current.rawValue)", allowed: step.allowed.map { "suggestion_\($0.rawValue)" })
    }

    static func trimmed(_ text: String?) -> String { (text ?? "").trimmingCharacters(in: .whitespacesAndNewlines) }
}
