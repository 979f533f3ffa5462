import Foundation

/// One suggestion as the periodic summary lists it (R-TKT-7).
public struct SuggestionLine: Codable, Equatable, Sendable {
    public var ticketID: Int64
    public var number: String
    public var receivedAt: Date
    public var subject: String
    public var customerName: String
    /// The suggestion category's code; nil while unclassified.
    public var category: String?
    /// Where it was forwarded; nil before.
    public var department: Department?
    public var decision: SuggestionDecision?
    public var reason: String?
    public var decidedAt: Date?
    /// When the member was told of the decision.
    public var notifiedAt: Date?

    public init(ticketID: Int64, number: String, receivedAt: Date, subject: String, customerName: String, category: String?,
                department: Department?, decision: SuggestionDecision?, reason: String?, decidedAt: Date?, notifiedAt: Date?) {
        self.ticketID = ticketID
        self.number = number
        self.receivedAt = receivedAt
        self.subject = subject
        self.customerName = customerName
        self.category = category
        self.department = department
        self.decision = decision
        self.reason = reason
        self.decidedAt = decidedAt
        self.notifiedAt = notifiedAt
    }

    public var stage: SuggestionStage { .reached(forwarded: department != nil, decided: decision != nil, told: notifiedAt != nil) }
}

/// The periodic summary of suggestions (R-TKT-7, seed 004 "定期对会员建议进行汇总和分析"): how many, of which
/// categories, where they went, what was decided, how many were adopted and how long deciding took.
public struct SuggestionSummary: Codable, Equatable, Sendable {
    /// How many lines share a key (a category code, a department).
    public struct Count: Codable, Equatable, Sendable {
        public var key: String
        public var count: Int

        public init(key: String, count: Int) {
            self.key = key
            self.count = count
        }
    }

    /// Decided one way or the other, or not yet (pending: not forwarded or not decided).
    public struct Decisions: Codable, Equatable, Sendable {
        public var adopted = 0
        public var partlyAdopted = 0
        public var notAdopted = 0
        public var pending = 0

        public init(adopted: Int = 0, partlyAdopted: Int = 0, notAdopted: Int = 0, pending: Int = 0) {
            self.adopted = adopted
            self.partlyAdopted = partlyAdopted
            self.notAdopted = notAdopted
            self.pending = pending
        }

        public var decided: Int { adopted + partlyAdopted + notAdopted }
    }

    /// The key of suggestions not yet classified, and of those not yet forwarded.
    public static let unclassified = "unclassified"
    public static let notForwarded = "none"

    public var total: Int
    public var byCategory: [Count]
    public var byDepartment: [Count]
    public var byDecision: Decisions
    /// Adopted (wholly or partly) among the decided, 0…1 to three places; nil when none was decided.
    public var adoptionRate: Double?
    /// Mean days from receipt to decision over the decided ones, to one place; nil when none was decided.
    public var averageDaysToDecision: Double?
    /// Decided ones whose member was told.
    public var told: Int

    public init(lines: [SuggestionLine]) {
        total = lines.count
        byCategory = Self.counts(lines.map { $0.category ?? Self.unclassified })
        byDepartment = Self.counts(lines.map { $0.department?.rawValue ?? Self.notForwarded })
        var decisions = Decisions()
        var days: [Double] = []
        for line in lines {
            switch line.decision {
            case .adopted?: decisions.adopted += 1
            case .partlyAdopted?: decisions.partlyAdopted += 1
            case .notAdopted?: decisions.notAdopted += 1
            case nil: decisions.pending += 1
            }
            if line.decision != nil, let decided = line.decidedAt {
                days.append(decided.timeIntervalSince(line.receivedAt) / 86_400)
            }
        }
        byDecision = decisions
        adoptionRate = decisions.decided == 0 ? nil
            : (Double(decisions.adopted + decisions.partlyAdopted) / Double(decisions.decided) * 1000).rounded() / 1000
        averageDaysToDecision = days.isEmpty ? nil : (days.reduce(0, +) / Double(days.count) * 10).rounded() / 10
        told = lines.filter { $0.decision != nil && $0.notifiedAt != nil }.count
    }

    /// Most frequent first, then by key.
    static func counts(_ keys: [String]) -> [Count] {
        Dictionary(grouping: keys, by: { $0 }).map { Count(key: $0.key, count: $0.value.count) }
            .sorted { ($1.count, $0.key) < ($0.count, $1.key) }
    }
}
