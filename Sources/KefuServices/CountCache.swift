import Foundation
import KefuDomain
import NIOConcurrencyHelpers

/// List totals remembered for a short while, keyed by the filter.
final class CountCache: @unchecked Sendable {
    private let lock = NIOLock()
    private var entries: [OrderFilter: (total: Int, at: Date)] = [:]
    let lifetime: TimeInterval

    init(lifetime: TimeInterval) {
        self.lifetime = lifetime
    }

    func value(for filter: OrderFilter, now: Date) -> Int? {
        lock.withLock {
            guard let entry = entries[filter], now.timeIntervalSince(entry.at) < lifetime, now >= entry.at else { return nil }
            return entry.total
        }
    }

    func store(_ total: Int, for filter: OrderFilter, now: Date) {
        lock.withLock {
            if entries.count > 1_000 { entries.removeAll(keepingCapacity: true) }
            entries[filter] = (total, now)
        }
    }

    func invalidate() {
        lock.withLock { entries.removeAll(keepingCapacity: true) }
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
