import Foundation
import HTTPTypes
import HummingbirdTesting
@testable import KefuHTTP
import KefuDomain
import KefuServices
import KefuTestSupport
import NIOCore
import XCTest

/// `/members` (R-MEM-1, 2, 4, 5; R-SEC-2) through the real router, signed in with the web form.
final class MemberWebTests: XCTestCase {
    static func location(_ response: TestResponse) -> String { response.headers[.location] ?? "" }

    // R-MEM-1, R-MEM-5: the list searches by name part and phone suffix; the new-member form and the edit form post
    // with CSRF, show errors beside their fields and keep what was typed; a stale edit shows the current data and
    // loses nothing.
    func testListNewAndEditWithCSRFAndStaleVersion_R_MEM_1_R_MEM_5() async throws {
        try await AppHarness.run { client, services in
            try await TestStores.user(services, "zhou.lan", role: .supervisor, password: AppHarness.staffPassword)
            let (jar, csrf) = try await WebTests.signIn(client, "zhou.lan", AppHarness.staffPassword)
            try await client.execute(uri: "/members", method: .get, headers: jar.header) { response in
                XCTAssertEqual(response.status, .ok)
                let html = response.text
                XCTAssertTrue(html.contains(#"href="/members" data-shortcut="m" aria-current="page">会员"#), html)
                XCTAssertTrue(html.contains(#"<input type="search" name="q""#))
                XCTAssertTrue(html.contains("没有找到会员。"))
                XCTAssertTrue(html.contains(#"href="/members/new""#))
            }
            try await client.execute(uri: "/members/new", method: .get, headers: jar.header) { response in
                XCTAssertEqual(response.status, .ok)
                XCTAssertTrue(response.text.contains(#"<input type="hidden" name="_csrf" value="\#(csrf)">"#))
                XCTAssertTrue(response.text.contains(#"name="addresses[0].recipient""#))
            }
            let fields = ["name": "陈静", "gender": "female", "birth_year": "1990", "phones": "13912345678\n13800005678",
                          "emails": "chen@example.com", "grade": "gold", "tags": "VIP, 老客户", "addresses[0].recipient": "陈静",
                          "addresses[0].phone": "13912345678", "addresses[0].province": "上海市", "addresses[0].city": "上海市",
                          "addresses[0].district": "浦东新区", "addresses[0].line": "世纪大道100号"]
            try await client.execute(uri: "/members", method: .post, headers: WebTests.formHeaders + jar.header,
                                     body: WebTests.form(fields)) { response in
                XCTAssertEqual(response.status, .forbidden, "no CSRF token")
            }
            try await client.execute(uri: "/members", method: .post, headers: WebTests.formHeaders + jar.header,
                                     body: WebTests.form(fields + ["_csrf": csrf, "name": "", "phones": "13912345678\n139-abc",
                                                                   "birth_year": "一九九零"])) { response in
                XCTAssertEqual(response.status, .unprocessableContent)
                let html = response.text
                XCTAssertTrue(html.contains(#"<input name="name" value="" required maxlength="50"><span class="error">必填。</span>"#), html)
                XCTAssertTrue(html.contains("13912345678\n139-abc</textarea><span class=\"error\">2: "), "the second phone, by line")
                XCTAssertTrue(html.contains(#"name="birth_year" value="""#) || html.contains("birth_year"))
                XCTAssertTrue(html.contains(#"value="世纪大道100号""#), "the address typed is kept")
            }
            let id = try await client.execute(uri: "/members", method: .post, headers: WebTests.formHeaders + jar.header,
                                              body: WebTests.form(fields + ["_csrf": csrf])) { response -> String in
                XCTAssertEqual(response.status, .seeOther, response.text)
                return String(Self.location(response).dropFirst("/members/".count))
            }
            for q in ["陈", "尾号 5678", "chen@example.com"] {
                try await client.execute(uri: "/members?q=\(MemberAPITests.query(q))", method: .get, headers: jar.header) { response in
                    XCTAssertTrue(response.text.contains(#"<a href="/members/\#(id)">陈静</a>"#), q)
                    XCTAssertTrue(response.text.contains("13912345678"), "\(q): a supervisor sees the phone")
                }
            }
            try await client.execute(uri: "/members/\(id)", method: .get, headers: jar.header) { response in
                XCTAssertEqual(response.status, .ok)
                let html = response.text
                XCTAssertTrue(html.contains(#"<input type="hidden" name="version" value="1">"#))
                XCTAssertTrue(html.contains("<div>13912345678</div>"))
                XCTAssertTrue(html.contains("金卡会员"))
                XCTAssertTrue(html.contains("建档"), "the history")
                XCTAssertTrue(html.contains(#"href="/members/\#(id)/export""#), "supervisors may export")
                XCTAssertFalse(html.contains(#"data-testid="reveal""#), "nothing to reveal for a pii.view holder")
            }
            try await client.execute(uri: "/members/\(id)", method: .post, headers: WebTests.formHeaders + jar.header,
                                     body: WebTests.form(fields + ["_csrf": csrf, "version": "1", "name": "陈晶"])) { response in
                XCTAssertEqual(response.status, .seeOther, response.text)
            }
            try await client.execute(uri: "/members/\(id)", method: .post, headers: WebTests.formHeaders + jar.header,
                                     body: WebTests.form(fields + ["_csrf": csrf, "version": "1", "notes": "周末送货"])) { response in
                XCTAssertEqual(response.status, .conflict)
                let html = response.text
                XCTAssertTrue(html.contains(#"data-testid="conflict""#))
                XCTAssertTrue(html.contains("<h1>陈晶"), "the current data")
                XCTAssertTrue(html.contains(">周末送货</textarea>"), "what was typed is kept")
                XCTAssertTrue(html.contains(#"<input type="hidden" name="version" value="2">"#), "ready to save over the current version")
            }
            let member = try await services.members.get(id: Int64(id) ?? 0, by: .system)
            XCTAssertEqual(member.notes, "", "the stale edit changed nothing")
            XCTAssertEqual(member.name, "陈晶")
        }
    }

    // R-MEM-4, R-SEC-2: a role without `pii.view` sees masked contacts on every member page; the agent holding a ticket
    // for the member may reveal them (POST with CSRF, one event); erasure asks for confirmation; merge from duplicates.
    func testMaskedPagesRevealMergeAndErase_R_MEM_4_R_SEC_2() async throws {
        try await AppHarness.run { client, services in
            try await TestStores.user(services, "zhou.lan", role: .supervisor, password: AppHarness.staffPassword)
            let bot = try await TestStores.user(services, "shop.bot", role: .integration, password: AppHarness.staffPassword)
            let member = try await services.members.create(MemberDraft(name: "陈静", phones: ["13912345678"], emails: ["chen@example.com"]),
                                                           by: .system)
            let twin = try await services.members.create(MemberDraft(name: "陈静", phones: ["13912345678"]), by: .system)
            let (masked, maskedCSRF) = try await WebTests.signIn(client, "shop.bot", AppHarness.staffPassword)
            for uri in ["/members", "/members?q=\(MemberAPITests.query("尾号 5678"))", "/members/\(member.id)", "/members/\(twin.id)"] {
                try await client.execute(uri: uri, method: .get, headers: masked.header) { response in
                    XCTAssertEqual(response.status, .ok, uri)
                    XCTAssertFalse(response.text.contains("13912345678"), "\(uri) leaks the phone")
                    XCTAssertFalse(response.text.contains("chen@example.com"), "\(uri) leaks the email")
                    XCTAssertTrue(response.text.contains("139****5678"), uri)
                }
            }
            try await client.execute(uri: "/members/\(member.id)", method: .get, headers: masked.header) { response in
                XCTAssertFalse(response.text.contains(#"data-testid="reveal""#), "no work for the member: no reveal")
                XCTAssertFalse(response.text.contains("/export"), "no pii.export")
            }
            try await client.execute(uri: "/members/\(member.id)/reveal", method: .post, headers: WebTests.formHeaders + masked.header,
                                     body: WebTests.form(["_csrf": maskedCSRF])) { response in
                XCTAssertEqual(response.status, .forbidden)
            }
            _ = try await services.tickets.create(
                TicketDraft(type: .inquiry, channel: .web, subject: "订单查询", body: "查订单", customer: .init(name: "陈静", email: "chen@example.com")),
                by: Principal(user: bot, channel: .token))
            try await client.execute(uri: "/members/\(member.id)", method: .get, headers: masked.header) { response in
                XCTAssertTrue(response.text.contains(#"<form method="post" action="/members/\#(member.id)/reveal"><input type="hidden" name="_csrf" value="\#(maskedCSRF)"><button data-testid="reveal">"#))
            }
            try await client.execute(uri: "/members/\(member.id)/reveal", method: .post, headers: WebTests.formHeaders + masked.header,
                                     body: WebTests.form([:])) { response in
                XCTAssertEqual(response.status, .forbidden, "no CSRF token")
            }
            try await client.execute(uri: "/members/\(member.id)/reveal", method: .post, headers: WebTests.formHeaders + masked.header,
                                     body: WebTests.form(["_csrf": maskedCSRF])) { response in
                XCTAssertEqual(response.status, .ok)
                XCTAssertTrue(response.text.contains(#"<a href="tel:13912345678">13912345678</a>"#))
                XCTAssertTrue(response.text.contains("本次查看已记录"))
            }
            let revealed = try await services.events.list(EventFilter(kind: EventKind.piiRevealed, entity: "member", entityID: "\(member.id)"),
                                                          by: .system).events
            XCTAssertEqual(revealed.map(\.actorLogin), ["shop.bot"], "exactly one access event")

            let (jar, csrf) = try await WebTests.signIn(client, "zhou.lan", AppHarness.staffPassword)
            try await client.execute(uri: "/members/\(member.id)", method: .get, headers: jar.header) { response in
                XCTAssertTrue(response.text.contains(#"data-testid="duplicates""#))
                XCTAssertTrue(response.text.contains(#"<input type="hidden" name="merged_id" value="\#(twin.id)">"#))
            }
            try await client.execute(uri: "/members/\(member.id)/merge", method: .post, headers: WebTests.formHeaders + jar.header,
                                     body: WebTests.form(["_csrf": csrf, "merged_id": "\(twin.id)", "merged_version": "1", "version": "1"])) { response in
                XCTAssertEqual(response.status, .seeOther, response.text)
            }
            let merged = try await services.members.get(id: twin.id, by: .system)
            XCTAssertEqual(merged.mergedIntoID, member.id)
            try await client.execute(uri: "/members/\(member.id)/erase", method: .post, headers: WebTests.formHeaders + jar.header,
                                     body: WebTests.form(["_csrf": csrf])) { response in
                XCTAssertEqual(response.status, .unprocessableContent, "the box must be ticked")
            }
            try await client.execute(uri: "/members/\(member.id)/erase", method: .post, headers: WebTests.formHeaders + jar.header,
                                     body: WebTests.form(["_csrf": csrf, "confirm": "on"])) { response in
                XCTAssertEqual(response.status, .seeOther, response.text)
            }
            try await client.execute(uri: "/members/\(member.id)", method: .get, headers: jar.header) { response in
                XCTAssertTrue(response.text.contains("已注销会员 #\(member.id)"))
                XCTAssertTrue(response.text.contains(#"data-testid="erased""#))
                XCTAssertFalse(response.text.contains("13912345678"))
            }
            try await client.execute(uri: "/members/\(member.id)/export", method: .get, headers: jar.header) { response in
                XCTAssertEqual(response.status, .ok)
                XCTAssertEqual(response.headers[.contentDisposition], "attachment; filename=\"member-\(member.id).json\"")
            }
        }
    }
}
