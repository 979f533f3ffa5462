import Foundation
import KefuDomain
import KefuStore
import NIOConcurrencyHelpers

/// Calendars and policies held in memory for ticket intake, which must not query them per ticket.
///
/// What is held stays in use for `recheck`; after that one query of the configuration's stamp (see
/// ``SLAConfigRepository/stamp(on:)``) says whether to keep it or load it again, so a change made by another
/// instance is seen within `recheck`. Changes through this process clear it at once (after they commit).
final class SLAConfigCache: @unchecked Sendable {
    /// Another instance's change is seen within this many seconds.
    static let defaultRecheck: TimeInterval = 1

    struct Contents: Sendable {
        var stamp: Int64
        /// Active policies, the ones tickets are matched against, and the same as plain policies for `SLAPolicy.select`.
        var active: [StoredSLAPolicy]
        var selectable: [SLAPolicy]
        /// Every policy by id, inactive ones too (a ticket keeps the terms it ran under).
        var policies: [Int64: StoredSLAPolicy]
        var calendars: [Int64: BusinessCalendar]
    }

    private let lock = NIOLock()
    private var contents: Contents?
    private var checkedAt: Date = .distantPast
    /// Moves with every invalidation, so that a load that began before a change is not kept after it.
    private var generation = 0
    let recheck: TimeInterval

    init(recheck: TimeInterval = defaultRecheck) {
        self.recheck = recheck
    }

    /// What is held, checked against the store when older than `recheck` and loaded when missing or out of date.
    func contents(now: Date, on connection: any SQLConnection) async throws -> Contents {
        let (held, fresh, generation) = lock.withLock {
            (contents, now >= checkedAt && now.timeIntervalSince(checkedAt) < recheck, self.generation)
        }
        if let held, fresh { return held }
        let repository = SLAConfigRepository()
        let stamp = try await repository.stamp(on: connection)
        if let held, held.stamp == stamp {
            lock.withLock { if self.generation == generation { checkedAt = now } }
            return held
        }
        let policies = try await repository.policies(on: connection)
        let active = policies.filter(\.active)
        let loaded = Contents(
            stamp: stamp, active: active, selectable: active.map(\.policy),
            policies: Dictionary(uniqueKeysWithValues: policies.map { ($0.id, $0) }),
            calendars: Dictionary(uniqueKeysWithValues: try await repository.calendars(on: connection).map { ($0.id, $0.calendar) }))
        lock.withLock {
            if self.generation == generation {
                contents = loaded
                checkedAt = now
            }
        }
        return loaded
    }

    /// Forgets what is held; the next use loads again.
    func invalidate() {
        lock.withLock {
            contents = nil
            generation += 1
        }
    }
}
