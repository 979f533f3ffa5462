import Foundation
import HTTPTypes
import HummingbirdTesting
@testable import KefuHTTP
import KefuDomain
import KefuServices
import KefuStore
import KefuTestSupport
import NIOCore
import XCTest

/// `/admin/calendars` and `/admin/sla-policies` through the real router, signed in with the web form.
final class SLAConfigWebTests: XCTestCase {
    /// The edit form of a calendar as the page fills it, to post back with changes.
    static func calendarForm(_ calendar: StoredBusinessCalendar, csrf: String) -> [String: String] {
        CalendarForm(calendar.calendar, version: calendar.version).fields + ["_csrf": csrf]
    }

    // R-TKT-4: admins see and edit the calendar the limits run on, and check a due date on it.
    func testTheCalendarPagesShowEditAndCheckDueDates_R_TKT_4() async throws {
        try await AppHarness.run { client, services in
            let workdays = try await services.slaConfig.calendars(by: .system)[0]
            let page = "/admin/calendars/\(workdays.id)"
            let (signedIn, csrf) = try await WebTests.signIn(client, "admin", AppHarness.adminPassword)
            var jar = signedIn
            try await client.execute(uri: "/admin/calendars", method: .get, headers: jar.header) { response in
                XCTAssertEqual(response.status, .ok)
                let html = response.text
                XCTAssertTrue(html.contains(#"<a href="\#(page)">中国大陆工作日</a>"#))
                XCTAssertTrue(html.contains("周一–周五 09:00–18:00"))
                XCTAssertTrue(html.contains("周一–周日 00:00–24:00"), "7×24")
                XCTAssertTrue(html.contains(#"<a href="/admin/sla-policies">SLA 策略</a>"#), "the admin tabs lead here")
                XCTAssertTrue(html.contains(#"action="/admin/calendars""#))
            }
            try await client.execute(uri: page, method: .get, headers: jar.header) { response in
                XCTAssertEqual(response.status, .ok)
                let html = response.text
                XCTAssertTrue(html.contains(#"<input type="hidden" name="_csrf" value="\#(csrf)">"#))
                XCTAssertTrue(html.contains(#"<input name="open_1_0" value="09:00""#))
                XCTAssertTrue(html.contains(#"<input name="open_1_1" value="""#), "a spare pair for a split shift")
                XCTAssertTrue(html.contains(#"<input name="break_start_0" value="12:00""#))
                XCTAssertTrue(html.contains("2026-10-06\n2026-10-07"), "holidays one a line, in order")
                XCTAssertTrue(html.contains(#"data-upload="\#(page)/ics" data-csrf="\#(csrf)""#))
                XCTAssertTrue(html.contains("投诉（简单）"), "the policies on this calendar")
            }
            // A simple complaint taken on the eve of the National Day holiday is due after it.
            try await client.execute(uri: page + "?start=2026-09-30T17:00&minutes=120", method: .get, headers: jar.header) { response in
                XCTAssertTrue(response.text.contains(#"<p role="status" data-testid="due">到期时间： <strong>2026-10-08 10:00 周四</strong>"#), response.text)
            }
            try await client.execute(uri: page + "?start=2026-10-03T10:00&minutes=30", method: .get, headers: jar.header) { response in
                XCTAssertTrue(response.text.contains("从此时开始计时： 2026-10-08 09:00 周四"))
                XCTAssertTrue(response.text.contains("<strong>2026-10-08 09:30 周四</strong>"))
            }
            try await client.execute(uri: page + "?start=tomorrow&minutes=0", method: .get, headers: jar.header) { response in
                XCTAssertTrue(response.text.contains(#"<span class="error">时间格式应为 2026-09-30 17:00。</span>"#))
                XCTAssertTrue(response.text.contains(#"<span class="error">必须大于零。</span>"#))
            }

            // Saving the form: Saturday opens 10:00–16:00 and a holiday is added.
            var form = Self.calendarForm(workdays, csrf: csrf)
            form["open_6_0"] = "10:00"
            form["close_6_0"] = "16:00"
            form["holidays"] = (form["holidays"] ?? "") + "\n2027-01-01"
            try await client.execute(uri: page, method: .post, headers: WebTests.formHeaders + jar.header, body: WebTests.form(form)) { response in
                XCTAssertEqual(response.status, .seeOther)
                XCTAssertEqual(response.headers[.location], page)
                jar.take(response)
            }
            let saved = try await services.slaConfig.calendar(id: workdays.id, by: .system)
            XCTAssertEqual(saved.version, 2)
            XCTAssertTrue(saved.calendar.weekly.contains(.init(weekday: 6, open: TimeOfDay("10:00")!, close: TimeOfDay("16:00")!)))
            XCTAssertTrue(saved.calendar.holidays.contains(LocalDate("2027-01-01")!))
            XCTAssertEqual(saved.calendar.breaks, workdays.calendar.breaks)
            try await client.execute(uri: page, method: .get, headers: jar.header) { response in
                XCTAssertTrue(response.text.contains("日历已保存。"))
                XCTAssertTrue(response.text.contains("修改工作日历"), "the change is in the history")
            }

            // Problems stand beside their inputs, in the reader's language, with what was typed kept.
            var bad = Self.calendarForm(saved, csrf: csrf)
            bad["close_2_0"] = "25:00"
            bad["open_3_1"] = "17:00"
            bad["close_3_1"] = "19:00"
            bad["holidays"] = "2026-02-30\n2026-10-01"
            bad["working_days"] = "2026-10-01"
            try await client.execute(uri: page, method: .post, headers: WebTests.formHeaders + jar.header, body: WebTests.form(bad)) { response in
                XCTAssertEqual(response.status, .unprocessableContent)
                let html = response.text
                XCTAssertTrue(html.contains(#"<input name="close_2_0" value="25:00""#), "what was typed is kept")
                XCTAssertTrue(html.contains(#"<span class="error">时间格式应为 09:00。</span>"#))
                XCTAssertTrue(html.contains(#"<span class="error">与 周三 09:00–18:00 时间重叠。</span>"#), "the overlap names the other period")
                XCTAssertTrue(html.contains(#"<span class="error">2026-02-30：日期格式应为"#))
                XCTAssertTrue(html.contains(#"<span class="error">2026-10-01：与 2026-10-01 时间重叠。</span>"#))
            }
            // A stale version comes back with the calendar as it is now.
            try await client.execute(uri: page, method: .post, headers: WebTests.formHeaders + jar.header,
                                     body: WebTests.form(Self.calendarForm(workdays, csrf: csrf))) { response in
                XCTAssertEqual(response.status, .conflict)
                XCTAssertTrue(response.text.contains(#"data-testid="calendar-conflict""#))
                XCTAssertTrue(response.text.contains(#"<input type="hidden" name="version" value="2">"#))
            }
            // Without the CSRF token nothing is saved.
            try await client.execute(uri: page, method: .post, headers: WebTests.formHeaders + jar.header,
                                     body: WebTests.form(Self.calendarForm(saved, csrf: "").filter { $0.key != "_csrf" })) { response in
                XCTAssertEqual(response.status, .forbidden)
            }

            // A new calendar copies one there is.
            try await client.execute(uri: "/admin/calendars", method: .post, headers: WebTests.formHeaders + jar.header,
                                     body: WebTests.form(["_csrf": csrf, "name": "夜班", "copy_of": "\(workdays.id)"])) { response in
                XCTAssertEqual(response.status, .seeOther)
            }
            try await client.execute(uri: "/admin/calendars", method: .post, headers: WebTests.formHeaders + jar.header,
                                     body: WebTests.form(["_csrf": csrf, "name": "夜班", "copy_of": ""])) { response in
                XCTAssertEqual(response.status, .unprocessableContent)
                XCTAssertTrue(response.text.contains(#"<span class="error">夜班 已存在。</span>"#))
            }
            let copy = try await services.slaConfig.calendars(by: .system).last
            XCTAssertEqual(copy?.calendar.name, "夜班")
            XCTAssertEqual(copy?.calendar.holidays, saved.calendar.holidays)
        }
    }

    // R-TKT-4: the page imports a holiday file and says what it added and what it skipped.
    func testTheCalendarPageImportsAnICSFile_R_TKT_4() async throws {
        try await AppHarness.run { client, services in
            let calendar = try await services.slaConfig.calendars(by: .system)[1]
            let page = "/admin/calendars/\(calendar.id)"
            let (jar, csrf) = try await WebTests.signIn(client, "admin", AppHarness.adminPassword)
            let boundary = "----kefu-calendar-boundary"
            let ics = "BEGIN:VCALENDAR\nBEGIN:VEVENT\nDTSTART;VALUE=DATE:20270101\nSUMMARY:元旦\nEND:VEVENT\n"
                + "BEGIN:VEVENT\nDTSTART;VALUE=DATE:20270101\nRRULE:FREQ=YEARLY\nSUMMARY:每年元旦\nEND:VEVENT\nEND:VCALENDAR\n"
            let body = "--\(boundary)\r\nContent-Disposition: form-data; name=\"file\"; filename=\"节假日.ics\"\r\nContent-Type: text/calendar\r\n\r\n"
                + ics + "\r\n--\(boundary)--\r\n"
            var headers = jar.header + [.contentType: "multipart/form-data; boundary=\(boundary)"]
            try await client.execute(uri: page + "/ics", method: .post, headers: headers, body: ByteBuffer(string: body)) { response in
                XCTAssertEqual(response.status, .forbidden, "the CSRF header is required")
            }
            headers[.xCSRFToken] = csrf
            try await client.execute(uri: page + "/ics", method: .post, headers: headers, body: ByteBuffer(string: body)) { response in
                XCTAssertEqual(response.status, .seeOther)
                XCTAssertEqual(response.headers[.location], page)
            }
            try await client.execute(uri: page, method: .get, headers: jar.header) { response in
                let html = response.text
                XCTAssertTrue(html.contains("新增节假日 1 天，调休上班日 0 天；跳过 1 个事件。"), html)
                XCTAssertTrue(html.contains("<td class=\"num\">6</td><td>每年元旦</td><td>重复事件，未导入</td>"))
            }
            let broken = body.replacingOccurrences(of: "20270101", with: "2027-01-01")
            try await client.execute(uri: page + "/ics", method: .post, headers: headers, body: ByteBuffer(string: broken)) { response in
                XCTAssertEqual(response.status, .seeOther)
            }
            try await client.execute(uri: page, method: .get, headers: jar.header) { response in
                XCTAssertTrue(response.text.contains("<li>第 3 行：“2027-01-01”不是有效日期（应如 20261001）。</li>"), response.text)
            }
            let stored = try await services.slaConfig.calendar(id: calendar.id, by: .system)
            XCTAssertEqual(stored.calendar.holidays, [LocalDate("2027-01-01")!])
        }
    }

    // R-TKT-4: admins keep the policies; the list says which one a kind of ticket gets.
    func testThePolicyPagesListCheckAddAndEdit_R_TKT_4() async throws {
        try await AppHarness.run { client, services in
            let (signedIn, csrf) = try await WebTests.signIn(client, "admin", AppHarness.adminPassword)
            var jar = signedIn
            try await client.execute(uri: "/admin/sla-policies", method: .get, headers: jar.header) { response in
                XCTAssertEqual(response.status, .ok)
                let html = response.text
                XCTAssertTrue(html.contains("<td>投诉 · 简单</td><td class=\"num\">120</td>"))
                XCTAssertTrue(html.contains("<td>所有工单</td><td class=\"num\">240</td><td class=\"num\">480</td><td class=\"num\">1440</td>"))
                XCTAssertTrue(html.contains(#"<form method="post" action="/admin/sla-policies" class="grid-form" id="policy-form">"#))
            }
            try await client.execute(uri: "/admin/sla-policies?type=complaint&severity=major&channel=email", method: .get, headers: jar.header) { response in
                XCTAssertTrue(response.text.contains("适用策略："), response.text)
                XCTAssertTrue(response.text.contains(">重大投诉</a> · 中国大陆工作日"))
                XCTAssertTrue(response.text.contains(#"<option value="major" selected>重大</option>"#))
            }
            let calendarID = try await services.slaConfig.calendars(by: .system)[1].id
            let fields = ["_csrf": csrf, "name": "平台店铺", "calendar_id": "\(calendarID)", "type": "", "severity": "", "channel": "platform",
                          "member_grade": "", "first_response_minutes": "30", "next_response_minutes": "", "resolution_minutes": "1440",
                          "priority": "40", "active": "true"]
            try await client.execute(uri: "/admin/sla-policies", method: .post, headers: WebTests.formHeaders + jar.header,
                                     body: WebTests.form(fields)) { response in
                XCTAssertEqual(response.status, .seeOther)
                jar.take(response)
            }
            let policies = try await services.slaConfig.policies(by: .system)
            let platform = try XCTUnwrap(policies.first { $0.policy.name == "平台店铺" })
            XCTAssertEqual(platform.policy, SLAPolicy(name: "平台店铺", calendarID: Int(calendarID), conditions: .init(channel: "platform"),
                                                      firstResponseMinutes: 30, resolutionMinutes: 1440, priority: 40))
            let page = "/admin/sla-policies/\(platform.id)"
            try await client.execute(uri: page, method: .get, headers: jar.header) { response in
                XCTAssertTrue(response.text.contains("策略已创建。"))
                XCTAssertTrue(response.text.contains(#"<option value="platform" selected>电商平台</option>"#))
                XCTAssertTrue(response.text.contains(#"<input type="hidden" name="version" value="1">"#))
            }
            try await client.execute(uri: page, method: .post, headers: WebTests.formHeaders + jar.header,
                                     body: WebTests.form(fields + ["version": "1", "first_response_minutes": "0", "resolution_minutes": "一天"])) { response in
                XCTAssertEqual(response.status, .unprocessableContent)
                XCTAssertTrue(response.text.contains(#"value="0"><span class="error">必须大于零。</span>"#))
                XCTAssertTrue(response.text.contains(#"value="一天"><span class="error">应为整数。</span>"#))
            }
            try await client.execute(uri: page, method: .post, headers: WebTests.formHeaders + jar.header,
                                     body: WebTests.form(fields + ["version": "1", "resolution_minutes": "", "active": "false"])) { response in
                XCTAssertEqual(response.status, .seeOther)
            }
            let changed = try await services.slaConfig.policy(id: platform.id, by: .system)
            XCTAssertEqual([changed.policy.resolutionMinutes, Int(changed.version)], [nil, 2])
            XCTAssertFalse(changed.active)

            // Agents read the pages without forms and cannot post them.
            let (agent, agentCSRF) = try await WebTests.signIn(client, "zhang.wei", AppHarness.staffPassword)
            for path in ["/admin/sla-policies", page, "/admin/calendars", "/admin/calendars/\(calendarID)"] {
                try await client.execute(uri: path, method: .get, headers: agent.header) { response in
                    XCTAssertEqual(response.status, .ok, path)
                    XCTAssertFalse(response.text.contains(#"method="post" action="/admin/"#), path)
                }
            }
            try await client.execute(uri: page, method: .post, headers: WebTests.formHeaders + agent.header,
                                     body: WebTests.form(fields + ["_csrf": agentCSRF, "version": "2"])) { response in
                XCTAssertEqual(response.status, .forbidden)
            }
        }
    }
}
