import Foundation
import HTTPTypes
import HummingbirdTesting
@testable import KefuHTTP
import KefuDomain
import KefuServices
import KefuTestSupport
import NIOCore
import XCTest

/// `/night-backlog` (R-TKT-11) through the real router, signed in with the web form.
final class NightBacklogWebTests: XCTestCase {
    // R-TKT-11: the evening shift records items on the page (multipart, with CSRF and images); the list groups them by
    // category with customer, order link, description, to-do and age; the phone is masked for a role without pii.view.
    func testRecordingOnThePageAndTheGroupedList_R_TKT_11() async throws {
        try await AppHarness.run { client, services in
            let order = try await NightBacklogAPITests.order(services)
            try await TestStores.user(services, "shop.sync", role: .integration, password: AppHarness.staffPassword)
            let (jar, csrf) = try await WebTests.signIn(client, "zhang.wei", AppHarness.staffPassword)
            let multipart = NightBacklogAPITests.multipartType + jar.header
            try await client.execute(uri: "/night-backlog", method: .get, headers: jar.header) { response in
                XCTAssertEqual(response.status, .ok)
                let html = response.text
                XCTAssertTrue(html.contains(#"href="/night-backlog" data-shortcut="b" aria-current="page">晚班问题"#))
                XCTAssertTrue(html.contains(#"<a href="/night-backlog" aria-current="page">昨晚未处理</a>"#), "the morning view by default")
                XCTAssertTrue(html.contains(#"<form method="post" action="/night-backlog" enctype="multipart/form-data" id="night-backlog-form">"#))
                XCTAssertTrue(html.contains(#"<input type="hidden" name="_csrf" value="\#(csrf)">"#))
                XCTAssertTrue(html.contains(#"<option value="after_sales">联系售后</option>"#))
                XCTAssertTrue(html.contains("没有符合条件的晚班问题。"))
            }
            let good: [(String, String)] = [("category", "carrier"), ("customer_name", "张三<script>x</script>"), ("customer_phone", "13800138000"),
                                             ("order_number", order.number), ("description", "快递显示签收，客户说没收到"), ("todo", "联系中通核实签收人")]
            let png = NightBacklogServiceTestsData.png
            try await client.execute(uri: "/night-backlog", method: .post, headers: multipart,
                                     body: NightBacklogAPITests.multipart(good)) { response in
                XCTAssertEqual(response.status, .forbidden, "no CSRF token")
            }
            try await client.execute(uri: "/night-backlog", method: .post, headers: multipart,
                                     body: NightBacklogAPITests.multipart([("_csrf", csrf), ("category", "carrier"), ("customer_name", "张三"),
                                                                           ("order_number", "O-19990101-0001"), ("description", ""), ("todo", "查件")],
                                                                          files: [("images", "a.png", Data("GIF89a".utf8))])) { response in
                XCTAssertEqual(response.status, .unprocessableContent)
                let html = response.text
                XCTAssertTrue(html.contains(#"<textarea name="description" rows="3" required maxlength="2000"></textarea><span class="error">必填。</span>"#))
                XCTAssertTrue(html.contains("<span class=\"error\">订单 O-19990101-0001 不存在。</span>"))
                XCTAssertTrue(html.contains("<span class=\"error\">只能上传 JPEG、PNG 或 WebP 图片。</span>"))
                XCTAssertTrue(html.contains(#"<input name="todo""#) == false && html.contains(">查件</textarea>"), "what was typed is kept")
                XCTAssertTrue(html.contains("请重新选择图片。"))
            }
            let kept = try await services.nightBacklog.list(by: .system).total
            XCTAssertEqual(kept, 0, "nothing kept")
            let location = try await client.execute(uri: "/night-backlog", method: .post, headers: multipart,
                                                    body: NightBacklogAPITests.multipart([("_csrf", csrf), ("back", "/night-backlog")] + good,
                                                                                         files: [("images", "破损.png", png)])) { response -> String in
                XCTAssertEqual(response.status, .seeOther)
                return response.headers[.location] ?? ""
            }
            _ = try await client.execute(uri: "/night-backlog", method: .post, headers: multipart,
                                         body: NightBacklogAPITests.multipart([("_csrf", csrf), ("category", "distribution"), ("customer_name", "分销商A"),
                                                                               ("description", "分销订单地址不全"), ("todo", "联系分销补地址")])) {
                XCTAssertEqual($0.status, .seeOther)
            }
            let items = try await services.nightBacklog.list(by: .system).items
            let carrier = try XCTUnwrap(items.first { $0.category == .carrier })
            XCTAssertEqual(location, "/night-backlog#item-\(carrier.id)")
            let image = try XCTUnwrap(carrier.images.first)
            try await client.execute(uri: "/night-backlog", method: .get, headers: jar.header) { response in
                let html = response.text
                let carrierGroup = try XCTUnwrap(html.range(of: #"data-testid="night-backlog-group-carrier""#))
                let distributionGroup = try XCTUnwrap(html.range(of: #"data-testid="night-backlog-group-distribution""#))
                XCTAssertTrue(carrierGroup.lowerBound < distributionGroup.lowerBound, "grouped by category in the seed's order")
                XCTAssertFalse(html.contains("night-backlog-group-external"), "no empty groups")
                XCTAssertTrue(html.contains(#"<h2>联系快递 <span class="muted small">1</span> <span class="badge warn">待接收 1</span></h2>"#))
                XCTAssertTrue(html.contains("张三&lt;script&gt;x&lt;/script&gt;"))
                XCTAssertFalse(html.contains("<script>x</script>"))
                XCTAssertTrue(html.contains(#"<div class="muted small">138****8000</div>"#), "agents see contacts masked (R-MEM-4)")
                XCTAssertTrue(html.contains(#"<a href="/orders/\#(order.id)">\#(order.number)</a>"#), "a link to the order page")
                XCTAssertTrue(html.contains("<td>联系中通核实签收人</td>"))
                XCTAssertTrue(html.contains(#"<td class="nowrap">0 分钟"#), "the age")
                XCTAssertTrue(html.contains(#"<img src="/night-backlog/\#(carrier.id)/images/\#(image.id)" alt="破损.png""#))
                XCTAssertTrue(html.contains(#"<form method="post" action="/night-backlog/\#(carrier.id)/receipt" class="row"><input type="hidden" name="_csrf" value="\#(csrf)">"#))
            }
            try await client.execute(uri: "/night-backlog/\(carrier.id)/images/\(image.id)", method: .get, headers: jar.header) { response in
                XCTAssertEqual(response.status, .ok)
                XCTAssertEqual(response.headers[.contentType], "image/png")
            }
            let (machine, _) = try await WebTests.signIn(client, "shop.sync", AppHarness.staffPassword)
            try await client.execute(uri: "/night-backlog?state=all", method: .get, headers: machine.header) { response in
                XCTAssertEqual(response.status, .ok)
                XCTAssertTrue(response.text.contains(#"<div class="muted small">138****8000</div>"#), "masked without pii.view")
                XCTAssertFalse(response.text.contains("13800138000"))
            }
        }
    }

    // R-TKT-11: the morning shift picks an item up with a receipt note (once: a second pick-up is refused and changes
    // nothing), then marks it done with the result; done items leave the morning view.
    func testPickingUpOnceAndMarkingDoneOnThePage_R_TKT_11() async throws {
        try await AppHarness.run { client, services in
            let li = try await TestStores.user(services, "li.na", role: .afterSales, password: AppHarness.staffPassword)
            let evening = Principal(user: try await services.users.find(login: "zhang.wei", by: .system), channel: .session)
            let item = try await services.nightBacklog.record(NightBacklogDraft(category: "after_sales", customerName: "李四", description: "客户要求换码",
                                                                                todo: "售后换 37 码"), by: evening)
            let (jar, csrf) = try await WebTests.signIn(client, "li.na", AppHarness.staffPassword)
            let receipt = "/night-backlog/\(item.id)/receipt"
            try await client.execute(uri: receipt, method: .post, headers: WebTests.formHeaders + jar.header,
                                     body: WebTests.form(["note": "x"])) { response in
                XCTAssertEqual(response.status, .forbidden, "no CSRF token")
            }
            var session = jar
            try await client.execute(uri: receipt, method: .post, headers: WebTests.formHeaders + session.header,
                                     body: WebTests.form(["_csrf": csrf, "note": "李娜接手", "version": "1", "back": "/night-backlog?state=all"])) { response in
                XCTAssertEqual(response.status, .seeOther)
                XCTAssertEqual(response.headers[.location], "/night-backlog?state=all#item-\(item.id)")
                session.take(response)
            }
            try await client.execute(uri: "/night-backlog?state=all", method: .get, headers: session.header) { response in
                let html = response.text
                XCTAssertTrue(html.contains("已接收。"), "the flash")
                XCTAssertTrue(html.contains("<div>\(li.displayName) <span class=\"muted small\">"), "who picked it up, and when")
                XCTAssertTrue(html.contains("<div>李娜接手</div>"))
                XCTAssertFalse(html.contains("\(receipt)\""), "no second pick-up button")
                XCTAssertTrue(html.contains(#"action="/night-backlog/\#(item.id)/done""#))
            }
            let (other, otherCSRF) = try await WebTests.signIn(client, "zhang.wei", AppHarness.staffPassword)
            try await client.execute(uri: receipt, method: .post, headers: WebTests.formHeaders + other.header,
                                     body: WebTests.form(["_csrf": otherCSRF, "note": "我也接", "version": "1"])) { response in
                XCTAssertEqual(response.status, .conflict)
                XCTAssertTrue(response.text.contains(#"<p class="error" role="alert">这一项已经有人接收了，没有做任何更改。</p>"#))
            }
            let stored = try await services.nightBacklog.item(id: item.id, by: .system)
            XCTAssertEqual(stored.receiptNote, "李娜接手", "nothing overwritten")
            try await client.execute(uri: "/night-backlog/\(item.id)/done", method: .post, headers: WebTests.formHeaders + session.header,
                                     body: WebTests.form(["_csrf": csrf, "result": "", "version": "2"])) { response in
                XCTAssertEqual(response.status, .unprocessableContent)
                XCTAssertTrue(response.text.contains(#"<p class="error" role="alert">处理结果 必填。</p>"#))
            }
            try await client.execute(uri: "/night-backlog/\(item.id)/done", method: .post, headers: WebTests.formHeaders + session.header,
                                     body: WebTests.form(["_csrf": csrf, "result": "已建换货单", "version": "2", "back": "https://evil.example/"])) { response in
                XCTAssertEqual(response.status, .seeOther)
                XCTAssertEqual(response.headers[.location], "/night-backlog#item-\(item.id)", "only back to this page")
            }
            try await client.execute(uri: "/night-backlog?state=done", method: .get, headers: session.header) { response in
                XCTAssertTrue(response.text.contains("<strong>处理结果</strong> 已建换货单"))
            }
            try await client.execute(uri: "/night-backlog", method: .get, headers: session.header) { response in
                XCTAssertFalse(response.text.contains("item-\(item.id)\""), "done: no longer in the morning view")
            }
        }
    }
}
