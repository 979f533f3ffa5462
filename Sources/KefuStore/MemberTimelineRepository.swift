import Foundation
import KefuDomain

/// A member's timeline, read in one statement from the tables that hold each kind of entry.
public struct MemberTimelineRepository: Sendable {
    public init() {}

    /// The newest `limit` entries of `memberID` at or before `through` (all when nil), newest first. Tickets about
    /// `hiddenFrom` (a complaint about that person's attitude, R-TKT-6) and their ratings are left out.
    public func entries(memberID: Int64, through: Date?, limit: Int, hiddenFrom: Int64?,
                        on connection: any SQLConnection) async throws -> [MemberTimelineEntry] {
        let cutoff = through ?? Date(timeIntervalSince1970: 4_102_444_800)  // 2100-01-01: no cutoff
        let visible: SQL = hiddenFrom.map { "AND (t.about_user_id IS NULL OR t.about_user_id <> \($0))" } ?? ""
        // Each branch reads its member index newest first and stops at `limit`; the union is sorted once.
        let rows = try await connection.query(
            """
            SELECT * FROM (
                SELECT * FROM (SELECT 'order' AS kind, o.id, o.created_at AS at, o.number AS reference, '' AS summary, o.status AS state
                    FROM orders o WHERE o.member_id = \(memberID) AND o.created_at <= \(cutoff) ORDER BY o.created_at DESC LIMIT \(limit)) orders_
                UNION ALL
                SELECT * FROM (SELECT 'after_sales' AS kind, c.id, c.created_at AS at, c.number AS reference, c.problem AS summary, c.status AS state
                    FROM after_sales_cases c JOIN orders o ON o.id = c.order_id
                    WHERE o.member_id = \(memberID) AND c.created_at <= \(cutoff) ORDER BY c.created_at DESC LIMIT \(limit)) cases_
                UNION ALL
                SELECT * FROM (SELECT 'ticket' AS kind, t.id, t.created_at AS at, t.number AS reference, t.subject AS summary, t.state AS state
                    FROM tickets t WHERE t.member_id = \(memberID) AND t.created_at <= \(cutoff) \(visible)
                    ORDER BY t.created_at DESC LIMIT \(limit)) tickets_
                UNION ALL
                SELECT * FROM (SELECT 'callback' AS kind, b.id, COALESCE(b.completed_at, b.created_at) AS at, '' AS reference,
                        b.reason AS summary, COALESCE(b.outcome, b.status) AS state
                    FROM callbacks b WHERE b.member_id = \(memberID) AND COALESCE(b.completed_at, b.created_at) <= \(cutoff)
                    ORDER BY COALESCE(b.completed_at, b.created_at) DESC LIMIT \(limit)) callbacks_
                UNION ALL
                SELECT * FROM (SELECT 'rating' AS kind, t.id, s.rated_at AS at, t.number AS reference, COALESCE(s.comment, '') AS summary,
                        CAST(s.rating AS TEXT) AS state
                    FROM satisfaction_requests s JOIN tickets t ON t.id = s.ticket_id
                    WHERE t.member_id = \(memberID) AND s.rated_at IS NOT NULL AND s.rated_at <= \(cutoff) \(visible)
                    ORDER BY s.rated_at DESC LIMIT \(limit)) ratings_
            ) timeline ORDER BY at DESC, kind DESC, id DESC LIMIT \(limit)
            """)
        return try rows.map { row in
            MemberTimelineEntry(kind: try row.value("kind"), id: try row.int("id"), at: try row.date("at"),
                                reference: try row.string("reference"), summary: try row.string("summary"), state: try row.string("state"))
        }
    }
}

extension MemberRepository {
    /// The member an order is linked to, if any.
    public func member(ofOrder orderID: Int64, on connection: any SQLConnection) async throws -> Int64? {
        try await connection.first("SELECT member_id FROM orders WHERE id = \(orderID)")?.optionalInt("member_id")
    }
}
