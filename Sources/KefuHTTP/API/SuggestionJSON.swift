import Foundation
import KefuDomain
import KefuServices

/// A suggestion's evaluation inside a ticket (`suggestion` of a ticket of type `suggestion`, R-TKT-7).
struct SuggestionJSON: Encodable, JSONWritable {
    var stage: SuggestionStage
    var category: String?
    var department: Department?
    var request: String?
    var dueAt: Date?
    var handoffId: Int64?
    var forwardedBy: Int64?
    var forwardedAt: Date?
    var decision: SuggestionDecision?
    var reason: String?
    var decidedBy: Int64?
    var decidedAt: Date?
    var notifiedBy: Int64?
    var notifiedAt: Date?
    var replyMessageId: Int64?
    /// The reply to tell the member, from the catalog in the customer's language, while it is still to be told.
    var replyDraft: String?
    var allowedActions: [SuggestionAction]

    init(_ suggestion: Suggestion, replyDraft: String?) {
        stage = suggestion.stage
        category = suggestion.category
        department = suggestion.forwarding?.department
        request = suggestion.forwarding?.request
        dueAt = suggestion.forwarding?.dueAt
        handoffId = suggestion.forwarding?.handoffID
        forwardedBy = suggestion.forwarding?.by
        forwardedAt = suggestion.forwarding?.at
        decision = suggestion.verdict?.decision
        reason = suggestion.verdict?.reason
        decidedBy = suggestion.verdict?.by
        decidedAt = suggestion.verdict?.at
        notifiedBy = suggestion.notice?.by
        notifiedAt = suggestion.notice?.at
        replyMessageId = suggestion.notice?.messageID
        self.replyDraft = suggestion.stage == .decided ? replyDraft : nil
        allowedActions = SuggestionRules.allowed(from: suggestion.stage)
    }

    /// With the draft reply made from `detail`'s conversation and the catalog.
    init(_ detail: TicketDetail, catalog: Catalog?) {
        let suggestion = detail.suggestion ?? Suggestion(ticketID: detail.ticket.id, category: detail.ticket.category, receivedAt: detail.ticket.createdAt)
        self.init(suggestion, replyDraft: catalog.flatMap { SuggestionReply.draft(detail, suggestion: suggestion, catalog: $0) })
    }

    func write(to output: inout JSONOutput) {
        output.beginObject()
        output.field("stage", stage)
        output.field("category", category)
        if let department { output.field("department", department) }
        output.field("request", request)
        output.field("due_at", dueAt)
        output.field("handoff_id", handoffId)
        output.field("forwarded_by", forwardedBy)
        output.field("forwarded_at", forwardedAt)
        if let decision { output.field("decision", decision) }
        output.field("reason", reason)
        output.field("decided_by", decidedBy)
        output.field("decided_at", decidedAt)
        output.field("notified_by", notifiedBy)
        output.field("notified_at", notifiedAt)
        output.field("reply_message_id", replyMessageId)
        output.field("reply_draft", replyDraft)
        output.key("allowed_actions")
        output.beginArray()
        for action in allowedActions { output.string(action.rawValue) }
        output.endArray()
        output.endObject()
    }
}

/// The reply that tells the member of the decision (seed 004: thanks, and how it will be done; or why not), in the
/// customer's language, for the agent to edit before it goes out.
enum SuggestionReply {
    static func draft(_ detail: TicketDetail, suggestion: Suggestion, catalog: Catalog) -> String? {
        guard let verdict = suggestion.verdict else { return nil }
        let ticket = detail.ticket
        let wrote = detail.messages.first { $0.kind == .customer }?.body ?? ""
        let language = SuggestionRules.customerLanguage(of: ticket.subject + "\n" + wrote)
        let department = suggestion.forwarding.map { catalog.text("department.\($0.department.rawValue)", language) } ?? ""
        return catalog.text("suggestions.reply.\(verdict.decision.rawValue)", language,
                            ["name": ticket.customer.name, "number": ticket.number, "department": department, "reason": verdict.reason])
    }
}

/// `GET /api/v1/reports/suggestions`: the period, the counts and the suggestions.
struct SuggestionReportJSON: Encodable {
    struct Line: Encodable {
        var ticketId: Int64
        var number: String
        var receivedAt: Date
        var subject: String
        var customerName: String
        var category: String?
        var department: Department?
        var stage: SuggestionStage
        var decision: SuggestionDecision?
        var reason: String?
        var decidedAt: Date?
        var notifiedAt: Date?
    }

    var from: LocalDate
    var to: LocalDate
    var total: Int
    var byCategory: [SuggestionSummary.Count]
    var byDepartment: [SuggestionSummary.Count]
    var byDecision: SuggestionSummary.Decisions
    var adoptionRate: Double?
    var averageDaysToDecision: Double?
    var told: Int
    var items: [Line]
    var limit: Int

    init(_ report: SuggestionReport) {
        from = report.from
        to = report.to
        total = report.summary.total
        byCategory = report.summary.byCategory
        byDepartment = report.summary.byDepartment
        byDecision = report.summary.byDecision
        adoptionRate = report.summary.adoptionRate
        averageDaysToDecision = report.summary.averageDaysToDecision
        told = report.summary.told
        items = report.lines.map {
            Line(ticketId: $0.ticketID, number: $0.number, receivedAt: $0.receivedAt, subject: $0.subject, customerName: $0.customerName,
                 category: $0.category, department: $0.department, stage: $0.stage, decision: $0.decision, reason: $0.reason,
                 decidedAt: $0.decidedAt, notifiedAt: $0.notifiedAt)
        }
        limit = TicketService.suggestionReportLimit
    }
}
