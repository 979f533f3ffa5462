import Foundation
import KefuDomain
import KefuStore

/// Resolve, close, reopen; the SLA sweep; notifications.
extension TicketService {
    /// Resolves a ticket. Before that the agent confirms the customer understood the answer and was asked if
    /// there is anything else (R-TKT-9). Complaints resolve through their loop (`confirm`).
    public func resolve(id: Int64, customerUnderstood: Bool, askedAnythingElse: Bool, expectedVersion: Int64?,
                        by principal: Principal) async throws -> Ticket {
        try principal.require(.ticketsManage)
        var problems: [FieldError] = []
        if !customerUnderstood { problems.append(FieldError(field: "customer_understood", code: "error.must_confirm")) }
        if !askedAnythingElse { problems.append(FieldError(field: "asked_anything_else", code: "error.must_confirm")) }
        guard problems.isEmpty else { throw ServiceError.validation(problems) }
        let now = clock.now
        return try await update(id: id, expectedVersion: expectedVersion, by: principal, kind: "ticket.resolved") { ticket, connection in
            if ticket.type == .complaint {
                throw ServiceError.invalidState(current: ticket.complaintStage?.rawValue ?? ticket.state,
                                                allowed: ComplaintLoop.allowed(from: ticket.complaintStage ?? .received).map(\.rawValue))
            }
            guard !ticket.stateCategory.isDone else { throw ServiceError.invalidState(current: ticket.state, allowed: ["reopen"]) }
            try await requireSuggestionSettled(ticket, on: connection)
            if ticket.ownerID == nil { ticket.ownerID = principal.user?.id }
            try await move(&ticket, to: "resolved", by: principal, at: now, on: connection)
            try await askForRating(ticket, at: now, on: connection)
        }
    }

    /// The satisfaction request after resolution (R-TKT-9): a link that works once, mailed to customers who wrote
    /// by mail or the web form.
    func askForRating(_ ticket: Ticket, at now: Date, on connection: any SQLConnection) async throws {
        let token = Secrets.random()
        try await SatisfactionRepository().create(ticketID: ticket.id, tokenHash: Secrets.hash(token), at: now, on: connection)
        guard [.email, .web].contains(ticket.channel), ticket.customer.email != nil else { return }
        let chinese = ticket.subject.unicodeScalars.contains { (0x4E00...0x9FFF).contains($0.value) }
        let link = "\(mail.publicURL)/satisfaction/\(token)"
        let text = chinese
            ? "您好，您的问题（工单 \(ticket.number)）已处理完毕。请问您是否满意？请花一分钟为本次服务评分：\n\(link)\n如还有其他问题，直接回复本邮件即可。"
            : "Hello, your request (ticket \(ticket.number)) has been resolved. How did we do? Please rate this service:\n\(link)\nIf there is anything else, just reply to this mail."
        let mailID = try await queueMail(ticket: ticket, body: text, autoSubmitted: true, at: now, on: connection)
        // The conversation records that it was asked, not the link: staff must not be able to answer for the customer.
        let note = chinese ? "已发送满意度评价邀请。" : "Satisfaction rating requested."
        _ = try await records.addMessage(
            TicketMessage(ticketID: ticket.id, kind: .autoReply, authorID: nil, body: note, channel: ticket.channel, messageID: mailID, at: now),
            on: connection)
    }

    /// Closes a resolved ticket (complaints close by archiving their loop).
    public func close(id: Int64, expectedVersion: Int64?, by principal: Principal) async throws -> Ticket {
        try principal.require(.ticketsManage)
        let now = clock.now
        return try await update(id: id, expectedVersion: expectedVersion, by: principal, kind: "ticket.closed") { ticket, connection in
            if ticket.type == .complaint {
                throw ServiceError.invalidState(current: ticket.complaintStage?.rawValue ?? ticket.state,
                                                allowed: ComplaintLoop.allowed(from: ticket.complaintStage ?? .received).map(\.rawValue))
            }
            guard ticket.stateCategory == .resolved else {
                throw ServiceError.invalidState(current: ticket.state, allowed: ticket.stateCategory == .closed ? ["reopen"] : ["resolve"])
            }
            try await move(&ticket, to: "closed", by: principal, at: now, on: connection)
        }
    }

