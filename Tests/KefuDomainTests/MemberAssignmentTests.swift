import KefuDomain
import XCTest

/// R-MEM-3: members are shared among agents balancing count and ability.
final class MemberAssignmentTests: XCTestCase {
    private let juniors = [MemberAssignment.Agent(id: 1, level: .junior, load: 0), .init(id: 2, level: .junior, load: 0)]

    func testCountsEvenOutStartingFromTheLeastLoaded_R_MEM_3() {
        let agents = [MemberAssignment.Agent(id: 1, level: .junior, load: 3), .init(id: 2, level: .junior, load: 0),
                      .init(id: 3, level: .junior, load: 1)]
        let members = (1...8).map { MemberAssignment.Member(id: Int64($0), grade: .normal) }
        let picks = MemberAssignment.plan(members, among: agents)
        XCTAssertEqual(picks.count, 8)
        var loads = [Int64(1): 3, 2: 0, 3: 1]
        for pick in picks { loads[pick.agentID, default: 0] += 1 }
        // 4 + 8 = 12 members over three agents: four each.
        XCTAssertEqual(loads, [1: 4, 2: 4, 3: 4])
        XCTAssertTrue(picks.allSatisfy(\.levelMet))
    }

    func testHighGradesGoToExperiencedAgents_R_MEM_3() {
        let agents = juniors + [.init(id: 3, level: .intermediate, load: 0), .init(id: 4, level: .senior, load: 5)]
        let picks = MemberAssignment.plan(
            [.init(id: 10, grade: .normal), .init(id: 11, grade: .diamond), .init(id: 12, grade: .gold), .init(id: 13, grade: .platinum)],
            among: agents)
        let agentOf = Dictionary(uniqueKeysWithValues: picks.map { ($0.memberID, $0.agentID) })
        // Diamond and platinum need a senior, however loaded; gold an intermediate or better.
        XCTAssertEqual(agentOf[11], 4)
        XCTAssertEqual(agentOf[13], 4)
        XCTAssertEqual(agentOf[12], 3)
        // A normal member goes to an unloaded junior, not to the intermediate who is equally unloaded.
        XCTAssertEqual(agentOf[10], 1)
    }

    func testWithoutAnExperiencedAgentTheLeastLoadedTakesItAndItIsSaid_R_MEM_3() {
        let picks = MemberAssignment.plan([.init(id: 7, grade: .diamond)], among: juniors)
        XCTAssertEqual(picks, [.init(memberID: 7, agentID: 1, levelMet: false)])
    }

    func testNoAgentsNoPlanAndTheSameInputGivesTheSamePlan() {
        XCTAssertEqual(MemberAssignment.plan([.init(id: 1, grade: .gold)], among: []), [])
        let members = (1...20).map { MemberAssignment.Member(id: Int64($0), grade: MemberGrade.allCases[$0 % 5]) }
        let agents = juniors + [.init(id: 5, level: .senior, load: 2), .init(id: 6, level: .intermediate, load: 1)]
        XCTAssertEqual(MemberAssignment.plan(members, among: agents), MemberAssignment.plan(members, among: agents))
    }
}
