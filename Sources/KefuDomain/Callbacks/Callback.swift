import Foundation

/// A callback (回访, R-CB-1…5): a follow-up call to a member or customer for a reason — a delivered order, a
/// resolved service, a complaint that was put right, an occasion, a newly assigned member — due within a window
/// and held by one agent. A member who asked not to be called gets the same task by email or SMS instead.
public struct Callback: Codable, Equatable, Sendable {
    /// Why the call is made; each reason has its own due window (see ``CallbackSettings/window(for:from:)``).
    public enum Reason: String, Codable, CaseIterable, Sendable {
        /// A delivered order: within 7 days of delivery (seed 002: 一周内进行客户回访).
        case deliveredOrder = "delivered_order"
        /// A resolved service ticket or a completed after-sales case: within 3 days (seed 003).
        case serviceFollowUp = "service_follow_up"
        /// A complaint the customer confirmed as put right: within 3 days (R-TKT-5's follow-up callback).
        case complaintFollowUp = "complaint_follow_up"
        /// A birthday or a holiday (特色回访), some days before and after.
        case occasion
        /// A member newly assigned to an agent: the agent calls within a week (R-MEM-3).
        case firstContact = "first_contact"
        /// Added by hand.
        case manual
    }

    public enum Occasion: String, Codable, CaseIterable, Sendable {
        case birthday, holiday
    }

    public enum State: String, Codable, CaseIterable, Sendable {
        /// Still to be made.
        case open
        /// The member was reached (or messaged, for email and SMS tasks).
        case done
        /// Given up: unreachable after the last attempt, or the member refused.
        case closed
    }

    /// How the member is contacted. Never `phone` for a member who asked not to be called (R-CB-3).
    public enum Channel: String, Codable, CaseIterable, Sendable {
        case phone, email, sms
    }

    /// Why a callback was closed without being done.
    public enum Closure: String, Codable, CaseIterable, Sendable {
        /// No answer or busy on every allowed attempt.
        case unreachable
        /// The member declined the call.
        case refused
        /// A first contact whose member was taken from their agent and given to nobody: nobody owes it any more.
        case unassigned
    }

    public var id: Int64
    public var reason: Reason
    public var occasion: Occasion?
    /// The day of the occasion (birthday or holiday), in the business time zone.
    public var occasionOn: LocalDate?
    public var memberID: Int64?
    public var orderID: Int64?
    /// The ticket the call follows up (a resolved service ticket or a complaint).
    public var sourceTicketID: Int64?
    public var afterSalesID: Int64?
    public var channel: Channel
    public var state: State
    public var assigneeID: Int64?
    /// The due window: not before this instant…
    public var notBefore: Date
    /// …and done by this one; later is late.
    public var dueBy: Date
    /// After no answer or a busy line: the earliest next try.
    public var nextAttemptAt: Date?
    /// Tries that reached no one (no answer, busy); the last allowed one closes the callback as unreachable.
    public var failedAttempts: Int
    /// The number was wrong: the call waits for a corrected number.
    public var needsNumber: Bool
    public var outcome: CallbackOutcome?
    public var suggestions: String?
    /// The ticket an unsatisfied outcome opened (R-CB-2).
    public var ticketID: Int64?
    public var closure: Closure?
    /// What a manual callback is about.
    public var note: String?
    public var completedAt: Date?
    public var completedBy: Int64?
    public var version: Int64
    public var createdAt: Date
    public var updatedAt: Date

    public init(id: Int64 = 0, reason: Reason, occasion: Occasion? = nil, occasionOn: LocalDate? = nil, memberID: Int64? = nil,
                orderID: Int64? = nil, sourceTicketID: Int64? = nil, afterSalesID: Int64? = nil, channel: Channel = .phone,
                state: State = .open, assigneeID: Int64? = nil, notBefore: Date, dueBy: Date, nextAttemptAt: Date? = nil,
                failedAttempts: Int = 0, needsNumber: Bool = false, outcome: CallbackOutcome? = nil, suggestions: String? = nil,
                ticketID: Int64? = nil, closure: Closure? = nil, note: String? = nil, completedAt: Date? = nil, completedBy: Int64? = nil,
                version: Int64 = 1, createdAt: Date, updatedAt: Date? = nil) {
        self.id = id
        self.reason = reason
        self.occasion = occasion
        self.occasionOn = occasionOn
        self.memberID = memberID
        self.orderID = orderID
        self.sourceTicketID = sourceTicketID
        self.afterSalesID = afterSalesID
        self.channel = channel
        self.state = state
        self.assigneeID = assigneeID
        self.notBefore = notBefore
        self.dueBy = dueBy
        self.nextAttemptAt = nextAttemptAt
        self.failedAttempts = failedAttempts
        self.needsNumber = needsNumber
        self.outcome = outcome
        self.suggestions = suggestions
        self.ticketID = ticketID
        self.closure = closure
        self.note = note
        self.completedAt = completedAt
        self.completedBy = completedBy
        self.version = version
        self.createdAt = createdAt
        self.updatedAt = updatedAt ?? createdAt
    }

    /// Open past its due instant.
    public func isOverdue(at now: Date) -> Bool { state == .open && dueBy < now }

    /// Done within the window (R-CB-5 counts these).
    public var isDoneInTime: Bool { state == .done && (completedAt ?? .distantFuture) <= dueBy }

    /// The channel to use now: a member who asked not to be called is written to instead (R-CB-3), by email when
    /// there is an address, else by SMS.
    public static func channel(planned: Channel, doNotCall: Bool, hasEmail: Bool) -> Channel {
        guard doNotCall, planned == .phone else { return planned }
        return hasEmail ? .email : .sms
    }
}

/// How the member felt about what the callback asked (R-CB-2).
public enum CallbackOutcome: String, Codable, CaseIterable, Sendable {
    case satisfied, neutral, unsatisfied
}
