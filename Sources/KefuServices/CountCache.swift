import Foundation
import KefuDomain
import NIOConcurrencyHelpers

/// List totals remembered for a short while, keyed by the filter. When a total expires, the first caller counts
/// again while the others keep getting the old total for a little longer, so that a busy page does not send every
/// request in flight to count the same rows at the same moment.
final class CountCache: @unchecked Sendable {
    private let lock = NIOLock()
    private var entries: [OrderFilter: (total: Int, at: Date)] = [:]
    /// Filters being counted again, and since when.
    private var refreshing: [OrderFilter: Date] = [:]
    let lifetime: TimeInterval

    init(lifetime: TimeInterval) {
        self.lifetime = lifetime
    }

    func value(for filter: OrderFilter, now: Date) -> Int? {
        lock.withLock {
            guard let entry = entries[filter], now >= entry.at else { return nil }
            let age = now.timeIntervalSince(entry.at)
            if age < lifetime { return entry.total }
            guard age < lifetime * 5 else { return nil }
            if let since = refreshing[filter], now.timeIntervalSince(since) < lifetime { return entry.total }
            refreshing[filter] = now
            return nil
        }
    }

    func store(_ total: Int, for filter: OrderFilter, now: Date) {
        lock.withLock {
            if entries.count > 1_000 { entries.removeAll(keepingCapacity: true) }
            entries[filter] = (total, now)
            refreshing[filter] = nil
        }
    }

    func invalidate() {
        lock.withLock {
            entries.removeAll(keepingCapacity: true)
            refreshing.removeAll(keepingCapacity: true)
        }
    }
}

/// One value remembered for a short while (configuration read on hot paths).
final class TimedCache<Value: Sendable>: @unchecked Sendable {
    private let lock = NIOLock()
    private var entry: (value: Value, at: Date)?
    let lifetime: TimeInterval

    init(lifetime: TimeInterval) {
        self.lifetime = lifetime
    }

    func value(now: Date) -> Value? {
        lock.withLock {
            guard let entry, now >= entry.at, now.timeIntervalSince(entry.at) < lifetime else { return nil }
            return entry.value
        }
    }

    func store(_ value: Value, now: Date) {
        lock.withLock { entry = (value, now) }
    }
}
