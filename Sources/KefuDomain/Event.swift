import Foundation

/// One recorded change: who did what to which entity, when, with the state before and after.
/// Events are append-only; history, KPIs, webhooks and live updates are read from them.
public struct Event: Codable, Equatable, Sendable {
    public var id: Int64
    public var at: Date
    /// The acting user, or nil for the system itself (migrations, schedulers, the CLI bootstrap).
    public var actorID: Int64?
    public var actorLogin: String?
    public var kind: String
    public var entity: String
    public var entityID: String?
    /// JSON of the relevant state before the change, if any.
    public var before: String?
    /// JSON of the relevant state after the change, if any.
    public var after: String?
    /// The client address the change came from, when it came over HTTP.
    public var address: String?

    public init(
        id: Int64 = 0, at: Date, actorID: Int64?, actorLogin: String?, kind: String, entity: String,
        entityID: String?, before: String? = nil, after: String? = nil, address: String? = nil
    ) {
        self.id = id
        self.at = at
        self.actorID = actorID
        self.actorLogin = actorLogin
        self.kind = kind
        self.entity = entity
        self.entityID = entityID
        self.before = before
        self.after = after
        self.address = address
    }
}

/// The kinds of event the platform writes. Later areas add their own.
public enum EventKind {
    public static let userCreated = "user.created"
    public static let userChanged = "user.changed"
    public static let userDisabled = "user.disabled"
    public static let userEnabled = "user.enabled"
    public static let userRoleChanged = "user.role_changed"
    public static let userPasswordChanged = "user.password_changed"
    public static let userPasswordReset = "user.password_reset"
    public static let loginSucceeded = "login.succeeded"
    public static let loginFailed = "login.failed"
    public static let loginThrottled = "login.throttled"
    public static let logout = "logout"
    public static let tokenIssued = "token.issued"
    public static let tokenRevoked = "token.revoked"
    public static let piiRevealed = "pii.revealed"

    public static let all = [
        userCreated, userChanged, userDisabled, userEnabled, userRoleChanged, userPasswordChanged,
        userPasswordReset, loginSucceeded, loginFailed, loginThrottled, logout, tokenIssued, tokenRevoked, piiRevealed,
    ]
}
