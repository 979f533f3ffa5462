import Foundation

/// How a supervisor's members are shared among agents (R-MEM-3, seed 003: "按照负责客户数量均衡、兼顾业务能力的原则"):
/// every agent carries about the same number of members, and the higher a member's grade, the more experienced the
/// agent who looks after them.
public enum MemberAssignment {
    /// An agent who can take members, with how many they look after now.
    public struct Agent: Equatable, Sendable {
        public var id: Int64
        public var level: StaffLevel
        public var load: Int

        public init(id: Int64, level: StaffLevel, load: Int) {
            self.id = id
            self.level = level
            self.load = load
        }
    }

    /// A member to be given an agent.
    public struct Member: Equatable, Sendable {
        public var id: Int64
        public var grade: MemberGrade

        public init(id: Int64, grade: MemberGrade) {
            self.id = id
            self.grade = grade
        }
    }

    /// One member for one agent.
    public struct Pick: Equatable, Sendable {
        public var memberID: Int64
        public var agentID: Int64
        /// False when no agent had the experience the grade asks for, so the least loaded agent of any level took it.
        public var levelMet: Bool

        public init(memberID: Int64, agentID: Int64, levelMet: Bool) {
            self.memberID = memberID
            self.agentID = agentID
            self.levelMet = levelMet
        }
    }

    /// The least experience a member of `grade` should get.
    public static func minimumLevel(for grade: MemberGrade) -> StaffLevel {
        switch grade {
        case .normal, .silver: return .junior
        case .gold: return .intermediate
        case .platinum, .diamond: return .senior
        }
    }

    /// Shares `members` among `agents`: the highest grades first (experienced agents are few), each to the least
    /// loaded agent with enough experience, and of equally loaded ones the least senior (keeping the seniors free for
    /// the grades that need them); ties go to the lower id, so the same input always gives the same plan.
    public static func plan(_ members: [Member], among agents: [Agent]) -> [Pick] {
        guard !agents.isEmpty else { return [] }
        var loads = Dictionary(uniqueKeysWithValues: agents.map { ($0.id, $0.load) })
        let ordered = members.enumerated().sorted { lhs, rhs in
            lhs.element.grade != rhs.element.grade ? lhs.element.grade > rhs.element.grade : lhs.offset < rhs.offset
        }.map(\.element)
        var picks: [Pick] = []
        for member in ordered {
            let needed = minimumLevel(for: member.grade)
            let able = agents.filter { rank($0.level) >= rank(needed) }
            let pool = able.isEmpty ? agents : able
            let chosen = pool.min { lhs, rhs in
                let (l, r) = (loads[lhs.id, default: 0], loads[rhs.id, default: 0])
                if l != r { return l < r }
                if lhs.level != rhs.level { return rank(lhs.level) < rank(rhs.level) }
                return lhs.id < rhs.id
            }!
            loads[chosen.id, default: 0] += 1
            picks.append(Pick(memberID: member.id, agentID: chosen.id, levelMet: !able.isEmpty))
        }
        return picks
    }

    private static func rank(_ level: StaffLevel) -> Int {
        StaffLevel.allCases.firstIndex(of: level) ?? 0
    }
}
