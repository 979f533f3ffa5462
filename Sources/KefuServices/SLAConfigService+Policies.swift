import Foundation
import KefuDomain
import KefuStore

extension SLAConfigService {
    /// Every policy: active ones first, then by priority and name.
    public func policies(by principal: Principal) async throws -> [StoredSLAPolicy] {
        try principal.require(.ticketsView)
        return try await database.read { try await repository.policies(on: $0) }
    }

    /// One policy, active or not; ``ServiceError/notFound(entity:)`` for an unknown id.
    public func policy(id: Int64, by principal: Principal) async throws -> StoredSLAPolicy {
        try principal.require(.ticketsView)
        guard let stored = try await database.read({ try await repository.policy(id: id, on: $0) }) else {
            throw ServiceError.notFound(entity: "sla_policy")
        }
        return stored
    }

    /// Adds a policy (active unless the draft says otherwise). Name and calendar are required, the calendar must
    /// exist, targets must be positive, the name must be free: every problem is reported at once.
    public func createPolicy(_ draft: SLAPolicyDraft, by principal: Principal) async throws -> StoredSLAPolicy {
        try principal.require(.settingsManage)
        let (policy, problems) = draft.applied(to: nil)
        let now = clock.now
        let stored = try await saving(name: policy.name) {
            try await database.transaction { connection in
                try await check(problems, calendarID: draft.calendarID, on: connection)
                let stored = try await repository.insertPolicy(policy, active: draft.active ?? true, at: now, on: connection)
                try await events.append(principal.event("sla_policy.created", entity: "sla_policy", id: "\(stored.id)",
                                                        after: try Snapshot.policy(stored.policy, active: stored.active), at: now),
                                        on: connection)
                return stored
            }
        }
        cache.invalidate()
        return stored
    }

    /// Changes a policy: the fields `changes` sets replace the stored ones. Version handling, no-op changes and the
    /// `sla_policy.updated` event as for calendars. A deactivated policy stops matching new tickets; tickets that
    /// ran under it keep the time they used.
    public func updatePolicy(id: Int64, _ changes: SLAPolicyDraft, expectedVersion: Int64?,
                             by principal: Principal) async throws -> StoredSLAPolicy {
        try principal.require(.settingsManage)
        let now = clock.now
        let stored = try await saving(name: changes.name?.trimmingCharacters(in: .whitespaces)) {
            try await database.transaction { connection in
                guard let before = try await repository.policy(id: id, on: connection) else { throw ServiceError.notFound(entity: "sla_policy") }
                if let expectedVersion, expectedVersion != before.version {
                    throw ServiceError.conflict(code: "error.stale_version", currentVersion: before.version)
                }
                let (policy, problems) = changes.applied(to: before.policy)
                try await check(problems, calendarID: changes.calendarID, on: connection)
                let active = changes.active ?? before.active
                guard policy != before.policy || active != before.active else { return before }
                let saved = try await repository.updatePolicy(id: id, policy, active: active, expectedVersion: before.version, at: now,
                                                              on: connection)
                let difference = Snapshot.difference(from: try Snapshot.policy(before.policy, active: before.active),
                                                     to: try Snapshot.policy(saved.policy, active: saved.active))
                try await events.append(principal.event("sla_policy.updated", entity: "sla_policy", id: "\(id)", before: difference.before,
                                                        after: difference.after, at: now), on: connection)
                return saved
            }
        }
        cache.invalidate()
        return stored
    }

    /// Throws every problem at once, adding an unknown calendar to the draft's own.
    func check(_ problems: [FieldError], calendarID: Int?, on connection: any SQLConnection) async throws {
        var problems = problems
        if let calendarID, try await repository.calendar(id: Int64(calendarID), on: connection) == nil {
            let at = problems.firstIndex { !["name", "calendar_id"].contains($0.field) } ?? problems.endIndex
            problems.insert(FieldError(field: "calendar_id", code: "error.unknown_value", arguments: ["value": "\(calendarID)"]), at: at)
        }
        guard problems.isEmpty else { throw ServiceError.validation(problems) }
    }
}
