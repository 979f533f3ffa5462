import Foundation
import KefuDomain
import KefuStore

/// Which members a supervisor shares out, and among whom (R-MEM-3).
public struct MemberSelection: Sendable, Equatable {
    /// The members; nil means every live member nobody looks after that matches `filter`.
    public var memberIDs: [Int64]?
    public var filter: MemberFilter
    /// The agents; nil means every active agent.
    public var agentIDs: [Int64]?
    /// Whether members who already have an agent are shared out again (only ever when asked).
    public var reassigning: Bool

    public init(memberIDs: [Int64]? = nil, filter: MemberFilter = MemberFilter(), agentIDs: [Int64]? = nil, reassigning: Bool = false) {
        self.memberIDs = memberIDs
        self.filter = filter
        self.agentIDs = agentIDs
        self.reassigning = reassigning
    }
}

/// Who gets whom (R-MEM-3): shown before anything is written, and returned once written.
public struct MemberAssignmentPlan: Sendable {
    /// One member for one agent.
    public struct Entry: Equatable, Sendable {
        public var memberID: Int64
        public var name: String
        public var grade: MemberGrade
        /// The agent who has the member now, if any.
        public var from: Int64?
        public var to: Int64
        /// False when no agent had the experience the grade asks for.
        public var levelMet: Bool

        public var moves: Bool { from != to }
    }

    /// Highest grades first.
    public var entries: [Entry]
    /// Each chosen agent's count before and after.
    public var loads: [MemberAssignment.Load]
    /// The agents the members were shared among, by id.
    public var agents: [User]
    /// Members left as they were: already with an agent (unless reassigning), erased or merged, or given an agent by
    /// someone else meanwhile.
    public var skipped: [Int64]
    /// Whether the plan was written.
    public var applied: Bool
}

/// Sharing members among agents (R-MEM-3, seed 003: "客服主管按照负责客户数量均衡、兼顾业务能力的原则，分配给相关客服专员。
/// 客服专员负责的客户，应在一周内与客户进行沟通"): a plan balancing the counts and giving the higher grades to the more
/// experienced agents (``MemberAssignment``), written in transactions of ``assignmentBatch`` members with a history
/// entry and an event each, and the agent's first-contact callback due within the week.
extension MemberService {
    /// Members written per transaction.
    public static let assignmentBatch = 1000

    /// Supervisors and above, with `members.manage`, share members out.
    public static func mayAssign(_ principal: Principal) -> Bool {
        principal.can(.membersManage) && (principal.user.map { MemberAccess.oversees($0.role) } ?? true)
    }

    static func requireOverseer(_ principal: Principal) throws {
        guard Self.mayAssign(principal) else { throw ServiceError.forbidden(.membersManage) }
    }

    /// The first `limit` live members nobody looks after that match `filter` (id, name, grade), and how many match.
    public func unassigned(_ filter: MemberFilter, limit: Int, by principal: Principal) async throws
        -> (members: [MemberRepository.AssignmentCandidate], total: Int)
    {
        try Self.requireOverseer(principal)
        return try await database.read { connection in
            (try await members.unassignedCandidates(filter, limit: limit, on: connection), try await members.countUnassigned(filter, on: connection))
        }
    }

    /// Display names of accounts (a member's agent), by id.
    public func agentNames(_ ids: [Int64], by principal: Principal) async throws -> [Int64: String] {
        try principal.require(.membersView)
        return try await database.read { try await members.userNames(ids, on: $0) }
    }

    /// The plan for `selection`, without writing anything.
    public func assignmentPlan(_ selection: MemberSelection, by principal: Principal) async throws -> MemberAssignmentPlan {
        try Self.requireOverseer(principal)
        return try await database.read { try await makePlan(selection, on: $0) }
    }

