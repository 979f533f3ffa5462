import Foundation
import HTTPTypes
import HummingbirdTesting
import KefuDomain
import KefuServices
import KefuStore
import KefuTestSupport
import NIOCore
import XCTest

/// `POST /api/v1/members/assign`, `PUT /api/v1/members/{id}/agent` and `GET /api/v1/members?assigned_to=` (R-MEM-3)
/// through the real router, on both databases.
final class MemberAssignmentAPITests: XCTestCase {
    /// The supervisor zhou.lan, the senior agent li.na (the harness's zhang.wei is a junior agent), two normal members and
    /// a diamond one.
    static func prepare(_ services: Services) async throws -> (li: User, zhang: User, members: [Member]) {
        try await TestStores.user(services, "zhou.lan", role: .supervisor, password: AppHarness.staffPassword)
        let li = try await services.users.create(UserDraft(login: "li.na", displayName: "李娜", role: .agent, level: .senior,
                                                           password: AppHarness.staffPassword), by: .system)
        let zhang = try await services.users.list(role: .agent, limit: 10, by: .system).users.first { $0.login == "zhang.wei" }!
        var members: [Member] = []
        for (index, grade) in [MemberGrade.normal, .normal, .diamond].enumerated() {
            members.append(try await services.members.create(
                MemberDraft(name: "会员\(index)", phones: ["1390000000\(index)"], grade: grade.rawValue), by: .system))
        }
        return (li, zhang, members)
    }

    static func ids(_ response: TestResponse) -> [Int] {
        (AppHarness.decode(response)["items"] as? [[String: Any]] ?? []).compactMap { $0["id"] as? Int }
    }

    // R-MEM-3: the answer's shape; a dry run writes nothing; applying gives the diamond member to the senior agent and
    // the rest evenly; the list filters by agent, "me" and "none".
    func testDryRunThenApplyAndListByAgent_R_MEM_3() async throws {
        try await AppHarness.run { client, services in
            let (li, zhang, members) = try await Self.prepare(services)
            let token = try await AppHarness.token(client, "zhou.lan", AppHarness.staffPassword)
            try await client.execute(uri: "/api/v1/members/assign", method: .post, headers: AppHarness.bearer(token),
                                     body: AppHarness.json(["member_ids": NSNull(), "filter": NSNull(), "agent_ids": NSNull(), "dry_run": true])) { response in
                XCTAssertEqual(response.status, .ok, response.text)
                let plan = AppHarness.decode(response)
                let assignments = plan["assignments"] as? [[String: Any]] ?? []
                XCTAssertEqual(assignments.count, 3)
                XCTAssertEqual(Set(assignments.first?.keys.map { $0 } ?? []), ["member_id", "agent_id", "level_met"])
                XCTAssertEqual(assignments.first?["member_id"] as? Int, Int(members[2].id), "the highest grade first")
                XCTAssertEqual(assignments.first?["agent_id"] as? Int, Int(li.id))
                XCTAssertEqual(assignments.first?["level_met"] as? Bool, true)
                let loads = plan["loads"] as? [[String: Any]] ?? []
                XCTAssertEqual(loads.map { $0["agent_id"] as? Int }, [Int(zhang.id), Int(li.id)])
                XCTAssertEqual(loads.map { $0["before"] as? Int }, [0, 0])
                XCTAssertEqual(loads.map { $0["after"] as? Int }, [2, 1])
                XCTAssertEqual(plan["applied"] as? Bool, false)
            }
            try await client.execute(uri: "/api/v1/members?assigned_to=none", method: .get, headers: AppHarness.bearer(token)) { response in
                XCTAssertEqual(AppHarness.decode(response)["total"] as? Int, 3, "a dry run writes nothing")
            }
            let callbacks = try await services.database.read { try await $0.first("SELECT COUNT(*) AS n FROM callbacks")?.int("n") ?? -1 }
            XCTAssertEqual(callbacks, 0, "a dry run makes no callback")

            try await client.execute(uri: "/api/v1/members/assign", method: .post, headers: AppHarness.bearer(token),
                                     body: AppHarness.json(["filter": ["grade": "diamond"], "dry_run": false])) { response in
                XCTAssertEqual(response.status, .ok, response.text)
                let plan = AppHarness.decode(response)
                XCTAssertEqual(plan["applied"] as? Bool, true)
                XCTAssertEqual((plan["assignments"] as? [[String: Any]])?.map { $0["agent_id"] as? Int }, [Int(li.id)])
            }
            try await client.execute(uri: "/api/v1/members/assign", method: .post, headers: AppHarness.bearer(token),
                                     body: AppHarness.json(["dry_run": false])) { response in
                XCTAssertEqual(response.status, .ok, response.text)
                let loads = AppHarness.decode(response)["loads"] as? [[String: Any]] ?? []
                XCTAssertEqual(loads.map { [$0["before"] as? Int, $0["after"] as? Int] }, [[0, 2], [1, 1]], "counts even out")
            }
            try await client.execute(uri: "/api/v1/members?assigned_to=\(li.id)", method: .get, headers: AppHarness.bearer(token)) { response in
                XCTAssertEqual(response.status, .ok)
                XCTAssertTrue(Self.ids(response).contains(Int(members[2].id)))
                XCTAssertEqual((AppHarness.decode(response)["items"] as? [[String: Any]])?.first?["assigned_agent_id"] as? Int, Int(li.id))
            }
            try await client.execute(uri: "/api/v1/members?assigned_to=none", method: .get, headers: AppHarness.bearer(token)) { response in
                XCTAssertEqual(AppHarness.decode(response)["total"] as? Int, 0)
            }
            try await client.execute(uri: "/api/v1/members?assigned_to=someone", method: .get, headers: AppHarness.bearer(token)) { response in
                XCTAssertEqual(response.status, .badRequest)
            }
            let agent = try await AppHarness.token(client, "zhang.wei", AppHarness.staffPassword)
            try await client.execute(uri: "/api/v1/members?assigned_to=me", method: .get, headers: AppHarness.bearer(agent)) { response in
                XCTAssertEqual(Self.ids(response).count, 2, "the agent's own members")
            }
        }
    }

