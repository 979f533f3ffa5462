import Foundation
import KefuDomain

/// Members given to agents (R-MEM-3): who can be assigned, who can take them and how many each holds, the writes,
/// and where each member's first contact stands.
extension MemberRepository {
    /// A member as the assignment sees it.
    public struct AssignmentCandidate: Equatable, Sendable {
        public var id: Int64
        public var name: String
        public var grade: MemberGrade
        public var agentID: Int64?
        /// Not erased, not merged into another.
        public var live: Bool
    }

    /// Ids per `IN (…)` list.
    static let assignmentChunk = 1000

    static func chunks<Element>(_ elements: [Element], of size: Int = assignmentChunk) -> [[Element]] {
        stride(from: 0, to: elements.count, by: size).map { Array(elements[$0..<min($0 + size, elements.count)]) }
    }

    static func candidate(_ row: Row) throws -> AssignmentCandidate {
        AssignmentCandidate(id: try row.int("id"), name: try row.string("name"), grade: row.optionalValue("grade") ?? .normal, agentID: row.optionalInt("assigned_agent_id"),
                            live: row.optionalInt("erased_at") == nil && row.optionalInt("merged_into_id") == nil)
    }

    /// Live members nobody looks after that match `filter`, oldest first; the first `limit` of them when given.
    public func unassignedCandidates(_ filter: MemberFilter, limit: Int? = nil, on connection: any SQLConnection) async throws
        -> [AssignmentCandidate]
    {
        guard let plan = Self.plan(filter, assignedTo: .nobody) else { return [] }
        let first: SQL = limit.map { " LIMIT \($0)" } ?? ""
        let rows = try await connection.query(
            """
            SELECT m.id, m.name, m.grade, m.assigned_agent_id, m.erased_at, m.merged_into_id FROM \(plan.from)
            WHERE \(plan.where_) AND m.erased_at IS NULL AND m.merged_into_id IS NULL
            ORDER BY m.id\(first)
            """)
        var seen = Set<Int64>()
        return try rows.map(Self.candidate).filter { seen.insert($0.id).inserted }
    }

    /// How many live members nobody looks after match `filter`.
    public func countUnassigned(_ filter: MemberFilter, on connection: any SQLConnection) async throws -> Int {
        guard let plan = Self.plan(filter, assignedTo: .nobody) else { return 0 }
        return Int(try await connection.first(
            """
            SELECT COUNT(DISTINCT m.id) AS n FROM \(plan.from)
            WHERE \(plan.where_) AND m.erased_at IS NULL AND m.merged_into_id IS NULL
            """)?.int("n") ?? 0)
    }

    /// The members with these ids, in the order given (missing ones left out).
    public func candidates(ids: [Int64], on connection: any SQLConnection) async throws -> [AssignmentCandidate] {
        var found: [Int64: AssignmentCandidate] = [:]
        for chunk in Self.chunks(Array(Set(ids))) {
            for row in try await connection.query(
                "SELECT id, name, grade, assigned_agent_id, erased_at, merged_into_id FROM members WHERE id IN \(list: chunk)") {
                let candidate = try Self.candidate(row)
                found[candidate.id] = candidate
            }
        }
        return ids.compactMap { found[$0] }
    }

    /// Active accounts of `roles` (all of them, or those with `ids`), by id.
    public func assignableAgents(ids: [Int64]?, roles: [Role], on connection: any SQLConnection) async throws -> [User] {
        let only: SQL = ids.map { "AND u.id IN \(list: $0.isEmpty ? [-1] : $0)" } ?? ""
        return try await connection.query(
            """
            SELECT \(raw: UserRepository.columns) FROM users u
            WHERE u.active = 1 AND u.role IN \(list: roles.map(\.rawValue)) \(only) ORDER BY u.id
            """).map { try UserRepository.decode($0).user }
    }

    /// How many live members each of `agents` looks after.
    public func assignedCounts(agents: [Int64], on connection: any SQLConnection) async throws -> [Int64: Int] {
        guard !agents.isEmpty else { return [:] }
        var counts: [Int64: Int] = [:]
        for row in try await connection.query(
            """
            SELECT assigned_agent_id, COUNT(*) AS n FROM members
            WHERE assigned_agent_id IN \(list: agents) AND erased_at IS NULL AND merged_into_id IS NULL GROUP BY assigned_agent_id
            """) {
            counts[try row.int("assigned_agent_id")] = Int(try row.int("n"))
        }
        return counts
    }

