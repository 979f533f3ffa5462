import Foundation
import KefuDomain
import KefuStore

/// The SLA configuration (R-TKT-4): business calendars and the policies that set a ticket's time limits on
/// them. Reading needs `tickets.view`; changing needs `settings.manage`, and every change is one transaction
/// with its event (`calendar.created|updated`, `sla_policy.created|updated`, before and after).
///
/// Tickets get their terms from ``terms(for:on:)``, served from memory: copies of this service share one
/// cache, which its own changes clear at once and which notices other instances' changes within
/// `recheck` seconds (one cheap query then, none in between).
public struct SLAConfigService: Sendable {
    let database: any Database
    let clock: any Clock
    let cache: SLAConfigCache
    let repository = SLAConfigRepository()
    let events = EventLog()

    public init(database: any Database, clock: any Clock, recheck: TimeInterval = 1) {
        self.database = database
        self.clock = clock
        self.cache = SLAConfigCache(recheck: recheck)
    }

    // MARK: Calendars

    /// Every calendar, oldest first.
    public func calendars(by principal: Principal) async throws -> [StoredBusinessCalendar] {
        try principal.require(.ticketsView)
        return try await database.read { try await repository.calendars(on: $0) }
    }

    /// One calendar; ``ServiceError/notFound(entity:)`` for an unknown id.
    public func calendar(id: Int64, by principal: Principal) async throws -> StoredBusinessCalendar {
        try principal.require(.ticketsView)
        guard let stored = try await database.read({ try await repository.calendar(id: id, on: $0) }) else {
            throw ServiceError.notFound(entity: "calendar")
        }
        return stored
    }

    /// Adds a calendar; every problem with the draft is reported at once, and a name in use is one of them.
    public func createCalendar(_ draft: BusinessCalendarDraft, by principal: Principal) async throws -> StoredBusinessCalendar {
        try principal.require(.settingsManage)
        let calendar = try Self.validated(draft)
        let now = clock.now
        let stored = try await saving(name: calendar.name) {
            try await database.transaction { connection in
                let stored = try await repository.insertCalendar(calendar, at: now, on: connection)
                try await events.append(principal.event("calendar.created", entity: "calendar", id: "\(stored.id)",
                                                        after: try Snapshot.calendar(stored.calendar), at: now), on: connection)
                return stored
            }
        }
        cache.invalidate()
        return stored
    }

    /// Changes a calendar: the fields `changes` sets replace the stored ones, the rest stay (the edit page sends
    /// them all). A stale `expectedVersion` (or a concurrent change) is a conflict that writes nothing; without one
    /// the change applies to whatever is current. A change that alters nothing returns the calendar as it is
    /// (no new version, no event); otherwise `calendar.updated` records the fields that changed.
    public func updateCalendar(id: Int64, _ changes: BusinessCalendarDraft, expectedVersion: Int64?,
                               by principal: Principal) async throws -> StoredBusinessCalendar {
        try principal.require(.settingsManage)
        let now = clock.now
        let stored = try await saving(name: changes.name?.trimmingCharacters(in: .whitespaces)) {
            try await database.transaction { connection in
                let before = try await current(id: id, expectedVersion: expectedVersion, on: connection)
                let calendar = try Self.validated(BusinessCalendarDraft(before.calendar).merging(changes))
                return try await save(calendar, over: before, at: now, by: principal, on: connection)
            }
        }
        cache.invalidate()
        return stored
    }

    /// The calendar `id` within a transaction, refusing a stale `expectedVersion`.
    func current(id: Int64, expectedVersion: Int64?, on connection: any SQLConnection) async throws -> StoredBusinessCalendar {
        guard let stored = try await repository.calendar(id: id, on: connection) else { throw ServiceError.notFound(entity: "calendar") }
        if let expectedVersion, expectedVersion != stored.version {
            throw ServiceError.conflict(code: "error.stale_version", currentVersion: stored.version)
        }
        return stored
    }

    /// Writes `calendar` over `before` with its event; nothing when they are the same.
    func save(_ calendar: BusinessCalendar, over before: StoredBusinessCalendar, at now: Date, by principal: Principal,
              on connection: any SQLConnection) async throws -> StoredBusinessCalendar {
        guard calendar != before.calendar else { return before }
        let saved = try await repository.updateCalendar(id: before.id, calendar, expectedVersion: before.version, at: now, on: connection)
        let difference = Snapshot.difference(from: try Snapshot.calendar(before.calendar), to: try Snapshot.calendar(saved.calendar))
        try await events.append(principal.event("calendar.updated", entity: "calendar", id: "\(before.id)", before: difference.before,
                                                after: difference.after, at: now), on: connection)
        return saved
    }

    static func validated(_ draft: BusinessCalendarDraft) throws -> BusinessCalendar {
        do {
            return try draft.validated()
        } catch let invalid as InvalidFields {
            throw ServiceError.validation(invalid.problems)
        }
    }

    /// Runs a write, turning a taken `name` into a field error and a lost version race into a conflict.
    func saving<T>(name: String?, _ write: () async throws -> T) async throws -> T {
        do {
            return try await write()
        } catch StoreError.duplicate where name != nil {
            throw ServiceError.validation([FieldError(field: "name", code: "error.duplicate", arguments: ["value": name ?? ""])])
        } catch let StoreError.staleVersion(_, _, current) {
            throw ServiceError.conflict(code: "error.stale_version", currentVersion: current)
        }
    }
}
