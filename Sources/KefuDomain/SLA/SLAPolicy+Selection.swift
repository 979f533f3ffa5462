import Foundation

extension SLAPolicy {
    /// The policy that governs a ticket: among the policies whose every set condition matches,
    /// the most specific (most conditions set) wins; equally specific ones go by `priority`, the
    /// lower number first; a remaining tie goes to the name in code-point order, so the choice
    /// never depends on list order. Nil when none matches (keep a policy without conditions as
    /// the catch-all).
    public static func select(from policies: [SLAPolicy], for ticket: TicketAttributes) -> SLAPolicy? {
        policies.filter { $0.conditions.matches(ticket) }.min { lhs, rhs in
            let left = (-lhs.conditions.specificity, lhs.priority), right = (-rhs.conditions.specificity, rhs.priority)
            return left != right ? left < right : lhs.name < rhs.name
        }
    }
}

extension SLAPolicy.Conditions {
    /// How many conditions are set.
    public var specificity: Int {
        [type, severity, channel, memberGrade].filter { Self.isSet($0) }.count
    }

    /// Whether a ticket with `attributes` meets every set condition.
    public func matches(_ attributes: SLAPolicy.TicketAttributes) -> Bool {
        [(type, attributes.type), (severity, attributes.severity), (channel, attributes.channel),
         (memberGrade, attributes.memberGrade)].allSatisfy { condition, value in
            !Self.isSet(condition) || condition == value
        }
    }

    private static func isSet(_ value: String?) -> Bool { !(value ?? "").isEmpty }
}
