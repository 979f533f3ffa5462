/// The minimum password policy (R-SEC-1): long enough, not the login, not all one kind of character.
public struct PasswordPolicy: Sendable {
    public var minimumLength: Int

    public init(minimumLength: Int = 10) {
        self.minimumLength = minimumLength
    }

    /// The problems with `password` for the account `login`; empty when it is acceptable.
    public func problems(password: String, login: String, field: String = "password") -> [FieldError] {
        var errors: [FieldError] = []
        if password.count < minimumLength {
            errors.append(FieldError(field: field, code: "error.password_too_short", arguments: ["min": "\(minimumLength)"]))
        }
        if !login.isEmpty, password.lowercased().contains(login.lowercased()) {
            errors.append(FieldError(field: field, code: "error.password_contains_login"))
        }
        let hasLetter = password.contains { $0.isLetter }
        let hasOther = password.contains { !$0.isLetter }
        if !(hasLetter && hasOther) {
            errors.append(FieldError(field: field, code: "error.password_too_simple"))
        }
        return errors
    }
}