    // R-MEM-3: agents may not assign (403, nothing written); a wrong grade or agent is a 422 naming the field; one member's
    // agent is changed with its version (a stale one is a 409).
    func testAgentsAreRefusedAndOneMemberIsReassignedWithItsVersion_R_MEM_3() async throws {
        try await AppHarness.run { client, services in
            let (li, _, members) = try await Self.prepare(services)
            let agent = try await AppHarness.token(client, "zhang.wei", AppHarness.staffPassword)
            for (uri, method, body) in [("/api/v1/members/assign", HTTPRequest.Method.post, ["dry_run": false] as [String: Any]),
                                        ("/api/v1/members/\(members[0].id)/agent", .put, ["agent_id": li.id, "version": 1])] {
                try await client.execute(uri: uri, method: method, headers: AppHarness.bearer(agent), body: AppHarness.json(body)) { response in
                    XCTAssertEqual(response.status, .forbidden, uri)
                }
            }
            let untouched = try await services.members.list(MemberFilter(), assignedTo: .nobody, by: .system).total
            XCTAssertEqual(untouched, 3)

            let token = try await AppHarness.token(client, "zhou.lan", AppHarness.staffPassword)
            try await client.execute(uri: "/api/v1/members/assign", method: .post, headers: AppHarness.bearer(token),
                                     body: AppHarness.json(["filter": ["grade": "bronze"], "agent_ids": [li.id, 999]])) { response in
                XCTAssertEqual(response.status, .unprocessableContent)
                let fields = (AppHarness.decode(response)["errors"] as? [[String: Any]] ?? []).compactMap { $0["field"] as? String }
                XCTAssertEqual(fields, ["filter.grade"])
            }
            try await client.execute(uri: "/api/v1/members/assign", method: .post, headers: AppHarness.bearer(token),
                                     body: AppHarness.json(["agent_ids": [li.id, 999]])) { response in
                XCTAssertEqual(response.status, .unprocessableContent)
                let fields = (AppHarness.decode(response)["errors"] as? [[String: Any]] ?? []).compactMap { $0["field"] as? String }
                XCTAssertEqual(fields, ["agent_ids[1]"])
            }
            let id = members[0].id
            try await client.execute(uri: "/api/v1/members/\(id)/agent", method: .put, headers: AppHarness.bearer(token),
                                     body: AppHarness.json(["agent_id": li.id, "version": 1])) { response in
                XCTAssertEqual(response.status, .ok, response.text)
                XCTAssertEqual(response.headers[.eTag], "\"2\"")
                XCTAssertEqual(AppHarness.decode(response)["assigned_agent_id"] as? Int, Int(li.id))
            }
            try await client.execute(uri: "/api/v1/members/\(id)/agent", method: .put, headers: AppHarness.bearer(token),
                                     body: AppHarness.json(["agent_id": NSNull(), "version": 1])) { response in
                XCTAssertEqual(response.status, .conflict)
            }
            try await client.execute(uri: "/api/v1/members/\(id)/agent", method: .put, headers: AppHarness.bearer(token, [.ifMatch: "\"2\""]),
                                     body: AppHarness.json(["agent_id": NSNull()])) { response in
                XCTAssertEqual(response.status, .ok, response.text)
                XCTAssertNil(AppHarness.decode(response)["assigned_agent_id"])
            }
            let firstContacts = try await services.database.read {
                try await $0.first("SELECT COUNT(*) AS n FROM callbacks WHERE reason = 'first_contact' AND assignee_id = \(li.id)")?.int("n") ?? 0
            }
            XCTAssertEqual(firstContacts, 1, "the agent's first contact was made at once")
        }
    }
}
