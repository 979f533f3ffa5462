import Foundation
import KefuDomain
import KefuStore

/// Replies, notes, customer messages, assignment, states and hand-offs.
extension TicketService {
    /// A reply to the customer or an internal note (R-TKT-8). The first person to reply takes ownership of a
    /// ticket nobody owns yet (R-TKT-2); a reply answers the customer (SLA), a note never does. An auto-reply
    /// is sent but is not a response (R-QA-4).
    public func addMessage(id: Int64, kind: TicketMessageKind, body: String?, expectedVersion: Int64? = nil, messageID: String? = nil,
                           by principal: Principal) async throws -> (ticket: Ticket, message: TicketMessage) {
        try principal.require(.ticketsManage)
        guard kind != .customer else { throw ServiceError.validation([FieldError(field: "kind", code: "error.unknown_value")]) }
        let text = (body ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        guard !text.isEmpty else { throw ServiceError.validation([FieldError(field: "body", code: "error.required")]) }
        let now = clock.now
        let box = MessageBox()
        let ticket = try await update(id: id, expectedVersion: expectedVersion, by: principal, kind: "ticket.\(kind.rawValue)",
                                      detail: ["kind": kind.rawValue]) { ticket, connection in
            guard !ticket.stateCategory.isDone || kind == .note else {
                throw ServiceError.invalidState(current: ticket.state, allowed: ["reopen", "note"])
            }
            box.message = try await record(kind, text: text, messageID: messageID, in: &ticket, by: principal, at: now, on: connection)
        }
        return (ticket, box.message!)
    }

    /// Writes a reply or note into the caller's transaction: a reply takes ownership, answers the customer (SLA) and
    /// goes out by mail to someone who wrote by mail or the web form (R-TKT-8).
    func record(_ kind: TicketMessageKind, text: String, messageID: String? = nil, in ticket: inout Ticket, by principal: Principal, at now: Date,
                on connection: any SQLConnection) async throws -> TicketMessage {
        if kind == .reply {
            if ticket.ownerID == nil { ticket.ownerID = principal.user?.id }
            if ticket.assigneeID == nil { ticket.assigneeID = principal.user?.id }
            if ticket.firstResponseAt == nil { ticket.firstResponseAt = now }
            if ticket.stateCategory == .new { try await move(&ticket, to: "open", by: principal, at: now, on: connection) }
        }
        // A reply to someone who wrote by mail or the web form goes to them by mail, threaded (never a note).
        var mailID = messageID
        if kind == .reply, [.email, .web].contains(ticket.channel) {
            mailID = try await queueMail(ticket: ticket, body: text, autoSubmitted: false, at: now, on: connection) ?? messageID
        }
        let message = try await records.addMessage(
            TicketMessage(ticketID: ticket.id, kind: kind, authorID: principal.user?.id, authorName: principal.user?.displayName,
                          body: text, channel: kind == .note ? nil : ticket.channel, messageID: mailID, at: now), on: connection)
        try await records.queueForSearch(messageID: message.id, ticketID: ticket.id, on: connection)
        return message
    }

    /// The customer wrote again (mail, web status page, integration): a waiting ticket opens again and a
    /// resolved one is reopened; the next-response clock starts.
    public func addCustomerMessage(id: Int64, body: String, channel: TicketChannel, messageID: String? = nil, uploads: [TicketUpload] = [],
                                   by principal: Principal) async throws -> (ticket: Ticket, message: TicketMessage) {
        if principal.channel != .system { try principal.require(.ticketsManage) }
        let text = body.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !text.isEmpty else { throw ServiceError.validation([FieldError(field: "body", code: "error.required")]) }
        let now = clock.now
        let box = MessageBox()
        let ticket = try await update(id: id, expectedVersion: nil, by: principal, kind: "ticket.customer_message") { ticket, connection in
            if ticket.stateCategory == .closed, ticket.type == .complaint {
                throw ServiceError.invalidState(current: ticket.state, allowed: [])
            }
            if ticket.stateCategory == .pending || ticket.stateCategory.isDone {
                try await move(&ticket, to: "open", by: principal, at: now, on: connection)
            }
            let message = try await records.addMessage(
                TicketMessage(ticketID: ticket.id, kind: .customer, authorID: nil, authorName: ticket.customer.name, body: text,
                              channel: channel, messageID: messageID, at: now), on: connection)
            try await records.queueForSearch(messageID: message.id, ticketID: ticket.id, on: connection)
            for upload in uploads {
                _ = try await records.addAttachment(ticketID: ticket.id, messageID: message.id, filename: upload.filename,
                                                    contentType: upload.contentType, content: upload.data, at: now, on: connection)
            }
            try await records.notify(userIDs: [ticket.ownerID, ticket.assigneeID].compactMap { $0 }, kind: "ticket.customer_message",
                                     entity: "ticket", entityID: "\(ticket.id)", summary: "\(ticket.number) \(ticket.subject)", at: now,
                                     on: connection)
            box.message = message
        }
        return (ticket, box.message!)
    }

    /// Gives the work to `assigneeID`. The first person a ticket is given to becomes its owner if it had none
    /// (R-TKT-2); the owner never changes after that. Never to the agent a complaint is about (R-TKT-6).
    public func assign(id: Int64, to assigneeID: Int64, expectedVersion: Int64?, by principal: Principal) async throws -> Ticket {
        try principal.require(.ticketsManage)
        let now = clock.now
        return try await update(id: id, expectedVersion: expectedVersion, by: principal, kind: "ticket.assigned",
                                detail: ["assignee_id": "\(assigneeID)"]) { ticket, connection in
            guard let user = try await users.find(id: assigneeID, on: connection)?.user, user.active, user.permissions.contains(.ticketsManage) else {
                throw ServiceError.validation([FieldError(field: "assignee_id", code: "error.not_found")])
            }
            if ticket.aboutUserID == assigneeID {
                throw ServiceError.validation([FieldError(field: "assignee_id", code: "error.complaint_about_assignee")])
            }
            ticket.assigneeID = assigneeID
            if ticket.ownerID == nil { ticket.ownerID = assigneeID }
            if ticket.stateCategory == .new { try await move(&ticket, to: "open", by: principal, at: now, on: connection) }
            try await records.notify(userIDs: [assigneeID].filter { $0 != principal.user?.id }, kind: "ticket.assigned", entity: "ticket",
                                     entityID: "\(ticket.id)", summary: "\(ticket.number) \(ticket.subject)", at: now, on: connection)
        }
    }

    /// Puts the ticket in a configured state of the open or pending categories (resolve, close and reopen have
    /// their own rules).
    public func setState(id: Int64, code: String, expectedVersion: Int64?, by principal: Principal) async throws -> Ticket {
        try principal.require(.ticketsManage)
        let now = clock.now
        return try await update(id: id, expectedVersion: expectedVersion, by: principal, kind: "ticket.state_changed",
                                detail: ["to": code]) { ticket, connection in
            let target = try await state(code: code, on: connection)
            guard target.category == .open || target.category == .pending, !ticket.stateCategory.isDone else {
                throw ServiceError.invalidState(current: ticket.state, allowed: ticket.stateCategory.isDone ? ["reopen"] : ["resolve"])
            }
            try await move(&ticket, to: code, by: principal, at: now, on: connection)
        }
    }

    /// Hands the work to a department or the second line with what is asked, a contact and the expected reply
    /// time (R-TKT-3). The owner stays the owner and keeps it in their queue.
    public func handoff(id: Int64, department: Department?, request: String?, dueAt: Date?, contact: String?, expectedVersion: Int64?,
                        by principal: Principal) async throws -> (ticket: Ticket, handoff: TicketHandoff) {
        try principal.require(.ticketsManage)
        let now = clock.now
        let request = (request ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        let problems = Self.handoffProblems(department: department, request: request, dueAt: dueAt, now: now)
        guard problems.isEmpty, let department, let dueAt else { throw ServiceError.validation(problems) }
        let box = HandoffBox()
        let ticket = try await update(id: id, expectedVersion: expectedVersion, by: principal, kind: "ticket.handed_off",
                                      detail: ["department": department.rawValue, "request": request,
                                               "due_at": ISO8601DateFormatter().string(from: dueAt)]) { ticket, connection in
            box.handoff = try await handOff(&ticket, to: department, request: request, dueAt: dueAt, contact: contact, by: principal, at: now,
                                            on: connection)
        }
        return (ticket, box.handoff!)
    }

    /// What is missing or wrong in a hand-off: a department, what is asked, and a due instant in the future.
    static func handoffProblems(department: Department?, request: String, dueAt: Date?, now: Date) -> [FieldError] {
        var problems: [FieldError] = []
        if department == nil { problems.append(FieldError(field: "department", code: "error.required")) }
        if request.isEmpty { problems.append(FieldError(field: "request", code: "error.required")) }
        if dueAt == nil {
            problems.append(FieldError(field: "due_at", code: "error.required"))
        } else if let dueAt, dueAt <= now {
            problems.append(FieldError(field: "due_at", code: "error.must_be_future"))
        }
        return problems
    }

    /// Hands the ticket to `department` in the caller's transaction: the owner stays, the ticket waits for the department.
    func handOff(_ ticket: inout Ticket, to department: Department, request: String, dueAt: Date, contact: String?, by principal: Principal,
                 at now: Date, on connection: any SQLConnection) async throws -> TicketHandoff {
        guard !ticket.stateCategory.isDone else { throw ServiceError.invalidState(current: ticket.state, allowed: ["reopen"]) }
        if ticket.ownerID == nil { ticket.ownerID = principal.user?.id }
        ticket.department = department
        try await move(&ticket, to: "waiting_department", by: principal, at: now, on: connection)
        return try await records.addHandoff(
            TicketHandoff(ticketID: ticket.id, department: department, request: request, dueAt: dueAt,
                          contact: contact.flatMap { $0.isEmpty ? nil : $0 }, requestedBy: principal.user?.id, requestedAt: now), on: connection)
    }

    /// The department's answer: recorded as an internal note, the ticket back with its owner and assignee.
    public func answerHandoff(id: Int64, handoffID: Int64, answer: String?, by principal: Principal) async throws -> Ticket {
        guard principal.can(.ticketsManage) || principal.can(.handoffsView) else { throw ServiceError.forbidden(.handoffsView) }
        let text = (answer ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        guard !text.isEmpty else { throw ServiceError.validation([FieldError(field: "answer", code: "error.required")]) }
        let now = clock.now
        return try await update(id: id, expectedVersion: nil, by: principal, kind: "ticket.handoff_answered",
                                detail: ["handoff_id": "\(handoffID)"]) { ticket, connection in
            guard try await records.answerHandoff(id: handoffID, ticketID: ticket.id, answer: text, by: principal.user?.id, at: now,
                                                  on: connection) else {
                throw ServiceError.notFound(entity: "handoff")
            }
            _ = try await records.addMessage(
                TicketMessage(ticketID: ticket.id, kind: .note, authorID: principal.user?.id, authorName: principal.user?.displayName,
                              body: text, at: now), on: connection)
            if ticket.state == "waiting_department" { try await move(&ticket, to: "open", by: principal, at: now, on: connection) }
            try await records.notify(userIDs: [ticket.ownerID, ticket.assigneeID].compactMap { $0 }, kind: "ticket.handoff_answered",
                                     entity: "ticket", entityID: "\(ticket.id)", summary: "\(ticket.number) \(ticket.subject)", at: now,
                                     on: connection)
        }
    }
}

/// Carries a value out of an `update` closure.
final class MessageBox: @unchecked Sendable { var message: TicketMessage? }
final class HandoffBox: @unchecked Sendable { var handoff: TicketHandoff? }
