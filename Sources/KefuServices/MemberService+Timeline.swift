import Foundation
import KefuDomain
import KefuStore

extension MemberService {
    /// The most entries one page of a timeline holds.
    public static let timelinePageLimit = 500

    /// A member's orders, after-sales cases, tickets, callbacks and ratings, newest first, `limit` at a time (the
    /// next page is what comes after the last entry's cursor). Never a complaint about the person asking (R-TKT-6).
    public func timeline(memberID: Int64, after cursor: MemberTimelineEntry.Cursor? = nil, limit: Int = 100,
                         by principal: Principal) async throws -> [MemberTimelineEntry]
    {
        try principal.require(.membersView)
        let limit = min(max(limit, 1), Self.timelinePageLimit)
        return try await database.read { connection in
            guard try await members.find(id: memberID, on: connection) != nil else { throw ServiceError.notFound(entity: "member") }
            // Entries of the cursor's own instant are read again and the ones already shown dropped.
            let entries = try await MemberTimelineRepository().entries(memberID: memberID, through: cursor?.at,
                                                                       limit: limit + (cursor == nil ? 0 : 50),
                                                                       hiddenFrom: principal.user?.id, on: connection)
            guard let cursor else { return entries }
            return Array(entries.filter { $0.comes(after: cursor) }.prefix(limit))
        }
    }
}

extension MemberService {
    /// A member beside a ticket or an order, with their latest `limit` timeline entries. Contacts are always masked
    /// here (the page shows the customer's own contact already), so the panel is no view of personal data to log.
    public func panel(memberID: Int64, limit: Int = 8, by principal: Principal) async throws
        -> (member: Member, timeline: [MemberTimelineEntry])
    {
        try principal.require(.membersView)
        return try await database.read { connection in
            guard let member = try await members.find(id: memberID, on: connection) else { throw ServiceError.notFound(entity: "member") }
            let entries = try await MemberTimelineRepository().entries(memberID: memberID, through: nil, limit: limit,
                                                                       hiddenFrom: principal.user?.id, on: connection)
            return (member.visible(to: []), entries)
        }
    }
}

extension MemberService {
    /// The member an order is linked to (by the customer's phone), for the order page's panel.
    public func member(ofOrder orderID: Int64, by principal: Principal) async throws -> Int64? {
        try principal.require(.membersView)
        return try await database.read { try await members.member(ofOrder: orderID, on: $0) }
    }
}