    /// Reopens a resolved or closed ticket; its resolution clock runs on from where it stopped.
    public func reopen(id: Int64, reason: String?, expectedVersion: Int64?, by principal: Principal) async throws -> Ticket {
        try principal.require(.ticketsManage)
        let reason = (reason ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        guard !reason.isEmpty else { throw ServiceError.validation([FieldError(field: "reason", code: "error.reason_required")]) }
        let now = clock.now
        return try await update(id: id, expectedVersion: expectedVersion, by: principal, kind: "ticket.reopened",
                                detail: ["reason": reason]) { ticket, connection in
            guard ticket.stateCategory.isDone, ticket.type != .complaint else {
                throw ServiceError.invalidState(current: ticket.state, allowed: ticket.stateCategory.isDone ? [] : ["resolve"])
            }
            try await move(&ticket, to: "open", by: principal, at: now, on: connection)
        }
    }

    /// What one sweep did.
    public struct SweepReport: Sendable, Equatable {
        public var looked: Int = 0
        public var atRisk: Int = 0
        public var breached: Int = 0
    }

    /// Marks clocks that turned at risk or breached since the last sweep, exactly once each (a unique mark per
    /// ticket, clock and kind), as events, and tells the owner, the assignee and their supervisors (R-TKT-4).
    /// Reads only the tickets whose watch instant has come, through an index.
    public func sweepSLA(limit: Int = 1_000) async throws -> SweepReport {
        let now = clock.now
        return try await database.transaction { connection in
            var report = SweepReport()
            let due = try await tickets.dueForSweep(at: now, limit: limit, on: connection)
            guard !due.isEmpty else { return report }
            // Everything the clocks need, and who supervises whom, read once for the whole pass.
            let loaded = try await records.timelines(ticketIDs: due.map(\.id), on: connection)
            var teams: [Int64: String?] = [:]
            var supervisors: [String?: [Int64]] = [:]
            var findings: [(ticket: Ticket, clock: TicketSLA.Clock, mark: SLAState)] = []
            var columns: [(ticketID: Int64, columns: TicketRepository.SLAColumns)] = []
            for ticket in due {
                let standing = try await standing(of: ticket, terms: loaded.terms[ticket.id] ?? [], history: loaded.history[ticket.id] ?? [],
                                                  messages: loaded.messages[ticket.id] ?? [], now: now, on: connection)
                for clock in standing.clocks where clock.metAt == nil && (clock.state == .atRisk || clock.state == .breached) {
                    // A clock found breached has passed "at risk" too: both are marked, only the breach is told.
                    for mark in clock.state == .breached ? [SLAState.atRisk, .breached] : [.atRisk] {
                        findings.append((ticket, clock, mark))
                    }
                }
                columns.append((ticket.id, Self.columns(standing.clocks, policyID: standing.policyID)))
            }
            let new = try await tickets.mark(findings.map { ($0.ticket.id, $0.clock.target, $0.mark) }, at: now, on: connection)
            let instants = ISO8601DateFormatter()
            var told: [Event] = []
            var notes: [(userID: Int64, kind: String, entityID: String, summary: String)] = []
            for finding in findings where new.contains("\(finding.ticket.id)/\(finding.clock.target.rawValue)/\(finding.mark.rawValue)") {
                let (ticket, clock, mark) = finding
                if mark == .breached { report.breached += 1 } else if clock.state == .atRisk { report.atRisk += 1 }
                guard mark == clock.state else { continue }
                told.append(Principal.system.event(
                    "ticket.sla_\(mark.rawValue)", entity: "ticket", id: "\(ticket.id)",
                    after: Snapshot.json(["target": clock.target.rawValue, "due_at": clock.due.map(instants.string)]), at: now))
                var team: String?
                if let assignee = ticket.assigneeID {
                    if teams[assignee] == nil { teams[assignee] = .some(try await users.find(id: assignee, on: connection)?.user.team) }
                    team = teams[assignee] ?? nil
                }
                if supervisors[team] == nil { supervisors[team] = try await tickets.staff(roles: [.supervisor], team: team, on: connection) }
                let watchers = (supervisors[team] ?? []).filter { $0 != ticket.aboutUserID }.prefix(2)
                for user in Set([ticket.ownerID, ticket.assigneeID].compactMap { $0 } + watchers).sorted() {
                    notes.append((user, "ticket.sla_\(mark.rawValue)", "\(ticket.id)", "\(ticket.number) \(ticket.subject)"))
                }
            }
            report.looked = due.count
            try await events.append(all: told, on: connection)
            try await records.notify(notes, entity: "ticket", at: now, on: connection)
            try await tickets.setSLA(columns, on: connection)
            return report
        }
    }

    // MARK: Notifications

    public func notifications(unreadOnly: Bool = false, limit: Int = 50, by principal: Principal) async throws -> [TicketRecordRepository.Notification] {
        guard let user = principal.user else { throw ServiceError.unauthenticated }
        return try await database.read { try await records.notifications(userID: user.id, unreadOnly: unreadOnly, limit: limit, on: $0) }
    }

    public func unreadNotifications(by principal: Principal) async throws -> Int {
        guard let user = principal.user else { return 0 }
        return try await database.read { try await records.unreadCount(userID: user.id, on: $0) }
    }

    /// Opens one notification: marks it read and returns it (the page then goes to what it is about).
    public func openNotification(id: Int64, by principal: Principal) async throws -> TicketRecordRepository.Notification {
        guard let user = principal.user else { throw ServiceError.unauthenticated }
        let now = clock.now
        return try await database.transaction { connection in
            guard let notification = try await records.notification(id: id, userID: user.id, on: connection) else {
                throw ServiceError.notFound(entity: "notification")
            }
            try await records.markRead(userID: user.id, ids: [id], at: now, on: connection)
            return notification
        }
    }

    public func markNotificationsRead(ids: [Int64]?, by principal: Principal) async throws {
        guard let user = principal.user else { throw ServiceError.unauthenticated }
        let now = clock.now
        try await database.transaction { try await records.markRead(userID: user.id, ids: ids, at: now, on: $0) }
    }
}

extension Optional {
    func asyncMap<T>(_ transform: (Wrapped) async throws -> T) async rethrows -> T? {
        guard let value = self else { return nil }
        return try await transform(value)
    }
}
