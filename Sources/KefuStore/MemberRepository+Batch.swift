import Foundation
import KefuDomain

/// Members written many at a time, for imports: ids reserved up front, then multi-row INSERTs with bound values for
/// the members, their phones, emails, addresses, tags, search terms and history, inside the caller's transaction.
/// Statements stay below PostgreSQL's 65,535 binds and SQLite's 32,766 (1,000 members × 14 values, 16,000 elsewhere).
extension MemberRepository {
    /// Rows per INSERT statement of members.
    static let batchRowsPerStatement = 1000
    /// Bound values per INSERT statement of the narrower tables (PostgreSQL allows 65,535, SQLite 32,766).
    static let bindsPerStatement = 16_000

    /// Reserves `count` new member ids. PostgreSQL draws them from the identity sequence (safe beside other writers);
    /// SQLite continues after the largest id ever used, which is safe because its one writer holds the transaction.
    public func reserveIDs(count: Int, on connection: any SQLConnection) async throws -> [Int64] {
        guard count > 0 else { return [] }
        switch connection.dialect {
        case .postgres:
            return try await connection.query(
                "SELECT nextval(pg_get_serial_sequence('members', 'id')) AS id FROM generate_series(1, \(Int64(count)))")
                .map { try $0.int("id") }.sorted()
        case .sqlite:
            let row = try await connection.first(
                """
                SELECT MAX(n) AS last FROM (
                    SELECT COALESCE(MAX(id), 0) AS n FROM members
                    UNION ALL SELECT COALESCE(MAX(seq), 0) AS n FROM sqlite_sequence WHERE name = 'members') used
                """)
            let last = try row?.int("last") ?? 0
            return (1...Int64(count)).map { last + $0 }
        }
    }

    /// Saves new members that carry ids from ``reserveIDs(count:on:)``, with their contacts, addresses, tags and
    /// name search terms.
    public func insert(batch members: [Member], on connection: any SQLConnection) async throws {
        for chunk in Self.batchChunks(members) {
            let values = chunk.map { member -> SQL in
                """
                (\(member.id), \(member.name), \(member.gender), \(member.birthYear), \(member.birthday), \(member.idNumber),
                \(member.grade), \(member.registrationChannel), \(member.preferences), \(member.notes), \(member.doNotCall),
                \(member.restHours), 1, \(member.createdAt), \(member.updatedAt))
                """
            }
            try await connection.query(
                """
                INSERT INTO members (id, name, gender, birth_year, birthday, id_number, grade, registration_channel, preferences,
                    notes, do_not_call, rest_hours, version, created_at, updated_at)
                VALUES \(SQL.joined(values, separator: ", "))
                """)
        }
        try await insertRows(members.flatMap { member in
            member.phones.enumerated().map { index, phone -> SQL in "(\(member.id), \(phone), \(String(phone.suffix(4))), \(index))" }
        }, into: "member_phones (member_id, phone, last4, position)", on: connection)
        try await insertRows(members.flatMap { member in
            member.emails.enumerated().map { index, email -> SQL in "(\(member.id), \(email), \(index))" }
        }, into: "member_emails (member_id, email, position)", on: connection)
        try await insertRows(members.flatMap { member in
            member.addresses.enumerated().map { index, a -> SQL in
                "(\(member.id), \(a.recipient), \(a.phone), \(a.province), \(a.city), \(a.district), \(a.line), \(index))"
            }
        }, into: "member_addresses (member_id, recipient, phone, province, city, district, line, position)", on: connection)
        try await insertRows(members.flatMap { member in member.tags.map { tag -> SQL in "(\(member.id), \(tag))" } },
                             into: "member_tags (member_id, tag)", on: connection)
        try await insertRows(members.flatMap { member in
            MemberSearchTerms.document(member.name).map { term -> SQL in "(\(term), \(member.id))" }
        }, into: "member_search (term, member_id)", on: connection)
    }

    /// Appends many history entries, their changes in the JSON ``addHistory(_:on:)`` writes and ``history(memberID:limit:on:)``
    /// reads.
    public func addHistory(batch entries: [MemberHistoryEntry], on connection: any SQLConnection) async throws {
        let rows = entries.map { entry -> SQL in
            "(\(entry.memberID), \(entry.action), \(Self.json(entry.changes)), \(entry.changedBy), \(entry.changedAt))"
        }
        try await insertRows(rows, into: "member_history (member_id, action, changes, changed_by, changed_at)", on: connection)
    }

