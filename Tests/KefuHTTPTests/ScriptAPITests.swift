import Foundation
import HTTPTypes
import HummingbirdTesting
import KefuDomain
import KefuServices
import KefuStore
import NIOCore
import XCTest

/// `/api/v1/scripts` (R-QA-1) through the real router, on both databases.
final class ScriptAPITests: XCTestCase {
    static func items(_ response: TestResponse) -> [[String: Any]] {
        AppHarness.decode(response)["items"] as? [[String: Any]] ?? []
    }

    // R-QA-1: anyone handling tickets searches the library by text and situation, in a compact list.
    func testAgentsSearchTheLibrary_R_QA_1() async throws {
        try await AppHarness.run { client, _ in
            let token = try await AppHarness.token(client, "zhang.wei", AppHarness.staffPassword)
            try await client.execute(uri: "/api/v1/scripts", method: .get, headers: AppHarness.bearer(token)) { response in
                XCTAssertEqual(response.status, .ok)
                let items = Self.items(response)
                XCTAssertGreaterThanOrEqual(items.count, 50)
                XCTAssertEqual(AppHarness.decode(response)["total"] as? Int, items.count)
                let first = try XCTUnwrap(items.first)
                XCTAssertEqual(first["situation"] as? String, "greeting")
                XCTAssertEqual(first["body"] as? String, "您好,歡迎致電監控中心呼叫熱線,請問有什么可以幫助您!")
                XCTAssertEqual(Set(first.keys), ["id", "situation", "title", "body", "position", "active", "version", "created_at", "updated_at"],
                               "no note: absent optionals are left out")
            }
            let query = "q=\("稍等".addingPercentEncoding(withAllowedCharacters: .urlQueryAllowed)!)&situation=wait"
            try await client.execute(uri: "/api/v1/scripts?\(query)", method: .get, headers: AppHarness.bearer(token)) { response in
                let bodies = Self.items(response).compactMap { $0["body"] as? String }
                XCTAssertEqual(bodies, ["對不起,請您稍等片刻,好嗎?", "請稍等,正在為您查詢相關信息!", "請稍等,我記錄一下。"])
            }
            try await client.execute(uri: "/api/v1/scripts?situation=smalltalk", method: .get, headers: AppHarness.bearer(token)) { response in
                XCTAssertEqual(response.status, .badRequest)
                XCTAssertTrue(response.text.contains(#""field":"situation""#))
            }
            try await client.execute(uri: "/api/v1/scripts?include_inactive=true", method: .get, headers: AppHarness.bearer(token)) { response in
                XCTAssertEqual(response.status, .forbidden)
            }
            try await client.execute(uri: "/api/v1/scripts", method: .get) { response in
                XCTAssertEqual(response.status, .unauthorized)
            }
        }
    }

    // R-QA-1: admins add and change phrases; a stale version is refused with 409 and nothing changes.
    func testAdminsAddAndChangePhrases_R_QA_1() async throws {
        try await AppHarness.run { client, services in
            let admin = try await AppHarness.token(client, "admin", AppHarness.adminPassword)
            let agent = try await AppHarness.token(client, "zhang.wei", AppHarness.staffPassword)
            let phrase: [String: Any] = ["situation": "callback", "title": "查询物流", "body": "我们核实后两小时内给您回电，好吗？", "note": "记下电话"]
            try await client.execute(uri: "/api/v1/scripts", method: .post, headers: AppHarness.bearer(agent), body: AppHarness.json(phrase)) { response in
                XCTAssertEqual(response.status, .forbidden)
            }
            try await client.execute(uri: "/api/v1/scripts", method: .post, headers: AppHarness.bearer(admin),
                                     body: AppHarness.json(["situation": "smalltalk", "title": ""])) { response in
                XCTAssertEqual(response.status, .unprocessableContent)
                let fields = (AppHarness.decode(response)["errors"] as? [[String: Any]] ?? []).compactMap { $0["field"] as? String }
                XCTAssertEqual(fields, ["situation"], "an unknown situation is reported first")
            }
            try await client.execute(uri: "/api/v1/scripts", method: .post, headers: AppHarness.bearer(admin),
                                     body: AppHarness.json(["title": " "])) { response in
                XCTAssertEqual(response.status, .unprocessableContent)
                let fields = (AppHarness.decode(response)["errors"] as? [[String: Any]] ?? []).compactMap { $0["field"] as? String }
                XCTAssertEqual(fields, ["situation", "title", "body"])
            }
            let id = try await client.execute(uri: "/api/v1/scripts", method: .post, headers: AppHarness.bearer(admin),
                                              body: AppHarness.json(phrase)) { response -> Int in
                XCTAssertEqual(response.status, .created, response.text)
                XCTAssertEqual(response.headers[.eTag], "\"1\"")
                let script = AppHarness.decode(response)
                XCTAssertEqual(script["note"] as? String, "记下电话")
                XCTAssertEqual(script["active"] as? Bool, true)
                return script["id"] as? Int ?? 0
            }
            try await client.execute(uri: "/api/v1/scripts/\(id)", method: .patch, headers: AppHarness.bearer(admin),
                                     body: AppHarness.json(["body": "x", "version": 7])) { response in
                XCTAssertEqual(response.status, .conflict)
                XCTAssertEqual(AppHarness.decode(response)["current_version"] as? Int, 1)
            }
            try await client.execute(uri: "/api/v1/scripts/\(id)", method: .patch, headers: AppHarness.bearer(admin, [.ifMatch: "\"1\""]),
                                     body: AppHarness.json(["active": false, "note": ""])) { response in
                XCTAssertEqual(response.status, .ok, response.text)
                XCTAssertEqual(response.headers[.eTag], "\"2\"")
                let script = AppHarness.decode(response)
                XCTAssertEqual(script["active"] as? Bool, false)
                XCTAssertNil(script["note"], "an empty note removes it")
                XCTAssertEqual(script["body"] as? String, "我们核实后两小时内给您回电，好吗？", "absent fields stay")
            }
            try await client.execute(uri: "/api/v1/scripts/\(id)", method: .patch, headers: AppHarness.bearer(agent),
                                     body: AppHarness.json(["active": true])) { response in
                XCTAssertEqual(response.status, .forbidden)
            }
            try await client.execute(uri: "/api/v1/scripts/999999", method: .patch, headers: AppHarness.bearer(admin),
                                     body: AppHarness.json(["active": true])) { response in
                XCTAssertEqual(response.status, .notFound)
            }
            try await client.execute(uri: "/api/v1/scripts?situation=callback", method: .get, headers: AppHarness.bearer(agent)) { response in
                XCTAssertFalse(Self.items(response).contains { $0["id"] as? Int == id }, "inactive phrases are not offered")
            }
            try await client.execute(uri: "/api/v1/scripts?situation=callback&include_inactive=true", method: .get,
                                     headers: AppHarness.bearer(admin)) { response in
                XCTAssertTrue(Self.items(response).contains { $0["id"] as? Int == id })
            }
            let events = try await services.events.list(EventFilter(entity: "script", entityID: "\(id)"), by: .system).events
            XCTAssertEqual(events.map(\.kind), ["script.deactivated", "script.created"])
        }
    }
}
