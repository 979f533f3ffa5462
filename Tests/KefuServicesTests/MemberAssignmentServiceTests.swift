import Foundation
import KefuDomain
import KefuServices
import KefuStore
import KefuTestSupport
import XCTest

/// Sharing members among agents (R-MEM-3) on every test database: preview and apply, balance and experience,
/// history and events, the first-contact callback, and who may do it.
final class MemberAssignmentServiceTests: XCTestCase {
    typealias Desk = MemberServiceTests.Desk
    static let week: TimeInterval = 7 * 86_400

    static func agent(_ services: Services, _ login: String, level: StaffLevel, role: Role = .agent) async throws -> User {
        try await services.users.create(UserDraft(login: login, displayName: login.capitalized, role: role, level: level,
                                                  password: "correct-horse-42"), by: .system)
    }

    static func member(_ services: Services, _ name: String, _ index: Int, grade: MemberGrade = .normal, tags: [String] = []) async throws
        -> Member
    {
        try await services.members.create(MemberServiceTests.draft(name, phones: [String(format: "139%08d", index)], grade: grade.rawValue,
                                                                   tags: tags), by: .system)
    }

    static func count(_ database: any Database, _ sql: String) async throws -> Int {
        Int(try await database.read { try await $0.first("SELECT COUNT(*) AS n FROM \(raw: sql)")?.int("n") ?? 0 })
    }

