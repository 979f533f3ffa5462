/// A staff role. Each role grants a fixed set of ``Permission``s (see `Role+Permissions.swift`).
public enum Role: String, Codable, CaseIterable, Sendable {
    case admin
    case manager
    case supervisor
    case agent
    case orderClerk = "order_clerk"
    case afterSales = "after_sales"
    case department
    case integration

    /// Roles that must name the department they belong to.
    public var requiresDepartment: Bool { self == .department }
}

/// The departments outside customer service that receive handed-over work.
public enum Department: String, Codable, CaseIterable, Sendable {
    case warehouse
    case delivery
    case finance
    case supplier
    case secondLine = "second_line"
}

/// Staff levels (R-PERF-1).
public enum StaffLevel: String, Codable, CaseIterable, Sendable {
    case junior
    case intermediate
    case senior
    case manager
}
