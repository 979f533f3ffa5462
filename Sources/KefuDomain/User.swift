import Foundation

/// A staff account. Accounts are personal (R-SEC-1); `active == false` ends all access at once (R-SEC-3).
public struct User: Codable, Equatable, Sendable {
    public var id: Int64
    public var login: String
    public var displayName: String
    public var role: Role
    public var department: Department?
    public var team: String?
    public var level: StaffLevel
    public var language: Language?
    public var active: Bool
    public var version: Int64
    public var createdAt: Date

    public init(
        id: Int64, login: String, displayName: String, role: Role, department: Department? = nil,
        team: String? = nil, level: StaffLevel = .junior, language: Language? = nil, active: Bool = true,
        version: Int64 = 1, createdAt: Date
    ) {
        self.id = id
        self.login = login
        self.displayName = displayName
        self.role = role
        self.department = department
        self.team = team
        self.level = level
        self.language = language
        self.active = active
        self.version = version
        self.createdAt = createdAt
    }

    /// The permissions this user holds now; none once disabled.
    public var permissions: Set<Permission> {
        active ? role.permissions : []
    }
}