    // R-MEM-3: the preview writes nothing; applying balances the counts, gives diamond to the senior and gold to the
    // intermediate or better, writes one history entry and one event per member, and gives each agent a first-contact
    // callback for each new member, due within a week.
    func testPreviewWritesNothingAndApplyBalancesBySkill_R_MEM_3() async throws {
        try await TestStores.each { database, name in
            let desk = try await MemberServiceTests.desk(database)
            let services = desk.services
            // The desk's agent (junior) counts too.
            let junior = try XCTUnwrap(desk.agent.user)
            let second = try await Self.agent(services, "li.na", level: .junior)
            let middle = try await Self.agent(services, "zhao.lei", level: .intermediate)
            let senior = try await Self.agent(services, "sun.li", level: .senior)
            var members: [Member] = []
            for index in 0..<6 { members.append(try await Self.member(services, "普通\(index)", index)) }
            let gold = [try await Self.member(services, "金卡甲", 10, grade: .gold), try await Self.member(services, "金卡乙", 11, grade: .gold)]
            let diamond = [try await Self.member(services, "钻石甲", 20, grade: .diamond),
                           try await Self.member(services, "钻石乙", 21, grade: .platinum)]
            members += gold + diamond

            let preview = try await services.members.assignmentPlan(MemberSelection(), by: desk.supervisor)
            XCTAssertFalse(preview.applied, name)
            XCTAssertEqual(preview.entries.count, 10, name)
            let assignedBefore = try await Self.count(database, "members WHERE assigned_agent_id IS NOT NULL")
            let callbacksBefore = try await Self.count(database, "callbacks")
            let historyBefore = try await Self.count(database, "member_history WHERE action = 'assigned'")
            XCTAssertEqual([assignedBefore, callbacksBefore, historyBefore], [0, 0, 0], "\(name): a preview writes nothing")

            let plan = try await services.members.assign(MemberSelection(), by: desk.supervisor)
            XCTAssertTrue(plan.applied, name)
            XCTAssertEqual(plan.entries.map(\.to), preview.entries.map(\.to), "\(name): the plan previewed is the plan written")
            XCTAssertTrue(plan.entries.allSatisfy(\.levelMet), name)
            let agentOf = Dictionary(uniqueKeysWithValues: plan.entries.map { ($0.memberID, $0.to) })
            for member in diamond { XCTAssertEqual(agentOf[member.id], senior.id, "\(name): platinum and diamond to the senior") }
            for member in gold { XCTAssertTrue([middle.id, senior.id].contains(agentOf[member.id]!), "\(name): gold to an intermediate+") }
            let after = plan.loads.map(\.after)
            XCTAssertEqual(after.reduce(0, +), 10, name)
            XCTAssertLessThanOrEqual(after.max()! - after.min()!, 1, "\(name): counts balanced: \(plan.loads)")
            XCTAssertEqual(Set(plan.loads.map(\.agentID)), [junior.id, second.id, middle.id, senior.id], name)
            XCTAssertTrue(plan.loads.allSatisfy { $0.before == 0 }, name)

            for (agent, load) in plan.loads.map({ ($0.agentID, $0.after) }) {
                let held = try await Self.count(database, "members WHERE assigned_agent_id = \(agent) AND assigned_at = \(desk.clock.now.milliseconds)")
                XCTAssertEqual(held, load, name)
                let calls = try await Self.count(
                    database, "callbacks WHERE reason = 'first_contact' AND status = 'open' AND assignee_id = \(agent)"
                        + " AND not_before = \(desk.clock.now.milliseconds) AND due_by = \(desk.clock.now.addingTimeInterval(Self.week).milliseconds)")
                XCTAssertEqual(calls, load, "\(name): one first contact per new member, due within 7 days")
            }
            let history = try await services.members.history(id: diamond[0].id, by: desk.supervisor)
            XCTAssertEqual(history.first?.action, "assigned", name)
            XCTAssertEqual(history.first?.changes, [MemberFieldChange(field: "assigned_agent", before: nil, after: senior.displayName)], name)
            let events = try await services.events.list(EventFilter(kind: "member.assigned"), by: .system).events
            XCTAssertEqual(events.count, 10, "\(name): one event per member")
            XCTAssertEqual(events.first?.actorLogin, "zhou.lan", name)
            let generated = try await services.events.list(EventFilter(kind: "callbacks.generated"), by: .system).events
            XCTAssertEqual(generated.first?.after, #"{"first_contact":"10"}"#, name)

            // Nobody is left: a second run plans nothing and writes nothing.
            let again = try await services.members.assign(MemberSelection(), by: desk.supervisor)
            XCTAssertTrue(again.entries.isEmpty, name)
            let mine = try await services.members.list(MemberFilter(), assignedTo: .agent(senior.id), by: desk.supervisor)
            XCTAssertEqual(Set(mine.members.map(\.id)), Set(plan.entries.filter { $0.to == senior.id }.map(\.memberID)), name)
            let firstContacts = try await services.members.firstContacts(memberIDs: [diamond[0].id], by: desk.agent)
            XCTAssertEqual(firstContacts[diamond[0].id]?.status, .due, name)
            desk.clock.advance(by: Self.week + 60)
            let late = try await services.members.firstContacts(memberIDs: [diamond[0].id], by: desk.agent)
            XCTAssertEqual(late[diamond[0].id]?.status, .overdue, "\(name): a week gone without contact")
        }
    }

    // R-MEM-3: agents do not share members out; explicit choices are checked; a grade with no experienced agent
    // chosen is flagged.
    func testOnlySupervisorsAssignAndChoicesAreChecked_R_MEM_3() async throws {
        try await TestStores.each { database, name in
            let desk = try await MemberServiceTests.desk(database)
            let services = desk.services
            let member = try await Self.member(services, "钻石", 1, grade: .diamond)
            for attempt in 0..<3 {
                do {
                    switch attempt {
                    case 0: _ = try await services.members.assignmentPlan(MemberSelection(), by: desk.agent)
                    case 1: _ = try await services.members.assign(MemberSelection(), by: desk.agent)
                    default: _ = try await services.members.reassign(memberID: member.id, to: desk.agent.user!.id, expectedVersion: nil, by: desk.agent)
                    }
                    XCTFail("\(name): an agent may not assign")
                } catch ServiceError.forbidden(let permission) { XCTAssertEqual(permission, .membersManage, name) }
            }
            do {
                _ = try await services.members.assignmentPlan(MemberSelection(memberIDs: [member.id, 9999], agentIDs: [desk.agent.user!.id, 8888]),
                                                              by: desk.supervisor)
                XCTFail(name)
            } catch ServiceError.validation(let errors) {
                XCTAssertEqual(errors.map(\.field), ["agent_ids[1]", "member_ids[1]"], name)
            }
            let plan = try await services.members.assignmentPlan(MemberSelection(memberIDs: [member.id]), by: desk.supervisor)
            XCTAssertEqual(plan.entries.map(\.levelMet), [false], "\(name): only a junior to look after a diamond member")
            let written = try await Self.count(database, "members WHERE assigned_agent_id IS NOT NULL")
            XCTAssertEqual(written, 0, name)
        }
    }

    // R-MEM-3: a member with an agent keeps them unless reassigning is asked for; then the open first contact goes to the
    // new agent, due a week from now. One member is reassigned or unassigned from the profile with its version; given to
    // nobody, their open first contact is closed.
    func testReassigningOnlyWhenAskedAndTheFirstContactFollows_R_MEM_3() async throws {
        try await TestStores.each { database, name in
            let desk = try await MemberServiceTests.desk(database)
            let services = desk.services
            let wang = try XCTUnwrap(desk.agent.user)
            let li = try await Self.agent(services, "li.na", level: .senior)
            let gold = try await Self.member(services, "陈静", 1, grade: .gold, tags: ["VIP"])
            let normal = try await Self.member(services, "刘洋", 2)
            let first = try await services.members.assign(MemberSelection(filter: MemberFilter(tag: "VIP"), agentIDs: [wang.id]), by: desk.supervisor)
            XCTAssertEqual(first.entries.map(\.memberID), [gold.id], "\(name): the filter chose the member")

            desk.clock.advance(by: 86_400)
            let kept = try await services.members.assign(MemberSelection(memberIDs: [gold.id, normal.id], agentIDs: [li.id]), by: desk.supervisor)
            XCTAssertEqual(kept.skipped, [gold.id], "\(name): already with an agent")
            XCTAssertEqual(kept.entries.map(\.memberID), [normal.id], name)

            desk.clock.advance(by: 86_400)
            let moved = try await services.members.assign(
                MemberSelection(memberIDs: [gold.id], agentIDs: [li.id], reassigning: true), by: desk.supervisor)
            XCTAssertEqual(moved.entries.map { [$0.from, $0.to] }, [[wang.id, li.id]], name)
            XCTAssertEqual(moved.loads, [MemberAssignment.Load(agentID: li.id, before: 1, after: 2)], name)
            let open = try await database.read { connection in
                try await connection.query("SELECT assignee_id, not_before, due_by FROM callbacks WHERE reason = 'first_contact' AND member_id = \(gold.id)")
                    .map { [try $0.int("assignee_id"), try $0.int("not_before"), try $0.int("due_by")] }
            }
            let now = desk.clock.now
            XCTAssertEqual(open, [[li.id, now.milliseconds, now.addingTimeInterval(Self.week).milliseconds]],
                           "\(name): one first contact, now the new agent's")

            let current = try await services.members.get(id: gold.id, by: desk.supervisor)
            do {
                _ = try await services.members.reassign(memberID: gold.id, to: wang.id, expectedVersion: current.version - 1, by: desk.supervisor)
                XCTFail(name)
            } catch ServiceError.conflict {}
            let back = try await services.members.reassign(memberID: gold.id, to: wang.id, expectedVersion: current.version, by: desk.supervisor)
            XCTAssertEqual(back.assignedAgentID, wang.id, name)
            XCTAssertEqual(back.version, current.version + 1, name)
            let none = try await services.members.reassign(memberID: gold.id, to: nil, expectedVersion: back.version, by: desk.supervisor)
            XCTAssertNil(none.assignedAgentID, name)
            XCTAssertNil(none.assignedAt, name)
            let history = try await services.members.history(id: gold.id, by: desk.supervisor)
            XCTAssertEqual(history.prefix(2).map(\.action), ["unassigned", "assigned"], name)
            XCTAssertEqual(history.first?.changes.first?.before, wang.displayName, name)
            let unassigned = try await services.members.list(MemberFilter(), assignedTo: .nobody, by: desk.supervisor).members
            XCTAssertEqual(unassigned.map(\.id), [gold.id], name)
            // Given to nobody, the member's open first contact is closed: it leaves the agent's list.
            let firstContacts = try await database.read { connection in
                try await connection.query("SELECT status, closure FROM callbacks WHERE reason = 'first_contact' AND member_id = \(gold.id)")
                    .map { [try $0.string("status"), try $0.string("closure")] }
            }
            XCTAssertEqual(firstContacts, [["closed", "unassigned"]], name)
            let wangsList = try await services.callbacks.list(CallbackFilter(assigneeID: wang.id, state: .open, memberID: gold.id),
                                                              by: desk.supervisor)
            XCTAssertEqual(wangsList.total, 0, name)
        }
    }
}
