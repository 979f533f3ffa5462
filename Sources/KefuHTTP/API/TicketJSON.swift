import Foundation
import KefuDomain
import KefuServices
import KefuStore

/// A ticket as the API returns it. The customer's phone and email are masked for callers without `pii.view`.
struct TicketJSON: Encodable, JSONWritable {
    struct Customer: Encodable { var name: String; var phone: String?; var email: String? }

    var id: Int64
    var number: String
    var type: TicketType
    var channel: TicketChannel
    var subject: String
    var customer: Customer
    var memberId: Int64?
    var orderId: Int64?
    var category: String?
    var priority: TicketPriority
    var severity: TicketSeverity
    var state: String
    var stateCategory: TicketStateCategory
    var owner: Int64?
    var assignee: Int64?
    var department: Department?
    var complaintStage: ComplaintStage?
    var version: Int64
    var firstResponseDueAt: Date?
    var firstResponseAt: Date?
    var nextResponseDueAt: Date?
    var resolutionDueAt: Date?
    var resolvedAt: Date?
    var closedAt: Date?
    var slaState: SLAState?
    var followUpDueAt: Date?
    var createdAt: Date
    var updatedAt: Date
    /// A suggestion's evaluation (R-TKT-7), where the response carries it.
    var suggestion: SuggestionJSON?

    init(_ ticket: Ticket, permissions: Set<Permission>) {
        let full = permissions.contains(.piiView)
        id = ticket.id
        number = ticket.number
        type = ticket.type
        channel = ticket.channel
        subject = ticket.subject
        customer = Customer(name: ticket.customer.name, phone: ticket.customer.phone.map { full ? $0 : PII.maskPhone($0) },
                            email: ticket.customer.email.map { full ? $0 : PII.maskEmail($0) })
        memberId = ticket.memberID
        orderId = ticket.orderID
        category = ticket.category
        priority = ticket.priority
        severity = ticket.severity
        state = ticket.state
        stateCategory = ticket.stateCategory
        owner = ticket.ownerID
        assignee = ticket.assigneeID
        department = ticket.department
        complaintStage = ticket.complaintStage
        version = ticket.version
        firstResponseDueAt = ticket.firstResponseDueAt
        firstResponseAt = ticket.firstResponseAt
        nextResponseDueAt = ticket.nextResponseDueAt
        resolutionDueAt = ticket.resolutionDueAt
        resolvedAt = ticket.resolvedAt
        closedAt = ticket.closedAt
        slaState = ticket.slaState
        followUpDueAt = ticket.followUpDueAt
        createdAt = ticket.createdAt
        updatedAt = ticket.updatedAt
    }

    func write(to output: inout JSONOutput) {
        output.beginObject()
        output.field("id", id)
        output.field("number", number)
        output.field("type", type)
        output.field("channel", channel)
        output.field("subject", subject)
        output.key("customer")
        output.beginObject()
        output.field("name", customer.name)
        output.field("phone", customer.phone)
        output.field("email", customer.email)
        output.endObject()
        output.field("member_id", memberId)
        output.field("order_id", orderId)
        output.field("category", category)
        output.field("priority", priority)
        output.field("severity", severity)
        output.field("state", state)
        output.field("state_category", stateCategory)
        output.field("owner", owner)
        output.field("assignee", assignee)
        if let department { output.field("department", department) }
        if let complaintStage { output.field("complaint_stage", complaintStage) }
        output.field("version", version)
        output.field("first_response_due_at", firstResponseDueAt)
        output.field("first_response_at", firstResponseAt)
        output.field("next_response_due_at", nextResponseDueAt)
        output.field("resolution_due_at", resolutionDueAt)
        output.field("resolved_at", resolvedAt)
        output.field("closed_at", closedAt)
        if let slaState { output.field("sla_state", slaState) }
        output.field("follow_up_due_at", followUpDueAt)
        output.field("created_at", createdAt)
        output.field("updated_at", updatedAt)
        if let suggestion { output.field("suggestion", suggestion) }
        output.endObject()
    }
}

/// One ticket with its conversation, hand-offs, complaint steps, attachments and SLA clocks.
struct TicketDetailJSON: Encodable {
    struct Message: Encodable {
        var id: Int64; var kind: TicketMessageKind; var authorId: Int64?; var authorName: String?; var body: String
        var channel: TicketChannel?; var at: Date
    }
    struct Step: Encodable { var action: ComplaintAction; var stage: ComplaintStage; var details: [String: String]; var by: Int64?; var at: Date }
    struct Attachment: Encodable { var id: Int64; var filename: String; var contentType: String; var size: Int; var messageId: Int64?; var at: Date }
    struct Clock: Encodable { var target: SLAPolicy.Target; var start: Date; var dueAt: Date?; var atRiskAt: Date?; var metAt: Date?; var state: SLAState }

    var ticket: TicketJSON
    var messages: [Message]
    var handoffs: [TicketHandoff]
    var complaintSteps: [Step]
    var attachments: [Attachment]
    var clocks: [Clock]
    var allowedComplaintActions: [ComplaintAction]

    init(_ detail: TicketDetail, permissions: Set<Permission>, catalog: Catalog? = nil) {
        ticket = TicketJSON(detail.ticket, permissions: permissions)
        if detail.ticket.type == .suggestion { ticket.suggestion = SuggestionJSON(detail, catalog: catalog) }
        messages = detail.messages.map {
            Message(id: $0.id, kind: $0.kind, authorId: $0.authorID, authorName: $0.authorName, body: $0.body, channel: $0.channel, at: $0.at)
        }
        handoffs = detail.handoffs
        complaintSteps = detail.complaintSteps.map { Step(action: $0.action, stage: $0.stage, details: $0.details, by: $0.byID, at: $0.at) }
        attachments = detail.attachments.map {
            Attachment(id: $0.id, filename: $0.filename, contentType: $0.contentType, size: $0.size, messageId: $0.messageID, at: $0.at)
        }
        clocks = detail.clocks.map { Clock(target: $0.target, start: $0.start, dueAt: $0.due, atRiskAt: $0.atRiskAt, metAt: $0.metAt, state: $0.state) }
        allowedComplaintActions = detail.ticket.complaintStage.map(ComplaintLoop.allowed(from:)) ?? []
    }

    func encode(to encoder: any Encoder) throws {
        try ticket.encode(to: encoder)
        var container = encoder.container(keyedBy: Keys.self)
        try container.encode(messages, forKey: .messages)
        try container.encode(handoffs, forKey: .handoffs)
        try container.encode(complaintSteps, forKey: .complaintSteps)
        try container.encode(attachments, forKey: .attachments)
        try container.encode(clocks, forKey: .clocks)
        try container.encode(allowedComplaintActions, forKey: .allowedComplaintActions)
    }

    enum Keys: String, CodingKey { case messages, handoffs, complaintSteps, attachments, clocks, allowedComplaintActions }
}
