import Foundation

/// What a ticket is about (R-TKT-1).
public enum TicketType: String, Codable, CaseIterable, Sendable {
    case inquiry, complaint, suggestion, repair
    case deliveryQuery = "delivery_query"
    case afterSales = "after_sales"
}

/// How a ticket reached us (R-TKT-1).
public enum TicketChannel: String, Codable, CaseIterable, Sendable {
    case phone, email, chat, platform, sms, visit, web
}

/// How hard a matter is; complaint reply limits depend on it (R-TKT-4), major ones escalate (R-TKT-6).
public enum TicketSeverity: String, Codable, CaseIterable, Sendable {
    case simple, complex, major
}

public enum TicketPriority: String, Codable, CaseIterable, Sendable {
    case low, normal, high, urgent
}

/// The fixed categories every configurable state belongs to.
public enum TicketStateCategory: String, Codable, CaseIterable, Sendable {
    case new, open, pending, resolved, closed

    /// Whether work on the ticket is finished (for queues and the resolution clock).
    public var isDone: Bool { self == .resolved || self == .closed }
}

/// A named state admins configure, e.g. "等待客户" in the pending category, which pauses the SLA.
public struct TicketState: Codable, Equatable, Sendable {
    public var code: String
    public var name: String
    public var category: TicketStateCategory
    public var pausesSLA: Bool

    public init(code: String, name: String, category: TicketStateCategory, pausesSLA: Bool) {
        self.code = code
        self.name = name
        self.category = category
        self.pausesSLA = pausesSLA
    }
}

/// The kinds of entries in a ticket's conversation. Only `reply` and `customer` are ever shown to the
/// customer; a `note` never is (R-TKT-8). An `autoReply` is sent to the customer but is not a response
/// for the SLA (R-QA-4).
public enum TicketMessageKind: String, Codable, CaseIterable, Sendable {
    case customer, reply, note
    case autoReply = "auto_reply"

    public var isVisibleToCustomer: Bool { self != .note }
}
