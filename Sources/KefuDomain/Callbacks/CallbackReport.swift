import Foundation

/// The callback summary of a period (R-CB-5, seed 003: 回访总结报告): the callbacks due in the period, how many
/// were done in time, late, or are still open, how the members felt, by reason and by agent, and coverage — the
/// share of delivered orders and of members called back in time, against the target of 100%
/// (必须保证会员客户的100%的回访).
public struct CallbackReport: Codable, Equatable, Sendable {
    /// Counts over a set of callbacks due in the period.
    public struct Counts: Codable, Equatable, Sendable {
        public var due = 0
        public var doneInTime = 0
        public var doneLate = 0
        /// Still open now (overdue ones included).
        public var open = 0
        /// Open past their due instant.
        public var overdue = 0
        public var unreachable = 0
        public var refused = 0
        public var satisfied = 0
        public var neutral = 0
        public var unsatisfied = 0

        public init() {}

        /// Done in time out of due; nil when nothing was due.
        public var inTimeShare: Double? { CallbackReport.share(doneInTime, of: due) }

        public static func + (lhs: Counts, rhs: Counts) -> Counts {
            var sum = Counts()
            sum.due = lhs.due + rhs.due
            sum.doneInTime = lhs.doneInTime + rhs.doneInTime
            sum.doneLate = lhs.doneLate + rhs.doneLate
            sum.open = lhs.open + rhs.open
            sum.overdue = lhs.overdue + rhs.overdue
            sum.unreachable = lhs.unreachable + rhs.unreachable
            sum.refused = lhs.refused + rhs.refused
            sum.satisfied = lhs.satisfied + rhs.satisfied
            sum.neutral = lhs.neutral + rhs.neutral
            sum.unsatisfied = lhs.unsatisfied + rhs.unsatisfied
            return sum
        }
    }

    public struct ReasonLine: Codable, Equatable, Sendable {
        public var reason: Callback.Reason
        public var counts: Counts

        public init(reason: Callback.Reason, counts: Counts) {
            self.reason = reason
            self.counts = counts
        }
    }

    public struct AgentLine: Codable, Equatable, Sendable {
        /// Nil for callbacks nobody holds.
        public var agentID: Int64?
        public var agentName: String?
        public var counts: Counts

        public init(agentID: Int64?, agentName: String?, counts: Counts) {
            self.agentID = agentID
            self.agentName = agentName
            self.counts = counts
        }
    }

    /// How much of what had to be called back was, in time.
    public struct Coverage: Codable, Equatable, Sendable {
        /// Orders delivered in the period (not cancelled)…
        public var deliveredOrders: Int
        /// …whose delivery callback was done in time.
        public var ordersInTime: Int
        /// Members with a callback due in the period…
        public var members: Int
        /// …whose every callback due in the period was done in time.
        public var membersInTime: Int
        /// The tracked target, 100%.
        public var target: Double

        public init(deliveredOrders: Int, ordersInTime: Int, members: Int, membersInTime: Int, target: Double = 1) {
            self.deliveredOrders = deliveredOrders
            self.ordersInTime = ordersInTime
            self.members = members
            self.membersInTime = membersInTime
            self.target = target
        }

        public var orderShare: Double? { CallbackReport.share(ordersInTime, of: deliveredOrders) }
        public var memberShare: Double? { CallbackReport.share(membersInTime, of: members) }
        /// Both shares at the target (nothing to cover counts as covered).
        public var met: Bool { (orderShare ?? 1) >= target && (memberShare ?? 1) >= target }
    }

    public var from: LocalDate
    public var to: LocalDate
    /// Callbacks created in the period (whenever they are due).
    public var created: Int
    public var totals: Counts
    public var byReason: [ReasonLine]
    public var byAgent: [AgentLine]
    public var coverage: Coverage

    public init(from: LocalDate, to: LocalDate, created: Int, byReason: [ReasonLine], byAgent: [AgentLine], coverage: Coverage) {
        self.from = from
        self.to = to
        self.created = created
        self.byReason = byReason
        self.byAgent = byAgent
        self.totals = byReason.reduce(Counts()) { $0 + $1.counts }
        self.coverage = coverage
    }

    /// `part` of `whole` as a fraction rounded to four places; nil when `whole` is zero.
    public static func share(_ part: Int, of whole: Int) -> Double? {
        guard whole > 0 else { return nil }
        return (Double(part) / Double(whole) * 10_000).rounded() / 10_000
    }
}
