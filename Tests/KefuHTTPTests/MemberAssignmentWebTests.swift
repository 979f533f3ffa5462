import Foundation
import HTTPTypes
import HummingbirdTesting
import KefuDomain
import KefuServices
import KefuTestSupport
import NIOCore
import XCTest

/// `/members/assign`, the profile's agent form and "my members" (R-MEM-3) through the real router, signed in with the web form.
final class MemberAssignmentWebTests: XCTestCase {
    // R-MEM-3: the supervisor's page lists members without an agent and the agents with their counts; the preview shows
    // each agent's count before → after and flags a grade no chosen agent is senior enough for; confirming posts with
    // CSRF and writes; agents may not open the page.
    func testPreviewFlagsAndConfirmWithCSRF_R_MEM_3() async throws {
        try await AppHarness.run { client, services in
            let (_, zhang, members) = try await MemberAssignmentAPITests.prepare(services)
            let (jar, csrf) = try await WebTests.signIn(client, "zhou.lan", AppHarness.staffPassword)
            try await client.execute(uri: "/members", method: .get, headers: jar.header) { response in
                XCTAssertTrue(response.text.contains(#"href="/members/assign""#), "supervisors find the page from the list")
            }
            try await client.execute(uri: "/members/assign", method: .get, headers: jar.header) { response in
                XCTAssertEqual(response.status, .ok)
                let html = response.text
                XCTAssertTrue(html.contains("分配会员"), html)
                XCTAssertTrue(html.contains(#"<input type="hidden" name="_csrf" value="\#(csrf)">"#))
                XCTAssertTrue(html.contains(#"name="member_\#(members[2].id)""#))
                XCTAssertTrue(html.contains(#"name="agent_\#(zhang.id)" aria-label="Zhang.Wei" checked"#) || html.contains(#"name="agent_\#(zhang.id)""#))
                XCTAssertTrue(html.contains("李娜"))
            }
            // Only the junior agent chosen: the diamond member is flagged.
            let fields = ["scope": "all", "agent_\(zhang.id)": "on"]
            try await client.execute(uri: "/members/assign/preview", method: .post, headers: WebTests.formHeaders + jar.header,
                                     body: WebTests.form(fields)) { response in
                XCTAssertEqual(response.status, .forbidden, "no CSRF token")
            }
            try await client.execute(uri: "/members/assign/preview", method: .post, headers: WebTests.formHeaders + jar.header,
                                     body: WebTests.form(fields + ["_csrf": csrf])) { response in
                XCTAssertEqual(response.status, .ok, response.text)
                let html = response.text
                XCTAssertTrue(html.contains(#"data-testid="assign-preview""#), html)
                XCTAssertTrue(html.contains("0 → 3"), "the agent's count before and after")
                XCTAssertTrue(html.contains(#"data-testid="assign-flagged""#))
                XCTAssertTrue(html.contains("资历不足"))
                XCTAssertTrue(html.contains(#"<input type="hidden" name="agent_\#(zhang.id)" value="on">"#), "the confirmation carries the choice")
            }
            let before = try await services.members.list(MemberFilter(), assignedTo: .nobody, by: .system).total
            XCTAssertEqual(before, 3, "a preview writes nothing")
            try await client.execute(uri: "/members/assign/preview", method: .post, headers: WebTests.formHeaders + jar.header,
                                     body: WebTests.form(["_csrf": csrf, "scope": "all"])) { response in
                XCTAssertEqual(response.status, .unprocessableContent, "no agent ticked")
                XCTAssertTrue(response.text.contains(#"data-testid="assign-errors""#))
            }
            try await client.execute(uri: "/members/assign", method: .post, headers: WebTests.formHeaders + jar.header,
                                     body: WebTests.form(fields)) { response in
                XCTAssertEqual(response.status, .forbidden, "no CSRF token")
            }
            try await client.execute(uri: "/members/assign", method: .post, headers: WebTests.formHeaders + jar.header,
                                     body: WebTests.form(fields + ["_csrf": csrf])) { response in
                XCTAssertEqual(response.status, .seeOther, response.text)
                XCTAssertEqual(response.headers[.location], "/members/assign")
            }
            let mine = try await services.members.list(MemberFilter(), assignedTo: .agent(zhang.id), by: .system).total
            XCTAssertEqual(mine, 3)

            let (agentJar, _) = try await WebTests.signIn(client, "zhang.wei", AppHarness.staffPassword)
            try await client.execute(uri: "/members/assign", method: .get, headers: agentJar.header) { response in
                XCTAssertEqual(response.status, .forbidden)
            }
        }
    }

    // R-MEM-3: the agent's "my members" shows each member's first contact, due within a week; the profile shows the agent
    // and, for a supervisor, a form (CSRF, version) to change them.
    func testMyMembersShowFirstContactAndTheProfileReassigns_R_MEM_3() async throws {
        try await AppHarness.run { client, services in
            let (li, zhang, members) = try await MemberAssignmentAPITests.prepare(services)
            let supervisor = try await services.users.list(role: .supervisor, by: .system).users.first!
            _ = try await services.members.assign(MemberSelection(agentIDs: [zhang.id]), by: Principal(user: supervisor, channel: .session))
            let (agentJar, _) = try await WebTests.signIn(client, "zhang.wei", AppHarness.staffPassword)
            try await client.execute(uri: "/members", method: .get, headers: agentJar.header) { response in
                XCTAssertTrue(response.text.contains(#"href="/members?assigned_to=me""#), "the agent finds their members from the list")
                XCTAssertFalse(response.text.contains(#"href="/members/assign""#))
            }
            try await client.execute(uri: "/members?assigned_to=me", method: .get, headers: agentJar.header) { response in
                XCTAssertEqual(response.status, .ok)
                let html = response.text
                XCTAssertTrue(html.contains("首次联系"), html)
                for member in members { XCTAssertTrue(html.contains(#"data-testid="first-contact-\#(member.id)"><a href="/callbacks/"#), html) }
                XCTAssertTrue(html.contains("待联系"))
                XCTAssertFalse(html.contains("已逾期"), "a week has not passed")
            }

            let (jar, csrf) = try await WebTests.signIn(client, "zhou.lan", AppHarness.staffPassword)
            let id = members[2].id
            try await client.execute(uri: "/members/\(id)", method: .get, headers: jar.header) { response in
                XCTAssertEqual(response.status, .ok)
                let html = response.text
                XCTAssertTrue(html.contains(#"data-testid="agent-name">\#(zhang.displayName)</dd>"#), html)
                XCTAssertTrue(html.contains(#"<form method="post" action="/members/\#(id)/agent""#))
                XCTAssertTrue(html.contains(#"<option value="\#(li.id)">李娜"#))
            }
            try await client.execute(uri: "/members/\(id)/agent", method: .post, headers: WebTests.formHeaders + jar.header,
                                     body: WebTests.form(["agent_id": "\(li.id)", "version": "2"])) { response in
                XCTAssertEqual(response.status, .forbidden, "no CSRF token")
            }
            try await client.execute(uri: "/members/\(id)/agent", method: .post, headers: WebTests.formHeaders + jar.header,
                                     body: WebTests.form(["_csrf": csrf, "agent_id": "\(li.id)", "version": "1"])) { response in
                XCTAssertEqual(response.status, .conflict, "a stale version")
            }
            try await client.execute(uri: "/members/\(id)/agent", method: .post, headers: WebTests.formHeaders + jar.header,
                                     body: WebTests.form(["_csrf": csrf, "agent_id": "\(li.id)", "version": "2"])) { response in
                XCTAssertEqual(response.status, .seeOther, response.text)
            }
            try await client.execute(uri: "/members/\(id)", method: .get, headers: jar.header) { response in
                XCTAssertTrue(response.text.contains(#"data-testid="agent-name">李娜</dd>"#))
                XCTAssertTrue(response.text.contains("分配客服"), "the history")
            }
        }
    }
}
