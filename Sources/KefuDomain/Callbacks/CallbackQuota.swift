import Foundation

/// An agent's callbacks of one day against the daily quota (R-CB-4, seed 002: 每天电话回访用户不低于10个).
/// Progress counts callbacks the agent completed with an outcome that day (the member was reached).
public struct CallbackQuota: Codable, Equatable, Sendable {
    public var agentID: Int64?
    public var agentName: String?
    public var day: LocalDate
    public var target: Int
    public var done: Int
    /// Open callbacks the agent holds.
    public var open: Int

    public init(agentID: Int64?, agentName: String? = nil, day: LocalDate, target: Int, done: Int, open: Int = 0) {
        self.agentID = agentID
        self.agentName = agentName
        self.day = day
        self.target = target
        self.done = done
        self.open = open
    }

    public var reached: Bool { done >= target }

    /// Progress in whole percent, at most 100.
    public var percent: Int { target <= 0 ? 100 : min(100, done * 100 / target) }
}

/// Sharing new callbacks among agents (R-MEM-3: balancing count): each new one goes to whoever holds the fewest
/// open callbacks, so the counts end as level as they can.
public enum CallbackAssignment {
    /// How many of `count` new callbacks each agent takes, given the open callbacks each holds now. Agents are
    /// filled from the least loaded up; ties go to the earlier agent in `open`. Agents taking none are left out.
    public static func distribute(_ count: Int, among open: [(agent: Int64, open: Int)]) -> [(agent: Int64, take: Int)] {
        guard count > 0, !open.isEmpty else { return [] }
        let agents = open.enumerated().sorted { ($0.element.open, $0.offset) < ($1.element.open, $1.offset) }.map(\.element)
        // The highest level every agent below can be raised to without handing out more than `count`.
        func needed(_ level: Int) -> Int { agents.reduce(0) { $0 + max(0, level - $1.open) } }
        var low = agents[0].open, high = agents[0].open + count
        while low < high {
            let middle = (low + high + 1) / 2
            if needed(middle) <= count { low = middle } else { high = middle - 1 }
        }
        var takes = agents.map { max(0, low - $0.open) }
        var left = count - takes.reduce(0, +)
        for index in agents.indices where left > 0 && agents[index].open <= low {
            takes[index] += 1
            left -= 1
        }
        return zip(agents, takes).filter { $0.1 > 0 }.map { (agent: $0.0.agent, take: $0.1) }
    }

    /// The same sharing as a sequence, without knowing how many will come: the n-th new callback goes to whoever is
    /// least loaded at that point. The least loaded agent is raised to the next one's level, then those two to the
    /// third's, and so on, round robin within each step; once level, round robin over everyone. The first n of the
    /// sequence are what ``distribute(_:among:)`` gives for n. Generation writes it into the insert itself.
    public struct Sequence: Equatable, Sendable {
        /// From row `start` (counted from 0) on, rows go round robin over the first `width` agents.
        public struct Block: Equatable, Sendable {
            public var start: Int
            public var width: Int
        }

        /// Least loaded first.
        public var agents: [Int64]
        /// In order of `start`; the last one has no end.
        public var blocks: [Block]

        /// The agent of row `row` (from 0); nil without agents.
        public func agent(forRow row: Int) -> Int64? {
            guard let block = blocks.last(where: { $0.start <= row }) else { return nil }
            return agents[(row - block.start) % block.width]
        }
    }

    /// The sequence for agents holding `open` callbacks each.
    public static func sequence(among open: [(agent: Int64, open: Int)]) -> Sequence {
        let agents = open.enumerated().sorted { ($0.element.open, $0.offset) < ($1.element.open, $1.offset) }.map(\.element)
        guard !agents.isEmpty else { return Sequence(agents: [], blocks: []) }
        var blocks: [Sequence.Block] = []
        var start = 0
        for index in 0..<(agents.count - 1) {
            let length = (agents[index + 1].open - agents[index].open) * (index + 1)
            if length > 0 {
                blocks.append(Sequence.Block(start: start, width: index + 1))
                start += length
            }
        }
        blocks.append(Sequence.Block(start: start, width: agents.count))
        return Sequence(agents: agents.map(\.agent), blocks: blocks)
    }
}
