import Foundation
import KefuDomain
import KefuStore

/// Shift handovers (R-TKT-12): the outgoing shift writes the items, the incoming shift acknowledges each one.
public struct HandoverService: Sendable {
    let database: any Database
    let clock: any Clock
    let repository = HandoverRepository()
    let events = EventLog()

    public init(database: any Database, clock: any Clock) {
        self.database = database
        self.clock = clock
    }

    /// Saves a handover; blank item rows are dropped, and at least one item must remain. Records `handover.written`.
    public func write(_ draft: HandoverDraft, by principal: Principal) async throws -> Handover {
        try principal.require(.ticketsManage)
        let problems = draft.problems
        guard problems.isEmpty else { throw ServiceError.validation(problems) }
        let now = clock.now
        let handover = draft.handover(writtenBy: principal.user?.id, at: now)
        return try await database.transaction { connection in
            let id = try await repository.insert(handover, on: connection)
            try await events.append(principal.event("handover.written", entity: "handover", id: "\(id)",
                                                    after: Snapshot.json(["shift": handover.shift, "items": "\(handover.items.count)"]),
                                                    at: now), on: connection)
            return try await repository.find(id: id, on: connection)!
        }
    }

    /// Acknowledges one item for the incoming shift. The writer cannot acknowledge their own items (403); an item
    /// acknowledged already is a conflict (409). Records `handover.item_acknowledged`, marked `complete` when it
    /// was the last open item.
    public func acknowledge(handover id: Int64, item itemID: Int64, by principal: Principal) async throws -> Handover {
        try principal.require(.ticketsManage)
        let now = clock.now
        return try await database.transaction { connection in
            guard let handover = try await repository.find(id: id, on: connection) else { throw ServiceError.notFound(entity: "handover") }
            switch handover.acknowledgement(of: itemID, by: principal.user?.id) {
            case .unknownItem: throw ServiceError.notFound(entity: "handover_item")
            case .ownItem: throw ServiceError.forbidden(nil)
            case .alreadyAcknowledged: throw ServiceError.conflict(code: "error.already_done", currentVersion: nil)
            case .allowed: break
            }
            guard try await repository.acknowledge(item: itemID, of: id, by: principal.user?.id, at: now, on: connection) else {
                throw ServiceError.conflict(code: "error.already_done", currentVersion: nil)
            }
            let saved = try await repository.find(id: id, on: connection)!
            try await events.append(principal.event("handover.item_acknowledged", entity: "handover", id: "\(id)",
                                                    after: Snapshot.json(["item": "\(itemID)", "complete": saved.isComplete ? "true" : nil]),
                                                    at: now), on: connection)
            return saved
        }
    }

    /// Open handovers first, then complete ones, newest first within each; only open ones with `openOnly`.
    public func list(openOnly: Bool = false, limit: Int = 50, offset: Int = 0, by principal: Principal) async throws
        -> (handovers: [Handover], total: Int)
    {
        try principal.require(.ticketsView)
        return try await database.read { try await repository.list(openOnly: openOnly, limit: limit, offset: offset, on: $0) }
    }

    /// One handover with its items.
    public func handover(id: Int64, by principal: Principal) async throws -> Handover {
        try principal.require(.ticketsView)
        guard let handover = try await database.read({ try await repository.find(id: id, on: $0) }) else {
            throw ServiceError.notFound(entity: "handover")
        }
        return handover
    }
}
