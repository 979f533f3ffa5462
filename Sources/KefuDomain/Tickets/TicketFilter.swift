import Foundation

/// Which tickets a list shows. Lists of open work sort by time left; others newest first.
public struct TicketFilter: Equatable, Hashable, Sendable {
    public enum SLAFilter: String, Sendable, CaseIterable { case atRisk = "at_risk", breached }

    public var type: TicketType?
    public var state: String?
    public var category: TicketStateCategory?
    /// Only tickets not yet resolved or closed.
    public var openOnly: Bool
    public var assigneeID: Int64?
    public var ownerID: Int64?
    /// Tickets someone is involved in: owner or assignee (the agent's own queue).
    public var involvedID: Int64?
    public var department: Department?
    public var sla: SLAFilter?
    public var channel: TicketChannel?
    public var query: String?
    public var orderID: Int64?
    public var createdFrom: Date?
    public var createdBefore: Date?
    /// Leave out attitude complaints about this person (R-TKT-6).
    public var hiddenFrom: Int64?

    public init(type: TicketType? = nil, state: String? = nil, category: TicketStateCategory? = nil, openOnly: Bool = false,
                assigneeID: Int64? = nil, ownerID: Int64? = nil, involvedID: Int64? = nil, department: Department? = nil,
                sla: SLAFilter? = nil, channel: TicketChannel? = nil, query: String? = nil, orderID: Int64? = nil,
                createdFrom: Date? = nil, createdBefore: Date? = nil, hiddenFrom: Int64? = nil) {
        self.type = type
        self.state = state
        self.category = category
        self.openOnly = openOnly
        self.assigneeID = assigneeID
        self.ownerID = ownerID
        self.involvedID = involvedID
        self.department = department
        self.sla = sla
        self.channel = channel
        self.query = query
        self.orderID = orderID
        self.createdFrom = createdFrom
        self.createdBefore = createdBefore
        self.hiddenFrom = hiddenFrom
    }

    /// Whether the list is of work still to do, sorted by time left.
    public var sortsByTimeLeft: Bool { openOnly || sla != nil || category.map { !$0.isDone } ?? false }
}
