import Foundation
import KefuDomain
import KefuStore

/// A callback as a list shows it: with whether it can be dialled now (R-CB-3) and whether it is overdue.
public struct CallbackListing: Sendable {
    public var entry: CallbackEntry
    public var availability: CallbackAvailability
    public var overdue: Bool
}

/// One callback with everything its page needs: attempts, the script for its reason, and its holder's quota.
public struct CallbackDetail: Sendable {
    public var listing: CallbackListing
    public var attempts: [CallbackAttempt]
    public var script: CallbackScript
}

/// Callbacks (回访, R-CB-1…5): generated from deliveries, resolved services, confirmed complaints, occasions and
/// new assignments; listed with rest hours and do-not-call applied; attempts with their retries; outcomes that
/// open a ticket when the member is unsatisfied; quotas and the summary. Every change is one transaction with
/// its event.
public struct CallbackService: Sendable {
    let database: any Database
    let clock: any Clock
    let timeZone: TimeZone
    public let settings: CallbackSettings
    let tickets: TicketService
    let repository = CallbackRepository()
    let events = EventLog()
    /// The most callbacks a "due today" list orders by callability; beyond them the list is by due time.
    public static let orderedListLimit = 1_000

    public init(database: any Database, clock: any Clock, timeZone: TimeZone, settings: CallbackSettings = .fromEnvironment(),
                tickets: TicketService) {
        self.database = database
        self.clock = clock
        self.timeZone = timeZone
        self.settings = settings
        self.tickets = tickets
    }

    /// Midnight at the start and end of the business day of `instant`.
    func day(of instant: Date) -> (day: LocalDate, start: Date, end: Date) {
        let day = CallbackSettings.day(of: instant, in: timeZone)
        return (day, CallbackSettings.start(of: day, in: timeZone), CallbackSettings.start(of: day.adding(days: 1), in: timeZone))
    }

    func listing(_ entry: CallbackEntry, at now: Date) -> CallbackListing {
        CallbackListing(entry: entry, availability: entry.availability(at: now, settings: settings, timeZone: timeZone),
                        overdue: entry.callback.isOverdue(at: now))
    }

    /// Callbacks matching `filter`. Due today, they come in the agent's order (callable now, then "not before" a
    /// time, then those that cannot be dialled; R-CB-3); otherwise soonest due first.
    public func list(_ filter: CallbackFilter, limit: Int = 50, offset: Int = 0, by principal: Principal) async throws
        -> (items: [CallbackListing], total: Int)
    {
        try principal.require(.callbacksView)
        let now = clock.now
        let today = day(of: now)
        if filter.due == .today, offset + limit <= Self.orderedListLimit {
            let found = try await database.read {
                try await repository.list(filter, now: now, endOfToday: today.end, limit: Self.orderedListLimit, offset: 0, on: $0)
            }
            let ordered = CallbackAvailability.ordered(found.entries.map { listing($0, at: now) }) {
                ($0.availability, $0.entry.callback.dueBy, $0.entry.callback.id)
            }
            return (Array(ordered.dropFirst(offset).prefix(limit)), found.total)
        }
        let found = try await database.read {
            try await repository.list(filter, now: now, endOfToday: today.end, limit: limit, offset: offset, on: $0)
        }
        return (found.entries.map { listing($0, at: now) }, found.total)
    }

    /// One callback with its attempts and script.
    public func get(id: Int64, by principal: Principal) async throws -> CallbackDetail {
        try principal.require(.callbacksView)
        let now = clock.now
        return try await database.read { connection in
            guard let entry = try await repository.find(id: id, on: connection) else { throw ServiceError.notFound(entity: "callback") }
            return CallbackDetail(listing: listing(entry, at: now), attempts: try await repository.attempts(callbackID: id, on: connection),
                                  script: try await repository.script(for: entry.callback.reason, on: connection))
        }
    }

    /// An agent's progress today against the daily quota (R-CB-4).
    public func quota(agent: Int64, by principal: Principal) async throws -> CallbackQuota {
        try principal.require(.callbacksView)
        let today = day(of: clock.now)
        let target = settings.dailyQuota
        return try await database.read {
            try await repository.quotas(agents: [agent], start: today.start, end: today.end, day: today.day, target: target, on: $0)
        }.first ?? CallbackQuota(agentID: agent, day: today.day, target: target, done: 0)
    }

    /// Every active agent's progress today, for supervisors (R-CB-4).
    public func teamQuotas(by principal: Principal) async throws -> [CallbackQuota] {
        try principal.require(.callbacksView)
        try principal.require(.reportsView)
        let today = day(of: clock.now)
        let target = settings.dailyQuota
        return try await database.read {
            try await repository.quotas(agents: nil, start: today.start, end: today.end, day: today.day, target: target, on: $0)
        }
    }
}
