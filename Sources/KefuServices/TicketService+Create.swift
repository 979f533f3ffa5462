import Foundation
import KefuDomain
import KefuStore

/// Opening a ticket (R-TKT-1, 2): validation, its number, SLA terms, the opening rows and, for complaints, the
/// escalation of R-TKT-6.
extension TicketService {
    /// `then` runs in the same transaction once the ticket is saved (a logged call opening it records itself there).
    public func create(_ draft: TicketDraft, source: Source = .staff, uploads: [TicketUpload] = [], by principal: Principal,
                       then: (@Sendable (Ticket, any SQLConnection) async throws -> Void)? = nil) async throws -> Ticket {
        if principal.channel != .system { try principal.require(.ticketsManage) }
        var problems = draft.problems()
        if draft.type == .complaint, draft.category == "service_attitude", draft.aboutUserID == nil {
            problems.append(FieldError(field: "about_user_id", code: "error.required"))
        }
        guard problems.isEmpty, let type = draft.type, let channel = draft.channel, let customer = draft.customer else {
            throw ServiceError.validation(problems)
        }
        let now = clock.now
        let trim = { (text: String?) -> String? in
            let value = (text ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
            return value.isEmpty ? nil : value
        }
        let staffID = source == .staff ? principal.user?.id : nil
        let entered = Ticket(
            type: type, channel: channel, subject: trim(draft.subject) ?? "",
            customer: TicketCustomer(name: trim(customer.name) ?? "", phone: trim(customer.phone), email: trim(customer.email)?.lowercased()),
            orderID: draft.orderID, category: trim(draft.category), priority: draft.priority ?? .normal, severity: draft.severity ?? .simple,
            ownerID: staffID, assigneeID: staffID, aboutUserID: draft.aboutUserID, complaintStage: type == .complaint ? .received : nil,
            createdAt: now)
        let body = trim(draft.body) ?? ""
        let acknowledged = source != .staff && [.email, .web].contains(channel)
        // Most tickets write nothing but their opening rows: they are written together with the other tickets opened at
        // the same moment (one statement and no transaction around it on PostgreSQL).
        let alone = uploads.isEmpty && then == nil && !acknowledged && type != .complaint && entered.orderID == nil
            && entered.category == nil && entered.aboutUserID == nil
        if alone {
            let prepared = try await database.read { connection in
                try await prepareOpening(entered, body: body, source: source, by: principal, on: connection)
            }
            let (opening, opened) = try await openings.open(prepared)
            var ticket = opening.ticket
            ticket.id = opened.ticketID
            ticket.memberID = opened.memberID
            return ticket
        }
        let dayKey = OrderNumber.dayKey(now, timeZone: timeZone)
        let numbers = DaySequence(database: database, counter: .tickets)
        let reserved = try await numbers.reserve(dayKey: dayKey)
        let write: @Sendable (any SQLConnection) async throws -> Ticket = { connection in
            var opening = try await prepareOpening(entered, body: body, source: source, by: principal, on: connection)
            Self.number(&opening, sequence: try await numbers.take(reserved, dayKey: dayKey, on: connection), timeZone: timeZone)
            var ticket = opening.ticket
            let opened = try await tickets.open(opening, on: connection)
            ticket.id = opened.ticketID
            ticket.memberID = opened.memberID
            for upload in uploads {
                _ = try await records.addAttachment(ticketID: ticket.id, messageID: opened.messageID, filename: upload.filename,
                                                    contentType: upload.contentType, content: upload.data, at: now, on: connection)
            }
            if acknowledged {
                // The acknowledgement with the ticket number; an auto-reply, never counted as a response (R-QA-4).
                let chinese = (ticket.subject + body).unicodeScalars.contains { (0x4E00...0x9FFF).contains($0.value) }
                let text = chinese
                    ? "您好，我们已收到您的来信，工单号 \(ticket.number)。客服人员会尽快答复您。"
                    : "Hello, we have received your message as ticket \(ticket.number). We will answer you soon."
                let mailID = try await queueMail(ticket: ticket, body: text, autoSubmitted: true, at: now, on: connection)
                _ = try await records.addMessage(
                    TicketMessage(ticketID: ticket.id, kind: .autoReply, authorID: nil, body: text, channel: channel, messageID: mailID, at: now),
                    on: connection)
            }
            if type == .complaint { try await escalate(ticket, by: principal, at: now, on: connection) }
            try await then?(ticket, connection)
            return ticket
        }
        return try await database.transaction(write)
    }

    /// Gives a new ticket its number, the `sequence`-th of its day, and names it in the creation event.
    static func number(_ opening: inout TicketOpening, sequence: Int, timeZone: TimeZone) {
        opening.ticket.number = OrderNumber.make(day: opening.ticket.createdAt, sequence: sequence, timeZone: timeZone, prefix: "T")
        opening.event.after = Snapshot.ticket(opening.ticket)
    }

    /// A new ticket's first rows, all but its number (see ``number(_:sequence:timeZone:)``) and the ids the database
    /// gives them: a complaint about an agent routed to their supervisor (R-TKT-6), the member linked when a policy
    /// depends on their grade, and its SLA terms (R-TKT-4). Checks the order, category and person it names.
    private func prepareOpening(_ entered: Ticket, body: String, source: Source, by principal: Principal,
                                on connection: any SQLConnection) async throws -> TicketOpening {
        let now = entered.createdAt
        var ticket = entered
        var fieldProblems: [FieldError] = []
        if let orderID = ticket.orderID, try await orders.find(id: orderID, on: connection) == nil {
            fieldProblems.append(FieldError(field: "order_id", code: "error.not_found"))
        }
        if let category = ticket.category, try await !tickets.categories(on: connection).contains(where: { $0.code == category }) {
            fieldProblems.append(FieldError(field: "category", code: "error.not_found"))
        }
        var about: User?
        if let aboutID = ticket.aboutUserID {
            about = try await users.find(id: aboutID, on: connection)?.user
            if about == nil { fieldProblems.append(FieldError(field: "about_user_id", code: "error.not_found")) }
        }
        guard fieldProblems.isEmpty else { throw ServiceError.validation(fieldProblems) }
        if let about {
            // R-TKT-6: a complaint about an agent goes to their supervisor, never to the agent.
            let supervisors = try await tickets.staff(roles: [.supervisor], team: about.team, on: connection).filter { $0 != about.id }
            ticket.assigneeID = supervisors.first
            if ticket.ownerID == about.id { ticket.ownerID = supervisors.first }
        }
        let initial = try await state(code: "new", on: connection)
        // The member is linked by the insert itself, unless a policy depends on their grade (R-TKT-4).
        var grade: String?
        if try await sla.gradeMatters(on: connection),
           let member = try await MemberRepository().soleMemberGrade(phone: ticket.customer.phone, email: ticket.customer.email,
                                                                      on: connection) {
            ticket.memberID = member.id
            grade = member.grade
        }
        let terms = try await sla.ticketTerms(for: ticket.slaAttributes(memberGrade: grade), on: connection)
        let clocks = terms.map { TicketSLA.evaluate(terms: [.init(from: now, policy: $0.policy, calendar: $0.calendar)],
                                                      timeline: .init(createdAt: now, customerMessages: [now]), now: now,
                                                      atRiskFraction: atRiskFraction) } ?? []
        let columns = Self.columns(clocks, policyID: terms?.policyID)
        ticket.slaPolicyID = columns.policyID
        ticket.firstResponseDueAt = columns.firstResponseDueAt
        ticket.nextResponseDueAt = columns.nextResponseDueAt
        ticket.resolutionDueAt = columns.resolutionDueAt
        ticket.slaState = columns.state
        var messageID: String?
        if case .customer(let id) = source { messageID = id }
        return TicketOpening(
            ticket: ticket, sla: columns, state: initial, openedBy: principal.user?.id,
            message: TicketMessage(ticketID: 0, kind: .customer, authorID: nil, authorName: ticket.customer.name, body: body,
                                   channel: ticket.channel, messageID: messageID, at: now),
            event: principal.event("ticket.created", entity: "ticket", id: nil, after: nil, at: now))
    }

    /// R-TKT-6: a major complaint reaches every manager at once; an attitude complaint reaches the supervisors.
    func escalate(_ ticket: Ticket, by principal: Principal, at now: Date, on connection: any SQLConnection) async throws {
        if ticket.severity == .major {
            let managers = try await tickets.staff(roles: [.manager], team: nil, on: connection)
            try await records.notify(userIDs: managers, kind: "complaint.major", entity: "ticket", entityID: "\(ticket.id)",
                                     summary: "\(ticket.number) \(ticket.subject)", at: now, on: connection)
            try await events.append(principal.event("complaint.escalated", entity: "ticket", id: "\(ticket.id)",
                                                    after: Snapshot.json(["to": "manager", "severity": ticket.severity.rawValue]), at: now),
                                    on: connection)
        }
        if let about = ticket.aboutUserID {
            let team = try await users.find(id: about, on: connection)?.user.team
            let supervisors = try await tickets.staff(roles: [.supervisor], team: team, on: connection).filter { $0 != about }
            try await records.notify(userIDs: Array(supervisors.prefix(3)), kind: "complaint.about_agent", entity: "ticket",
                                     entityID: "\(ticket.id)", summary: "\(ticket.number) \(ticket.subject)", at: now, on: connection)
        }
    }
}
