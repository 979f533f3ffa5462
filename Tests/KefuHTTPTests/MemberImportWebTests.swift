import Foundation
import HTTPTypes
import HummingbirdTesting
@testable import KefuHTTP
import KefuDomain
import KefuServices
import KefuTestSupport
import NIOCore
import XCTest

/// `/members/import` through the real router, signed in with the web form (R-MEM-1, R-MEM-5).
final class MemberImportWebTests: XCTestCase {
    static let boundary = "----kefu-member-import-web-9"

    /// A multipart upload; `csrf` becomes the first field, as the page's form sends it without script.
    static func upload(_ file: String, csrf: String? = nil, duplicates: String = "report") -> ByteBuffer {
        var body = ""
        if let csrf { body += "--\(boundary)\r\nContent-Disposition: form-data; name=\"_csrf\"\r\n\r\n\(csrf)\r\n" }
        body += "--\(boundary)\r\nContent-Disposition: form-data; name=\"file\"; filename=\"会员名单.csv\"\r\nContent-Type: text/csv\r\n\r\n"
            + file + "\r\n--\(boundary)\r\nContent-Disposition: form-data; name=\"duplicates\"\r\n\r\n\(duplicates)\r\n--\(boundary)--\r\n"
        return ByteBuffer(string: body)
    }

    static func multipartHeaders(_ jar: WebTests.Jar, csrfHeader: String? = nil) -> HTTPFields {
        var headers = jar.header + [.contentType: "multipart/form-data; boundary=\(boundary)"]
        if let csrfHeader { headers[.xCSRFToken] = csrfHeader }
        return headers
    }

