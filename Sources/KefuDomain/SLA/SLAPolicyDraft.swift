import Foundation

/// An SLA policy as an admin or integrator sent it, so that every problem is reported at once. For a new
/// policy a missing field takes its default (no conditions, no target, priority 0, active); for a change a
/// nil field keeps the stored value, and a target set to `.some(nil)` is removed (R-TKT-4).
public struct SLAPolicyDraft: Equatable, Sendable {
    public var name: String?
    public var calendarID: Int?
    /// Replaces all four conditions when set; blank values match anything.
    public var conditions: SLAPolicy.Conditions?
    public var firstResponseMinutes: Int??
    public var nextResponseMinutes: Int??
    public var resolutionMinutes: Int??
    public var priority: Int?
    public var active: Bool?

    public init(
        name: String? = nil, calendarID: Int? = nil, conditions: SLAPolicy.Conditions? = nil, firstResponseMinutes: Int?? = nil,
        nextResponseMinutes: Int?? = nil, resolutionMinutes: Int?? = nil, priority: Int? = nil, active: Bool? = nil
    ) {
        self.name = name
        self.calendarID = calendarID
        self.conditions = conditions
        self.firstResponseMinutes = firstResponseMinutes
        self.nextResponseMinutes = nextResponseMinutes
        self.resolutionMinutes = resolutionMinutes
        self.priority = priority
        self.active = active
    }

    /// The policy this draft makes on top of `base` (nil for a new one), names and codes trimmed and blank
    /// conditions cleared, with every problem: a name and a calendar are required, targets must be positive.
    /// Whether the calendar exists is for the caller, who can see the store.
    public func applied(to base: SLAPolicy?) -> (policy: SLAPolicy, problems: [FieldError]) {
        var policy = base ?? SLAPolicy(name: "", calendarID: 0)
        if let name { policy.name = name.trimmingCharacters(in: .whitespaces) }
        if let calendarID { policy.calendarID = calendarID }
        if let conditions { policy.conditions = Self.normalized(conditions) }
        if let firstResponseMinutes { policy.firstResponseMinutes = firstResponseMinutes }
        if let nextResponseMinutes { policy.nextResponseMinutes = nextResponseMinutes }
        if let resolutionMinutes { policy.resolutionMinutes = resolutionMinutes }
        if let priority { policy.priority = priority }
        var problems = policy.problems()
        if base == nil, calendarID == nil {
            let at = problems.firstIndex { $0.field != "name" } ?? problems.endIndex
            problems.insert(FieldError(field: "calendar_id", code: "error.required"), at: at)
        }
        return (policy, problems)
    }

    static func normalized(_ conditions: SLAPolicy.Conditions) -> SLAPolicy.Conditions {
        let clean = { (value: String?) -> String? in
            let text = (value ?? "").trimmingCharacters(in: .whitespaces)
            return text.isEmpty ? nil : text
        }
        return SLAPolicy.Conditions(type: clean(conditions.type), severity: clean(conditions.severity), channel: clean(conditions.channel),
                                    memberGrade: clean(conditions.memberGrade))
    }
}
