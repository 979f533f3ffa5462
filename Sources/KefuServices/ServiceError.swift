import Foundation
import KefuDomain

/// Errors from use cases. The HTTP layer turns each into one response shape, in one place.
public enum ServiceError: Error, Equatable, CustomStringConvertible {
    /// No valid session or token.
    case unauthenticated
    /// Signed in, but missing a permission (or acting on something this role may not touch).
    case forbidden(Permission?)
    case notFound(entity: String)
    /// Input problems, all at once.
    case validation([FieldError])
    /// A concurrent change won; the caller must reload. Carries the current version when known.
    case conflict(code: String, currentVersion: Int64?)
    /// Too many failed sign-ins; retry after the instant.
    case throttled(until: Date)
    /// A wrong login or password (deliberately not saying which).
    case badCredentials
    /// The action is not possible in the entity's current state; says which actions are.
    case invalidState(current: String, allowed: [String])

    public var description: String {
        switch self {
        case .unauthenticated: return "not signed in"
        case .forbidden(let permission): return "forbidden" + (permission.map { " (needs \($0.rawValue))" } ?? "")
        case .notFound(let entity): return "\(entity) not found"
        case .validation(let errors): return "invalid input: " + errors.map { "\($0.field) \($0.code)" }.joined(separator: ", ")
        case .conflict(let code, _): return "conflict: \(code)"
        case .throttled(let until): return "too many attempts until \(until)"
        case .badCredentials: return "wrong login or password"
        case .invalidState(let current, let allowed): return "not possible while \(current); possible: \(allowed.joined(separator: ", "))"
        }
    }
}