    /// `[{"field":…,"before":…,"after":…}]`, absent values left out, written without JSONEncoder: an import writes
    /// 100,000 of these, and the encoder was a tenth of its time.
    static func json(_ changes: [MemberFieldChange]) -> String {
        var text = "["
        for (index, change) in changes.enumerated() {
            if index > 0 { text += "," }
            text += "{\"field\":"
            JSONText.appendQuoted(change.field, to: &text)
            if let before = change.before { text += ",\"before\":"; JSONText.appendQuoted(before, to: &text) }
            if let after = change.after { text += ",\"after\":"; JSONText.appendQuoted(after, to: &text) }
            text += "}"
        }
        return text + "]"
    }

    /// Live members (not merged away, not erased) holding each of `phones` (digits) and `emails` (lowercased).
    public func liveMembers(phones: [String], emails: [String], on connection: any SQLConnection) async throws
        -> (phones: [String: Set<Int64>], emails: [String: Set<Int64>])
    {
        var byPhone: [String: Set<Int64>] = [:], byEmail: [String: Set<Int64>] = [:]
        for chunk in stride(from: 0, to: phones.count, by: 1000).map({ Array(phones[$0..<min($0 + 1000, phones.count)]) }) {
            for row in try await connection.query(
                """
                SELECT p.phone, p.member_id FROM member_phones p JOIN members m ON m.id = p.member_id
                WHERE p.phone IN \(list: chunk) AND m.merged_into_id IS NULL AND m.erased_at IS NULL
                """) {
                byPhone[try row.string("phone"), default: []].insert(try row.int("member_id"))
            }
        }
        for chunk in stride(from: 0, to: emails.count, by: 1000).map({ Array(emails[$0..<min($0 + 1000, emails.count)]) }) {
            for row in try await connection.query(
                """
                SELECT e.email, e.member_id FROM member_emails e JOIN members m ON m.id = e.member_id
                WHERE e.email IN \(list: chunk) AND m.merged_into_id IS NULL AND m.erased_at IS NULL
                """) {
                byEmail[try row.string("email"), default: []].insert(try row.int("member_id"))
            }
        }
        return (byPhone, byEmail)
    }

    /// Points orders and tickets without a member at the one member holding their phone or email (after a batch of
    /// members is saved; ``backfill(member:on:)`` does this for one member). Returns how many rows were linked.
    @discardableResult
    public func linkRecords(phones: [String], emails: [String], on connection: any SQLConnection) async throws -> Int {
        var linked = 0
        let sole = { (table: String, column: String, value: String) -> (SQL, SQL) in
            ("(SELECT MIN(c.member_id) FROM \(raw: table) c WHERE c.\(raw: column) = \(raw: value))",
             "(SELECT COUNT(DISTINCT c.member_id) FROM \(raw: table) c WHERE c.\(raw: column) = \(raw: value)) = 1")
        }
        for chunk in stride(from: 0, to: phones.count, by: 1000).map({ Array(phones[$0..<min($0 + 1000, phones.count)]) }) {
            for target in ["orders", "tickets"] {
                let (member, only) = sole("member_phones", "phone", "\(target).customer_phone")
                linked += try await connection.query(
                    """
                    UPDATE \(raw: target) SET member_id = \(member)
                    WHERE member_id IS NULL AND customer_phone IN \(list: chunk) AND \(only) RETURNING id
                    """).count
            }
        }
        for chunk in stride(from: 0, to: emails.count, by: 1000).map({ Array(emails[$0..<min($0 + 1000, emails.count)]) }) {
            let (member, only) = sole("member_emails", "email", "tickets.customer_email")
            linked += try await connection.query(
                """
                UPDATE tickets SET member_id = \(member)
                WHERE member_id IS NULL AND customer_email IN \(list: chunk) AND \(only) RETURNING id
                """).count
        }
        return linked
    }

    /// Inserts `rows` (each `(…)` of bound values) with as few statements as the bind budget allows: a round trip
    /// per statement is most of an import's time on PostgreSQL.
    func insertRows(_ rows: [SQL], into table: String, on connection: any SQLConnection) async throws {
        guard let first = rows.first else { return }
        let binds = first.parts.reduce(0) { count, part in if case .bind = part { return count + 1 } else { return count } }
        for chunk in Self.batchChunks(rows, size: max(1, min(5000, Self.bindsPerStatement / max(1, binds)))) {
            try await connection.query("INSERT INTO \(raw: table) VALUES \(SQL.joined(Array(chunk), separator: ", "))")
        }
    }

    static func batchChunks<Element>(_ elements: [Element], size: Int = batchRowsPerStatement) -> [ArraySlice<Element>] {
        stride(from: 0, to: elements.count, by: size).map { elements[$0..<min($0 + size, elements.count)] }
    }
}
