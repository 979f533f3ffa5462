import Foundation

/// When repeated failed sign-ins block further attempts (R-SEC-1).
///
/// Failures are counted per login and per client address within a sliding window; past the limit,
/// attempts are refused until the window has moved past the oldest counted failure.
public struct LoginThrottle: Sendable {
    public var window: TimeInterval
    public var maxFailuresPerLogin: Int
    public var maxFailuresPerAddress: Int

    public init(window: TimeInterval = 15 * 60, maxFailuresPerLogin: Int = 5, maxFailuresPerAddress: Int = 20) {
        self.window = window
        self.maxFailuresPerLogin = maxFailuresPerLogin
        self.maxFailuresPerAddress = maxFailuresPerAddress
    }

    /// The earliest instant from which failures still count at `now`.
    public func windowStart(at now: Date) -> Date { now.addingTimeInterval(-window) }

    /// Until when a new attempt is refused, given the failures (ascending instants) inside the window,
    /// or `nil` when an attempt may go ahead.
    public func blockedUntil(loginFailures: [Date], addressFailures: [Date], now: Date) -> Date? {
        let start = windowStart(at: now)
        func until(_ failures: [Date], limit: Int) -> Date? {
            let recent = failures.filter { $0 > start }.sorted()
            guard recent.count >= limit else { return nil }
            // The block lifts when enough failures age out to drop below the limit.
            return recent[recent.count - limit].addingTimeInterval(window)
        }
        let candidates = [
            until(loginFailures, limit: maxFailuresPerLogin),
            until(addressFailures, limit: maxFailuresPerAddress),
        ].compactMap { $0 }
        return candidates.max()
    }
}
