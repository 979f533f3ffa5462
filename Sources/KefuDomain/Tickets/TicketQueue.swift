import Foundation

/// The two work queues an agent keeps open (issue 4, item 9): "mine" (open tickets they own or work on) and
/// "team" (every open ticket). Live updates decide with this which changes a queue page must hear about.
public enum TicketQueue: String, CaseIterable, Sendable {
    case mine, team

    /// Whether `ticket` belongs in this queue of `user`. Visibility (R-TKT-6) is checked before, by the service.
    public func contains(_ ticket: Ticket, user: Int64?) -> Bool {
        guard !ticket.stateCategory.isDone else { return false }
        switch self {
        case .team: return true
        case .mine: return user != nil && (ticket.assigneeID == user || ticket.ownerID == user)
        }
    }

    /// What a queue page is told about one change of a ticket. `previousAssignee` is who had it before an
    /// assignment (nil for a new ticket).
    public func update(for ticket: Ticket, previousAssignee: Int64?, user: Int64?) -> TicketQueueUpdate.Kind? {
        if contains(ticket, user: user) { return .entered }
        // Given to someone else: it leaves my queue unless I still own it.
        if self == .mine, let user, previousAssignee == user { return .left }
        return nil
    }
}

/// One change a queue page shows without reloading: a ticket entered it (new, assigned, reopened; a row the page
/// already has is redrawn) or left it.
public struct TicketQueueUpdate: Sendable, Equatable {
    public enum Kind: String, Sendable { case entered, left }

    /// The id of the event it comes from: increasing, so a client can resume after the last one it saw.
    public var eventID: Int64
    public var kind: Kind
    /// What happened: `ticket.created`, `ticket.assigned` or `ticket.reopened`.
    public var cause: String
    public var ticket: Ticket

    public init(eventID: Int64, kind: Kind, cause: String, ticket: Ticket) {
        self.eventID = eventID
        self.kind = kind
        self.cause = cause
        self.ticket = ticket
    }
}
