import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import KefuDomain
@testable import KefuHTTP
import KefuServices
import NIOCore
import XCTest

final class WebTests: XCTestCase {
    /// Cookies from `Set-Cookie` headers, as a browser would keep them.
    struct Jar {
        var cookies: [String: String] = [:]

        mutating func take(_ response: TestResponse) {
            for field in response.headers where field.name == .setCookie {
                let pair = field.value.split(separator: ";")[0].split(separator: "=", maxSplits: 1)
                let name = String(pair[0]), value = pair.count > 1 ? String(pair[1]) : ""
                if value.isEmpty || field.value.contains("Max-Age=0") { cookies[name] = nil } else { cookies[name] = value }
            }
        }

        var header: HTTPFields {
            cookies.isEmpty ? [:] : [.cookie: cookies.map { "\($0.key)=\($0.value)" }.joined(separator: "; ")]
        }
    }

    static func hiddenCSRF(_ html: String) -> String {
        guard let range = html.range(of: #"name="_csrf" value=""#) else { return "" }
        return String(html[range.upperBound...].prefix { $0 != "\"" })
    }

    static func form(_ fields: [String: String]) -> ByteBuffer {
        var components = URLComponents()
        components.queryItems = fields.map { URLQueryItem(name: $0.key, value: $0.value) }
        return ByteBuffer(string: components.percentEncodedQuery ?? "")
    }

    static let formHeaders: HTTPFields = [.contentType: "application/x-www-form-urlencoded"]

    /// Signs in through the login form and returns the jar and the session's CSRF token.
    static func signIn(_ client: any TestClientProtocol, _ login: String, _ password: String, language: String = "zh-CN") async throws -> (Jar, String) {
        var jar = Jar()
        let page = try await client.execute(uri: "/login", method: .get, headers: [.acceptLanguage: language]) { response in
            jar.take(response)
            return response.text
        }
        let csrf = hiddenCSRF(page)
        try await client.execute(uri: "/login", method: .post, headers: formHeaders + jar.header,
                                 body: form(["_csrf": csrf, "login": login, "password": password])) { response in
            XCTAssertEqual(response.status, .seeOther)
            XCTAssertEqual(response.headers[.location], "/")
            jar.take(response)
        }
        let home = try await client.execute(uri: "/", method: .get, headers: jar.header + [.acceptLanguage: language]) { $0.text }
        return (jar, hiddenCSRF(home))
    }

    func testSignedOutVisitorsAreSentToTheLoginPage() async throws {
        try await AppHarness.run(sqliteOnly: true) { client, _ in
            try await client.execute(uri: "/admin/users", method: .get) { response in
                XCTAssertEqual(response.status, .seeOther)
                XCTAssertEqual(response.headers[.location], "/login?next=%2Fadmin%2Fusers")
            }
            try await client.execute(uri: "/login", method: .get, headers: [.acceptLanguage: "en-US,en;q=0.9"]) { response in
                XCTAssertTrue(response.text.contains(#"<html lang="en">"#))
                XCTAssertTrue(response.text.contains("Sign in"))
                XCTAssertNotNil(response.headers[.contentSecurityPolicy])
            }
        }
    }

    func testLoginShowsTheShellInChineseWithNavigationByPermission() async throws {
        try await AppHarness.run { client, _ in
            let (admin, _) = try await Self.signIn(client, "admin", AppHarness.adminPassword)
            try await client.execute(uri: "/", method: .get, headers: admin.header) { response in
                XCTAssertEqual(response.status, .ok)
                XCTAssertTrue(response.text.contains(#"<html lang="zh-Hans">"#))
                XCTAssertTrue(response.text.contains("系统管理员，您好"))
                XCTAssertTrue(response.text.contains(#"href="/admin""#))
            }
            let (agent, _) = try await Self.signIn(client, "zhang.wei", AppHarness.staffPassword)
            try await client.execute(uri: "/", method: .get, headers: agent.header) { response in
                XCTAssertFalse(response.text.contains(#"href="/admin""#), "agents see no admin area")
            }
            try await client.execute(uri: "/admin/users", method: .get, headers: agent.header) { response in
                XCTAssertEqual(response.status, .forbidden)
                XCTAssertTrue(response.text.contains("您没有执行此操作的权限"))
            }
        }
    }

    func testFormsWithoutTheCSRFTokenAreRefused() async throws {
        try await AppHarness.run(sqliteOnly: true) { client, services in
            let (jar, csrf) = try await Self.signIn(client, "admin", AppHarness.adminPassword)
            XCTAssertFalse(csrf.isEmpty)
            let before = try await AppHarness.userCount(services)
            let fields = ["login": "li.na", "display_name": "李娜", "role": "supervisor", "level": "senior", "password": "Supervisor-2026"]
            try await client.execute(uri: "/admin/users", method: .post, headers: Self.formHeaders + jar.header, body: Self.form(fields)) { response in
                XCTAssertEqual(response.status, .forbidden)
            }
            try await client.execute(uri: "/admin/users", method: .post, headers: Self.formHeaders + jar.header,
                                     body: Self.form(fields + ["_csrf": "forged"])) { response in
                XCTAssertEqual(response.status, .forbidden)
            }
            let unchanged = try await AppHarness.userCount(services)
            XCTAssertEqual(unchanged, before)
            try await client.execute(uri: "/admin/users", method: .post, headers: Self.formHeaders + jar.header,
                                     body: Self.form(fields + ["_csrf": csrf])) { response in
                XCTAssertEqual(response.status, .seeOther)
            }
            let after = try await AppHarness.userCount(services)
            XCTAssertEqual(after, before + 1)
            // The login form itself needs its double-submit token.
            try await client.execute(uri: "/login", method: .post, headers: Self.formHeaders,
                                     body: Self.form(["login": "admin", "password": AppHarness.adminPassword])) { response in
                XCTAssertEqual(response.status, .forbidden)
            }
        }
    }

    func testFormErrorsAreShownNextToTheFormAndEscaped() async throws {
        try await AppHarness.run(sqliteOnly: true) { client, _ in
            let (jar, csrf) = try await Self.signIn(client, "admin", AppHarness.adminPassword)
            try await client.execute(uri: "/admin/users", method: .post, headers: Self.formHeaders + jar.header,
                                     body: Self.form(["_csrf": csrf, "login": "x", "display_name": "<script>alert(1)</script>", "role": "department", "password": "abc"])) { response in
                XCTAssertEqual(response.status, .unprocessableContent)
                XCTAssertTrue(response.text.contains("部门角色必须选择所属部门"))
                XCTAssertTrue(response.text.contains("密码至少需要 10 个字符"))
                XCTAssertFalse(response.text.contains("<script>alert(1)</script>"))
                XCTAssertTrue(response.text.contains("&lt;script&gt;"))
            }
        }
    }

    func testLanguageSwitchIsRememberedAndLogoutEndsTheSession() async throws {
        try await AppHarness.run(sqliteOnly: true) { client, _ in
            var (jar, csrf) = try await Self.signIn(client, "zhang.wei", AppHarness.staffPassword)
            try await client.execute(uri: "/language", method: .post, headers: Self.formHeaders + jar.header,
                                     body: Self.form(["_csrf": csrf, "language": "en", "back": "/"])) { response in
                XCTAssertEqual(response.status, .seeOther)
                jar.take(response)
            }
            try await client.execute(uri: "/", method: .get, headers: jar.header + [.acceptLanguage: "zh-CN"]) { response in
                XCTAssertTrue(response.text.contains("Hello, Zhang.Wei"))
            }
            try await client.execute(uri: "/logout", method: .post, headers: Self.formHeaders + jar.header, body: Self.form(["_csrf": csrf])) { response in
                XCTAssertEqual(response.status, .seeOther)
            }
            // The old cookie no longer signs anyone in.
            try await client.execute(uri: "/", method: .get, headers: jar.header) { response in
                XCTAssertEqual(response.status, .seeOther)
            }
            // The preference was saved on the account, so a fresh browser in Chinese still gets English.
            (jar, csrf) = try await Self.signIn(client, "zhang.wei", AppHarness.staffPassword, language: "zh-CN")
            try await client.execute(uri: "/", method: .get, headers: jar.header) { response in
                XCTAssertTrue(response.text.contains(#"<html lang="en">"#))
            }
        }
    }

    func testWrongPasswordOnTheFormIsThrottled_R_SEC_1() async throws {
        try await AppHarness.run(sqliteOnly: true) { client, _ in
            var jar = Jar()
            let page = try await client.execute(uri: "/login", method: .get) { response in
                jar.take(response)
                return response.text
            }
            let csrf = Self.hiddenCSRF(page)
            var statuses: [HTTPResponse.Status] = []
            for _ in 0..<6 {
                let status = try await client.execute(uri: "/login", method: .post, headers: Self.formHeaders + jar.header,
                                                      body: Self.form(["_csrf": csrf, "login": "zhang.wei", "password": "nope-nope-1"])) { $0.status }
                statuses.append(status)
            }
            XCTAssertEqual(statuses.last, .tooManyRequests)
            XCTAssertEqual(statuses.filter { $0 == .unauthorized }.count, 5)
        }
    }

    func testAdminSeesTheEventLogAndUserHistory() async throws {
        try await AppHarness.run(sqliteOnly: true) { client, services in
            let (jar, _) = try await Self.signIn(client, "admin", AppHarness.adminPassword)
            try await client.execute(uri: "/admin/events?kind=login.succeeded", method: .get, headers: jar.header) { response in
                XCTAssertEqual(response.status, .ok)
                XCTAssertTrue(response.text.contains("登录成功"))
            }
            let agent = try await services.users.find(login: "zhang.wei", by: .system)
            try await client.execute(uri: "/admin/users/\(agent.id)", method: .get, headers: jar.header) { response in
                XCTAssertEqual(response.status, .ok)
                XCTAssertTrue(response.text.contains("创建账号"))
            }
            try await client.execute(uri: "/admin/users/999999", method: .get, headers: jar.header) { response in
                XCTAssertEqual(response.status, .notFound)
            }
            try await client.execute(uri: "/no-such-page", method: .get, headers: jar.header) { response in
                XCTAssertEqual(response.status, .notFound)
                XCTAssertTrue(response.text.contains("找不到"))
            }
        }
    }
}

func + (lhs: HTTPFields, rhs: HTTPFields) -> HTTPFields {
    var result = lhs
    result.append(contentsOf: rhs)
    return result
}

func + (lhs: [String: String], rhs: [String: String]) -> [String: String] {
    lhs.merging(rhs) { _, new in new }
}

final class RedirectTests: XCTestCase {
    func testOnlyLocalPathsAreFollowedAfterSignIn() {
        XCTAssertEqual(WebAuthController.safeNext("/admin/users?q=li"), "/admin/users?q=li")
        for hostile in ["//evil.example", "/\t/evil.example", "/\\evil.example", "https://evil.example", "/\n/evil", "", nil] {
            XCTAssertEqual(WebAuthController.safeNext(hostile), "/", "\(String(describing: hostile))")
        }
    }
}

final class ParcelFormTests: XCTestCase {
    func testParcelsAreReadOnePerLine() {
        XCTAssertEqual(OrderWebController.parcels("FS-1001×2, JJ-1001\nMZ-1001 x 3\n\n"),
                       [[.init(sku: "FS-1001", quantity: 2), .init(sku: "JJ-1001", quantity: 1)], [.init(sku: "MZ-1001", quantity: 3)]])
    }
}

final class NavigationBadgeTests: XCTestCase {
    // R-ORD-4: the review queue's size is shown to reviewers on every page.
    func testReviewersSeeTheQueueInTheNavigation_R_ORD_4() async throws {
        try await AppHarness.run(sqliteOnly: true) { client, services in
            let admin = Principal(user: try await services.users.find(login: "admin", by: .system), channel: .session)
            _ = try await services.catalog.createProduct(sku: "SKU-1", name: "T恤", supplierID: nil, price: 1999, stock: 10, by: admin)
            let clerk = Principal(user: try await services.users.find(login: "zhang.wei", by: .system), channel: .session)
            _ = try await services.orders.create(OrderDraft(
                channel: .web, customer: .init(name: "张三", phone: "13800138000"),
                address: .init(recipient: "张三", phone: "13800138000", province: "浙江省", city: "杭州市", district: "西湖区", line: "文三路100号"),
                items: [.init(sku: "SKU-1", quantity: 1)], paymentMethod: .online), by: clerk)
            let (jar, _) = try await WebTests.signIn(client, "admin", AppHarness.adminPassword)
            try await client.execute(uri: "/", method: .get, headers: jar.header) { response in
                XCTAssertTrue(response.text.contains(#"data-testid="nav-badge-/orders">1</span>"#))
            }
            let (agent, _) = try await WebTests.signIn(client, "zhang.wei", AppHarness.staffPassword)
            try await client.execute(uri: "/", method: .get, headers: agent.header) { response in
                XCTAssertFalse(response.text.contains("nav-badge"), "agents do not review")
            }
        }
    }
}

final class OrderListPageTests: XCTestCase {
    // The list rows are markup built in Swift: every value in them is escaped, phones masked without pii.view.
    func testOrderRowsAreEscapedAndMasked() async throws {
        try await AppHarness.run(sqliteOnly: true) { client, services in
            let admin = Principal(user: try await services.users.find(login: "admin", by: .system), channel: .session)
            _ = try await services.catalog.createProduct(sku: "SKU-1", name: "T恤 <b>", supplierID: nil, price: 1999, stock: 10, by: admin)
            let clerk = Principal(user: try await services.users.find(login: "zhang.wei", by: .system), channel: .session)
            _ = try await services.orders.create(OrderDraft(
                channel: .web, externalNumber: "W-\"1\"", customer: .init(name: "<script>alert(1)</script>", phone: "13800138000"),
                address: .init(recipient: "张三", phone: "13800138000", province: "浙江省", city: "杭州市", district: "西湖区", line: "文三路100号"),
                items: [.init(sku: "SKU-1", quantity: 2)], paymentMethod: .online), by: clerk)
            let (jar, _) = try await WebTests.signIn(client, "admin", AppHarness.adminPassword)
            try await client.execute(uri: "/orders?list=review", method: .get, headers: jar.header) { response in
                XCTAssertFalse(response.text.contains("<script>alert(1)</script>"))
                XCTAssertTrue(response.text.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))
                XCTAssertTrue(response.text.contains("T恤 &lt;b&gt;×2"))
                XCTAssertTrue(response.text.contains("W-&quot;1&quot;"))
                XCTAssertTrue(response.text.contains("13800138000"), "admins hold pii.view")
                XCTAssertTrue(response.text.contains("¥39.98"))
            }
            let listed = try await services.orders.list(OrderFilter(), by: admin).orders
            let order = try XCTUnwrap(listed.first)
            let presenter = OrderPresenter(catalog: try Catalog.bundled(), language: .zhHans, formatter: TimeFormatter(language: .zhHans),
                                           permissions: [.ordersView], deadlines: OrderDeadlines(), now: Date())
            let html = presenter.rowsHTML([order])
            XCTAssertFalse(html.contains("13800138000"), "without pii.view the phone is masked")
            XCTAssertTrue(html.contains("138****8000"))
        }
    }
}

final class PageValueTests: XCTestCase {
    func testEmptyStringsAndAbsentOptionalsAreLeftOut() {
        let absent: Int? = nil
        let present: String? = "x"
        let values = Pages.compacted(["a": "", "b": absent as Any, "c": present as Any, "d": ["e": "", "f": 1] as [String: Any],
                                      "g": [["h": ""]] as [[String: Any]]])
        XCTAssertNil(values["a"])
        XCTAssertNil(values["b"])
        XCTAssertEqual(values["c"] as? String, "x")
        XCTAssertEqual((values["d"] as? [String: Any])?.keys.sorted(), ["f"])
        XCTAssertEqual((values["g"] as? [[String: Any]])?.first?.isEmpty, true)
    }
}