    /// Display names of accounts, by id.
    public func userNames(_ ids: [Int64], on connection: any SQLConnection) async throws -> [Int64: String] {
        guard !ids.isEmpty else { return [:] }
        var names: [Int64: String] = [:]
        for row in try await connection.query("SELECT id, display_name FROM users WHERE id IN \(list: Array(Set(ids)))") {
            names[try row.int("id")] = try row.string("display_name")
        }
        return names
    }

    /// Gives the live members `ids` still held by `previous` (nil: by nobody) to `agent` (nil: to nobody), stamping
    /// `assigned_at` and a new version; with `expectedVersion`, only at that version. Returns the ids changed (a member
    /// someone else assigned meanwhile is left alone).
    public func assign(_ ids: [Int64], to agent: Int64?, from previous: Int64?, expectedVersion: Int64? = nil, at now: Date,
                       on connection: any SQLConnection) async throws -> [Int64] {
        var changed: [Int64] = []
        let holder: SQL = previous.map { "assigned_agent_id = \($0)" } ?? "assigned_agent_id IS NULL"
        let version: SQL = expectedVersion.map { " AND version = \($0)" } ?? ""
        let stamp: Date? = agent == nil ? nil : now
        for chunk in Self.chunks(ids) {
            changed += try await connection.query(
                """
                UPDATE members SET assigned_agent_id = \(agent), assigned_at = \(stamp), version = version + 1, updated_at = \(now)
                WHERE id IN \(list: chunk) AND \(holder) AND erased_at IS NULL AND merged_into_id IS NULL\(version)
                RETURNING id
                """).map { try $0.int("id") }
        }
        return changed
    }

    /// Hands the open first-contact callback of members changing agent to the new one, due a week (`window`) from the
    /// new assignment: the member has one first contact to make, by whoever looks after them now. The callback
    /// generation then finds it (same member, same `not_before`) and adds no second one.
    public func moveFirstContacts(memberIDs: [Int64], to agent: Int64, notBefore: Date, window: TimeInterval, at now: Date,
                                  on connection: any SQLConnection) async throws {
        let dueBy = notBefore.addingTimeInterval(window)
        for chunk in Self.chunks(memberIDs) {
            try await connection.query(
                """
                UPDATE callbacks SET assignee_id = \(agent), not_before = \(notBefore), due_by = \(dueBy), version = version + 1,
                    updated_at = \(now)
                WHERE id IN (SELECT MAX(id) FROM callbacks WHERE reason = 'first_contact' AND status = 'open' AND member_id IN \(list: chunk)
                             GROUP BY member_id)
                """)
        }
    }

    /// Closes the open first-contact callbacks of members given back to nobody (closure `unassigned`): the agent who
    /// lost them no longer owes the call, and it leaves their list.
    public func closeFirstContacts(memberIDs: [Int64], by user: Int64?, at now: Date, on connection: any SQLConnection) async throws {
        for chunk in Self.chunks(memberIDs) {
            try await connection.query(
                """
                UPDATE callbacks SET status = 'closed', closure = 'unassigned', completed_at = \(now), completed_by = \(user),
                    version = version + 1, updated_at = \(now)
                WHERE reason = 'first_contact' AND status = 'open' AND member_id IN \(list: chunk)
                """)
        }
    }

    /// The newest first-contact callback of each member, by member.
    public func firstContacts(memberIDs: [Int64], at now: Date, on connection: any SQLConnection) async throws -> [Int64: MemberFirstContact] {
        var found: [Int64: MemberFirstContact] = [:]
        for chunk in Self.chunks(memberIDs) {
            for row in try await connection.query(
                """
                SELECT id, member_id, status, due_by FROM callbacks
                WHERE reason = 'first_contact' AND member_id IN \(list: chunk) ORDER BY id
                """) {
                found[try row.int("member_id")] = MemberFirstContact(callbackID: try row.int("id"), state: try row.value("status"),
                                                                      dueBy: try row.date("due_by"), at: now)
            }
        }
        return found
    }
}
