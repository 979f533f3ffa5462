import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import KefuDomain
import KefuHTTP
import KefuServices
import KefuStore
import KefuTestSupport
import NIOCore
import XCTest

/// Builds the real application on a fresh, migrated database and drives it through its router.
enum AppHarness {
    static let adminPassword = "Kefu-start-2026"
    static let staffPassword = "correct-horse-42"

    /// Runs `body` once per test database with an app whose database has an admin and an agent.
    static func run(
        sqliteOnly: Bool = false, _ body: @escaping @Sendable (any TestClientProtocol, Services) async throws -> Void
    ) async throws {
        try await TestStores.each(migrated: false) { database, name in
            if sqliteOnly, name != "sqlite" { return }
            let services = TestStores.services(database, clock: SystemClock())
            _ = try await services.setup.prepare(adminPassword: adminPassword)
            try await TestStores.user(services, "zhang.wei", role: .agent, password: staffPassword)
            let router = try await buildRouter(services: services, configuration: HTTPConfiguration(trustForwardedFor: true))
            let app = Application(router: router)
            try await app.test(.router) { client in try await body(client, services) }
        }
    }

    static func json(_ object: [String: Any]) -> ByteBuffer {
        ByteBuffer(bytes: try! JSONSerialization.data(withJSONObject: object))
    }

    static func decode(_ response: TestResponse) -> [String: Any] {
        guard let object = try? JSONSerialization.jsonObject(with: Data(response.body.readableBytesView)) as? [String: Any]
        else { return [:] }
        return object
    }

    /// A bearer token for `login`.
    static func token(_ client: any TestClientProtocol, _ login: String, _ password: String) async throws -> String {
        try await client.execute(uri: "/api/v1/auth/token", method: .post, headers: [.contentType: "application/json"],
                                 body: json(["login": login, "password": password])) { response in
            XCTAssertEqual(response.status, .created)
            return decode(response)["token"] as? String ?? ""
        }
    }

    static func bearer(_ token: String, _ extra: HTTPFields = [:]) -> HTTPFields {
        var headers: HTTPFields = [.authorization: "Bearer \(token)", .contentType: "application/json"]
        headers.append(contentsOf: extra)
        return headers
    }

    static func userCount(_ services: Services) async throws -> Int {
        try await services.users.list(limit: 1, by: .system).total
    }
}

extension TestResponse {
    var text: String { String(buffer: body) }
}
