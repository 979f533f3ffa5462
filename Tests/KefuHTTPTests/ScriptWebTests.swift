import Foundation
import HTTPTypes
import HummingbirdTesting
@testable import KefuHTTP
import KefuDomain
import KefuServices
import KefuTestSupport
import NIOCore
import XCTest

/// `/scripts` (R-QA-1) and the picker partial, through the real router, signed in with the web form.
final class ScriptWebTests: XCTestCase {
    // R-QA-1: agents see the phrases grouped by situation with a copy button; the search is a GET form.
    func testAgentsBrowseAndSearchTheLibrary_R_QA_1() async throws {
        try await AppHarness.run { client, _ in
            let (agent, _) = try await WebTests.signIn(client, "zhang.wei", AppHarness.staffPassword)
            try await client.execute(uri: "/scripts", method: .get, headers: agent.header) { response in
                XCTAssertEqual(response.status, .ok)
                let html = response.text
                XCTAssertTrue(html.contains(#"href="/scripts" data-shortcut="s" aria-current="page">规范用语"#), "in the navigation")
                XCTAssertTrue(html.contains(#"href="/handovers" data-shortcut="j">交接班"#))
                XCTAssertTrue(html.contains(#"<form method="get" action="/scripts" class="row" role="search">"#), "works without JavaScript")
                XCTAssertTrue(html.contains(#"<section class="card" id="situation-greeting" data-script-group>"#))
                XCTAssertTrue(html.contains("<h2>问候语</h2>") && html.contains("<h2>结束语</h2>"))
                XCTAssertTrue(html.contains("<p data-script-body>您好,歡迎致電監控中心呼叫熱線,請問有什么可以幫助您!</p>"))
                XCTAssertTrue(html.contains(#"<button type="button" data-copy-script data-copied="已复制" hidden>复制</button>"#))
                XCTAssertTrue(html.contains(#"<script src="/static/script-library.js" defer></script>"#))
                XCTAssertFalse(html.contains(#"action="/scripts/"#) || html.contains("?edit="), "agents get no edit forms")
                XCTAssertFalse(html.contains(#"<form method="post" action="/scripts""#), "nor the form to add one")
                XCTAssertLessThan(html.range(of: "id=\"situation-greeting\"")!.lowerBound, html.range(of: "id=\"situation-closing\"")!.lowerBound)
            }
            let search = "/scripts?q=\("再見".addingPercentEncoding(withAllowedCharacters: .urlQueryAllowed)!)"
            try await client.execute(uri: search, method: .get, headers: agent.header) { response in
                let html = response.text
                XCTAssertTrue(html.contains(#"value="再見""#))
                XCTAssertTrue(html.contains("id=\"situation-silence\""))
                XCTAssertFalse(html.contains("id=\"situation-greeting\""), "no greeting says goodbye")
                XCTAssertTrue(html.contains(#"<a href="/scripts">显示全部</a>"#))
            }
            try await client.execute(uri: "/scripts?situation=thanks", method: .get, headers: agent.header) { response in
                let html = response.text
                XCTAssertTrue(html.contains(#"<option value="thanks" selected>客户致谢</option>"#))
                XCTAssertEqual(html.components(separatedBy: "data-script-group>").count - 1, 1)
                XCTAssertTrue(html.contains("<p data-script-body>不客氣</p>"))
            }
            try await client.execute(uri: "/static/script-library.js", method: .get) { response in
                XCTAssertEqual(response.status, .ok)
                XCTAssertTrue(response.text.contains("data-script-target"))
            }
        }
    }

    // R-QA-1: admins add and edit phrases on the page; errors stand beside their fields; text is escaped; a stale
    // edit is refused with what was typed shown apart.
    func testAdminsEditPhrasesOnThePage_R_QA_1() async throws {
        try await AppHarness.run { client, services in
            let (signedIn, csrf) = try await WebTests.signIn(client, "admin", AppHarness.adminPassword)
            var jar = signedIn
            try await client.execute(uri: "/scripts", method: .get, headers: jar.header) { response in
                XCTAssertTrue(response.text.contains(#"<form method="post" action="/scripts" class="grid-form" id="new-script">"#))
                XCTAssertTrue(response.text.contains(#"<input type="hidden" name="_csrf" value="\#(csrf)">"#))
            }
            try await client.execute(uri: "/scripts", method: .post, headers: WebTests.formHeaders + jar.header,
                                     body: WebTests.form(["_csrf": csrf, "situation": "", "title": "<b>标题</b>", "body": "", "position": "x"])) { response in
                XCTAssertEqual(response.status, .unprocessableContent)
                let html = response.text
                XCTAssertTrue(html.contains(#"</select><span class="error">必填。</span>"#), "beside the situation")
                XCTAssertTrue(html.contains(#"<textarea name="body" rows="3" required></textarea><span class="error">必填。</span>"#))
                XCTAssertTrue(html.contains(#"placeholder="留空则排在最后"><span class="error">应为整数。</span>"#))
                XCTAssertTrue(html.contains(#"value="&lt;b&gt;标题&lt;/b&gt;""#), "kept, escaped")
                XCTAssertFalse(html.contains("<b>标题</b>"))
                XCTAssertTrue(html.contains(#"<details class="card" open>"#))
            }
            try await client.execute(uri: "/scripts", method: .post, headers: WebTests.formHeaders + jar.header,
                                     body: WebTests.form(["_csrf": csrf, "situation": "apology", "title": "发错货", "body": "<script>alert(1)</script>非常抱歉，给您发错了货。"])) { response in
                XCTAssertEqual(response.status, .seeOther)
                XCTAssertTrue(response.headers[.location]?.hasPrefix("/scripts?situation=apology#script-") == true)
                jar.take(response)
            }
            let found = try await services.scripts.search("发错", by: .system)
            let script = try XCTUnwrap(found.first)
            try await client.execute(uri: "/scripts?situation=apology", method: .get, headers: jar.header) { response in
                let html = response.text
                XCTAssertTrue(html.contains("用语已添加。"))
                XCTAssertTrue(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;非常抱歉"))
                XCTAssertFalse(html.contains("<script>alert(1)</script>"))
                XCTAssertTrue(html.contains(#"<a href="/scripts?edit=\#(script.id)&amp;situation=apology#script-\#(script.id)" class="small">修改</a>"#))
                XCTAssertFalse(html.contains(#"data-testid="script-edit""#), "forms open one at a time")
            }
            try await client.execute(uri: "/scripts?edit=\(script.id)&situation=apology", method: .get, headers: jar.header) { response in
                let html = response.text
                XCTAssertEqual(html.components(separatedBy: #"data-testid="script-edit""#).count - 1, 1)
                XCTAssertTrue(html.contains(#"<form method="post" action="/scripts/\#(script.id)" class="grid-form">"#))
                XCTAssertTrue(html.contains(#"<input type="hidden" name="version" value="1">"#))
                XCTAssertTrue(html.contains(#"<option value="apology" selected>致歉</option>"#))
            }
            let edit = ["_csrf": csrf, "situation": "apology", "title": "发错货", "body": "非常抱歉，给您发错了货。", "note": "", "position": "9",
                        "active": "true", "version": "1"]
            try await client.execute(uri: "/scripts/\(script.id)", method: .post, headers: WebTests.formHeaders + jar.header,
                                     body: WebTests.form(edit + ["title": ""])) { response in
                XCTAssertEqual(response.status, .unprocessableContent)
                XCTAssertTrue(response.text.contains(#"<input name="title" value="" required maxlength="100"><span class="error">必填。</span>"#))
                XCTAssertEqual(response.text.components(separatedBy: #"data-testid="script-edit""#).count - 1, 1, "the edited phrase's form")
            }
            try await client.execute(uri: "/scripts/\(script.id)", method: .post, headers: WebTests.formHeaders + jar.header,
                                     body: WebTests.form(edit)) { response in
                XCTAssertEqual(response.status, .seeOther)
            }
            try await client.execute(uri: "/scripts/\(script.id)", method: .post, headers: WebTests.formHeaders + jar.header,
                                     body: WebTests.form(edit + ["body": "我的修改", "active": "false"])) { response in
                XCTAssertEqual(response.status, .conflict)
                let html = response.text
                XCTAssertTrue(html.contains(#"data-testid="script-conflict""#))
                XCTAssertTrue(html.contains("<dd>我的修改</dd>"), "what was typed, shown apart")
                XCTAssertTrue(html.contains(#"<input type="hidden" name="version" value="2">"#), "the form holds the phrase as it is now")
            }
            let saved = try await services.scripts.script(id: script.id, by: .system)
            XCTAssertEqual([saved.body, "\(saved.position)", "\(saved.active)"], ["非常抱歉，给您发错了货。", "9", "true"])
            try await client.execute(uri: "/scripts/\(script.id)", method: .post, headers: WebTests.formHeaders + jar.header,
                                     body: WebTests.form(edit + ["active": "false", "version": "2"])) { response in
                XCTAssertEqual(response.status, .seeOther)
            }
            try await client.execute(uri: "/scripts?situation=apology", method: .get, headers: jar.header) { response in
                XCTAssertTrue(response.text.contains(#"<span class="badge off">停用</span>"#), "admins still see it, marked")
            }
            try await client.execute(uri: "/scripts/\(script.id)", method: .post, headers: WebTests.formHeaders + jar.header,
                                     body: WebTests.form(edit.filter { $0.key != "_csrf" })) { response in
                XCTAssertEqual(response.status, .forbidden, "no CSRF token")
            }
            let (agent, agentCSRF) = try await WebTests.signIn(client, "zhang.wei", AppHarness.staffPassword)
            try await client.execute(uri: "/scripts?situation=apology", method: .get, headers: agent.header) { response in
                XCTAssertFalse(response.text.contains("非常抱歉，给您发错了货"), "inactive phrases are not offered")
            }
            try await client.execute(uri: "/scripts", method: .post, headers: WebTests.formHeaders + agent.header,
                                     body: WebTests.form(["_csrf": agentCSRF, "situation": "apology", "title": "x", "body": "x"])) { response in
                XCTAssertEqual(response.status, .forbidden)
            }
        }
    }

    // R-QA-1: the picker partial the ticket page includes lists active phrases with their words in data-script-body.
    func testThePickerOffersPhrasesToInsert_R_QA_1() async throws {
        let catalog = try Catalog.bundled()
        let pages = try await Pages.load(catalog: catalog, secureCookies: false)
        let at = Date(timeIntervalSince1970: 0)
        let scripts = [
            Script(id: 3, situation: .closing, title: "结束", body: #"感谢来电，"再见"！<b>"#, note: nil, position: 1, active: true, version: 1,
                   createdAt: at, updatedAt: at),
            Script(id: 1, situation: .greeting, title: "问候", body: "您好", note: "先报工号", position: 1, active: true, version: 1,
                   createdAt: at, updatedAt: at),
            Script(id: 2, situation: .greeting, title: "旧问候", body: "喂", note: nil, position: 2, active: false, version: 2,
                   createdAt: at, updatedAt: at),
        ]
        var values = ScriptPicker.values(scripts, catalog: catalog, language: .zhHans)
        values["t"] = catalog.table(for: .zhHans)
        let html = try XCTUnwrap(pages.library.render(Pages.compacted(values), withTemplate: "scripts/picker"))
        XCTAssertTrue(html.contains(#"<div class="script-picker" data-script-picker>"#))
        XCTAssertTrue(html.contains(#"data-script-id="1" data-script-situation="greeting" data-script-body="您好" title="问候">您好</button>"#))
        XCTAssertTrue(html.contains(#"data-script-body="感谢来电，&quot;再见&quot;！&lt;b&gt;""#), "escaped inside the attribute")
        XCTAssertFalse(html.contains("喂"), "inactive phrases are left out")
        XCTAssertLessThan(html.range(of: "问候语")!.lowerBound, html.range(of: "结束语")!.lowerBound, "in conversation order")
    }
}
