import Foundation
import HTTPTypes
import HummingbirdTesting
import KefuDomain
import KefuServices
import KefuStore
import KefuTestSupport
import NIOCore
import XCTest

/// `/api/v1/members` (R-MEM-1, 2, 4, 5; R-SEC-2) through the real router, on both databases.
final class MemberAPITests: XCTestCase {
    /// The member as integrators send it (issue 5).
    nonisolated(unsafe) static let chenJing: [String: Any] = [
        "name": "陈静", "gender": "female", "birth_year": 1990, "phones": ["13912345678"], "emails": ["chen@example.com"],
        "addresses": [["recipient": "陈静", "phone": "13912345678", "province": "上海市", "city": "上海市", "district": "浦东新区",
                       "line": "世纪大道100号"]],
        "grade": "gold", "tags": ["VIP"], "do_not_call": false,
    ]

    static func query(_ text: String) -> String {
        text.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? text
    }

    // R-MEM-1, R-MEM-5: create in the integrators' shape, field errors by place, search by name part and "尾号 5678",
    // PATCH with a version; a stale one is a 409 that changes nothing.
    func testCreateSearchAndPatchWithVersion_R_MEM_1_R_MEM_5() async throws {
        try await AppHarness.run { client, services in
            try await TestStores.user(services, "zhou.lan", role: .supervisor, password: AppHarness.staffPassword)
            let token = try await AppHarness.token(client, "zhou.lan", AppHarness.staffPassword)
            try await client.execute(uri: "/api/v1/members", method: .post, headers: AppHarness.bearer(token),
                                     body: AppHarness.json(["name": "", "phones": ["13912345678", "12-ab"], "emails": ["x@"],
                                                            "addresses": [["recipient": "陈静"]], "grade": "bronze"])) { response in
                XCTAssertEqual(response.status, .unprocessableContent)
                let fields = (AppHarness.decode(response)["errors"] as? [[String: Any]] ?? []).compactMap { $0["field"] as? String }
                XCTAssertEqual(Set(fields), ["name", "grade", "phones[1]", "emails[0]", "addresses[0].phone", "addresses[0].province",
                                             "addresses[0].city", "addresses[0].line"])
            }
            let id = try await client.execute(uri: "/api/v1/members", method: .post, headers: AppHarness.bearer(token),
                                              body: AppHarness.json(Self.chenJing)) { response -> Int in
                XCTAssertEqual(response.status, .created, response.text)
                XCTAssertEqual(response.headers[.eTag], "\"1\"")
                let member = AppHarness.decode(response)
                XCTAssertEqual(member["name"] as? String, "陈静")
                XCTAssertEqual(member["gender"] as? String, "female")
                XCTAssertEqual(member["birth_year"] as? Int, 1990)
                XCTAssertEqual(member["phones"] as? [String], ["13912345678"], "a supervisor holds pii.view")
                XCTAssertEqual(member["grade"] as? String, "gold")
                XCTAssertEqual(member["tags"] as? [String], ["VIP"])
                XCTAssertEqual(member["do_not_call"] as? Bool, false)
                XCTAssertEqual(member["version"] as? Int, 1)
                XCTAssertEqual(member["masked"] as? Bool, false)
                XCTAssertEqual((member["addresses"] as? [[String: Any]])?.first?["district"] as? String, "浦东新区")
                XCTAssertEqual(response.headers[.location], "/api/v1/members/\(member["id"] as? Int ?? 0)")
                return member["id"] as? Int ?? 0
            }
            for q in ["陈", "静", "陈静", "尾号 5678", "*5678", "13912345678", "chen@example.com"] {
                try await client.execute(uri: "/api/v1/members?q=\(Self.query(q))", method: .get, headers: AppHarness.bearer(token)) { response in
                    XCTAssertEqual(response.status, .ok)
                    let list = AppHarness.decode(response)
                    XCTAssertEqual((list["items"] as? [[String: Any]])?.map { $0["id"] as? Int }, [id], q)
                    XCTAssertEqual(list["total"] as? Int, 1, q)
                    XCTAssertEqual(list["total_capped"] as? Bool, false, q)
                }
            }
            try await client.execute(uri: "/api/v1/members?grade=bronze", method: .get, headers: AppHarness.bearer(token)) { response in
                XCTAssertEqual(response.status, .badRequest)
            }
            try await client.execute(uri: "/api/v1/members?tag=VIP&grade=gold", method: .get, headers: AppHarness.bearer(token)) { response in
                XCTAssertEqual(AppHarness.decode(response)["total"] as? Int, 1)
            }
            try await client.execute(uri: "/api/v1/members/\(id)", method: .patch, headers: AppHarness.bearer(token),
                                     body: AppHarness.json(["grade": "diamond"])) { response in
                XCTAssertEqual(response.status, .unprocessableContent, "the version is required")
            }
            try await client.execute(uri: "/api/v1/members/\(id)", method: .patch, headers: AppHarness.bearer(token, [.ifMatch: "\"1\""]),
                                     body: AppHarness.json(["grade": "diamond", "birth_year": NSNull()])) { response in
                XCTAssertEqual(response.status, .ok, response.text)
                let member = AppHarness.decode(response)
                XCTAssertEqual(member["grade"] as? String, "diamond")
                XCTAssertNil(member["birth_year"], "null clears")
                XCTAssertEqual(member["phones"] as? [String], ["13912345678"], "absent keys stay")
                XCTAssertEqual(member["version"] as? Int, 2)
            }
            try await client.execute(uri: "/api/v1/members/\(id)", method: .patch, headers: AppHarness.bearer(token),
                                     body: AppHarness.json(["name": "陈晶", "version": 1])) { response in
                XCTAssertEqual(response.status, .conflict)
                XCTAssertEqual(AppHarness.decode(response)["current_version"] as? Int, 2)
            }
            try await client.execute(uri: "/api/v1/members/\(id)", method: .get, headers: AppHarness.bearer(token)) { response in
                let member = AppHarness.decode(response)
                XCTAssertEqual(member["name"] as? String, "陈静", "the stale edit changed nothing")
                XCTAssertEqual(member["grade"] as? String, "diamond", "the first edit is kept")
            }
            try await client.execute(uri: "/api/v1/members/\(id)/history", method: .get, headers: AppHarness.bearer(token)) { response in
                let items = AppHarness.decode(response)["items"] as? [[String: Any]] ?? []
                XCTAssertEqual(items.map { $0["action"] as? String }, ["updated", "created"])
                let changes = items.first?["changes"] as? [[String: Any]] ?? []
                XCTAssertEqual(changes.first?["field"] as? String, "birth_year")
                XCTAssertEqual(changes.first?["before"] as? String, "1990")
            }
            try await client.execute(uri: "/api/v1/member-segments", method: .post, headers: AppHarness.bearer(token),
                                     body: AppHarness.json(["name": "钻石会员", "filter": ["grade": "diamond"]])) { response in
                XCTAssertEqual(response.status, .created, response.text)
                let segment = AppHarness.decode(response)["id"] as? Int ?? 0
                try await client.execute(uri: "/api/v1/members?segment=\(segment)", method: .get, headers: AppHarness.bearer(token)) { response in
                    XCTAssertEqual((AppHarness.decode(response)["items"] as? [[String: Any]])?.count, 1)
                }
            }
            try await client.execute(uri: "/api/v1/member-segments", method: .get, headers: AppHarness.bearer(token)) { response in
                XCTAssertEqual((AppHarness.decode(response)["items"] as? [[String: Any]])?.first?["name"] as? String, "钻石会员")
            }
        }
    }

