import Foundation
import KefuDomain

/// Who is acting: a signed-in user (web session or API token) or the system itself (CLI, schedulers).
public struct Principal: Sendable, Equatable {
    public enum Channel: String, Sendable { case session, token, cli, system }

    public var user: User?
    public var channel: Channel
    /// The client address, for the event log and throttling.
    public var address: String?

    public init(user: User?, channel: Channel, address: String? = nil) {
        self.user = user
        self.channel = channel
        self.address = address
    }

    /// The operating system's user running a CLI command; acts with every permission.
    public static func cli(_ name: String = ProcessInfo.processInfo.environment["USER"] ?? "cli") -> Principal {
        Principal(user: nil, channel: .cli, address: "cli:\(name)")
    }

    public static let system = Principal(user: nil, channel: .system)

    public var permissions: Set<Permission> {
        guard let user else { return Set(Permission.allCases) }
        return user.permissions
    }

    public func can(_ permission: Permission) -> Bool { permissions.contains(permission) }

    /// Throws ``ServiceError/forbidden(_:)`` unless this principal holds `permission`.
    public func require(_ permission: Permission) throws {
        guard can(permission) else { throw ServiceError.forbidden(permission) }
    }

    /// The name written into events.
    public var actorLogin: String {
        user?.login ?? address ?? channel.rawValue
    }

    /// An event attributed to this principal.
    public func event(
        _ kind: String, entity: String, id: String?, before: String? = nil, after: String? = nil, at now: Date
    ) -> Event {
        Event(
            at: now, actorID: user?.id, actorLogin: actorLogin, kind: kind, entity: entity, entityID: id,
            before: before, after: after, address: address
        )
    }
}
