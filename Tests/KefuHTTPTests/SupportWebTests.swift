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
}