    // R-MEM-4, R-SEC-2: a role without `pii.view` never receives an unmasked phone from any member route; reveal is
    // refused to it and to an agent with no work for the member, granted to a supervisor with exactly one event.
    func testNoUnmaskedPhoneWithoutPIIViewAndRevealRules_R_MEM_4_R_SEC_2() async throws {
        try await AppHarness.run { client, services in
            try await TestStores.user(services, "zhou.lan", role: .supervisor, password: AppHarness.staffPassword)
            try await TestStores.user(services, "shop.bot", role: .integration, password: AppHarness.staffPassword)
            let supervisor = try await AppHarness.token(client, "zhou.lan", AppHarness.staffPassword)
            let bot = try await AppHarness.token(client, "shop.bot", AppHarness.staffPassword)
            let agent = try await AppHarness.token(client, "zhang.wei", AppHarness.staffPassword)
            let member = try await services.members.create(
                MemberDraft(name: "陈静", idNumber: "110101199003071234", phones: ["13912345678"], emails: ["chen@example.com"],
                            addresses: [.init(recipient: "陈静", phone: "13912345678", province: "上海市", city: "上海市", district: "浦东新区",
                                              line: "世纪大道100号")]), by: .system)
            let twin = try await services.members.create(MemberDraft(name: "陈静", phones: ["13912345678"]), by: .system)
            _ = try await services.members.update(id: member.id, expectedVersion: 1, by: .system) { $0.phones = ["13912345678", "13700001111"] }
            for uri in ["/api/v1/members", "/api/v1/members?q=\(Self.query("尾号 5678"))", "/api/v1/members/\(member.id)",
                        "/api/v1/members/\(member.id)/history", "/api/v1/members/\(member.id)/duplicates", "/api/v1/members/\(twin.id)"] {
                try await client.execute(uri: uri, method: .get, headers: AppHarness.bearer(bot)) { response in
                    XCTAssertEqual(response.status, .ok, uri)
                    for secret in ["13912345678", "13700001111", "chen@example.com", "世纪大道100号", "110101199003071234"] {
                        XCTAssertFalse(response.text.contains(secret), "\(uri) leaks \(secret)")
                    }
                    XCTAssertTrue(response.text.contains("139****5678") || uri.hasSuffix("/history"), uri)
                }
            }
            for (uri, method) in [("/api/v1/members/\(member.id)/reveal", HTTPRequest.Method.post), ("/api/v1/members/\(member.id)/export", .get)] {
                try await client.execute(uri: uri, method: method, headers: AppHarness.bearer(bot)) { response in
                    XCTAssertEqual(response.status, .forbidden, uri)
                    XCTAssertFalse(response.text.contains("13912345678"), uri)
                }
            }
            try await client.execute(uri: "/api/v1/members/\(member.id)/reveal", method: .post, headers: AppHarness.bearer(agent)) { response in
                XCTAssertEqual(response.status, .forbidden, "an agent with no ticket, order or callback for the member")
            }
            try await client.execute(uri: "/api/v1/members/\(member.id)/reveal", method: .post, headers: AppHarness.bearer(supervisor)) { response in
                XCTAssertEqual(response.status, .ok)
                let revealed = AppHarness.decode(response)
                XCTAssertEqual(revealed["phones"] as? [String], ["13912345678", "13700001111"])
                XCTAssertEqual(revealed["id_number"] as? String, "110101199003071234")
                XCTAssertEqual(revealed["masked"] as? Bool, false)
            }
            let events = try await services.events.list(EventFilter(kind: EventKind.piiRevealed, entity: "member", entityID: "\(member.id)"),
                                                        by: .system).events
            XCTAssertEqual(events.map(\.actorLogin), ["zhou.lan"], "exactly one access event")
        }
    }

