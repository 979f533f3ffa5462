import Foundation
import KefuDomain
import KefuStore

/// Rows the callback tests start from, written straight into the tables (members, delivered orders, tickets) so the
/// tests do not depend on how those are entered.
public enum CallbackFixtures {
    /// A member with one phone (and an email when given).
    @discardableResult
    public static func member(_ database: any Database, name: String, phone: String, email: String? = nil, doNotCall: Bool = false,
                              restHours: String? = nil, agent: Int64? = nil, assignedAt: Date? = nil, birthday: String? = nil,
                              at now: Date) async throws -> Int64 {
        try await database.transaction { connection in
            let id = try await connection.first(
                """
                INSERT INTO members (name, birthday, do_not_call, rest_hours, assigned_agent_id, assigned_at, version, created_at, updated_at)
                VALUES (\(name), \(birthday), \(doNotCall), \(restHours), \(agent), \(assignedAt ?? (agent == nil ? nil : now)), 1, \(now), \(now))
                RETURNING id
                """)!.int("id")
            try await connection.query(
                "INSERT INTO member_phones (member_id, phone, last4, position) VALUES (\(id), \(phone), \(String(phone.suffix(4))), 0)")
            if let email {
                try await connection.query("INSERT INTO member_emails (member_id, email, position) VALUES (\(id), \(email), 0)")
            }
            return id
        }
    }

    /// `count` orders delivered at `deliveredAt` (numbered `O-CB-<prefix>-<n>`), of `member` when given; one statement.
    @discardableResult
    public static func deliveredOrders(_ database: any Database, count: Int, deliveredAt: Date, member: Int64? = nil, status: String = "delivered",
                                       prefix: String = "A", phone: String = "13800138000", at now: Date) async throws -> [Int64] {
        try await database.transaction { connection in
            try await connection.query(
                """
                WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < \(count))
                INSERT INTO orders (number, channel, customer_name, customer_phone, recipient, address_phone, province, city, district,
                    address_line, payment_method, status, total, paid, delivered_at, member_id, version, created_at, updated_at)
                SELECT \("O-CB-\(prefix)-") || CAST(i AS TEXT), 'phone', '陈静', \(phone), '陈静', \(phone), '浙江省', '杭州市', '西湖区', '文三路 1 号',
                    'online', \(status), 10000, 10000, \(deliveredAt), CAST(\(member) AS BIGINT), 1, \(now), \(now)
                FROM n
                """)
            return try await connection.query("SELECT id FROM orders WHERE number LIKE \("O-CB-\(prefix)-%") ORDER BY id").map { try $0.int("id") }
        }
    }

    /// A ticket of `type`, resolved at `resolvedAt` when given; a complaint with `followUpDueAt` waits for its callback.
    @discardableResult
    public static func ticket(_ database: any Database, type: String, number: String, member: Int64? = nil, owner: Int64? = nil,
                              resolvedAt: Date? = nil, followUpDueAt: Date? = nil, at now: Date) async throws -> Int64 {
        try await database.transaction { connection in
            try await connection.first(
                """
                INSERT INTO tickets (number, type, channel, subject, customer_name, customer_phone, member_id, priority, severity, state,
                    state_category, owner_id, assignee_id, complaint_stage, resolved_at, follow_up_due_at, version, created_at, updated_at)
                VALUES (\(number), \(type), 'phone', '回访测试', '王芳', '13912345678', \(member), 'normal', 'simple',
                    \(resolvedAt == nil ? "open" : "resolved"), \(resolvedAt == nil ? "open" : "resolved"), \(owner), \(owner),
                    \(type == "complaint" ? "confirmed" : nil), \(resolvedAt), \(followUpDueAt), 1, \(now), \(now))
                RETURNING id
                """)!.int("id")
        }
    }
}
