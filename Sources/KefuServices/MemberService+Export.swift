import Foundation
import KefuDomain
import KefuStore

/// Everything held about one member, for an access request under PIPL (R-MEM-4): one file.
public struct MemberExport: Encodable, Sendable {
    public var exportedAt: Date
    public var member: Member
    public var history: [MemberHistoryEntry]
    public var notices: [MemberRepository.Notice]
    public var orders: [[String: String]]
    public var orderItems: [[String: String]]
    public var tickets: [[String: String]]
    /// Messages the customer saw or wrote (internal notes are not theirs).
    public var messages: [[String: String]]
    public var ratings: [[String: String]]
    public var callbacks: [[String: String]]
}

extension MemberService {
    /// The member's data export; needs `pii.export` and is logged as `member.exported`.
    public func export(id: Int64, by principal: Principal) async throws -> MemberExport {
        try principal.require(.piiExport)
        let now = clock.now
        return try await database.transaction { connection in
            guard let member = try await members.find(id: id, on: connection) else { throw ServiceError.notFound(entity: "member") }
            func rows(_ sql: SQL) async throws -> [[String: String]] {
                try await members.exportRows(sql, on: connection).map(Self.readableInstants)
            }
            let callbacks = try await rows("SELECT * FROM callbacks WHERE member_id = \(id) ORDER BY id")
            let export = MemberExport(
                exportedAt: now, member: member, history: try await members.history(memberID: id, limit: 100_000, on: connection),
                notices: try await members.notices(memberID: id, on: connection),
                orders: try await rows(
                    """
                    SELECT number, channel, external_number, customer_name, customer_phone, recipient, address_phone, province, city,
                        district, address_line, payment_method, status, total, paid, created_at, shipped_at, delivered_at, completed_at
                    FROM orders WHERE member_id = \(id) ORDER BY id
                    """),
                orderItems: try await rows(
                    """
                    SELECT o.number AS order_number, i.sku, i.name, i.quantity, i.unit_price
                    FROM order_items i JOIN orders o ON o.id = i.order_id WHERE o.member_id = \(id) ORDER BY o.id, i.position
                    """),
                tickets: try await rows(
                    """
                    SELECT number, type, channel, subject, customer_name, customer_phone, customer_email, state, created_at, resolved_at,
                        closed_at
                    FROM tickets WHERE member_id = \(id) ORDER BY id
                    """),
                messages: try await rows(
                    """
                    SELECT t.number AS ticket_number, m.kind, m.author_name, m.body, m.channel, m.at
                    FROM ticket_messages m JOIN tickets t ON t.id = m.ticket_id
                    WHERE t.member_id = \(id) AND m.kind <> 'note' ORDER BY m.id
                    """),
                ratings: try await rows(
                    """
                    SELECT t.number AS ticket_number, s.rating, s.comment, s.rated_at
                    FROM satisfaction_requests s JOIN tickets t ON t.id = s.ticket_id
                    WHERE t.member_id = \(id) AND s.rated_at IS NOT NULL ORDER BY s.id
                    """),
                callbacks: callbacks)
            try await events.append(principal.event("member.exported", entity: "member", id: "\(id)",
                                                    after: Snapshot.json(["orders": "\(export.orders.count)",
                                                                          "tickets": "\(export.tickets.count)"]), at: now),
                                    on: connection)
            return export
        }
    }

    /// Instants (`…_at`, `at`, epoch milliseconds) as ISO 8601 text.
    static func readableInstants(_ row: [String: String]) -> [String: String] {
        var row = row
        for (key, value) in row where key == "at" || key.hasSuffix("_at") {
            if let ms = Int64(value) { row[key] = ISO8601DateFormatter().string(from: Date(milliseconds: ms)) }
        }
        return row
    }
}
