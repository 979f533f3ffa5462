import Foundation

/// Filters for reading the event log.
public struct EventFilter: Sendable, Equatable {
    public var kind: String?
    public var entity: String?
    public var entityID: String?
    public var actorID: Int64?
    public var since: Date?
    public var until: Date?
    /// The client address the events came from (e.g. to limit an anonymous form per address).
    public var address: String?

    public init(
        kind: String? = nil, entity: String? = nil, entityID: String? = nil, actorID: Int64? = nil, since: Date? = nil,
        until: Date? = nil, address: String? = nil
    ) {
        self.address = address
        self.kind = kind
        self.entity = entity
        self.entityID = entityID
        self.actorID = actorID
        self.since = since
        self.until = until
    }
}
