import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import KefuDomain
@testable import KefuHTTP
import KefuServices
import NIOCore
import XCTest

/// The customers' pages: the web form, the status page (R-TKT-8: never a note) and the rating (R-TKT-9).
final class SupportWebTests: XCTestCase {
    typealias Jar = WebTests.Jar

    struct File {
        var filename: String
        var type: String
        var data: Data
    }

    static let png = Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00, 0x00, 0x0D])
    static let boundary = "kefu-test-7MA4YWxkTrZu0gW"

    /// A `multipart/form-data` body with `fields` in order, then `files` as `attachments`.
    static func multipart(_ fields: [(String, String)], files: [File] = []) -> (HTTPFields, ByteBuffer) {
        var body = Data()
        let add = { (text: String) in body.append(Data(text.utf8)) }
        for (name, value) in fields {
            add("--\(boundary)\r\nContent-Disposition: form-data; name=\"\(name)\"\r\n\r\n\(value)\r\n")
        }
        for file in files {
            add("--\(boundary)\r\nContent-Disposition: form-data; name=\"attachments\"; filename=\"\(file.filename)\"\r\nContent-Type: \(file.type)\r\n\r\n")
            body.append(file.data)
            add("\r\n")
        }
        add("--\(boundary)--\r\n")
        return ([.contentType: "multipart/form-data; boundary=\(boundary)"], ByteBuffer(bytes: body))
    }

    /// Opens a customer page as a browser would: its cookies and the form's token.
    static func open(_ client: any TestClientProtocol, _ path: String, _ jar: inout Jar, language: String = "zh-CN") async throws -> String {
        let response = try await client.execute(uri: path, method: .get, headers: jar.header + [.acceptLanguage: language]) { $0 }
        XCTAssertEqual(response.status, .ok, path)
        jar.take(response)
        return WebTests.hiddenCSRF(response.text)
    }

    static func formFields(csrf: String, contact: [(String, String)] = [("customer_phone", "138 0013 8000")]) -> [(String, String)] {
        [("_csrf", csrf), ("type", "repair"), ("subject", "洗衣机不脱水"), ("body", "买了三个月，昨天开始不脱水。"),
         ("customer_name", "王芳")] + contact + [("order_number", "NO-SUCH-ORDER"), ("website", "")]
    }

    static func ticketCount(_ services: Services) async throws -> Int {
        try await services.tickets.list(TicketFilter(), by: .system).total
    }

    static func agent(_ services: Services) async throws -> Principal {
        Principal(user: try await services.users.find(login: "zhang.wei", by: .system), channel: .session)
    }

    /// A web ticket from "王芳", with phone and email.
    static func webTicket(_ services: Services, address: String = "198.51.100.7") async throws -> Ticket {
        try await services.tickets.submitWebForm(
            TicketDraft(type: .inquiry, channel: .web, subject: "发票怎么开", body: "请问电子发票在哪里下载？",
                        customer: .init(name: "王芳", phone: "13800138000", email: "wang.fang@example.com")),
            uploads: [], address: address)
    }

    // MARK: The web form

    func testTheWebFormOpensAWebTicketWithTheCustomersMessage() async throws {
        try await AppHarness.run { client, services in
            var jar = Jar()
            let csrf = try await Self.open(client, "/support", &jar)
            XCTAssertFalse(csrf.isEmpty)
            let (headers, body) = Self.multipart(Self.formFields(csrf: csrf), files: [File(filename: "../../photos/machine.png", type: "image/png", data: Self.png)])
            try await client.execute(uri: "/support", method: .post, headers: headers + jar.header, body: body) { response in
                XCTAssertEqual(response.status, .seeOther, response.text)
                XCTAssertEqual(response.headers[.location], "/support/submitted")
                jar.take(response)
            }
            let number = try XCTUnwrap(jar.cookies[SupportWebController.submittedCookie])
            try await client.execute(uri: "/support/submitted", method: .get, headers: jar.header) { response in
                XCTAssertEqual(response.status, .ok)
                XCTAssertTrue(response.text.contains(number))
                XCTAssertTrue(response.text.contains("/support/status?number=\(number)"))
            }
            let ticket = try await services.tickets.find(number: number, by: .system)
            XCTAssertEqual(ticket.channel, .web)
            XCTAssertEqual(ticket.type, .repair)
            XCTAssertEqual(ticket.customer.name, "王芳")
            XCTAssertNil(ticket.orderID, "an unknown order number is ignored")
            let detail = try await services.tickets.get(id: ticket.id, by: .system)
            XCTAssertEqual(detail.messages.first?.kind, .customer)
            XCTAssertEqual(detail.messages.first?.body, "买了三个月，昨天开始不脱水。")
            XCTAssertEqual(detail.attachments.map(\.filename), ["machine.png"])
            XCTAssertEqual(detail.attachments.map(\.contentType), ["image/png"])
        }
    }

    func testTheHoneypotPretendsAndStoresNothing() async throws {
        try await AppHarness.run { client, services in
            var jar = Jar()
            let csrf = try await Self.open(client, "/support", &jar)
            let fields = Self.formFields(csrf: csrf).map { $0.0 == "website" ? ("website", "http://spam.example") : $0 }
            let (headers, body) = Self.multipart(fields)
            try await client.execute(uri: "/support", method: .post, headers: headers + jar.header, body: body) { response in
                XCTAssertEqual(response.status, .seeOther)
                XCTAssertEqual(response.headers[.location], "/support/submitted")
                XCTAssertNil(response.headers[.setCookie])
            }
            let count = try await Self.ticketCount(services)
            XCTAssertEqual(count, 0)
        }
    }

    func testAMissingContactOrABadFileShowsErrorsBesideTheFields() async throws {
        try await AppHarness.run { client, services in
            var jar = Jar()
            let csrf = try await Self.open(client, "/support", &jar, language: "en-US,en;q=0.9")
            let (headers, body) = Self.multipart(Self.formFields(csrf: csrf, contact: []))
            try await client.execute(uri: "/support", method: .post, headers: headers + jar.header + [.acceptLanguage: "en"], body: body) { response in
                XCTAssertEqual(response.status, .unprocessableContent)
                XCTAssertTrue(response.text.contains(#"data-error="customer_phone""#))
                XCTAssertTrue(response.text.contains("needs a phone number or an email address."))
                XCTAssertTrue(response.text.contains(#"value="洗衣机不脱水""#), "typed values are kept")
                XCTAssertTrue(response.text.contains("买了三个月，昨天开始不脱水。"))
            }
            // A file that is not an image or a PDF, whatever it claims to be.
            let (fileHeaders, fileBody) = Self.multipart(Self.formFields(csrf: csrf),
                                                         files: [File(filename: "x.png", type: "image/png", data: Data("MZ not a picture".utf8))])
            try await client.execute(uri: "/support", method: .post, headers: fileHeaders + jar.header, body: fileBody) { response in
                XCTAssertEqual(response.status, .unprocessableContent)
                XCTAssertTrue(response.text.contains(#"data-error="attachments""#))
            }
            let count = try await Self.ticketCount(services)
            XCTAssertEqual(count, 0)
        }
    }

    func testTheFormNeedsItsDoubleSubmitToken() async throws {
        try await AppHarness.run { client, services in
            var jar = Jar()
            let csrf = try await Self.open(client, "/support", &jar)
            let withoutToken = Self.multipart(Array(Self.formFields(csrf: csrf).dropFirst()))
            try await client.execute(uri: "/support", method: .post, headers: withoutToken.0 + jar.header, body: withoutToken.1) { response in
                XCTAssertEqual(response.status, .forbidden)
            }
            let forged = Self.multipart(Self.formFields(csrf: "forged"))
            try await client.execute(uri: "/support", method: .post, headers: forged.0 + jar.header, body: forged.1) { response in
                XCTAssertEqual(response.status, .forbidden)
            }
            // Another site can post the field but cannot set the cookie.
            let noCookie = Self.multipart(Self.formFields(csrf: csrf))
            try await client.execute(uri: "/support", method: .post, headers: noCookie.0, body: noCookie.1) { response in
                XCTAssertEqual(response.status, .forbidden)
            }
            let count = try await Self.ticketCount(services)
            XCTAssertEqual(count, 0)
        }
    }

    func testTheCSRFCheckFindsTheTokenInAMultipartBody() {
        let (_, buffer) = Self.multipart([("subject", "x"), ("_csrf", "tok-en_1")], files: [File(filename: "_csrf", type: "image/png", data: Self.png)])
        let bytes = Array(buffer.readableBytesView)
        XCTAssertEqual(CSRFMiddleware.multipartValue("_csrf", in: bytes, boundary: Self.boundary), "tok-en_1")
        let (_, fileOnly) = Self.multipart([("subject", "x")], files: [File(filename: "a.png", type: "image/png", data: Self.png)])
        XCTAssertNil(CSRFMiddleware.multipartValue("_csrf", in: Array(fileOnly.readableBytesView), boundary: Self.boundary))
        XCTAssertNil(CSRFMiddleware.multipartValue("_csrf", in: Array("garbage".utf8), boundary: Self.boundary))
    }

    func testTooManyFormsFromOneAddressAreThrottled() async throws {
        try await AppHarness.run { client, services in
            for _ in 0..<TicketService.formLimit { _ = try await Self.webTicket(services, address: "203.0.113.9") }
            var jar = Jar()
            let csrf = try await Self.open(client, "/support", &jar)
            let (headers, body) = Self.multipart(Self.formFields(csrf: csrf))
            try await client.execute(uri: "/support", method: .post, headers: headers + jar.header + [.xForwardedFor: "203.0.113.9"],
                                     body: body) { response in
                XCTAssertEqual(response.status, .tooManyRequests)
                XCTAssertNotNil(response.headers[.retryAfter])
                XCTAssertTrue(response.text.contains(#"data-testid="throttled""#))
                XCTAssertTrue(response.text.contains(#"value="洗衣机不脱水""#))
            }
        }
    }

    // MARK: The status page

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