    /// Writes the plan for `selection`; returns it with the members left alone among `skipped`.
    public func assign(_ selection: MemberSelection, by principal: Principal) async throws -> MemberAssignmentPlan {
        try Self.requireOverseer(principal)
        var plan = try await database.read { try await makePlan(selection, on: $0) }
        let now = clock.now
        let moves = plan.entries.filter(\.moves)
        var written = Set<Int64>()
        for start in stride(from: 0, to: moves.count, by: Self.assignmentBatch) {
            let batch = Array(moves[start..<min(start + Self.assignmentBatch, moves.count)])
            let groups = Dictionary(grouping: batch) { GroupKey(from: $0.from, to: $0.to) }
            let keys = groups.keys.sorted { ($0.to, $0.from ?? 0) < ($1.to, $1.from ?? 0) }
            let ids: [Int64] = try await database.transaction { connection in
                var changed: [(member: Int64, from: Int64?, to: Int64?)] = []
                for key in keys {
                    let ids = groups[key]!.map { $0.memberID }
                    for id in try await members.assign(ids, to: key.to, from: key.from, at: now, on: connection) {
                        changed.append((id, key.from, key.to))
                    }
                }
                try await recordAssignments(changed, by: principal, at: now, on: connection)
                return changed.map { $0.member }
            }
            written.formUnion(ids)
        }
        plan.skipped += moves.map { $0.memberID }.filter { !written.contains($0) }
        plan.entries.removeAll { $0.moves && !written.contains($0.memberID) }
        plan.applied = true
        return plan
    }

    private struct GroupKey: Hashable {
        var from: Int64?
        var to: Int64
    }

    /// Gives one member to `agentID`, or to nobody with nil (the profile page's form). A stale `expectedVersion` is a 409.
    public func reassign(memberID: Int64, to agentID: Int64?, expectedVersion: Int64?, by principal: Principal) async throws -> Member {
        try Self.requireOverseer(principal)
        let now = clock.now
        let saved = try await database.transaction { connection -> Member in
            try await members.lock(id: memberID, on: connection)
            guard let before = try await members.find(id: memberID, on: connection) else { throw ServiceError.notFound(entity: "member") }
            try Self.requireLive(before)
            if let expectedVersion, expectedVersion != before.version {
                throw ServiceError.conflict(code: "error.stale_version", currentVersion: before.version)
            }
            if let agentID, try await members.assignableAgents(ids: [agentID], roles: [.agent, .supervisor], on: connection).isEmpty {
                throw ServiceError.validation([FieldError(field: "agent_id", code: "error.unknown_user")])
            }
            guard before.assignedAgentID != agentID else { return before }
            let changed = try await members.assign([memberID], to: agentID, from: before.assignedAgentID, expectedVersion: before.version,
                                                   at: now, on: connection)
            guard !changed.isEmpty else { throw ServiceError.conflict(code: "error.stale_version", currentVersion: nil) }
            try await recordAssignments([(memberID, before.assignedAgentID, agentID)], by: principal, at: now, on: connection)
            return try await members.find(id: memberID, on: connection)!
        }
        return try await shown([saved], to: principal).first!
    }

    /// Where each member's first contact stands (the newest `first_contact` callback), by member.
    public func firstContacts(memberIDs: [Int64], by principal: Principal) async throws -> [Int64: MemberFirstContact] {
        try principal.require(.membersView)
        let now = clock.now
        return try await database.read { try await members.firstContacts(memberIDs: memberIDs, at: now, on: $0) }
    }

    /// The agents a member may be given to (active agents and supervisors) with how many members each holds.
    public func assignableAgents(by principal: Principal) async throws -> [(agent: User, load: Int)] {
        try principal.require(.membersView)
        return try await database.read { connection in
            let agents = try await members.assignableAgents(ids: nil, roles: [.agent, .supervisor], on: connection)
            let counts = try await members.assignedCounts(agents: agents.map(\.id), on: connection)
            return agents.map { ($0, counts[$0.id] ?? 0) }
        }
    }

