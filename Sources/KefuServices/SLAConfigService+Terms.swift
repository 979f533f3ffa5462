import Foundation
import KefuDomain
import KefuStore

/// What governs a ticket's SLA clocks: the policy chosen for it and the calendar its minutes run on (R-TKT-4).
public struct SLATerms: Equatable, Sendable {
    public var policyID: Int64
    public var policyName: String
    public var policy: SLAPolicy
    public var calendar: BusinessCalendar

    public init(policyID: Int64, policyName: String, policy: SLAPolicy, calendar: BusinessCalendar) {
        self.policyID = policyID
        self.policyName = policyName
        self.policy = policy
        self.calendar = calendar
    }
}

extension SLAConfigService {
    /// The terms for a ticket with `attributes`: among the active policies, the one `SLAPolicy.select` picks
    /// (most specific, then priority, then name), with its calendar. Nil when no active policy matches.
    /// Served from memory (see ``SLAConfigCache``); `connection` is used only when the cache must be checked or
    /// loaded, so it may be the caller's transaction. Needs no permission: the caller has checked its own.
    public func terms(for attributes: SLAPolicy.TicketAttributes, on connection: any SQLConnection) async throws -> SLATerms? {
        let contents = try await cache.contents(now: clock.now, on: connection)
        guard let chosen = SLAPolicy.select(from: contents.selectable, for: attributes),
              let stored = contents.active.first(where: { $0.policy.name == chosen.name }) else { return nil }
        return terms(stored, in: contents)
    }

    /// The terms of policy `id`, active or not (a ticket keeps the terms it ran under); nil for an unknown id.
    public func terms(policyID id: Int64, on connection: any SQLConnection) async throws -> SLATerms? {
        let contents = try await cache.contents(now: clock.now, on: connection)
        return contents.policies[id].flatMap { terms($0, in: contents) }
    }

    /// ``terms(for:on:)`` on a connection of its own, for previews and admin pages; needs `tickets.view`.
    public func terms(for attributes: SLAPolicy.TicketAttributes, by principal: Principal) async throws -> SLATerms? {
        try principal.require(.ticketsView)
        return try await database.read { try await terms(for: attributes, on: $0) }
    }

    private func terms(_ stored: StoredSLAPolicy, in contents: SLAConfigCache.Contents) -> SLATerms? {
        contents.calendars[Int64(stored.policy.calendarID)].map {
            SLATerms(policyID: stored.id, policyName: stored.policy.name, policy: stored.policy, calendar: $0)
        }
    }
}
