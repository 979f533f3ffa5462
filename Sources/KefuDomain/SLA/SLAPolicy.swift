import Foundation

/// Time limits for a kind of ticket, counted in business minutes on a calendar (R-TKT-4):
/// e.g. complaints first reply within 120 minutes, general issues resolved within 1440.
/// A target left nil is not measured by this policy.
public struct SLAPolicy: Equatable, Sendable {
    /// Which tickets a policy applies to. A nil (or empty) condition matches any value;
    /// a set one matches only that exact value (codes are compared as written).
    public struct Conditions: Equatable, Sendable {
        public var type: String?
        public var severity: String?
        public var channel: String?
        public var memberGrade: String?

        public init(type: String? = nil, severity: String? = nil, channel: String? = nil, memberGrade: String? = nil) {
            self.type = type
            self.severity = severity
            self.channel = channel
            self.memberGrade = memberGrade
        }
    }

    /// What a ticket offers for matching: the same four attributes as `Conditions`.
    public typealias TicketAttributes = Conditions

    /// The three clocks a policy can set.
    public enum Target: String, Codable, CaseIterable, Sendable {
        case firstResponse = "first_response"
        case nextResponse = "next_response"
        case resolution
    }

    public var name: String
    /// The `BusinessCalendar` the minutes are counted on.
    public var calendarID: Int
    public var conditions: Conditions
    public var firstResponseMinutes: Int?
    public var nextResponseMinutes: Int?
    public var resolutionMinutes: Int?
    /// Breaks ties between equally specific matching policies: the lower number wins (1 before 2).
    public var priority: Int

    public init(
        name: String, calendarID: Int, conditions: Conditions = Conditions(), firstResponseMinutes: Int? = nil,
        nextResponseMinutes: Int? = nil, resolutionMinutes: Int? = nil, priority: Int = 0
    ) {
        self.name = name
        self.calendarID = calendarID
        self.conditions = conditions
        self.firstResponseMinutes = firstResponseMinutes
        self.nextResponseMinutes = nextResponseMinutes
        self.resolutionMinutes = resolutionMinutes
        self.priority = priority
    }

    /// The target in business minutes for one clock, nil if this policy does not set it.
    public func minutes(for target: Target) -> Int? {
        switch target {
        case .firstResponse: firstResponseMinutes
        case .nextResponse: nextResponseMinutes
        case .resolution: resolutionMinutes
        }
    }

    /// Every problem with this policy: name required, targets (when set) greater than zero.
    public func problems() -> [FieldError] {
        var errors: [FieldError] = []
        if name.trimmingCharacters(in: .whitespaces).isEmpty {
            errors.append(FieldError(field: "name", code: "error.required"))
        }
        for (field, minutes) in [("first_response_minutes", firstResponseMinutes),
                                 ("next_response_minutes", nextResponseMinutes),
                                 ("resolution_minutes", resolutionMinutes)] {
            if let minutes, minutes <= 0 { errors.append(FieldError(field: field, code: "error.must_be_positive")) }
        }
        return errors
    }
}

extension SLAPolicy: Codable {
    enum CodingKeys: String, CodingKey {
        case name
        case calendarID = "calendar_id"
        case conditions
        case firstResponseMinutes = "first_response_minutes"
        case nextResponseMinutes = "next_response_minutes"
        case resolutionMinutes = "resolution_minutes"
        case priority
    }

    /// `conditions` may be left out (matches every ticket) and `priority` defaults to 0.
    public init(from decoder: Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            name: try container.decode(String.self, forKey: .name),
            calendarID: try container.decode(Int.self, forKey: .calendarID),
            conditions: try container.decodeIfPresent(Conditions.self, forKey: .conditions) ?? Conditions(),
            firstResponseMinutes: try container.decodeIfPresent(Int.self, forKey: .firstResponseMinutes),
            nextResponseMinutes: try container.decodeIfPresent(Int.self, forKey: .nextResponseMinutes),
            resolutionMinutes: try container.decodeIfPresent(Int.self, forKey: .resolutionMinutes),
            priority: try container.decodeIfPresent(Int.self, forKey: .priority) ?? 0)
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(name, forKey: .name)
        try container.encode(calendarID, forKey: .calendarID)
        try container.encode(conditions, forKey: .conditions)
        try container.encodeIfPresent(firstResponseMinutes, forKey: .firstResponseMinutes)
        try container.encodeIfPresent(nextResponseMinutes, forKey: .nextResponseMinutes)
        try container.encodeIfPresent(resolutionMinutes, forKey: .resolutionMinutes)
        try container.encode(priority, forKey: .priority)
    }
}

extension SLAPolicy.Conditions: Codable {
    enum CodingKeys: String, CodingKey {
        case type, severity, channel
        case memberGrade = "member_grade"
    }
}
