import Foundation

/// Where "now" comes from. Domain rules take a clock so every rule can be tested at any instant.
public protocol Clock: Sendable {
    var now: Date { get }
}

/// A clock that always answers the same instant, moved by hand. For tests and replays.
public final class FixedClock: Clock, @unchecked Sendable {
    private let lock = NSLock()
    private var instant: Date

    public init(_ instant: Date) { self.instant = instant }

    public var now: Date { lock.withLock { instant } }

    /// Moves the clock forward by `seconds`.
    public func advance(by seconds: TimeInterval) {
        lock.withLock { instant = instant.addingTimeInterval(seconds) }
    }
}
