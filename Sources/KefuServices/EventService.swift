import Foundation
import KefuDomain
import KefuStore

/// Reading the event log. There is no way to change it (events are append-only).
public struct EventService: Sendable {
    let database: any Database
    let clock: any Clock
    let events = EventLog()

    public init(database: any Database, clock: any Clock) {
        self.database = database
        self.clock = clock
    }

    public func list(_ filter: EventFilter, beforeID: Int64? = nil, limit: Int = 50, by principal: Principal) async throws
        -> (events: [Event], total: Int)
    {
        try principal.require(.eventsView)
        return try await database.read { try await events.list(filter, beforeID: beforeID, limit: limit, on: $0) }
    }

    /// The principal's own recent actions, which everyone may see.
    public func recent(by principal: Principal, limit: Int = 10) async throws -> [Event] {
        guard let user = principal.user else { return [] }
        return try await database.read { try await events.list(EventFilter(actorID: user.id), limit: limit, on: $0).events }
    }

    /// Records that `principal` was shown personal data in full (R-MEM-4). Requires `pii.view`.
    public func recordPIIReveal(entity: String, id: String, fields: [String], by principal: Principal) async throws {
        try principal.require(.piiView)
        let now = clock.now
        try await database.transaction { connection in
            try await events.append(principal.event(EventKind.piiRevealed, entity: entity, id: id,
                                                    after: Snapshot.json(["fields": fields.joined(separator: ",")]), at: now),
                                    on: connection)
        }
    }
}
