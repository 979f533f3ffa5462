import Foundation

/// The SLA clocks of one ticket, replayed from what happened to it (R-TKT-4, R-QA-4):
/// - first response runs from creation to the first reply by a person (auto-replies never count);
/// - next response runs from a customer's message that follows a reply, to the next reply;
/// - resolution runs from creation to resolution; a reopened ticket's clock runs on from where it stopped.
/// Time in a state that pauses the SLA, and time outside the calendar's hours, does not count. A change of
/// policy keeps the time already used (`SLAClock.changingTerms`).
public enum TicketSLA {
    /// A policy and its calendar in force from `from` on.
    public struct Terms: Equatable, Sendable {
        public var from: Date
        public var policy: SLAPolicy
        public var calendar: BusinessCalendar

        public init(from: Date, policy: SLAPolicy, calendar: BusinessCalendar) {
            self.from = from
            self.policy = policy
            self.calendar = calendar
        }
    }

    /// What happened to the ticket, oldest first in each list.
    public struct Timeline: Equatable, Sendable {
        public var createdAt: Date
        /// Pause and resume transitions from the state history (a state that pauses the SLA).
        public var pauses: [SLAClock.Transition]
        public var customerMessages: [Date]
        /// Replies by people to the customer; auto-replies are not in here.
        public var replies: [Date]
        /// When the ticket was resolved, if it is resolved now.
        public var resolvedAt: Date?
        /// Stretches while the ticket was resolved and later reopened: the resolution clock does not run in them.
        public var resolvedSpans: [DateInterval]

        public init(createdAt: Date, pauses: [SLAClock.Transition] = [], customerMessages: [Date] = [], replies: [Date] = [],
                    resolvedAt: Date? = nil, resolvedSpans: [DateInterval] = []) {
            self.createdAt = createdAt
            self.pauses = pauses
            self.customerMessages = customerMessages
            self.replies = replies
            self.resolvedAt = resolvedAt
            self.resolvedSpans = resolvedSpans
        }
    }

    /// One clock's standing.
    public struct Clock: Equatable, Sendable {
        public var target: SLAPolicy.Target
        public var start: Date
        public var due: Date?
        /// When the clock turns at risk (the at-risk share of its business time used).
        public var atRiskAt: Date?
        public var metAt: Date?
        public var state: SLAState
    }

    /// The standing of the ticket's clocks at `now`. A target no policy in force sets has no clock.
    public static func evaluate(terms: [Terms], timeline: Timeline, now: Date, atRiskFraction: Double = SLAState.defaultAtRiskFraction) -> [Clock] {
        guard !terms.isEmpty else { return [] }
        var clocks: [Clock] = []
        let firstReply = timeline.replies.first
        if let clock = clock(.firstResponse, start: timeline.createdAt, metAt: firstReply, pauses: timeline.pauses, terms: terms,
                             now: now, atRiskFraction: atRiskFraction) {
            clocks.append(clock)
        }
        if let lastReply = timeline.replies.last, firstReply != nil,
           let waiting = timeline.customerMessages.first(where: { $0 > lastReply }) {
            if let clock = clock(.nextResponse, start: waiting, metAt: nil, pauses: timeline.pauses, terms: terms, now: now,
                                 atRiskFraction: atRiskFraction) {
                clocks.append(clock)
            }
        } else if let lastReply = timeline.replies.last, timeline.replies.count > 1 {
            // The latest customer message was answered: the last next-response cycle is met.
            let before = timeline.replies.dropLast().last ?? lastReply
            if let waiting = timeline.customerMessages.first(where: { $0 > before && $0 < lastReply }),
               let clock = clock(.nextResponse, start: waiting, metAt: lastReply, pauses: timeline.pauses, terms: terms, now: now,
                                 atRiskFraction: atRiskFraction) {
                clocks.append(clock)
            }
        }
        var resolutionPauses = timeline.pauses
        for span in timeline.resolvedSpans {
            resolutionPauses.append(.init(at: span.start, paused: true))
            let pausedAfter = timeline.pauses.last { $0.at <= span.end }?.paused ?? false
            resolutionPauses.append(.init(at: span.end, paused: pausedAfter))
        }
        if let clock = clock(.resolution, start: timeline.createdAt, metAt: timeline.resolvedAt, pauses: resolutionPauses, terms: terms,
                             now: now, atRiskFraction: atRiskFraction) {
            clocks.append(clock)
        }
        return clocks
    }

    static func clock(_ target: SLAPolicy.Target, start: Date, metAt: Date?, pauses: [SLAClock.Transition], terms: [Terms], now: Date,
                      atRiskFraction: Double) -> Clock? {
        // The terms in force at the start, then every later change.
        let initial = terms.last { $0.from <= start } ?? terms[0]
        let later = terms.filter { $0.from > start }
        guard initial.policy.minutes(for: target) != nil || later.contains(where: { $0.policy.minutes(for: target) != nil }) else { return nil }
        let minutes = { (terms: Terms) in terms.policy.minutes(for: target) ?? 0 }
        var sla = SLAClock(start: start, calendar: initial.calendar, targetMinutes: minutes(initial), history: pauses)
        var risk = SLAClock(start: start, calendar: initial.calendar, targetMinutes: riskMinutes(minutes(initial), atRiskFraction), history: pauses)
        for change in later {
            sla = sla.changingTerms(at: change.from, calendar: change.calendar, targetMinutes: minutes(change))
            risk = risk.changingTerms(at: change.from, calendar: change.calendar, targetMinutes: riskMinutes(minutes(change), atRiskFraction))
        }
        guard (sla.terms.last?.targetMinutes ?? 0) > 0 else { return nil }
        return Clock(target: target, start: start, due: sla.dueDate(), atRiskAt: risk.dueDate(), metAt: metAt,
                     state: sla.state(at: now, metAt: metAt, atRiskFraction: atRiskFraction))
    }

    static func riskMinutes(_ minutes: Int, _ fraction: Double) -> Int {
        max(1, Int((Double(minutes) * fraction).rounded(.down)))
    }

    /// The ticket's overall standing: breached if any clock is, else at risk, paused, on track, met.
    public static func overall(_ clocks: [Clock]) -> SLAState? {
        guard !clocks.isEmpty else { return nil }
        for state in [SLAState.breached, .atRisk, .paused, .onTrack] where clocks.contains(where: { $0.state == state }) {
            return state
        }
        return .met
    }

    /// The next instant a sweep must look at the ticket: a running clock turning at risk or due.
    public static func watchAt(_ clocks: [Clock]) -> Date? {
        clocks.filter { $0.metAt == nil }.compactMap { clock -> Date? in
            switch clock.state {
            case .onTrack, .paused: return [clock.atRiskAt, clock.due].compactMap { $0 }.min()
            case .atRisk: return clock.due
            case .breached, .met: return nil
            }
        }.min()
    }
}