    /// The hidden `upload` id of the page's retry forms.
    static func uploadID(_ html: String) -> String {
        guard let range = html.range(of: #"name="upload" value=""#) else { return "" }
        return String(html[range.upperBound...].prefix { $0 != "\"" })
    }

    static let file = "姓名,手机,会员等级\n陈静,13912345678,金卡\n李强,12,银卡\n"

    // R-MEM-1: the page uploads with the CSRF token, lists the bad row by line and column, and its
    // "import the good rows" button stores the good one without a second upload.
    func testUploadShowsBadRowsThenImportsTheGoodRows_R_MEM_1() async throws {
        try await AppHarness.run { client, services in
            let (admin, csrf) = try await WebTests.signIn(client, "admin", AppHarness.adminPassword)
            try await client.execute(uri: "/members", method: .get, headers: admin.header) { response in
                XCTAssertTrue(response.text.contains(#"href="/members/import""#), "the list links to the import")
            }
            try await client.execute(uri: "/members/import", method: .get, headers: admin.header) { response in
                XCTAssertEqual(response.status, .ok)
                XCTAssertTrue(response.text.contains(#"data-upload="/members/import""#))
                XCTAssertTrue(response.text.contains(#"<input type="radio" name="duplicates" value="report" checked>"#))
                XCTAssertFalse(response.text.contains(#"id="member-import-report""#), "no import yet")
            }
            try await client.execute(uri: "/members/import", method: .post, headers: Self.multipartHeaders(admin),
                                     body: Self.upload(Self.file)) { response in
                XCTAssertEqual(response.status, .forbidden, "no CSRF token")
            }
            try await client.execute(uri: "/members/import", method: .post, headers: Self.multipartHeaders(admin),
                                     body: Self.upload(Self.file, csrf: csrf)) { response in
                XCTAssertEqual(response.status, .seeOther)
                XCTAssertEqual(response.headers[.location], "/members/import")
            }
            let page = try await client.execute(uri: "/members/import", method: .get, headers: admin.header) { response in
                let html = response.text
                XCTAssertTrue(html.contains("存在错误行，未导入任何会员"))
                XCTAssertTrue(html.contains("会员名单.csv"))
                XCTAssertTrue(html.contains(#"<tr data-field="phone"><td class="num">3</td><td>手机</td><td>不是有效的电话号码。</td></tr>"#))
                XCTAssertTrue(html.contains(#"data-action="good_rows""#))
                XCTAssertFalse(html.contains(#"data-action="update""#), "no stored member matched")
                return html
            }
            let stored = try await services.members.list(MemberFilter(), by: .system).total
            XCTAssertEqual(stored, 0)

            try await client.execute(uri: "/members/import/again", method: .post, headers: WebTests.formHeaders + admin.header,
                                     body: WebTests.form(["upload": Self.uploadID(page), "mode": "good_rows", "duplicates": "report"])) { response in
                XCTAssertEqual(response.status, .forbidden, "no CSRF token")
            }
            try await client.execute(uri: "/members/import/again", method: .post, headers: WebTests.formHeaders + admin.header,
                                     body: WebTests.form(["_csrf": csrf, "upload": Self.uploadID(page), "mode": "good_rows", "duplicates": "report"])) { response in
                XCTAssertEqual(response.status, .seeOther)
            }
            try await client.execute(uri: "/members/import", method: .get, headers: admin.header) { response in
                XCTAssertTrue(response.text.contains("导入完成。"))
                XCTAssertTrue(response.text.contains(#"data-report="imported">1<"#))
                XCTAssertTrue(response.text.contains(#"data-report="bad_rows">1<"#))
                XCTAssertFalse(response.text.contains(#"data-action="good_rows""#), "nothing left to decide")
            }
            let after = try await services.members.list(MemberFilter(q: "陈静"), by: .system).members
            XCTAssertEqual(after.map(\.grade), [.gold])
        }
    }

    // R-MEM-5: a row matching a stored member is listed with a link to it; "update stored members" changes it with history.
    func testDuplicateRowsOfferSkipOrUpdate_R_MEM_5() async throws {
        try await AppHarness.run { client, services in
            let chen = try await services.members.create(MemberDraft(name: "陈静", phones: ["13912345678"], grade: "silver"), by: .system)
            let (admin, csrf) = try await WebTests.signIn(client, "admin", AppHarness.adminPassword)
            let file = "姓名,手机,会员等级\n陈静,13912345678,金卡\n王芳,13700137000,普通\n"
            // With the header only, as the page's script sends it.
            try await client.execute(uri: "/members/import", method: .post, headers: Self.multipartHeaders(admin, csrfHeader: csrf),
                                     body: Self.upload(file)) { response in
                XCTAssertEqual(response.status, .seeOther)
            }
            let page = try await client.execute(uri: "/members/import", method: .get, headers: admin.header) { response in
                let html = response.text
                XCTAssertTrue(html.contains("13912345678 已属于会员 #\(chen.id)。"))
                XCTAssertTrue(html.contains(#"<a href="/members/\#(chen.id)">#\#(chen.id)</a>"#))
                XCTAssertTrue(html.contains(#"data-action="skip""#) && html.contains(#"data-action="update""#))
                return html
            }
            try await client.execute(uri: "/members/import/again", method: .post, headers: WebTests.formHeaders + admin.header,
                                     body: WebTests.form(["_csrf": csrf, "upload": Self.uploadID(page), "mode": "all_or_nothing",
                                                          "duplicates": "update"])) { response in
                XCTAssertEqual(response.status, .seeOther)
            }
            try await client.execute(uri: "/members/import", method: .get, headers: admin.header) { response in
                XCTAssertTrue(response.text.contains(#"data-report="imported">1<"#))
                XCTAssertTrue(response.text.contains(#"data-report="updated">1<"#))
                XCTAssertTrue(response.text.contains("已更新"))
                XCTAssertTrue(response.text.contains(#"value="update" checked"#), "the choice made is kept")
            }
            let history = try await services.members.history(id: chen.id, by: .system)
            XCTAssertEqual(history.map(\.action), ["updated", "created"])
            // A stale upload id is not run again.
            try await client.execute(uri: "/members/import/again", method: .post, headers: WebTests.formHeaders + admin.header,
                                     body: WebTests.form(["_csrf": csrf, "upload": "nope", "mode": "good_rows"])) { response in
                XCTAssertEqual(response.status, .seeOther)
            }
            try await client.execute(uri: "/members/import", method: .get, headers: admin.header) { response in
                XCTAssertTrue(response.text.contains("上传的文件已过期，请重新上传。"))
            }
        }
    }

    func testAgentsCannotOpenTheImport() async throws {
        try await AppHarness.run(sqliteOnly: true) { client, _ in
            let (agent, csrf) = try await WebTests.signIn(client, "zhang.wei", AppHarness.staffPassword)
            try await client.execute(uri: "/members/import", method: .get, headers: agent.header) { response in
                XCTAssertEqual(response.status, .forbidden)
            }
            try await client.execute(uri: "/members/import", method: .post, headers: Self.multipartHeaders(agent),
                                     body: Self.upload(Self.file, csrf: csrf)) { response in
                XCTAssertEqual(response.status, .forbidden)
            }
            try await client.execute(uri: "/members", method: .get, headers: agent.header) { response in
                XCTAssertFalse(response.text.contains(#"href="/members/import""#))
            }
        }
    }
}
