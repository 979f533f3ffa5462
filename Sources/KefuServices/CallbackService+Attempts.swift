import Foundation
import KefuDomain
import KefuStore

/// Attempts and outcomes (R-CB-2, R-CB-3).
extension CallbackService {
    /// Records a try to reach the member. Dialling is refused (422, field `result`) in the member's rest hours, before
    /// the window or the next try, and always for a member who asked not to be called; `sent` is for their email or
    /// SMS task. A refusal may also mark the member do-not-call. Records `callback.attempted`.
    public func recordAttempt(id: Int64, result: CallbackAttempt.Result, note: String?, doNotCall: Bool = false,
                              expectedVersion: Int64? = nil, by principal: Principal) async throws -> CallbackDetail {
        try principal.require(.callbacksManage)
        let note = note?.trimmingCharacters(in: .whitespacesAndNewlines).nilIfEmpty
        if let note, note.count > CallbackAttempt.noteLimit {
            throw ServiceError.validation([FieldError(field: "note", code: "error.too_long", arguments: ["max": "\(CallbackAttempt.noteLimit)"])])
        }
        let now = clock.now
        let (settings, timeZone, user) = (self.settings, self.timeZone, principal.user?.id)
        try await database.transaction { connection in
            guard let entry = try await repository.find(id: id, on: connection) else { throw ServiceError.notFound(entity: "callback") }
            let current = entry.current
            let quiet = entry.quietHours(settings)
            if let refusal = current.refusal(of: result, at: now, quietHours: quiet, timeZone: timeZone) {
                throw Self.error(refusal, timeZone: timeZone)
            }
            let next = current.after(result, at: now, by: user, settings: settings, quietHours: quiet, timeZone: timeZone)
            try await repository.update(next, expectedVersion: expectedVersion ?? entry.callback.version, at: now, on: connection)
            _ = try await repository.addAttempt(CallbackAttempt(callbackID: id, result: result, note: note, byID: user, at: now), on: connection)
            let iso = ISO8601DateFormatter()
            try await events.append(principal.event("callback.attempted", entity: "callback", id: "\(id)", after: Snapshot.json([
                "result": result.rawValue, "status": next.state.rawValue, "next_attempt_at": next.nextAttemptAt.map(iso.string),
                "closure": next.closure?.rawValue, "note": note,
            ]), at: now), on: connection)
            if result == .refused, doNotCall, let member = entry.callback.memberID {
                try await markDoNotCall(member: member, because: id, by: principal, at: now, on: connection)
            }
        }
        return try await get(id: id, by: principal)
    }

    /// A member who refused a callback and asked never to be called again (R-CB-3).
    func markDoNotCall(member: Int64, because callback: Int64, by principal: Principal, at now: Date, on connection: any SQLConnection) async throws {
        let changed = try await connection.query(
            "UPDATE members SET do_not_call = 1, version = version + 1, updated_at = \(now) WHERE id = \(member) AND do_not_call = 0 RETURNING id")
        guard !changed.isEmpty else { return }
        // In the member's own history too (R-MEM-5), as an edit of the flag would be.
        try await MemberRepository().addHistory(MemberHistoryEntry(
            id: 0, memberID: member, action: "updated", changes: [MemberFieldChange(field: "do_not_call", before: "false", after: "true")],
            changedBy: principal.user?.id, changedAt: now), on: connection)
        try await events.append(principal.event("member.do_not_call", entity: "member", id: "\(member)", before: Snapshot.json(["do_not_call": "false"]),
                                                after: Snapshot.json(["do_not_call": "true", "callback": "\(callback)"]), at: now), on: connection)
    }

    static func error(_ refusal: CallbackAttemptRefusal, timeZone: TimeZone) -> ServiceError {
        let formatter = DateFormatter()
        formatter.timeZone = timeZone
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.dateFormat = "yyyy-MM-dd HH:mm"
        switch refusal {
        case .finished(let state): return .invalidState(current: state.rawValue, allowed: [])
        case .doNotCall: return .validation([FieldError(field: "result", code: "error.callback_do_not_call")])
        case .notAMessageTask: return .validation([FieldError(field: "result", code: "error.callback_not_a_message_task")])
        case .quietHours(let until):
            return .validation([FieldError(field: "result", code: until == nil ? "error.callback_always_resting" : "error.callback_rest_hours",
                                           arguments: until.map { ["until": formatter.string(from: $0)] } ?? [:])])
        case .notYet(let until):
            return .validation([FieldError(field: "result", code: "error.callback_not_yet", arguments: ["until": formatter.string(from: until)])])
        }
    }