    // R-MEM-2, R-MEM-4: merge through the API, erase (supervisor and above) keeps the row, export is one JSON file.
    func testMergeEraseAndExport_R_MEM_2_R_MEM_4() async throws {
        try await AppHarness.run { client, services in
            try await TestStores.user(services, "zhou.lan", role: .supervisor, password: AppHarness.staffPassword)
            let supervisor = try await AppHarness.token(client, "zhou.lan", AppHarness.staffPassword)
            let agent = try await AppHarness.token(client, "zhang.wei", AppHarness.staffPassword)
            let first = try await services.members.create(MemberDraft(name: "陈静", phones: ["13912345678"]), by: .system)
            let second = try await services.members.create(MemberDraft(name: "陈静", phones: ["13912345678"], emails: ["chen@example.com"]), by: .system)
            try await client.execute(uri: "/api/v1/members/merge", method: .post, headers: AppHarness.bearer(supervisor),
                                     body: AppHarness.json(["survivor_id": first.id, "merged_id": second.id, "merged_version": 1])) { response in
                XCTAssertEqual(response.status, .ok, response.text)
                XCTAssertEqual(AppHarness.decode(response)["emails"] as? [String], ["chen@example.com"])
            }
            try await client.execute(uri: "/api/v1/members/merge", method: .post, headers: AppHarness.bearer(supervisor),
                                     body: AppHarness.json(["survivor_id": first.id])) { response in
                XCTAssertEqual(response.status, .unprocessableContent)
            }
            try await client.execute(uri: "/api/v1/members/\(first.id)/erase", method: .post, headers: AppHarness.bearer(agent)) { response in
                XCTAssertEqual(response.status, .forbidden)
            }
            try await client.execute(uri: "/api/v1/members/\(first.id)/export", method: .get, headers: AppHarness.bearer(supervisor)) { response in
                XCTAssertEqual(response.status, .ok)
                XCTAssertEqual(response.headers[.contentDisposition], "attachment; filename=\"member-\(first.id).json\"")
                let export = AppHarness.decode(response)
                XCTAssertEqual((export["member"] as? [String: Any])?["phones"] as? [String], ["13912345678"])
                XCTAssertNotNil(export["orders"] as? [Any])
                XCTAssertEqual((export["history"] as? [[String: Any]])?.first?["action"] as? String, "merged_from")
            }
            try await client.execute(uri: "/api/v1/members/\(first.id)/erase", method: .post, headers: AppHarness.bearer(supervisor)) { response in
                XCTAssertEqual(response.status, .ok, response.text)
                let member = AppHarness.decode(response)
                XCTAssertEqual(member["name"] as? String, "已注销会员 #\(first.id)")
                XCTAssertEqual(member["phones"] as? [String], [])
                XCTAssertEqual(member["erased"] as? Bool, true)
            }
            try await client.execute(uri: "/api/v1/members/\(first.id)/reveal", method: .post, headers: AppHarness.bearer(supervisor)) { response in
                XCTAssertEqual(response.status, .conflict)
            }
            try await client.execute(uri: "/api/v1/members/\(first.id)", method: .patch, headers: AppHarness.bearer(supervisor),
                                     body: AppHarness.json(["name": "陈静", "version": 3])) { response in
                XCTAssertEqual(response.status, .conflict)
            }
        }
    }
}
