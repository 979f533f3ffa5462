import Foundation

/// One SLA clock of one ticket (first response, next response or resolution), replayed from the
/// ticket's pause history (R-TKT-4). Time while paused (waiting for the customer, waiting for a
/// department) does not count; time outside business hours does not count either.
///
/// A policy change keeps the time already used: each `Terms` measures the running time of its own
/// span on its own calendar, and the target of the latest terms is compared with the total.
public struct SLAClock: Equatable, Sendable {
    /// A moment the clock was paused (`paused: true`) or resumed (`paused: false`).
    public struct Transition: Equatable, Sendable {
        public var at: Date
        public var paused: Bool

        public init(at: Date, paused: Bool) {
            self.at = at
            self.paused = paused
        }
    }

    /// A calendar and target in force from an instant on.
    public struct Terms: Equatable, Sendable {
        public var from: Date
        public var calendar: BusinessCalendar
        public var targetMinutes: Int

        public init(from: Date, calendar: BusinessCalendar, targetMinutes: Int) {
            self.from = from
            self.calendar = calendar
            self.targetMinutes = targetMinutes
        }
    }

    /// When the clock started (e.g. the ticket was created, or the customer last wrote).
    public let start: Date
    /// The terms in force, oldest first; the first starts at `start`.
    public private(set) var terms: [Terms]
    /// Pause and resume transitions, oldest first. Before the first one the clock runs, unless a
    /// transition at or before `start` says it is paused.
    public let history: [Transition]

    public init(start: Date, calendar: BusinessCalendar, targetMinutes: Int, history: [Transition] = []) {
        self.start = start
        self.terms = [Terms(from: start, calendar: calendar, targetMinutes: targetMinutes)]
        self.history = history.sorted { $0.at < $1.at }
    }

    /// The clock with new terms from `instant` on (a different policy or calendar applies to the
    /// ticket). Time used before `instant` is kept, measured on the old calendar. Terms later than
    /// `instant` are dropped; an instant before `start` counts as `start`.
    public func changingTerms(at instant: Date, calendar: BusinessCalendar, targetMinutes: Int) -> SLAClock {
        var clock = self
        let from = max(instant, start)
        clock.terms.removeAll { $0.from >= from }
        clock.terms.append(Terms(from: from, calendar: calendar, targetMinutes: targetMinutes))
        return clock
    }

    /// The target now in force, in seconds.
    public var targetSeconds: TimeInterval { TimeInterval(terms.last!.targetMinutes) * 60 }

    /// Whether the clock is paused at `instant`.
    public func isPaused(at instant: Date) -> Bool {
        history.last { $0.at <= instant }?.paused ?? false
    }

    /// Business seconds used from `start` up to `instant`, pauses left out.
    public func usedSeconds(at instant: Date) -> TimeInterval {
        var total: TimeInterval = 0
        for (index, leg) in terms.enumerated() {
            let end = min(instant, index + 1 < terms.count ? terms[index + 1].from : instant)
            for segment in runningSegments(from: leg.from, to: end) {
                total += leg.calendar.businessSeconds(between: segment.start, and: segment.end ?? end)
            }
        }
        return total
    }

    /// Whole business minutes used up to `instant`.
    public func usedMinutes(at instant: Date) -> Int {
        Int((usedSeconds(at: instant) / 60).rounded(.down))
    }

    /// The instant the target in force is used up. Nil while the clock ends paused with target
    /// left (the due time is unknown until it resumes) or when the calendar never opens. If new
    /// terms arrive with their target already used up, the clock is due at the change.
    public func dueDate() -> Date? {
        let leg = terms.last!
        var remaining = targetSeconds - usedSeconds(at: leg.from)
        guard remaining > 0 else { return leg.from }
        for segment in runningSegments(from: leg.from, to: nil) {
            guard let end = segment.end else {
                return leg.calendar.dueDate(afterSeconds: remaining, from: segment.start)
            }
            let available = leg.calendar.businessSeconds(between: segment.start, and: end)
            if available >= remaining {
                return leg.calendar.dueDate(afterSeconds: remaining, from: segment.start)
            }
            remaining -= available
        }
        return nil
    }

    /// Where this clock stands at `now`. `metAt` is when the ticket met the target (replied,
    /// resolved), if it has. At risk when at least `atRiskFraction` of the target's business
    /// time is used.
    public func state(at now: Date, metAt: Date? = nil, atRiskFraction: Double = SLAState.defaultAtRiskFraction) -> SLAState {
        let due = dueDate()
        if let metAt { return due.map { metAt <= $0 } ?? true ? .met : .breached }
        if let due, now >= due { return .breached }
        if isPaused(at: now) { return .paused }
        guard targetSeconds > 0 else { return .breached }
        return usedSeconds(at: now) / targetSeconds >= atRiskFraction ? .atRisk : .onTrack
    }

    /// The running stretches of `from..<to` (an open end when `to` is nil or the last one runs on).
    func runningSegments(from: Date, to: Date?) -> [(start: Date, end: Date?)] {
        if let to, to <= from { return [] }
        var segments: [(start: Date, end: Date?)] = []
        var runningSince: Date? = isPaused(at: from) ? nil : from
        for transition in history where transition.at > from {
            if let to, transition.at >= to { break }
            if transition.paused, let since = runningSince {
                segments.append((since, transition.at))
                runningSince = nil
            } else if !transition.paused, runningSince == nil {
                runningSince = transition.at
            }
        }
        if let since = runningSince { segments.append((since, to)) }
        return segments
    }
}
