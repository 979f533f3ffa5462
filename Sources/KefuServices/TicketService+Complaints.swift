import Foundation
import KefuDomain
import KefuStore

/// The complaint closed loop (R-TKT-5, R-TKT-6): each stage with what it must record, no stage skipped.
extension TicketService {
    /// One step of the loop. `fields` carries what the step records (see `ComplaintLoop.requiredFields`);
    /// `valid` is the judgement, `approved` the supervisor's decision.
    public func complaintStep(id: Int64, action: ComplaintAction, fields: [String: String], valid: Bool = true, approved: Bool = true,
                              expectedVersion: Int64?, by principal: Principal) async throws -> Ticket {
        try principal.require(action == .approve ? .ticketsApprove : .ticketsManage)
        let fields = fields.mapValues { $0.trimmingCharacters(in: .whitespacesAndNewlines) }.filter { !$0.value.isEmpty }
        var problems = ComplaintLoop.requiredFields(for: action, valid: valid, approved: approved)
            .filter { fields[$0] == nil }.map { FieldError(field: $0, code: "error.required") }
        var severity: TicketSeverity?
        if action == .classify, let text = fields["severity"] {
            severity = TicketSeverity(rawValue: text)
            if severity == nil { problems.append(FieldError(field: "severity", code: "error.unknown_value")) }
        }
        var department: Department?
        if action == .assign, let text = fields["department"] {
            department = Department(rawValue: text)
            if department == nil { problems.append(FieldError(field: "department", code: "error.unknown_value")) }
        }
        if action == .implement, let text = fields["remedy"] {
            if ComplaintRemedy(rawValue: text) == nil { problems.append(FieldError(field: "remedy", code: "error.unknown_value")) }
        }
        guard problems.isEmpty else { throw ServiceError.validation(problems) }
        let (newSeverity, newDepartment) = (severity, department)
        let now = clock.now
        var detail: [String: String?] = fields
        detail["action"] = action.rawValue
        if action == .judge { detail["valid"] = valid ? "true" : "false" }
        if action == .approve { detail["approved"] = approved ? "true" : "false" }
        let followUpDays = self.followUpDays
        return try await update(id: id, expectedVersion: expectedVersion, by: principal, kind: "complaint.\(action.rawValue)",
                                detail: detail) { ticket, connection in
            guard ticket.type == .complaint, let stage = ticket.complaintStage else {
                throw ServiceError.invalidState(current: ticket.type.rawValue, allowed: [])
            }
            let next: ComplaintStage
            switch ComplaintLoop.apply(action, to: stage, valid: valid, approved: approved) {
            case .success(let reached): next = reached
            case .failure(let step): throw ServiceError.invalidState(current: step.current.rawValue, allowed: step.allowed.map(\.rawValue))
            }
            if action == .approve, approved, let proposer = try await records.complaintSteps(ticketID: ticket.id, on: connection)
                .last(where: { $0.action == .propose })?.byID, proposer == principal.user?.id, principal.user?.role != .manager {
                // The solution is approved by someone other than its author (a manager may approve their own).
                throw ServiceError.forbidden(.ticketsApprove)
            }
            if ticket.ownerID == nil { ticket.ownerID = principal.user?.id }
            if ticket.assigneeID == nil, ticket.aboutUserID != principal.user?.id { ticket.assigneeID = principal.user?.id }
            switch action {
            case .accept:
                if ticket.stateCategory == .new { try await move(&ticket, to: "open", by: principal, at: now, on: connection) }
            case .judge where !valid:
                // The explanation goes to the customer as a reply, and the complaint closes.
                _ = try await records.addMessage(
                    TicketMessage(ticketID: ticket.id, kind: .reply, authorID: principal.user?.id, authorName: principal.user?.displayName,
                                  body: fields["explanation"] ?? "", channel: ticket.channel, at: now), on: connection)
                if ticket.firstResponseAt == nil { ticket.firstResponseAt = now }
                try await move(&ticket, to: "closed", by: principal, at: now, on: connection)
            case .classify:
                if let category = fields["category"] {
                    guard try await tickets.categories(on: connection).contains(where: { $0.code == category }) else {
                        throw ServiceError.validation([FieldError(field: "category", code: "error.not_found")])
                    }
                    ticket.category = category
                }
                let wasMajor = ticket.severity == .major
                if let newSeverity { ticket.severity = newSeverity }
                // A different severity may bring a different policy: the time already used is kept.
                if let terms = try await sla.ticketTerms(for: ticket.slaAttributes(), on: connection),
                   terms.policyID != (try await records.terms(ticketID: ticket.id, on: connection).last?.policyID) {
                    try await records.addTerms(ticketID: ticket.id, policyID: terms.policyID, from: now, on: connection)
                }
                if ticket.severity == .major, !wasMajor { try await escalate(ticket, by: principal, at: now, on: connection) }
            case .assign:
                ticket.department = newDepartment
            case .propose:
                let supervisors = try await tickets.staff(roles: [.supervisor], team: principal.user?.team, on: connection)
                    .filter { $0 != principal.user?.id && $0 != ticket.aboutUserID }
                try await records.notify(userIDs: Array(supervisors.prefix(3)), kind: "complaint.approval_needed", entity: "ticket",
                                         entityID: "\(ticket.id)", summary: "\(ticket.number) \(ticket.subject)", at: now, on: connection)
            case .confirm:
                try await move(&ticket, to: "resolved", by: principal, at: now, on: connection)
                try await askForRating(ticket, at: now, on: connection)
                // Closing the loop with the customer schedules the follow-up call (R-CB-1: within 3 days).
                ticket.followUpDueAt = now.addingTimeInterval(TimeInterval(followUpDays) * 86_400)
            case .followUp:
                ticket.followUpDueAt = nil
            case .archive:
                try await move(&ticket, to: "closed", by: principal, at: now, on: connection)
            default:
                break
            }
            ticket.complaintStage = next
            try await records.addComplaintStep(ticketID: ticket.id, action: action, stage: next, details: fields, by: principal.user?.id,
                                               at: now, on: connection)
        }
    }

    /// Complaints whose follow-up call is due by `before`, soonest first (the callbacks list consumes these).
    public func followUpsDue(before: Date, by principal: Principal) async throws -> [Ticket] {
        try principal.require(.ticketsView)
        return try await list(TicketFilter(type: .complaint), limit: 200, by: principal).tickets
            .filter { ($0.followUpDueAt ?? .distantFuture) <= before }.sorted { ($0.followUpDueAt ?? .distantFuture) < ($1.followUpDueAt ?? .distantFuture) }
    }
}
