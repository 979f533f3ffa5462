import Foundation

/// Whether a callback may be dialled now, and if not, from when or why not (R-CB-3).
public struct CallbackAvailability: Equatable, Sendable {
    /// Why a callback cannot be dialled now.
    public enum Wait: String, Codable, CaseIterable, Sendable {
        /// Its window has not opened yet.
        case window
        /// A failed try was made; the next one comes later.
        case retry
        /// The member is resting: "not before 14:00".
        case quietHours = "rest_hours"
        /// The member asked not to be called: an email or SMS task instead.
        case doNotCall = "do_not_call"
        /// The number was wrong: it needs correcting first.
        case wrongNumber = "wrong_number"
        /// Done or closed.
        case finished
    }

    public var callableNow: Bool
    /// When it becomes callable, if it will.
    public var from: Date?
    public var wait: Wait?

    public static let now = CallbackAvailability(callableNow: true, from: nil, wait: nil)

    public init(callableNow: Bool, from: Date?, wait: Wait?) {
        self.callableNow = callableNow
        self.from = from
        self.wait = wait
    }

    /// The order of an agent's list: callable now first, then "not before" ones by the time they become
    /// callable, then those that cannot be dialled (email or SMS tasks, wrong numbers); the soonest due first
    /// within each group.
    public static func ordered<Item>(_ items: [Item], _ key: (Item) -> (availability: CallbackAvailability, dueBy: Date, id: Int64)) -> [Item] {
        items.map { (item: $0, key: key($0)) }.sorted { lhs, rhs in
            let (a, b) = (lhs.key, rhs.key)
            let groupA = a.availability.callableNow ? 0 : a.availability.from != nil ? 1 : 2
            let groupB = b.availability.callableNow ? 0 : b.availability.from != nil ? 1 : 2
            if groupA != groupB { return groupA < groupB }
            if groupA == 1, a.availability.from != b.availability.from { return a.availability.from! < b.availability.from! }
            return (a.dueBy, a.id) < (b.dueBy, b.id)
        }.map(\.item)
    }
}

extension Callback {
    /// Whether this callback may be dialled at `now`, given the member's rest hours: not before its window, not
    /// before the next try after a failed one, never in rest hours (a callback due at 12:30 is offered from
    /// 14:00), never by phone for a member who asked not to be called.
    public func availability(at now: Date, quietHours: QuietHours, timeZone: TimeZone) -> CallbackAvailability {
        guard state == .open else { return CallbackAvailability(callableNow: false, from: nil, wait: .finished) }
        guard channel == .phone else { return CallbackAvailability(callableNow: false, from: nil, wait: .doNotCall) }
        guard !needsNumber else { return CallbackAvailability(callableNow: false, from: nil, wait: .wrongNumber) }
        let earliest = max(now, notBefore, nextAttemptAt ?? now)
        guard let allowed = quietHours.nextAllowed(from: earliest, in: timeZone) else {
            return CallbackAvailability(callableNow: false, from: nil, wait: .quietHours)
        }
        if allowed <= now { return .now }
        let wait: CallbackAvailability.Wait = earliest > now ? ((nextAttemptAt ?? .distantPast) > notBefore ? .retry : .window) : .quietHours
        return CallbackAvailability(callableNow: false, from: allowed, wait: wait)
    }
}
