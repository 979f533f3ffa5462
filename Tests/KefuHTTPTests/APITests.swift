import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import KefuDomain
import KefuServices
import XCTest

final class APITests: XCTestCase {
    func testHealthAndReadiness() async throws {
        try await AppHarness.run { client, _ in
            try await client.execute(uri: "/health", method: .get, headers: [.authorization: "Bearer bogus"]) { response in
                XCTAssertEqual(response.status, .ok)
            }
            try await client.execute(uri: "/ready", method: .get) { response in
                XCTAssertEqual(response.status, .ok)
                XCTAssertEqual(AppHarness.decode(response)["status"] as? String, "ready")
            }
            try await client.execute(uri: "/metrics", method: .get) { response in
                XCTAssertEqual(response.status, .ok)
            }
        }
    }

    func testTokenThenMeReturnsRolesAndPermissions() async throws {
        try await AppHarness.run { client, _ in
            let token = try await AppHarness.token(client, "zhang.wei", AppHarness.staffPassword)
            XCTAssertTrue(token.hasPrefix("kefu_"))
            try await client.execute(uri: "/api/v1/me", method: .get, headers: AppHarness.bearer(token)) { response in
                XCTAssertEqual(response.status, .ok)
                let me = AppHarness.decode(response)
                XCTAssertEqual(me["login"] as? String, "zhang.wei")
                XCTAssertEqual(me["roles"] as? [String], ["agent"])
                XCTAssertEqual((me["permissions"] as? [String])?.contains("tickets.manage"), true)
                XCTAssertEqual((me["permissions"] as? [String])?.contains("users.manage"), false)
            }
            try await client.execute(uri: "/api/v1/me", method: .get) { response in
                XCTAssertEqual(response.status, .unauthorized)
                XCTAssertEqual(response.headers[.contentType], "application/problem+json; charset=utf-8")
            }
        }
    }

    // R-SEC-1: repeated wrong passwords answer 429 for a while and change no stored data.
    func testRepeatedWrongPasswordsAreThrottled_R_SEC_1() async throws {
        try await AppHarness.run { client, services in
            let before = try await AppHarness.userCount(services)
            var statuses: [HTTPResponse.Status] = []
            for _ in 0..<6 {
                let status = try await client.execute(
                    uri: "/api/v1/auth/token", method: .post, headers: [.contentType: "application/json", .xForwardedFor: "203.0.113.5"],
                    body: AppHarness.json(["login": "zhang.wei", "password": "wrong-password-9"])) { response in
                        if response.status == .tooManyRequests {
                            XCTAssertNotNil(response.headers[.retryAfter])
                            XCTAssertEqual(AppHarness.decode(response)["type"] as? String, "urn:kefu:problem:throttled")
                        }
                        return response.status
                    }
                statuses.append(status)
            }
            XCTAssertEqual(statuses, Array(repeating: .unauthorized, count: 5) + [.tooManyRequests])
            // Even the right password is refused while throttled.
            try await client.execute(uri: "/api/v1/auth/token", method: .post, headers: [.contentType: "application/json"],
                                     body: AppHarness.json(["login": "zhang.wei", "password": AppHarness.staffPassword])) { response in
                XCTAssertEqual(response.status, .tooManyRequests)
            }
            let after = try await AppHarness.userCount(services)
            XCTAssertEqual(after, before)
            let failures = try await services.events.list(.init(kind: EventKind.loginFailed), by: .system)
            XCTAssertEqual(failures.total, 5)
            XCTAssertEqual(failures.events.first?.address, "203.0.113.5")
        }
    }

    // R-SEC-2: an agent creating staff gets 403 and nothing is stored.
    func testAgentCannotCreateUsers_R_SEC_2() async throws {
        try await AppHarness.run { client, services in
            let token = try await AppHarness.token(client, "zhang.wei", AppHarness.staffPassword)
            let before = try await AppHarness.userCount(services)
            try await client.execute(uri: "/api/v1/users", method: .post, headers: AppHarness.bearer(token),
                                     body: AppHarness.json(["login": "mallory", "display_name": "M", "role": "admin", "password": "Mallory-pass-99"])) { response in
                XCTAssertEqual(response.status, .forbidden)
                XCTAssertEqual(AppHarness.decode(response)["status"] as? Int, 403)
            }
            let after = try await AppHarness.userCount(services)
            XCTAssertEqual(after, before)
        }
    }

