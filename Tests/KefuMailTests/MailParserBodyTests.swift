import Foundation
import KefuMail
import XCTest

/// Body selection and charsets on small inline messages (the corpus holds the real-world shapes).
final class MailParserBodyTests: XCTestCase {
    private func parse(_ text: String) throws -> MailMessage {
        try MailParser.parse(Data(text.utf8))
    }

    private func message(charset: String, encoding: String, body: Data) throws -> MailMessage {
        let head = "From: a@example.com\r\nContent-Type: text/plain; charset=\(charset)\r\nContent-Transfer-Encoding: \(encoding)\r\n\r\n"
        return try MailParser.parse(Data(head.utf8) + body)
    }

    func testOtherCharsets() throws {
        let utf16 = try XCTUnwrap("你好 UTF-16".data(using: .utf16))
        XCTAssertEqual(try message(charset: "utf-16", encoding: "base64", body: utf16.base64EncodedData()).textBody, "你好 UTF-16")
        let japanese = try XCTUnwrap("日本語のメール".data(using: .iso2022JP))
        XCTAssertEqual(try message(charset: "ISO-2022-JP", encoding: "7bit", body: japanese).textBody, "日本語のメール")
        XCTAssertEqual(try message(charset: "windows-1252", encoding: "8bit", body: Data([0x93, 0x41, 0x94, 0x80])).textBody, "“A”€")
        XCTAssertEqual(try message(charset: "latin1", encoding: "quoted-printable", body: Data("caf=E9".utf8)).textBody, "café")
        let gbk = try XCTUnwrap("中文".data(using: .init(rawValue: 0x8000_0632)))
        XCTAssertEqual(try message(charset: "utf-8", encoding: "8bit", body: gbk).textBody, "中文", "mislabelled GBK")
        XCTAssertEqual(try message(charset: "x-gbk", encoding: "binary", body: gbk).textBody, "中文")
    }

    func testBase64BodyToleratesMissingPaddingAndConcatenatedChunks() throws {
        XCTAssertEqual(try message(charset: "utf-8", encoding: "base64", body: Data("5L2g5aW9".utf8)).textBody, "你好")
        XCTAssertEqual(try message(charset: "utf-8", encoding: "base64", body: Data("SGk\r\n".utf8)).textBody, "Hi")
        XCTAssertEqual(try message(charset: "utf-8", encoding: " Base64 ", body: Data("SGk=\r\nIHRoZXJl\r\n".utf8)).textBody, "Hi there")
    }

    func testQuotedPrintableDetails() throws {
        let body = Data("a=3Db =\r\nsoft  \r\ntrail=20\r\nbad=ZZ=\n".utf8)
        XCTAssertEqual(try message(charset: "utf-8", encoding: "quoted-printable", body: body).textBody, "a=b soft\ntrail \nbad=ZZ")
    }

    func testMixedTextPartsAreJoinedAndInlineImageKept() throws {
        let message = try parse("""
            From: a@example.com
            Content-Type: multipart/mixed; boundary=m

            --m
            Content-Type: text/plain

            before
            --m
            Content-Type: image/jpeg; name="IMG_0001.JPG"
            Content-Disposition: inline; filename="IMG_0001.JPG"
            Content-Transfer-Encoding: base64

            /9j/4AAQ
            --m
            Content-Type: text/plain

            after
            --m--
            """)
        XCTAssertEqual(message.textBody, "before\nafter")
        XCTAssertEqual(message.attachments.map(\.filename), ["IMG_0001.JPG"])
        XCTAssertEqual(message.attachments.first?.isInline, true)
        XCTAssertEqual(message.attachments.first?.data, Data([0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10]))
    }

    func testBlankPlainAlternativeGivesWayToHTML() throws {
        let message = try parse("""
            From: a@example.com
            Content-Type: multipart/alternative; boundary=a

            --a
            Content-Type: text/plain

             
            --a
            Content-Type: text/html

            <div>real text</div>
            --a--
            """)
        XCTAssertEqual(message.textBody, "real text")
    }

    func testSignedMessageAndNamedForwardAndDigest() throws {
        let message = try parse("""
            From: a@example.com
            Content-Type: multipart/signed; protocol="application/pkcs7-signature"; boundary=s

            --s
            Content-Type: multipart/mixed; boundary=d

            --d
            Content-Type: text/plain

            signed text
            --d
            Content-Type: message/rfc822
            Content-Disposition: attachment; filename="original.eml"

            From: b@example.com
            Subject: ignored for the name

            x
            --d
            Content-Type: multipart/digest; boundary=g

            --g

            From: c@example.com
            Subject: digest entry

            y
            --g--
            --d--
            --s
            Content-Type: application/pkcs7-signature; name=smime.p7s

            AAEC
            --s--
            """)
        XCTAssertEqual(message.textBody, "signed text")
        XCTAssertEqual(message.attachments.map(\.filename), ["original.eml", "digest entry.eml", "smime.p7s"])
        XCTAssertEqual(message.attachments.map(\.contentType), ["message/rfc822", "message/rfc822", "application/pkcs7-signature"])
    }

    func testTopLevelAttachmentOnlyAndUnknownTypeName() throws {
        let message = try parse("""
            From: scanner@example.com
            Content-Type: application/pdf
            Content-Transfer-Encoding: base64

            JVBERg==
            """)
        XCTAssertEqual(message.textBody, "")
        XCTAssertEqual(message.attachments.map(\.filename), ["attachment-1.pdf"])
        XCTAssertEqual(message.attachments.first?.data, Data("%PDF".utf8))
    }

    func testLeadingBlankLinesAndMissingContentType() throws {
        let message = try MailParser.parse(Data("\r\n\r\nFrom: a@example.com\r\nSubject: hi\r\n\r\nplain".utf8))
        XCTAssertEqual(message.subject, "hi")
        XCTAssertEqual(message.textBody, "plain")
        XCTAssertNil(message.date)
        XCTAssertNil(message.messageID)
    }

    func testRaw8BitUTF8Headers() throws {
        let message = try parse("From: 王小二 <wang@example.com>\nTo: \"客服, 售后\" <kefu@example.com>\nSubject: 直接写的中文\n\nx")
        XCTAssertEqual(message.from, MailAddress(name: "王小二", address: "wang@example.com"))
        XCTAssertEqual(message.to, [MailAddress(name: "客服, 售后", address: "kefu@example.com")])
        XCTAssertEqual(message.subject, "直接写的中文")
    }

    func testAbsurdDateIsIgnoredNotTrapped() throws {
        XCTAssertNil(try parse("From: a@example.com\nDate: 1 Jan 9999999999999999 10:00 +0000\n\nx").date)
        XCTAssertNil(MailDate.parse("1 Jan 99999 10:00 +0000"))
    }
}
