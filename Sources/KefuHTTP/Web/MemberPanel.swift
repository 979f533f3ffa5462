import Foundation
import KefuDomain
import KefuServices

extension Pages {
    /// The member beside a ticket or an order (issue 5): who they are, with their latest dealings; nil without a
    /// member or without `members.view`.
    func memberPanel(_ memberID: Int64?, services: Services, principal: Principal, language: Language) async throws -> [String: Any]? {
        guard let memberID, principal.can(.membersView) else { return nil }
        let found = try await services.members.panel(memberID: memberID, by: principal)
        return MemberTimelineValues(catalog: catalog, language: language, timeZone: services.timeZone)
            .panel(found.member, timeline: found.timeline)
    }
}

extension TicketWebController {
    func memberPanel(_ memberID: Int64?, principal: Principal, language: Language) async throws -> [String: Any]? {
        try await pages.memberPanel(memberID, services: services, principal: principal, language: language)
    }
}
