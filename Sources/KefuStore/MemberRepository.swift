import Foundation
import KefuDomain

/// Members with their phones, emails, addresses and tags (R-MEM-1, 2), their history (R-MEM-5), segments and the
/// notices a contact change sends.
public struct MemberRepository: Sendable {
    public init() {}

    static func decode(_ row: Row, children: Children) throws -> Member {
        let id = try row.int("id")
        return Member(
            id: id, name: try row.string("name"), gender: row.optionalValue("gender") ?? .unknown,
            birthYear: row.optionalInt("birth_year").map(Int.init), birthday: row.optionalString("birthday"),
            idNumber: row.optionalString("id_number"), phones: children.phones[id] ?? [], emails: children.emails[id] ?? [],
            addresses: children.addresses[id] ?? [], grade: row.optionalValue("grade") ?? .normal, tags: children.tags[id] ?? [],
            registrationChannel: row.optionalString("registration_channel"), preferences: row.optionalString("preferences") ?? "",
            notes: row.optionalString("notes") ?? "", doNotCall: try row.bool("do_not_call"), restHours: row.optionalString("rest_hours"),
            assignedAgentID: row.optionalInt("assigned_agent_id"), assignedAt: row.optionalDate("assigned_at"),
            erasedAt: row.optionalDate("erased_at"), mergedIntoID: row.optionalInt("merged_into_id"), version: try row.int("version"),
            createdAt: try row.date("created_at"), updatedAt: try row.date("updated_at"))
    }

    /// Phones, emails, addresses and tags of several members, keyed by member.
    struct Children {
        var phones: [Int64: [String]] = [:]
        var emails: [Int64: [String]] = [:]
        var addresses: [Int64: [MemberAddress]] = [:]
        var tags: [Int64: [String]] = [:]
    }

    /// One statement for all four (a page of 50 members is shown often, and every round trip counts on PostgreSQL):
    /// each row names its kind, and addresses fill all six value columns.
    func children(of ids: [Int64], on connection: any SQLConnection) async throws -> Children {
        var result = Children()
        guard !ids.isEmpty else { return result }
        let none = "CAST(NULL AS TEXT)"
        let rows = try await connection.query(
            """
            SELECT 'p' AS kind, member_id, position, phone AS v1, \(raw: none) AS v2, \(raw: none) AS v3, \(raw: none) AS v4,
                \(raw: none) AS v5, \(raw: none) AS v6
            FROM member_phones WHERE member_id IN \(list: ids)
            UNION ALL SELECT 'e', member_id, position, email, NULL, NULL, NULL, NULL, NULL FROM member_emails WHERE member_id IN \(list: ids)
            UNION ALL SELECT 'a', member_id, position, recipient, phone, province, city, district, line
            FROM member_addresses WHERE member_id IN \(list: ids)
            UNION ALL SELECT 't', member_id, 0, tag, NULL, NULL, NULL, NULL, NULL FROM member_tags WHERE member_id IN \(list: ids)
            ORDER BY member_id, kind, position, v1
            """)
        for row in rows {
            let member = try row.int("member_id")
            let value = try row.string("v1")
            switch try row.string("kind") {
            case "p": result.phones[member, default: []].append(value)
            case "e": result.emails[member, default: []].append(value)
            case "a":
                result.addresses[member, default: []].append(
                    MemberAddress(recipient: value, phone: try row.string("v2"), province: try row.string("v3"),
                                  city: try row.string("v4"), district: try row.string("v5"), line: try row.string("v6")))
            default: result.tags[member, default: []].append(value)
            }
        }
        return result
    }

    /// Decodes member rows with their children, in the rows' order.
    func members(_ rows: [Row], on connection: any SQLConnection) async throws -> [Member] {
        let children = try await children(of: try rows.map { try $0.int("id") }, on: connection)
        return try rows.map { try Self.decode($0, children: children) }
    }

