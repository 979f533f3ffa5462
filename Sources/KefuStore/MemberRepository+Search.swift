import Foundation
import KefuDomain

extension MemberRepository {
    /// Counts stop here: a list says "1000+" rather than counting a million index entries on every page.
    public static let countCap = 1000

    /// Live members (not merged away, not erased) matching `filter`, newest first, and how many match (at most
    /// ``countCap``). A search or a tag is read through one index range walked newest first (the name terms, the
    /// phone's last four digits, the phone, the email, the tag); those tables hold live members only, so the page is
    /// 50 primary-key lookups and the count reads the range alone. Without one, the members are walked newest first.
    /// `assignedTo` keeps one agent's members, or those nobody looks after (R-MEM-3).
    public func list(_ filter: MemberFilter, assignedTo: MemberAssignee? = nil, limit: Int, offset: Int, on connection: any SQLConnection)
        async throws -> (members: [Member], total: Int)
    {
        guard let plan = Self.plan(filter, assignedTo: assignedTo) else { return ([], 0) }
        let rows = try await connection.query(
            """
            SELECT m.* FROM \(plan.from) WHERE \(plan.where_)
            ORDER BY \(raw: plan.order) DESC LIMIT \(limit) OFFSET \(offset)
            """)
        var seen = Set<Int64>()
        let unique = try rows.filter { seen.insert(try $0.int("id")).inserted }
        let total: Int
        if offset == 0 && rows.count < limit {
            total = rows.count
        } else {
            total = Int(try await connection.first(
                "SELECT COUNT(*) AS n FROM (SELECT 1 AS one FROM \(plan.countFrom) WHERE \(plan.countWhere) LIMIT \(Self.countCap)) capped")?
                .int("n") ?? 0)
        }
        return (try await members(unique, on: connection), total)
    }

    struct Plan {
        /// The index range read (`d`), or nil to walk the members.
        var driver: SQL?
        var driverConditions: [SQL]
        var memberConditions: [SQL]

        var order: String { driver == nil ? "m.id" : "d.member_id" }
        var from: SQL { driver.map { $0 + " JOIN members m ON m.id = d.member_id" } ?? "members m" }
        var where_: SQL { SQL.joined(driverConditions + memberConditions, separator: " AND ") }
        /// Counting needs the members only when a condition is on them.
        var countFrom: SQL { memberConditions.isEmpty ? driver ?? "members m" : from }
        var countWhere: SQL { memberConditions.isEmpty ? SQL.joined(driverConditions, separator: " AND ") : where_ }
    }

    /// The driving index range and the per-row conditions; nil when the search cannot match anything.
    static func plan(_ filter: MemberFilter, assignedTo: MemberAssignee? = nil) -> Plan? {
        var driver: SQL?
        var conditions: [SQL] = []
        let tag = (filter.tag ?? "").isEmpty ? nil : filter.tag
        var tagUsed = false
        switch MemberQuery(filter.q ?? "") {
        case .nothing:
            if !(filter.q ?? "").trimmingCharacters(in: .whitespaces).isEmpty { return nil }
            if let tag {
                driver = "member_tags d"
                conditions.append("d.tag = \(tag)")
                tagUsed = true
            }
        case .phoneSuffix(let digits):
            driver = "member_phones d"
            conditions.append("d.last4 = \(String(digits.suffix(4)))")
            if digits.count > 4 { conditions.append("d.phone LIKE \("%" + digits)") }
        case .phone(let phone):
            driver = "member_phones d"
            conditions.append("d.phone = \(phone)")
        case .email(let email):
            driver = "member_emails d"
            conditions.append("d.email = \(email)")
        case .name(let terms):
            // The longest term is the rarest: it drives; the others are checked on its rows through the primary key.
            let sorted = terms.sorted { $0.count > $1.count }
            var joins: SQL = "member_search d"
            for (index, term) in sorted.dropFirst().enumerated() {
                let alias = "d\(index + 1)"
                joins = joins + " JOIN member_search \(raw: alias) ON \(raw: alias).member_id = d.member_id AND \(raw: alias).term = \(term)"
            }
            driver = joins
            conditions.append("d.term = \(sorted[0])")
        }
        var memberConditions: [SQL] = []
        if let tag, !tagUsed {
            let owner = driver == nil ? "m.id" : "d.member_id"
            conditions.append("EXISTS (SELECT 1 FROM member_tags t WHERE t.member_id = \(raw: owner) AND t.tag = \(tag))")
        }
        if let grade = filter.grade { memberConditions.append("m.grade = \(grade)") }
        switch assignedTo {
        case .agent(let agent)?: memberConditions.append("m.assigned_agent_id = \(agent)")
        case .nobody?: memberConditions.append("m.assigned_agent_id IS NULL")
        case nil: break
        }
        if driver == nil {
            memberConditions += ["m.merged_into_id IS NULL", "m.erased_at IS NULL"]
        }
        return Plan(driver: driver, driverConditions: conditions,
                    memberConditions: memberConditions)
    }

    /// Live members sharing a phone or an email with `member` (candidates to merge).
    public func duplicates(of member: Member, on connection: any SQLConnection) async throws -> [Member] {
        var ids: [Int64] = []
        if !member.phones.isEmpty {
            ids += try await connection.query("SELECT DISTINCT member_id FROM member_phones WHERE phone IN \(list: member.phones)")
                .map { try $0.int("member_id") }
        }
        if !member.emails.isEmpty {
            ids += try await connection.query("SELECT DISTINCT member_id FROM member_emails WHERE email IN \(list: member.emails)")
                .map { try $0.int("member_id") }
        }
        let others = Array(Set(ids).subtracting([member.id])).sorted()
        return try await find(ids: others, on: connection).filter { !$0.isMerged && !$0.isErased }
    }

    /// All tags in use, most used first (for the filter's choices).
    public func tags(limit: Int = 100, on connection: any SQLConnection) async throws -> [String] {
        try await connection.query("SELECT tag, COUNT(*) AS n FROM member_tags GROUP BY tag ORDER BY n DESC, tag LIMIT \(limit)")
            .map { try $0.string("tag") }
    }

    // MARK: Segments

    public func addSegment(name: String, filter: MemberFilter, by user: Int64?, at now: Date, on connection: any SQLConnection) async throws
        -> MemberSegment
    {
        let json = String(decoding: try JSONEncoder().encode(filter), as: UTF8.self)
        let row = try await connection.first(
            "INSERT INTO member_segments (name, filter, created_by, created_at) VALUES (\(name), \(json), \(user), \(now)) RETURNING id")
        return MemberSegment(id: try row!.int("id"), name: name, filter: filter, createdBy: user, createdAt: now)
    }

    public func segments(on connection: any SQLConnection) async throws -> [MemberSegment] {
        try await connection.query("SELECT * FROM member_segments ORDER BY name, id").map(Self.segment)
    }

    public func segment(id: Int64, on connection: any SQLConnection) async throws -> MemberSegment? {
        try await connection.first("SELECT * FROM member_segments WHERE id = \(id)").map(Self.segment)
    }

    static func segment(_ row: Row) throws -> MemberSegment {
        let filter = (try? JSONDecoder().decode(MemberFilter.self, from: Data(try row.string("filter").utf8))) ?? MemberFilter()
        return MemberSegment(id: try row.int("id"), name: try row.string("name"), filter: filter, createdBy: row.optionalInt("created_by"),
                             createdAt: try row.date("created_at"))
    }
}
