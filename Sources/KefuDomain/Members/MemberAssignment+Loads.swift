import Foundation

/// Whose members a list shows (R-MEM-3): one agent's, or those nobody looks after yet.
public enum MemberAssignee: Equatable, Sendable {
    case agent(Int64)
    case nobody
}

extension MemberAssignment {
    /// How many members an agent looks after before and after a plan.
    public struct Load: Equatable, Sendable {
        public var agentID: Int64
        public var before: Int
        public var after: Int

        public init(agentID: Int64, before: Int, after: Int) {
            self.agentID = agentID
            self.before = before
            self.after = after
        }
    }

    /// The agents as the planner should see them when some of the members are shared out again: each without the
    /// members of theirs in `holders` (member → current agent), so a reassignment balances the counts as they will
    /// be, not counting a member twice.
    public static func released(_ agents: [Agent], holders: [Int64: Int64]) -> [Agent] {
        var held: [Int64: Int] = [:]
        for agent in holders.values { held[agent, default: 0] += 1 }
        return agents.map { agent in
            var copy = agent
            copy.load = max(0, agent.load - held[agent.id, default: 0])
            return copy
        }
    }

    /// Each agent's count before (`agents`' loads, members already held included) and after `picks`, in the agents'
    /// order; a member picked for the agent who already holds it (`holders`) does not move.
    public static func loads(_ agents: [Agent], picks: [Pick], holders: [Int64: Int64]) -> [Load] {
        var after = Dictionary(uniqueKeysWithValues: agents.map { ($0.id, $0.load) })
        for pick in picks where holders[pick.memberID] != pick.agentID {
            after[pick.agentID, default: 0] += 1
            if let previous = holders[pick.memberID], after[previous] != nil { after[previous]! -= 1 }
        }
        return agents.map { Load(agentID: $0.id, before: $0.load, after: after[$0.id] ?? $0.load) }
    }
}

/// Where an agent stands with a member's first contact (R-MEM-3, seed 003: "应在一周内与客户进行沟通"): the
/// `first_contact` callback made when the member was assigned.
public struct MemberFirstContact: Equatable, Sendable {
    public enum Status: String, Sendable, CaseIterable {
        /// Still to make, within the week.
        case due
        /// Still to make, and the week is over.
        case overdue
        /// The member was reached.
        case done
        /// Given up (unreachable, refused).
        case closed
    }

    public var callbackID: Int64
    public var status: Status
    public var dueBy: Date

    public init(callbackID: Int64, status: Status, dueBy: Date) {
        self.callbackID = callbackID
        self.status = status
        self.dueBy = dueBy
    }

    /// The status of a first-contact callback in `state`, due by `dueBy`, at `now`.
    public init(callbackID: Int64, state: Callback.State, dueBy: Date, at now: Date) {
        let status: Status
        switch state {
        case .open: status = dueBy < now ? .overdue : .due
        case .done: status = .done
        case .closed: status = .closed
        }
        self.init(callbackID: callbackID, status: status, dueBy: dueBy)
    }
}