    /// Saves a new member with contacts, tags and search terms; returns its id.
    public func insert(_ member: Member, on connection: any SQLConnection) async throws -> Int64 {
        let row = try await connection.first(
            """
            INSERT INTO members (name, gender, birth_year, birthday, id_number, grade, registration_channel, preferences, notes,
                do_not_call, rest_hours, version, created_at, updated_at)
            VALUES (\(member.name), \(member.gender), \(member.birthYear), \(member.birthday), \(member.idNumber), \(member.grade),
                \(member.registrationChannel), \(member.preferences), \(member.notes), \(member.doNotCall), \(member.restHours), 1,
                \(member.createdAt), \(member.updatedAt))
            RETURNING id
            """)
        let id = try row!.int("id")
        try await writeChildren(of: id, member, replacing: false, on: connection)
        return id
    }

    /// Saves a changed member if `expectedVersion` is still current; returns the new version. A stale version is
    /// ``StoreError/staleVersion(entity:id:current:)`` and changes nothing.
    public func update(_ member: Member, expectedVersion: Int64, at now: Date, on connection: any SQLConnection) async throws -> Int64 {
        let rows = try await connection.query(
            """
            UPDATE members SET name = \(member.name), gender = \(member.gender), birth_year = \(member.birthYear),
                birthday = \(member.birthday), id_number = \(member.idNumber), grade = \(member.grade),
                registration_channel = \(member.registrationChannel), preferences = \(member.preferences), notes = \(member.notes),
                do_not_call = \(member.doNotCall), rest_hours = \(member.restHours), erased_at = \(member.erasedAt),
                merged_into_id = \(member.mergedIntoID), version = version + 1, updated_at = \(now)
            WHERE id = \(member.id) AND version = \(expectedVersion)
            RETURNING version
            """)
        guard let version = try rows.first?.int("version") else {
            guard let current = try await connection.first("SELECT version FROM members WHERE id = \(member.id)")?.int("version") else {
                throw StoreError.notFound(entity: "member", id: "\(member.id)")
            }
            throw StoreError.staleVersion(entity: "member", id: "\(member.id)", current: current)
        }
        try await writeChildren(of: member.id, member, replacing: true, on: connection)
        return version
    }

    /// Replaces phones, emails, addresses, tags and name search terms.
    func writeChildren(of id: Int64, _ member: Member, replacing: Bool, on connection: any SQLConnection) async throws {
        if replacing {
            for table in ["member_phones", "member_emails", "member_addresses", "member_tags", "member_search"] {
                try await connection.query("DELETE FROM \(raw: table) WHERE member_id = \(id)")
            }
        }
        if !member.phones.isEmpty {
            let rows = member.phones.enumerated().map { index, phone -> SQL in
                "(\(id), \(phone), \(String(phone.suffix(4))), \(index))"
            }
            try await connection.query("INSERT INTO member_phones (member_id, phone, last4, position) VALUES \(SQL.joined(rows, separator: ", "))")
        }
        if !member.emails.isEmpty {
            let rows = member.emails.enumerated().map { index, email -> SQL in "(\(id), \(email), \(index))" }
            try await connection.query("INSERT INTO member_emails (member_id, email, position) VALUES \(SQL.joined(rows, separator: ", "))")
        }
        if !member.addresses.isEmpty {
            let rows = member.addresses.enumerated().map { index, a -> SQL in
                "(\(id), \(a.recipient), \(a.phone), \(a.province), \(a.city), \(a.district), \(a.line), \(index))"
            }
            try await connection.query(
                """
                INSERT INTO member_addresses (member_id, recipient, phone, province, city, district, line, position)
                VALUES \(SQL.joined(rows, separator: ", "))
                """)
        }
        if !member.tags.isEmpty {
            let rows = member.tags.map { tag -> SQL in "(\(id), \(tag))" }
            try await connection.query("INSERT INTO member_tags (member_id, tag) VALUES \(SQL.joined(rows, separator: ", "))")
        }
        // Erased and merged members are found by id only: the search tables hold live members alone, so that a search
        // reads them without looking at the members table.
        let terms = member.isErased || member.isMerged ? [] : MemberSearchTerms.document(member.name)
        if !terms.isEmpty {
            let rows = terms.map { term -> SQL in "(\(term), \(id))" }
            try await connection.query("INSERT INTO member_search (term, member_id) VALUES \(SQL.joined(rows, separator: ", "))")
        }
    }