    func testMalformedJSONIsA400ProblemAndChangesNothing() async throws {
        try await AppHarness.run { client, services in
            let token = try await AppHarness.token(client, "admin", AppHarness.adminPassword)
            let before = try await AppHarness.userCount(services)
            try await client.execute(uri: "/api/v1/users", method: .post, headers: AppHarness.bearer(token),
                                     body: ByteBuffer(string: #"{"login": "x", "#)) { response in
                XCTAssertEqual(response.status, .badRequest)
                XCTAssertEqual(response.headers[.contentType], "application/problem+json; charset=utf-8")
                XCTAssertEqual(AppHarness.decode(response)["type"] as? String, "urn:kefu:problem:malformed")
            }
            try await client.execute(uri: "/api/v1/users", method: .post, headers: AppHarness.bearer(token),
                                     body: ByteBuffer(string: #"{"login": 42}"#)) { response in
                XCTAssertEqual(response.status, .badRequest)
                let errors = AppHarness.decode(response)["errors"] as? [[String: Any]]
                XCTAssertEqual(errors?.first?["field"] as? String, "login")
            }
            let after = try await AppHarness.userCount(services)
            XCTAssertEqual(after, before)
        }
    }

    func testValidationListsEveryFieldInTheCallersLanguage() async throws {
        try await AppHarness.run { client, _ in
            let token = try await AppHarness.token(client, "admin", AppHarness.adminPassword)
            try await client.execute(uri: "/api/v1/users", method: .post, headers: AppHarness.bearer(token, [.acceptLanguage: "en"]),
                                     body: AppHarness.json(["login": "Li Na", "role": "boss", "password": "short"])) { response in
                XCTAssertEqual(response.status, .unprocessableContent)
                let problem = AppHarness.decode(response)
                let errors = problem["errors"] as? [[String: Any]] ?? []
                XCTAssertEqual(Set(errors.compactMap { $0["field"] as? String }), ["login", "display_name", "role", "password"])
                XCTAssertEqual(problem["title"] as? String, "Some fields are not valid.")
                XCTAssertTrue(errors.contains { ($0["message"] as? String)?.contains("at least 10") == true })
            }
            try await client.execute(uri: "/api/v1/users", method: .post, headers: AppHarness.bearer(token, [.acceptLanguage: "zh-CN"]),
                                     body: AppHarness.json(["login": "li.na"])) { response in
                XCTAssertEqual(AppHarness.decode(response)["title"] as? String, "输入有误，请检查各项。")
            }
        }
    }

    func testCreateUpdateWithVersionsAndConflicts() async throws {
        try await AppHarness.run { client, _ in
            let token = try await AppHarness.token(client, "admin", AppHarness.adminPassword)
            let id = try await client.execute(
                uri: "/api/v1/users", method: .post, headers: AppHarness.bearer(token),
                body: AppHarness.json(["login": "Yang.Min", "display_name": "杨敏", "role": "order_clerk", "team": "订单组",
                                       "password": "Order-desk-2026"])) { response in
                    XCTAssertEqual(response.status, .created)
                    let user = AppHarness.decode(response)
                    XCTAssertEqual(user["login"] as? String, "yang.min")
                    return user["id"] as? Int ?? 0
                }
            try await client.execute(uri: "/api/v1/users/\(id)", method: .patch, headers: AppHarness.bearer(token),
                                     body: AppHarness.json(["level": "senior", "version": 1])) { response in
                XCTAssertEqual(response.status, .ok)
                XCTAssertEqual(AppHarness.decode(response)["version"] as? Int, 2)
            }
            try await client.execute(uri: "/api/v1/users/\(id)", method: .patch, headers: AppHarness.bearer(token, [.ifMatch: "\"1\""]),
                                     body: AppHarness.json(["team": "售后组"])) { response in
                XCTAssertEqual(response.status, .conflict)
                XCTAssertEqual(AppHarness.decode(response)["current_version"] as? Int, 2)
            }
            try await client.execute(uri: "/api/v1/users/\(id)", method: .get, headers: AppHarness.bearer(token)) { response in
                XCTAssertEqual(AppHarness.decode(response)["team"] as? String, "订单组")
                XCTAssertEqual(response.headers[.eTag], "\"2\"")
            }
            try await client.execute(uri: "/api/v1/users?role=order_clerk&limit=10", method: .get, headers: AppHarness.bearer(token)) { response in
                let page = AppHarness.decode(response)
                XCTAssertEqual(page["total"] as? Int, 1)
                XCTAssertEqual(page["limit"] as? Int, 10)
            }
            try await client.execute(uri: "/api/v1/users?limit=0", method: .get, headers: AppHarness.bearer(token)) { response in
                XCTAssertEqual(response.status, .badRequest)
            }
        }
    }

    // R-SEC-3: disabling an account stops its token on the very next request.
    func testDisabledUsersTokenStopsWorkingAtOnce_R_SEC_3() async throws {
        try await AppHarness.run { client, _ in
            let admin = try await AppHarness.token(client, "admin", AppHarness.adminPassword)
            let agent = try await AppHarness.token(client, "zhang.wei", AppHarness.staffPassword)
            let id = try await client.execute(uri: "/api/v1/me", method: .get, headers: AppHarness.bearer(agent)) { response in
                AppHarness.decode(response)["id"] as? Int ?? 0
            }
            try await client.execute(uri: "/api/v1/users/\(id)/disable", method: .post, headers: AppHarness.bearer(admin)) { response in
                XCTAssertEqual(response.status, .ok)
                XCTAssertEqual(AppHarness.decode(response)["active"] as? Bool, false)
            }
            try await client.execute(uri: "/api/v1/me", method: .get, headers: AppHarness.bearer(agent)) { response in
                XCTAssertEqual(response.status, .unauthorized)
            }
        }
    }

    // R-ORD-19 style audit: events are listed and filtered, never changed through the API.
    func testEventsAreListedForAuditorsOnly() async throws {
        try await AppHarness.run { client, _ in
            let admin = try await AppHarness.token(client, "admin", AppHarness.adminPassword)
            let agent = try await AppHarness.token(client, "zhang.wei", AppHarness.staffPassword)
            try await client.execute(uri: "/api/v1/events?kind=token.issued&limit=1", method: .get, headers: AppHarness.bearer(admin)) { response in
                XCTAssertEqual(response.status, .ok)
                let page = AppHarness.decode(response)
                XCTAssertEqual(page["total"] as? Int, 2)
                XCTAssertEqual((page["items"] as? [[String: Any]])?.first?["kind"] as? String, "token.issued")
                XCTAssertNotNil(page["next_cursor"])
            }
            try await client.execute(uri: "/api/v1/events", method: .get, headers: AppHarness.bearer(agent)) { response in
                XCTAssertEqual(response.status, .forbidden)
            }
            try await client.execute(uri: "/api/v1/events", method: .delete, headers: AppHarness.bearer(admin)) { response in
                XCTAssertNotEqual(response.status, .ok)
            }
            try await client.execute(uri: "/api/v1/events?since=yesterday", method: .get, headers: AppHarness.bearer(admin)) { response in
                XCTAssertEqual(response.status, .badRequest)
            }
        }
    }

    func testTokensCanBeListedAndRevoked() async throws {
        try await AppHarness.run(sqliteOnly: true) { client, _ in
            let agent = try await AppHarness.token(client, "zhang.wei", AppHarness.staffPassword)
            let second = try await client.execute(uri: "/api/v1/tokens", method: .post, headers: AppHarness.bearer(agent),
                                                  body: AppHarness.json(["name": "erp", "expires_in": 3600])) { response in
                XCTAssertEqual(response.status, .created)
                return AppHarness.decode(response)
            }
            try await client.execute(uri: "/api/v1/tokens", method: .get, headers: AppHarness.bearer(agent)) { response in
                XCTAssertEqual(AppHarness.decode(response)["total"] as? Int, 2)
                XCTAssertFalse(response.text.contains(second["token"] as? String ?? "-"), "secrets are never listed")
            }
            try await client.execute(uri: "/api/v1/tokens/\(second["id"] as? Int ?? 0)", method: .delete, headers: AppHarness.bearer(agent)) { response in
                XCTAssertEqual(response.status, .noContent)
            }
            try await client.execute(uri: "/api/v1/me", method: .get, headers: AppHarness.bearer(second["token"] as? String ?? "")) { response in
                XCTAssertEqual(response.status, .unauthorized)
            }
        }
    }
}
