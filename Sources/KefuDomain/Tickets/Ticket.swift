import Foundation

/// The customer as a ticket knows them; linked to a member when the contact matches.
public struct TicketCustomer: Codable, Equatable, Sendable {
    public var name: String
    public var phone: String?
    public var email: String?

    public init(name: String, phone: String? = nil, email: String? = nil) {
        self.name = name
        self.phone = phone
        self.email = email
    }
}

/// A service ticket: an inquiry, complaint, suggestion, repair request, delivery query or after-sales
/// question from any channel (R-TKT-1). The first person who takes it owns it until it is closed (R-TKT-2);
/// the assignee is whoever works on it now.
public struct Ticket: Equatable, Sendable {
    public var id: Int64
    public var number: String
    public var type: TicketType
    public var channel: TicketChannel
    public var subject: String
    public var customer: TicketCustomer
    public var memberID: Int64?
    public var orderID: Int64?
    public var category: String?
    public var priority: TicketPriority
    public var severity: TicketSeverity
    /// The configured state's code, and its category.
    public var state: String
    public var stateCategory: TicketStateCategory
    /// First-contact owner: set once, never changed (R-TKT-2).
    public var ownerID: Int64?
    public var assigneeID: Int64?
    /// The department the work is handed to, if any (R-TKT-3).
    public var department: Department?
    /// The agent a service-attitude complaint is about: never shown the ticket (R-TKT-6).
    public var aboutUserID: Int64?
    public var complaintStage: ComplaintStage?
    public var slaPolicyID: Int64?
    public var firstResponseDueAt: Date?
    public var firstResponseAt: Date?
    public var nextResponseDueAt: Date?
    public var resolutionDueAt: Date?
    public var resolvedAt: Date?
    public var closedAt: Date?
    public var slaState: SLAState?
    public var followUpDueAt: Date?
    public var version: Int64
    public var createdAt: Date
    public var updatedAt: Date

    public init(
        id: Int64 = 0, number: String = "", type: TicketType, channel: TicketChannel, subject: String, customer: TicketCustomer,
        memberID: Int64? = nil, orderID: Int64? = nil, category: String? = nil, priority: TicketPriority = .normal,
        severity: TicketSeverity = .simple, state: String = "new", stateCategory: TicketStateCategory = .new, ownerID: Int64? = nil,
        assigneeID: Int64? = nil, department: Department? = nil, aboutUserID: Int64? = nil, complaintStage: ComplaintStage? = nil,
        slaPolicyID: Int64? = nil, firstResponseDueAt: Date? = nil, firstResponseAt: Date? = nil, nextResponseDueAt: Date? = nil,
        resolutionDueAt: Date? = nil, resolvedAt: Date? = nil, closedAt: Date? = nil, slaState: SLAState? = nil,
        followUpDueAt: Date? = nil, version: Int64 = 1, createdAt: Date, updatedAt: Date? = nil
    ) {
        self.id = id
        self.number = number
        self.type = type
        self.channel = channel
        self.subject = subject
        self.customer = customer
        self.memberID = memberID
        self.orderID = orderID
        self.category = category
        self.priority = priority
        self.severity = severity
        self.state = state
        self.stateCategory = stateCategory
        self.ownerID = ownerID
        self.assigneeID = assigneeID
        self.department = department
        self.aboutUserID = aboutUserID
        self.complaintStage = complaintStage
        self.slaPolicyID = slaPolicyID
        self.firstResponseDueAt = firstResponseDueAt
        self.firstResponseAt = firstResponseAt
        self.nextResponseDueAt = nextResponseDueAt
        self.resolutionDueAt = resolutionDueAt
        self.resolvedAt = resolvedAt
        self.closedAt = closedAt
        self.slaState = slaState
        self.followUpDueAt = followUpDueAt
        self.version = version
        self.createdAt = createdAt
        self.updatedAt = updatedAt ?? createdAt
    }

    /// What SLA policies match on.
    public func slaAttributes(memberGrade: String? = nil) -> SLAPolicy.TicketAttributes {
        SLAPolicy.TicketAttributes(type: type.rawValue, severity: severity.rawValue, channel: channel.rawValue, memberGrade: memberGrade)
    }
}

/// One entry of a ticket's conversation.
public struct TicketMessage: Codable, Equatable, Sendable {
    public var id: Int64
    public var ticketID: Int64
    public var kind: TicketMessageKind
    public var authorID: Int64?
    public var authorName: String?
    public var body: String
    public var channel: TicketChannel?
    /// The RFC 822 Message-ID when it came or went by email, for threading.
    public var messageID: String?
    public var at: Date

    public init(id: Int64 = 0, ticketID: Int64, kind: TicketMessageKind, authorID: Int64?, authorName: String? = nil, body: String,
                channel: TicketChannel? = nil, messageID: String? = nil, at: Date) {
        self.id = id
        self.ticketID = ticketID
        self.kind = kind
        self.authorID = authorID
        self.authorName = authorName
        self.body = body
        self.channel = channel
        self.messageID = messageID
        self.at = at
    }
}

/// Work handed to a department or the second line: what was asked and by when (R-TKT-3).
public struct TicketHandoff: Codable, Equatable, Sendable {
    public var id: Int64
    public var ticketID: Int64
    public var department: Department
    public var request: String
    public var dueAt: Date
    public var contact: String?
    public var requestedBy: Int64?
    public var requestedAt: Date
    public var answer: String?
    public var answeredBy: Int64?
    public var answeredAt: Date?

    public init(id: Int64 = 0, ticketID: Int64, department: Department, request: String, dueAt: Date, contact: String? = nil,
                requestedBy: Int64?, requestedAt: Date, answer: String? = nil, answeredBy: Int64? = nil, answeredAt: Date? = nil) {
        self.id = id
        self.ticketID = ticketID
        self.department = department
        self.request = request
        self.dueAt = dueAt
        self.contact = contact
        self.requestedBy = requestedBy
        self.requestedAt = requestedAt
        self.answer = answer
        self.answeredBy = answeredBy
        self.answeredAt = answeredAt
    }
}