    public func find(id: Int64, on connection: any SQLConnection) async throws -> Member? {
        guard let row = try await connection.first("SELECT * FROM members WHERE id = \(id)") else { return nil }
        return try await members([row], on: connection).first
    }

    /// Members by id, in the order given (missing ones left out).
    public func find(ids: [Int64], on connection: any SQLConnection) async throws -> [Member] {
        guard !ids.isEmpty else { return [] }
        let found = try await members(try await connection.query("SELECT * FROM members WHERE id IN \(list: ids)"), on: connection)
        let byID = Dictionary(found.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        return ids.compactMap { byID[$0] }
    }

    /// Locks the member row for the rest of the transaction (PostgreSQL; SQLite writers are serial anyway).
    public func lock(id: Int64, on connection: any SQLConnection) async throws {
        if connection.dialect == .postgres { try await connection.query("SELECT id FROM members WHERE id = \(id) FOR UPDATE") }
    }

    // MARK: History

    public func addHistory(_ entry: MemberHistoryEntry, on connection: any SQLConnection) async throws {
        let data = try JSONEncoder().encode(entry.changes)
        try await connection.query(
            """
            INSERT INTO member_history (member_id, action, changes, changed_by, changed_at)
            VALUES (\(entry.memberID), \(entry.action), \(String(decoding: data, as: UTF8.self)), \(entry.changedBy), \(entry.changedAt))
            """)
    }

    /// The member's history, newest first.
    public func history(memberID: Int64, limit: Int = 200, on connection: any SQLConnection) async throws -> [MemberHistoryEntry] {
        try await connection.query(
            """
            SELECT h.*, u.display_name FROM member_history h LEFT JOIN users u ON u.id = h.changed_by
            WHERE h.member_id = \(memberID) ORDER BY h.id DESC LIMIT \(limit)
            """).map { row in
            let changes = (try? JSONDecoder().decode([MemberFieldChange].self, from: Data(try row.string("changes").utf8))) ?? []
            return MemberHistoryEntry(id: try row.int("id"), memberID: try row.int("member_id"), action: try row.string("action"),
                                      changes: changes, changedBy: row.optionalInt("changed_by"),
                                      changedByName: row.optionalString("display_name"), changedAt: try row.date("changed_at"))
        }
    }

    // MARK: Notices

    /// A notice to the member (R-MEM-5): `queued` with its mail, or `pending` while no SMS gateway exists.
    public struct Notice: Codable, Equatable, Sendable {
        public var id: Int64
        public var memberID: Int64
        public var channel: String
        public var recipient: String
        public var kind: String
        public var body: String
        public var status: String
        public var outboundMailID: Int64?
        public var createdAt: Date
    }

    public func addNotice(memberID: Int64, channel: String, recipient: String, kind: String, body: String, status: String,
                          outboundMailID: Int64?, at now: Date, on connection: any SQLConnection) async throws {
        try await connection.query(
            """
            INSERT INTO member_notices (member_id, channel, recipient, kind, body, status, outbound_mail_id, created_at)
            VALUES (\(memberID), \(channel), \(recipient), \(kind), \(body), \(status), \(outboundMailID), \(now))
            """)
    }

    public func notices(memberID: Int64, on connection: any SQLConnection) async throws -> [Notice] {
        try await connection.query("SELECT * FROM member_notices WHERE member_id = \(memberID) ORDER BY id").map { row in
            Notice(id: try row.int("id"), memberID: try row.int("member_id"), channel: try row.string("channel"),
                   recipient: try row.string("recipient"), kind: try row.string("kind"), body: try row.string("body"),
                   status: try row.string("status"), outboundMailID: row.optionalInt("outbound_mail_id"), createdAt: try row.date("created_at"))
        }
    }
}
