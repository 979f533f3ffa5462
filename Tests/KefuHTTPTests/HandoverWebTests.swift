import Foundation
import HTTPTypes
import HummingbirdTesting
@testable import KefuHTTP
import KefuDomain
import KefuServices
import KefuTestSupport
import NIOCore
import XCTest

/// `/handovers` (R-TKT-12) through the real router, signed in with the web form.
final class HandoverWebTests: XCTestCase {
    // R-TKT-12: the outgoing shift writes a handover on the page; the incoming shift acknowledges each item there;
    // who and when are shown; the writer sees their items waiting.
    func testWritingAndAcknowledgingOnThePage_R_TKT_12() async throws {
        try await AppHarness.run { client, services in
            let li = try await TestStores.user(services, "li.na", role: .agent, password: AppHarness.staffPassword)
            let (writer, csrf) = try await WebTests.signIn(client, "zhang.wei", AppHarness.staffPassword)
            try await client.execute(uri: "/handovers", method: .get, headers: writer.header) { response in
                XCTAssertEqual(response.status, .ok)
                let html = response.text
                XCTAssertTrue(html.contains(#"href="/handovers" data-shortcut="j" aria-current="page">交接班"#))
                XCTAssertTrue(html.contains(#"<form method="post" action="/handovers" id="handover-form">"#))
                XCTAssertTrue(html.contains(#"<input type="hidden" name="_csrf" value="\#(csrf)">"#))
                XCTAssertTrue(html.contains(#"<input name="items[2].content""#), "three rows without JavaScript")
                XCTAssertTrue(html.contains(#"<option value="早班">"#))
                XCTAssertTrue(html.contains("还没有交接记录。"))
            }
            // Errors beside their fields, what was typed kept, blank rows dropped.
            try await client.execute(uri: "/handovers", method: .post, headers: WebTests.formHeaders + writer.header,
                                     body: WebTests.form(["_csrf": csrf, "shift": "", "items[0].content": "", "items[0].reference": "",
                                                          "items[1].content": "", "items[1].reference": "O-20261123-0007"])) { response in
                XCTAssertEqual(response.status, .unprocessableContent)
                let html = response.text
                XCTAssertTrue(html.contains(#"placeholder="如：早班"><span class="error">必填。</span>"#))
                XCTAssertTrue(html.contains(#"<input name="items[0].content" value="" maxlength="1000" aria-label="交接事项"><span class="error">必填。</span>"#))
                XCTAssertTrue(html.contains(#"<input name="items[0].reference" value="O-20261123-0007""#), "the filled row moved up")
            }
            try await client.execute(uri: "/handovers", method: .post, headers: WebTests.formHeaders + writer.header,
                                     body: WebTests.form(["_csrf": csrf, "shift": "早班", "note": "<i>注意</i>",
                                                          "items[0].content": "客户催发货<script>x</script>", "items[0].reference": "O-20261123-0007",
                                                          "items[1].content": "", "items[3].content": "下午回访李女士", "items[3].reference": "李女士"])) { response in
                XCTAssertEqual(response.status, .seeOther)
                XCTAssertTrue(response.headers[.location]?.hasPrefix("/handovers#handover-") == true)
            }
            let listed = try await services.handovers.list(by: .system).handovers
            let handover = try XCTUnwrap(listed.first)
            XCTAssertEqual(handover.items.map(\.content), ["客户催发货<script>x</script>", "下午回访李女士"])
            try await client.execute(uri: "/handovers", method: .get, headers: writer.header) { response in
                let html = response.text
                XCTAssertTrue(html.contains("客户催发货&lt;script&gt;x&lt;/script&gt;"))
                XCTAssertFalse(html.contains("<script>x</script>"))
                XCTAssertTrue(html.contains("<p>&lt;i&gt;注意&lt;/i&gt;</p>"))
                XCTAssertTrue(html.contains(#"<a href="/orders?q=O-20261123-0007">O-20261123-0007</a>"#), "an order number leads to the order")
                XCTAssertTrue(html.contains("等待接班人确认"), "the writer waits for the next shift")
                XCTAssertFalse(html.contains("/acknowledge\""), "no buttons for the writer's own items")
                XCTAssertTrue(html.contains("已确认 0/2"))
            }

            let (incoming, incomingCSRF) = try await WebTests.signIn(client, "li.na", AppHarness.staffPassword)
            let first = handover.items[0].id
            let action = "/handovers/\(handover.id)/items/\(first)/acknowledge"
            try await client.execute(uri: "/handovers", method: .get, headers: incoming.header) { response in
                XCTAssertTrue(response.text.contains(#"<form method="post" action="\#(action)"><input type="hidden" name="_csrf" value="\#(incomingCSRF)"><button>确认接收</button></form>"#))
            }
            try await client.execute(uri: action, method: .post, headers: WebTests.formHeaders + incoming.header,
                                     body: WebTests.form([:])) { response in
                XCTAssertEqual(response.status, .forbidden, "no CSRF token")
            }
            try await client.execute(uri: action, method: .post, headers: WebTests.formHeaders + writer.header,
                                     body: WebTests.form(["_csrf": csrf])) { response in
                XCTAssertEqual(response.status, .forbidden, "the writer cannot acknowledge")
            }
            var jar = incoming
            try await client.execute(uri: action, method: .post, headers: WebTests.formHeaders + jar.header,
                                     body: WebTests.form(["_csrf": incomingCSRF])) { response in
                XCTAssertEqual(response.status, .seeOther)
                jar.take(response)
            }
            try await client.execute(uri: "/handovers?open=true", method: .get, headers: jar.header) { response in
                let html = response.text
                XCTAssertTrue(html.contains("已确认接收。"))
                XCTAssertTrue(html.contains("\(li.displayName) <span class=\"muted small\">"), "who acknowledged, and when")
                XCTAssertTrue(html.contains("已确认 1/2"))
            }
            try await client.execute(uri: action, method: .post, headers: WebTests.formHeaders + jar.header,
                                     body: WebTests.form(["_csrf": incomingCSRF])) { response in
                XCTAssertEqual(response.status, .conflict)
                XCTAssertTrue(response.text.contains("这一项已经有人确认过了。"))
            }
            let second = "/handovers/\(handover.id)/items/\(handover.items[1].id)/acknowledge"
            try await client.execute(uri: second, method: .post, headers: WebTests.formHeaders + jar.header,
                                     body: WebTests.form(["_csrf": incomingCSRF])) { response in
                XCTAssertEqual(response.status, .seeOther)
            }
            try await client.execute(uri: "/handovers?open=true", method: .get, headers: jar.header) { response in
                XCTAssertFalse(response.text.contains("handover-\(handover.id)\""), "complete: no longer open")
            }
            try await client.execute(uri: "/handovers", method: .get, headers: jar.header) { response in
                XCTAssertTrue(response.text.contains(#"<span class="badge">已完成</span>"#))
            }
        }
    }
}
