import KefuDomain
import KefuStore

/// The ticket service reads its SLA terms from the configuration admins keep (R-TKT-4).
extension SLAConfigService: TicketSLASource {
    public func ticketTerms(for attributes: SLAPolicy.TicketAttributes, on connection: any SQLConnection) async throws -> TicketSLASourceTerms? {
        try await terms(for: attributes, on: connection).map(TicketSLASourceTerms.init)
    }

    public func ticketTerms(policyID: Int64, on connection: any SQLConnection) async throws -> TicketSLASourceTerms? {
        try await terms(policyID: policyID, on: connection).map(TicketSLASourceTerms.init)
    }

    public func gradeMatters(on connection: any SQLConnection) async throws -> Bool {
        try await cache.contents(now: clock.now, on: connection).selectable.contains { $0.conditions.memberGrade != nil }
    }
}

extension TicketSLASourceTerms {
    init(_ terms: SLATerms) {
        self.init(policyID: terms.policyID, policy: terms.policy, calendar: terms.calendar)
    }
}