    /// Records how the member felt (R-CB-2). An unsatisfied member gets a ticket — a complaint, or the improvement
    /// (suggestion) asked for — opened with their words and linked both ways: the callback carries `ticket_id`, the
    /// ticket's history the callback. A complaint's follow-up call closes that step of its loop (R-TKT-5).
    /// Records `callback.completed`.
    public func recordOutcome(id: Int64, _ draft: CallbackOutcomeDraft, ticketSubject: String? = nil, expectedVersion: Int64? = nil,
                              by principal: Principal) async throws -> CallbackDetail {
        try principal.require(.callbacksManage)
        let problems = draft.problems
        guard problems.isEmpty, let outcome = draft.outcome else { throw ServiceError.validation(problems) }
        guard let before = try await database.read({ try await repository.find(id: id, on: $0) }) else {
            throw ServiceError.notFound(entity: "callback")
        }
        guard before.callback.state == .open else { throw ServiceError.invalidState(current: before.callback.state.rawValue, allowed: []) }
        if let expectedVersion, expectedVersion != before.callback.version {
            throw StoreError.staleVersion(entity: "callback", id: "\(id)", current: before.callback.version)
        }
        let suggestions = draft.trimmedSuggestions
        var opened: Ticket?
        if let type = draft.ticketToOpen {
            let contact = before.contact
            let channel: TicketChannel = before.channel == .phone ? .phone : before.channel == .email ? .email : .sms
            opened = try await tickets.create(TicketDraft(
                type: type, channel: channel, subject: ticketSubject ?? Self.subject(before, type: type), body: suggestions,
                customer: .init(name: contact.name, phone: contact.phone, email: contact.email), orderID: before.callback.orderID), by: principal)
        }
        let now = clock.now
        let (user, ticket) = (principal.user?.id, opened)
        try await database.transaction { connection in
            guard let entry = try await repository.find(id: id, on: connection) else { throw ServiceError.notFound(entity: "callback") }
            guard entry.callback.state == .open else { throw ServiceError.invalidState(current: entry.callback.state.rawValue, allowed: []) }
            var done = entry.current.completed(outcome, suggestions: suggestions, at: now, by: user)
            done.ticketID = ticket?.id
            try await repository.update(done, expectedVersion: expectedVersion ?? before.callback.version, at: now, on: connection)
            let attempts = try await repository.attempts(callbackID: id, on: connection)
            if done.channel == .phone, attempts.last?.result != .answered {
                // The member was reached: the call is on record with its time even when only the outcome was entered.
                _ = try await repository.addAttempt(CallbackAttempt(callbackID: id, result: .answered, note: nil, byID: user, at: now), on: connection)
            }
            try await events.append(principal.event("callback.completed", entity: "callback", id: "\(id)", after: Snapshot.json([
                "outcome": outcome.rawValue, "suggestions": suggestions, "ticket": ticket.map { "\($0.id)" },
            ]), at: now), on: connection)
            if let ticket {
                if let member = entry.callback.memberID {
                    try await connection.query("UPDATE tickets SET member_id = \(member) WHERE id = \(ticket.id) AND member_id IS NULL")
                }
                try await events.append(principal.event("ticket.from_callback", entity: "ticket", id: "\(ticket.id)", after: Snapshot.json([
                    "callback": "\(id)", "outcome": outcome.rawValue,
                ]), at: now), on: connection)
            }
        }
        if before.callback.reason == .complaintFollowUp, let complaint = before.callback.sourceTicketID, principal.can(.ticketsManage) {
            let words = [Self.outcomeNames[outcome], suggestions].compactMap { $0 }.joined(separator: "：")
            do {
                _ = try await tickets.complaintStep(id: complaint, action: .followUp, fields: ["outcome": words], expectedVersion: nil, by: principal)
            } catch ServiceError.invalidState {
                // The complaint's follow-up was recorded on the ticket already, or it is not waiting for one.
            }
        }
        return try await get(id: id, by: principal)
    }

    /// The people's words for outcomes, as complaint steps and sheets record them.
    static let outcomeNames: [CallbackOutcome: String] = [.satisfied: "满意", .neutral: "一般", .unsatisfied: "不满意"]
    static let reasonNames: [Callback.Reason: String] = [
        .deliveredOrder: "订单回访", .serviceFollowUp: "服务回访", .complaintFollowUp: "投诉回访", .occasion: "节日/生日回访",
        .firstContact: "首次联系", .manual: "人工回访",
    ]

    /// The subject of a ticket an outcome opens when the caller gives none: what the call was about.
    static func subject(_ entry: CallbackEntry, type: TicketType) -> String {
        let about = entry.orderNumber ?? entry.sourceTicketNumber ?? entry.contact.name
        return "\(reasonNames[entry.callback.reason] ?? "回访")\(type == .complaint ? "不满意" : "建议")：\(about)"
    }
}
