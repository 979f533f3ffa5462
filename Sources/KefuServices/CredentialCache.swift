import Foundation
import KefuDomain
import KefuStore
import NIOConcurrencyHelpers

/// Remembers recently checked sessions and tokens so most requests need no database round trip.
///
/// Correctness comes from the credential epoch: every change that ends or narrows access moves it in
/// the same transaction. This process drops its cache at once after its own changes; changes made by
/// another instance or by the CLI are noticed at the next epoch check, at most `recheck` later.
final class CredentialCache: @unchecked Sendable {
    struct Entry {
        var principal: Principal
        /// The session or token id.
        var id: Int64
        var csrfToken: String?
        var lastSeenAt: Date
        var expiresAt: Date?
    }

    private let lock = NIOLock()
    private var entries: [String: Entry] = [:]
    private var epoch: Int64 = -1
    private var checkedAt: Date = .distantPast
    let recheck: TimeInterval
    let capacity: Int

    init(recheck: TimeInterval = 0.25, capacity: Int = 10_000) {
        self.recheck = recheck
        self.capacity = capacity
    }

    /// The cached entry for `key`, after making sure the epoch has not moved since `recheck` ago.
    func entry(_ key: String, now: Date, database: any Database) async throws -> Entry? {
        let due = lock.withLock { now.timeIntervalSince(checkedAt) >= recheck || epoch < 0 }
        if due {
            let current = try await database.read { try await CredentialEpochRepository().current(on: $0) }
            lock.withLock {
                if current != epoch { entries.removeAll(keepingCapacity: true) }
                epoch = current
                checkedAt = now
            }
        }
        return lock.withLock { entries[key] }
    }

    func store(_ key: String, _ entry: Entry) {
        lock.withLock {
            if entries.count >= capacity { entries.removeAll(keepingCapacity: true) }
            entries[key] = entry
        }
    }

    func remove(_ key: String) {
        _ = lock.withLock { entries.removeValue(forKey: key) }
    }

    /// Forgets everything; called after this process ends or narrows someone's access.
    func invalidate() {
        lock.withLock {
            entries.removeAll(keepingCapacity: true)
            epoch = -1
        }
    }
}
