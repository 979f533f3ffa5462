import Foundation
import KefuDomain

/// A staff account as the API returns it.
struct UserJSON: Encodable {
    var id: Int64
    var login: String
    var displayName: String
    var role: Role
    var roles: [Role]
    var department: Department?
    var team: String?
    var level: StaffLevel
    var language: Language?
    var active: Bool
    var version: Int64
    var createdAt: Date
    var permissions: [String]?

    init(_ user: User, withPermissions: Bool = false) {
        id = user.id
        login = user.login
        displayName = user.displayName
        role = user.role
        roles = [user.role]
        department = user.department
        team = user.team
        level = user.level
        language = user.language
        active = user.active
        version = user.version
        createdAt = user.createdAt
        permissions = withPermissions ? user.permissions.sorted().map(\.rawValue) : nil
    }
}

/// Decodes a raw value, turning an unknown one into a field error instead of a decoding failure.
func parse<T: RawRepresentable>(_ text: String?, as: T.Type, field: String, into errors: inout [FieldError]) -> T? where T.RawValue == String {
    guard let text else { return nil }
    guard let value = T(rawValue: text) else {
        errors.append(FieldError(field: field, code: "error.unknown_value", arguments: ["value": text]))
        return nil
    }
    return value
}
