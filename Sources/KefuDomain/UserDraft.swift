import Foundation

/// What is needed to create a staff account, validated as a whole so every problem is reported at once.
public struct UserDraft: Codable, Equatable, Sendable {
    public var login: String
    public var displayName: String
    public var role: Role?
    public var department: Department?
    public var team: String?
    public var level: StaffLevel?
    public var language: Language?
    public var password: String

    public init(
        login: String, displayName: String, role: Role?, department: Department? = nil, team: String? = nil,
        level: StaffLevel? = nil, language: Language? = nil, password: String
    ) {
        self.login = login
        self.displayName = displayName
        self.role = role
        self.department = department
        self.team = team
        self.level = level
        self.language = language
        self.password = password
    }

    /// The draft with its login trimmed and lowercased and its name trimmed, as it will be stored.
    public func normalized() -> UserDraft {
        var draft = self
        draft.login = login.trimmingCharacters(in: .whitespaces).lowercased()
        draft.displayName = displayName.trimmingCharacters(in: .whitespaces)
        draft.team = team.flatMap { $0.trimmingCharacters(in: .whitespaces).isEmpty ? nil : $0.trimmingCharacters(in: .whitespaces) }
        return draft
    }

    /// Logins are 3–32 characters of lowercase letters, digits, dot, dash and underscore.
    public static func loginProblems(_ login: String, field: String = "login") -> [FieldError] {
        if login.isEmpty { return [FieldError(field: field, code: "error.required")] }
        let allowed = login.allSatisfy { ($0.isASCII && ($0.isLowercase || $0.isNumber)) || "._-".contains($0) }
        if !(3...32).contains(login.count) || !allowed {
            return [FieldError(field: field, code: "error.login_format")]
        }
        return []
    }

    /// Every problem with this draft; empty when it can be saved.
    public func problems(policy: PasswordPolicy) -> [FieldError] {
        var errors = Self.loginProblems(login)
        if displayName.trimmingCharacters(in: .whitespaces).isEmpty {
            errors.append(FieldError(field: "display_name", code: "error.required"))
        } else if displayName.count > 64 {
            errors.append(FieldError(field: "display_name", code: "error.too_long", arguments: ["max": "64"]))
        }
        if let role {
            if role.requiresDepartment, department == nil {
                errors.append(FieldError(field: "department", code: "error.required_for_department_role"))
            }
        } else {
            errors.append(FieldError(field: "role", code: "error.required"))
        }
        errors += policy.problems(password: password, login: login)
        return errors
    }
}
