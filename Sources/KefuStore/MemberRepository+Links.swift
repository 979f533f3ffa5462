import Foundation
import KefuDomain

/// How orders, tickets and callbacks point at their member, and who works for a member.
extension MemberRepository {
    /// The one live member with this phone (digits) or email; nil when none or several have it. One indexed read.
    public func soleMember(phone: String?, email: String? = nil, on connection: any SQLConnection) async throws -> Int64? {
        guard let sole = Self.soleMember(phone: phone, email: email) else { return nil }
        return try await connection.first("SELECT \(sole) AS member_id")?.optionalInt("member_id")
    }

    /// The sole member's id and grade (for SLA policies chosen by grade).
    public func soleMemberGrade(phone: String?, email: String?, on connection: any SQLConnection) async throws -> (id: Int64, grade: String)? {
        guard let sole = Self.soleMember(phone: phone, email: email),
              let row = try await connection.first("SELECT id, grade FROM members WHERE id = \(sole)") else { return nil }
        return (try row.int("id"), try row.string("grade"))
    }

    /// ``soleMember(phone:email:on:)`` as a scalar subquery, to be part of another statement (a new ticket's row);
    /// nil when there is neither phone nor email.
    public static func soleMember(phone: String?, email: String?) -> SQL? {
        var sources: [SQL] = []
        if let phone, !phone.isEmpty {
            sources.append("SELECT member_id FROM member_phones WHERE phone = \(MemberDraft.normalizedPhone(phone))")
        }
        if let email, !email.isEmpty {
            sources.append("SELECT member_id FROM member_emails WHERE email = \(email.lowercased())")
        }
        guard !sources.isEmpty else { return nil }
        // UNION keeps each member once: one row left means one member.
        return "(SELECT MIN(member_id) FROM (\(SQL.joined(sources, separator: " UNION "))) found HAVING COUNT(*) = 1)"
    }

    /// Points a new order at the one member with its customer's phone, if there is exactly one.
    public func linkOrder(id: Int64, phone: String, on connection: any SQLConnection) async throws {
        guard let member = try await soleMember(phone: phone, on: connection) else { return }
        try await connection.query("UPDATE orders SET member_id = \(member) WHERE id = \(id)")
    }

    /// Points imported orders at the one member with their customer's phone, in one statement for the batch.
    public func linkOrders(ids: [Int64], on connection: any SQLConnection) async throws {
        guard !ids.isEmpty else { return }
        try await connection.query(
            """
            UPDATE orders SET member_id = (SELECT MIN(p.member_id) FROM member_phones p WHERE p.phone = orders.customer_phone)
            WHERE id IN \(list: ids) AND member_id IS NULL
                AND (SELECT COUNT(DISTINCT p.member_id) FROM member_phones p WHERE p.phone = orders.customer_phone) = 1
            """)
    }

    /// Points orders and tickets that have none at `member` when their phone or email belongs to it alone (after a
    /// member is created or gains a contact). Returns how many orders and tickets were linked.
    @discardableResult
    public func backfill(member: Member, on connection: any SQLConnection) async throws -> (orders: Int, tickets: Int) {
        var phones: [String] = []
        for phone in member.phones where try await soleMember(phone: phone, on: connection) == member.id { phones.append(phone) }
        var emails: [String] = []
        for email in member.emails where try await soleMember(phone: nil, email: email, on: connection) == member.id { emails.append(email) }
        var orders = 0, tickets = 0
        if !phones.isEmpty {
            orders = try await connection.query(
                "UPDATE orders SET member_id = \(member.id) WHERE customer_phone IN \(list: phones) AND member_id IS NULL RETURNING id").count
            tickets += try await connection.query(
                "UPDATE tickets SET member_id = \(member.id) WHERE customer_phone IN \(list: phones) AND member_id IS NULL RETURNING id").count
        }
        if !emails.isEmpty {
            tickets += try await connection.query(
                "UPDATE tickets SET member_id = \(member.id) WHERE customer_email IN \(list: emails) AND member_id IS NULL RETURNING id").count
        }
        return (orders, tickets)
    }

    /// Whether `user` holds open work for the member: a ticket they own or are assigned, an order they entered that
    /// is not finished, or a callback assigned to them that is not done. The agent calling a member back may dial them.
    public func hasOpenWork(memberID: Int64, userID: Int64, on connection: any SQLConnection) async throws -> Bool {
        if try await connection.first(
            """
            SELECT 1 AS one FROM tickets WHERE member_id = \(memberID) AND state_category NOT IN ('resolved', 'closed')
                AND (assignee_id = \(userID) OR owner_id = \(userID)) LIMIT 1
            """) != nil { return true }
        if try await connection.first(
            """
            SELECT 1 AS one FROM orders WHERE member_id = \(memberID) AND entered_by = \(userID)
                AND status NOT IN ('completed', 'archived', 'cancelled') LIMIT 1
            """) != nil { return true }
        return try await connection.first(
            """
            SELECT 1 AS one FROM callbacks WHERE member_id = \(memberID) AND assignee_id = \(userID) AND status = 'open' LIMIT 1
            """) != nil
    }

    /// Moves everything of `from` to `into`: contacts, addresses, tags (without repeats), orders, tickets, callbacks.
    /// Returns how many orders and tickets moved.
    public func moveRecords(from: Int64, into: Int64, on connection: any SQLConnection) async throws -> (orders: Int, tickets: Int) {
        let orders = try await connection.query("UPDATE orders SET member_id = \(into) WHERE member_id = \(from) RETURNING id").count
        let tickets = try await connection.query("UPDATE tickets SET member_id = \(into) WHERE member_id = \(from) RETURNING id").count
        try await connection.query("UPDATE callbacks SET member_id = \(into) WHERE member_id = \(from)")
        try await connection.query("UPDATE member_notices SET member_id = \(into) WHERE member_id = \(from)")
        return (orders, tickets)
    }

    /// Clears what a member said in history and notices (PIPL erasure): the entries stay, their values go.
    public func scrubPersonalRecords(memberID: Int64, on connection: any SQLConnection) async throws {
        try await connection.query("UPDATE member_history SET changes = '[]' WHERE member_id = \(memberID)")
        try await connection.query("UPDATE member_notices SET recipient = '', body = '' WHERE member_id = \(memberID)")
    }

    // MARK: Export

    /// Rows about the member from other areas, as plain dictionaries for the export file.
    public func exportRows(_ sql: SQL, on connection: any SQLConnection) async throws -> [[String: String]] {
        try await connection.query(sql).map { row in
            var result: [String: String] = [:]
            for (column, _) in row.columns { if let value = row.optionalString(column) { result[column] = value } }
            return result
        }
    }
}