    /// The plan, read in one go: the agents and their counts, the members, the planner's picks.
    func makePlan(_ selection: MemberSelection, on connection: any SQLConnection) async throws -> MemberAssignmentPlan {
        var problems: [FieldError] = []
        // Named agents may include supervisors who look after members themselves; "everyone" means the agents.
        let agents = try await members.assignableAgents(ids: selection.agentIDs, roles: selection.agentIDs == nil ? [.agent] : [.agent, .supervisor],
                                                        on: connection)
        if let ids = selection.agentIDs {
            let known = Set(agents.map(\.id))
            if ids.isEmpty { problems.append(FieldError(field: "agent_ids", code: "error.required")) }
            for (index, id) in ids.enumerated() where !known.contains(id) {
                problems.append(FieldError(field: "agent_ids[\(index)]", code: "error.unknown_user"))
            }
        } else if agents.isEmpty {
            problems.append(FieldError(field: "agent_ids", code: "error.no_agents"))
        }
        var candidates: [MemberRepository.AssignmentCandidate] = []
        var skipped: [Int64] = []
        if let ids = selection.memberIDs {
            if ids.isEmpty { problems.append(FieldError(field: "member_ids", code: "error.required")) }
            let found = try await members.candidates(ids: ids, on: connection)
            let known = Set(found.map(\.id))
            for (index, id) in ids.enumerated() where !known.contains(id) {
                problems.append(FieldError(field: "member_ids[\(index)]", code: "error.not_found"))
            }
            var seen = Set<Int64>()
            for candidate in found where seen.insert(candidate.id).inserted {
                if !candidate.live || (candidate.agentID != nil && !selection.reassigning) { skipped.append(candidate.id) }
                else { candidates.append(candidate) }
            }
        } else {
            candidates = try await members.unassignedCandidates(selection.filter, on: connection)
        }
        guard problems.isEmpty else { throw ServiceError.validation(problems) }
        let counts = try await members.assignedCounts(agents: agents.map(\.id), on: connection)
        let pool = agents.map { MemberAssignment.Agent(id: $0.id, level: $0.level, load: counts[$0.id] ?? 0) }
        let holders = Dictionary(uniqueKeysWithValues: candidates.compactMap { candidate in candidate.agentID.map { (candidate.id, $0) } })
        let picks = MemberAssignment.plan(candidates.map { MemberAssignment.Member(id: $0.id, grade: $0.grade) },
                                          among: MemberAssignment.released(pool, holders: holders))
        let byID = Dictionary(uniqueKeysWithValues: candidates.map { ($0.id, $0) })
        let entries = picks.map { pick in
            let candidate = byID[pick.memberID]!
            return MemberAssignmentPlan.Entry(memberID: pick.memberID, name: candidate.name, grade: candidate.grade, from: candidate.agentID,
                                              to: pick.agentID, levelMet: pick.levelMet)
        }
        return MemberAssignmentPlan(entries: entries, loads: MemberAssignment.loads(pool, picks: picks, holders: holders), agents: agents,
                                    skipped: skipped, applied: false)
    }

    /// For members that changed agent: the history entry and event of each, the first-contact callback handed to
    /// the new agent or made for them (due within ``firstContactDays``) or, for a member given to nobody, closed;
    /// and the callbacks' summary event.
    func recordAssignments(_ changed: [(member: Int64, from: Int64?, to: Int64?)], by principal: Principal, at now: Date,
                           on connection: any SQLConnection) async throws {
        guard !changed.isEmpty else { return }
        let names = try await members.userNames(changed.flatMap { [$0.from, $0.to].compactMap { $0 } }, on: connection)
        try await members.addHistory(batch: changed.map { change in
            MemberHistoryEntry(id: 0, memberID: change.member, action: change.to == nil ? "unassigned" : "assigned",
                               changes: [MemberFieldChange(field: "assigned_agent", before: change.from.flatMap { names[$0] },
                                                           after: change.to.flatMap { names[$0] })],
                               changedBy: principal.user?.id, changedAt: now)
        }, on: connection)
        try await events.append(all: changed.map { change in
            principal.event(change.to == nil ? "member.unassigned" : "member.assigned", entity: "member", id: "\(change.member)",
                            before: Snapshot.json(["agent_id": change.from.map(String.init)]),
                            after: Snapshot.json(["agent_id": change.to.map(String.init)]), at: now)
        }, on: connection)
        let window = TimeInterval(firstContactDays) * 86_400
        for (agent, moved) in Dictionary(grouping: changed.filter { $0.from != nil && $0.to != nil }, by: { $0.to! }) {
            try await members.moveFirstContacts(memberIDs: moved.map(\.member), to: agent, notBefore: now, window: window, at: now,
                                                on: connection)
        }
        let released = changed.filter { $0.from != nil && $0.to == nil }.map(\.member)
        if !released.isEmpty {
            try await members.closeFirstContacts(memberIDs: released, by: principal.user?.id, at: now, on: connection)
        }
        guard changed.contains(where: { $0.to != nil }) else { return }
        let callbacks = CallbackRepository()
        let last = try await callbacks.lastID(on: connection)
        try await callbacks.generateFirstContacts(since: now, window: window, at: now, on: connection)
        if let added = try await callbacks.added(after: last, on: connection)[.firstContact], added > 0 {
            try await events.append(principal.event("callbacks.generated", entity: "callback", id: nil,
                                                    after: Snapshot.json([Callback.Reason.firstContact.rawValue: "\(added)"]), at: now),
                                    on: connection)
        }
    }
}
