import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import KefuDomain
@testable import KefuHTTP
import KefuServices
import NIOCore
import XCTest

/// The customer's status page: replies without notes, answers, ratings, and pages in the visitor's language.
extension SupportWebTests {
    func testTheStatusPageShowsRepliesButNeverNotes() async throws {
        try await AppHarness.run { client, services in
            let ticket = try await Self.webTicket(services)
            let agent = try await Self.agent(services)
            _ = try await services.tickets.addMessage(id: ticket.id, kind: .note, body: "内部备注：客户上次也投诉过", by: agent)
            _ = try await services.tickets.addMessage(id: ticket.id, kind: .reply, body: "您好，请在订单详情页下载发票。", by: agent)
            var jar = Jar()
            let csrf = try await Self.open(client, "/support/status?number=\(ticket.number)", &jar)
            let lookUp = { (number: String, contact: String) in
                try await client.execute(uri: "/support/status", method: .post, headers: WebTests.formHeaders + jar.header,
                                         body: WebTests.form(["_csrf": csrf, "number": number, "contact": contact])) { $0 }
            }
            // R-TKT-8: the reply is there, the note never.
            let page = try await lookUp(ticket.number.lowercased(), "138-0013-8000")
            XCTAssertEqual(page.status, .ok)
            XCTAssertTrue(page.text.contains("您好，请在订单详情页下载发票。"))
            XCTAssertTrue(page.text.contains("请问电子发票在哪里下载？"))
            XCTAssertFalse(page.text.contains("内部备注"))
            XCTAssertFalse(page.text.contains(#"data-kind="note""#))
            XCTAssertTrue(page.text.contains("正在处理"))
            let byEmail = try await lookUp(ticket.number, "Wang.Fang@example.com")
            XCTAssertEqual(byEmail.status, .ok)
            // A wrong contact and a wrong number read the same.
            let wrongContact = try await lookUp(ticket.number, "13900000000")
            let wrongNumber = try await lookUp("T20000101-0001", "13800138000")
            XCTAssertEqual(wrongContact.status, .notFound)
            XCTAssertEqual(wrongNumber.status, .notFound)
            XCTAssertTrue(wrongContact.text.contains(#"data-testid="not-found""#))
            XCTAssertTrue(wrongNumber.text.contains(#"data-testid="not-found""#))
            XCTAssertFalse(wrongContact.text.contains("请问电子发票在哪里下载？"))
        }
    }

    func testTheCustomerAnswersOnTheStatusPage() async throws {
        try await AppHarness.run { client, services in
            let ticket = try await Self.webTicket(services)
            var jar = Jar()
            let csrf = try await Self.open(client, "/support/status", &jar)
            let send = { (body: String, files: [File]) in
                let (headers, buffer) = Self.multipart([("_csrf", csrf), ("number", ticket.number), ("contact", "13800138000"), ("body", body)],
                                                       files: files)
                return try await client.execute(uri: "/support/status/reply", method: .post, headers: headers + jar.header, body: buffer) { $0 }
            }
            let empty = try await send("  ", [])
            XCTAssertEqual(empty.status, .unprocessableContent)
            XCTAssertTrue(empty.text.contains(#"data-error="body""#))
            let sent = try await send("补充：订单号是 DD123。", [File(filename: "invoice.pdf", type: "application/pdf", data: Data("%PDF-1.4\n".utf8))])
            XCTAssertEqual(sent.status, .ok, sent.text)
            XCTAssertTrue(sent.text.contains(#"data-testid="notice""#))
            XCTAssertTrue(sent.text.contains("补充：订单号是 DD123。"))
            let detail = try await services.tickets.get(id: ticket.id, by: .system)
            XCTAssertEqual(detail.messages.last?.kind, .customer)
            XCTAssertEqual(detail.messages.last?.body, "补充：订单号是 DD123。")
            XCTAssertEqual(detail.messages.last?.channel, .web)
            XCTAssertEqual(detail.attachments.map(\.contentType), ["application/pdf"])
            // Someone who guesses a number gets nowhere.
            let (headers, buffer) = Self.multipart([("_csrf", csrf), ("number", ticket.number), ("contact", "13900000000"), ("body", "hi")])
            try await client.execute(uri: "/support/status/reply", method: .post, headers: headers + jar.header, body: buffer) { response in
                XCTAssertEqual(response.status, .notFound)
            }
            let after = try await services.tickets.get(id: ticket.id, by: .system).messages.count
            XCTAssertEqual(after, detail.messages.count)
        }
    }

    // MARK: Rating (R-TKT-9)

    func testTheServiceIsRatedOnceThenAlreadyRated() async throws {
        try await AppHarness.run { client, services in
            let ticket = try await Self.webTicket(services)
            let agent = try await Self.agent(services)
            _ = try await services.tickets.addMessage(id: ticket.id, kind: .reply, body: "已为您补开发票。", by: agent)
            _ = try await services.tickets.resolve(id: ticket.id, customerUnderstood: true, askedAnythingElse: true, expectedVersion: nil, by: agent)
            let token = try await services.tickets.requestSatisfaction(id: ticket.id, by: agent)
            var jar = Jar()
            let csrf = try await Self.open(client, "/satisfaction/\(token)", &jar)
            let rate = { (rating: String) in
                try await client.execute(uri: "/satisfaction/\(token)", method: .post, headers: WebTests.formHeaders + jar.header,
                                         body: WebTests.form(["_csrf": csrf, "rating": rating, "comment": "很快，谢谢"])) { $0 }
            }
            let missing = try await rate("")
            XCTAssertEqual(missing.status, .unprocessableContent)
            let first = try await rate("5")
            XCTAssertEqual(first.status, .ok)
            XCTAssertTrue(first.text.contains(#"data-testid="thanks""#))
            let second = try await rate("1")
            XCTAssertEqual(second.status, .conflict)
            XCTAssertTrue(second.text.contains(#"data-testid="already-rated""#))
            try await client.execute(uri: "/satisfaction/\(token)", method: .get, headers: jar.header) { response in
                XCTAssertEqual(response.status, .ok)
                XCTAssertTrue(response.text.contains(#"data-testid="already-rated""#))
                XCTAssertTrue(response.text.contains("★★★★★"))
                XCTAssertFalse(response.text.contains(#"data-testid="rate-5""#))
            }
            let stored = try await services.tickets.satisfaction(token: token)
            XCTAssertEqual(stored?.request.rating, 5)
            XCTAssertEqual(stored?.request.comment, "很快，谢谢")
            try await client.execute(uri: "/satisfaction/not-a-real-token", method: .get) { response in
                XCTAssertEqual(response.status, .notFound)
                XCTAssertTrue(response.text.contains(#"data-testid="not-found""#))
            }
        }
    }

    func testAResolvedTicketIsRatedFromItsStatusPage() async throws {
        try await AppHarness.run { client, services in
            let ticket = try await Self.webTicket(services)
            let agent = try await Self.agent(services)
            _ = try await services.tickets.addMessage(id: ticket.id, kind: .reply, body: "已处理。", by: agent)
            _ = try await services.tickets.resolve(id: ticket.id, customerUnderstood: true, askedAnythingElse: true, expectedVersion: nil, by: agent)
            var jar = Jar()
            let csrf = try await Self.open(client, "/support/status", &jar, language: "en")
            let post = { (path: String, fields: [String: String]) in
                try await client.execute(uri: path, method: .post, headers: WebTests.formHeaders + jar.header + [.acceptLanguage: "en"],
                                         body: WebTests.form(fields.merging(["_csrf": csrf, "number": ticket.number, "contact": "13800138000"]) { a, _ in a })) { $0 }
            }
            let page = try await post("/support/status", [:])
            XCTAssertTrue(page.text.contains(#"data-testid="rate-link""#))
            XCTAssertTrue(page.text.contains("Resolved"))
            let rated = try await post("/support/status/rate", ["rating": "4"])
            XCTAssertEqual(rated.status, .ok)
            XCTAssertTrue(rated.text.contains("Thank you for your rating!"))
            XCTAssertFalse(rated.text.contains(#"data-testid="rate-link""#))
            let again = try await post("/support/status/rate", ["rating": "2"])
            XCTAssertEqual(again.status, .conflict)
            XCTAssertTrue(again.text.contains("This service has been rated already."))
        }
    }

    func testCustomerPagesNeedNoSessionAndSpeakTheVisitorsLanguage() async throws {
        try await AppHarness.run(sqliteOnly: true) { client, _ in
            for path in ["/support", "/support/status", "/support/submitted"] {
                try await client.execute(uri: path, method: .get, headers: [.acceptLanguage: "en-GB,en;q=0.9"]) { response in
                    XCTAssertEqual(response.status, .ok, path)
                    XCTAssertTrue(response.text.contains(#"<html lang="en">"#), path)
                    XCTAssertTrue(response.text.contains(#"name="viewport""#))
                }
            }
            try await client.execute(uri: "/support", method: .get) { response in
                XCTAssertTrue(response.text.contains("联系客服"))
                XCTAssertTrue(response.text.contains("维修") || response.text.contains("报修"))
            }
        }
    }
}
