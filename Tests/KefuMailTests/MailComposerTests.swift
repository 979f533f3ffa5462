import Foundation
import KefuMail
import XCTest

final class MailComposerTests: XCTestCase {
    let date = Date(timeIntervalSince1970: 1_795_399_200)

    private func mail(subject: String = "Your ticket", text: String = "Hello\n", html: String? = nil,
                      attachments: [MailAttachment] = []) -> OutgoingMail {
        OutgoingMail(
            from: MailAddress(name: "Kefu Support", address: "support@kefu.test"),
            to: [MailAddress(name: "李雷", address: "li.lei@example.com")],
            subject: subject, textBody: text, htmlBody: html, messageID: "kefu.1@kefu.test", date: date,
            attachments: attachments)
    }

    /// The message split at CRLF, failing on any bare CR or LF.
    private func lines(_ data: Data, file: StaticString = #filePath, line: UInt = #line) -> [String] {
        let text = String(decoding: data, as: UTF8.self)
        let lines = text.components(separatedBy: "\r\n")
        for (index, each) in lines.enumerated() where each.contains("\n") || each.contains("\r") {
            XCTFail("bare line break in line \(index): \(each.debugDescription)", file: file, line: line)
        }
        return lines
    }

    private func headerBlock(_ data: Data) -> [String] {
        Array(lines(data).prefix { !$0.isEmpty })
    }

    func testPlainASCIIMessage() throws {
        let data = MailComposer.compose(mail())
        XCTAssertTrue(data.allSatisfy { $0 < 0x80 }, "7-bit clean")
        let headers = headerBlock(data)
        XCTAssertEqual(headers, [
            "Date: Mon, 23 Nov 2026 02:00:00 +0000",
            "From: Kefu Support <support@kefu.test>",
            "To: =?UTF-8?B?5p2O6Zu3?= <li.lei@example.com>",
            "Subject: Your ticket",
            "Message-ID: <kefu.1@kefu.test>",
            "MIME-Version: 1.0",
            "Content-Type: text/plain; charset=utf-8",
            "Content-Transfer-Encoding: quoted-printable",
        ])
        XCTAssertTrue(String(decoding: data, as: UTF8.self).hasSuffix("\r\n\r\nHello\r\n"))
    }

    func testNonASCIISubjectIsSplitIntoShortEncodedWords() throws {
        let subject = String(repeating: "关于退款进度的查询以及发票重新开具的申请，", count: 5) + " [#T-20261123-0042]"
        let data = MailComposer.compose(mail(subject: subject))
        let headers = headerBlock(data)
        let subjectLines = headers.drop { !$0.hasPrefix("Subject:") }.prefix { $0.hasPrefix("Subject:") || $0.hasPrefix(" ") }
        XCTAssertGreaterThan(subjectLines.count, 3)
        for line in headers { XCTAssertLessThanOrEqual(line.count, 78, line) }
        let words = subjectLines.joined().split(separator: " ").filter { $0.hasPrefix("=?") }
        for word in words {
            XCTAssertLessThanOrEqual(word.count, 75, String(word))
            XCTAssertTrue(word.hasPrefix("=?UTF-8?B?") && word.hasSuffix("?="))
        }
        XCTAssertEqual(subjectLines.last?.hasSuffix(" [#T-20261123-0042]"), true, "the ASCII tag stays readable")
        XCTAssertEqual(try MailParser.parse(data).subject, subject)
    }

    func testAddressHeadersQuoteAndEncodeNames() throws {
        var outgoing = mail()
        outgoing.to = [MailAddress(name: "Zhang, San \"Z\"", address: "z@example.com"), MailAddress(address: "bare@example.com"),
                       MailAddress(name: "客服组 Team", address: "team@kefu.test")]
        outgoing.cc = [MailAddress(name: "A.B.", address: "ab@example.com")]
        outgoing.replyTo = [MailAddress(name: "Queue", address: "queue@kefu.test")]
        let headers = headerBlock(MailComposer.compose(outgoing))
        XCTAssertTrue(headers.contains("To: \"Zhang, San \\\"Z\\\"\" <z@example.com>, bare@example.com,"), "\(headers)")
        XCTAssertTrue(headers.contains("Cc: \"A.B.\" <ab@example.com>"))
        XCTAssertTrue(headers.contains("Reply-To: Queue <queue@kefu.test>"))
        let parsed = try MailParser.parse(MailComposer.compose(outgoing))
        XCTAssertEqual(parsed.to, outgoing.to)
        XCTAssertEqual(parsed.cc, outgoing.cc)
        XCTAssertEqual(parsed.replyTo, outgoing.replyTo)
    }

    func testHeaderInjectionIsNeutralised() throws {
        var outgoing = mail(subject: "Hi\r\nBcc: evil@example.com")
        outgoing.from = MailAddress(name: "x\r\nBcc: evil@example.com", address: "support@kefu.test\r\nBcc: evil@example.com")
        outgoing.extraHeaders = [("X-Note", "a\nBcc: evil@example.com"), ("Bad Name", "x"), ("Bad:Name", "x"), ("", "x")]
        let headers = headerBlock(MailComposer.compose(outgoing))
        XCTAssertFalse(headers.contains { $0.hasPrefix("Bcc:") }, "\(headers)")
        XCTAssertFalse(headers.contains { $0.hasPrefix("Bad") })
        XCTAssertTrue(headers.contains("Subject: Hi  Bcc: evil@example.com"))
    }

    func testThreadingAndExtraHeaders() throws {
        var outgoing = mail()
        outgoing.inReplyTo = ["reply-2@example.com"]
        outgoing.references = (1...8).map { "<message-\($0)-with-a-rather-long-id@example.com>" }
        outgoing.extraHeaders = [("Auto-Submitted", "auto-replied"), ("X-Kefu-Ticket", "T-20261123-0042"), ("X-Queue", "售后")]
        let data = MailComposer.compose(outgoing)
        let headers = headerBlock(data)
        XCTAssertTrue(headers.contains("In-Reply-To: <reply-2@example.com>"))
        XCTAssertTrue(headers.contains("Auto-Submitted: auto-replied"))
        XCTAssertTrue(headers.contains("X-Queue: =?UTF-8?B?5ZSu5ZCO?="))
        for line in headers { XCTAssertLessThanOrEqual(line.count, 78, line) }
        let parsed = try MailParser.parse(data)
        XCTAssertEqual(parsed.references, (1...8).map { "message-\($0)-with-a-rather-long-id@example.com" })
        XCTAssertEqual(parsed.inReplyTo, ["reply-2@example.com"])
        XCTAssertEqual(parsed.header("X-Queue"), "售后")
        XCTAssertEqual(parsed.kind, .autoReply, "our own auto-replies are recognised as such")
        XCTAssertEqual(parsed.date, date)
    }

    func testChineseBodyIsBase64AndASCIIBodyIsQuotedPrintable() throws {
        let chinese = String(repeating: "您好，您的退款已经处理完毕，款项将在三到五个工作日内退回。\n", count: 5)
        let data = MailComposer.compose(mail(text: chinese))
        let all = lines(data)
        XCTAssertTrue(all.contains("Content-Transfer-Encoding: base64"))
        for line in all { XCTAssertLessThanOrEqual(line.count, 76) }
        XCTAssertEqual(try MailParser.parse(data).textBody, chinese)
    }

    func testQuotedPrintableKeepsAwkwardLinesIntact() throws {
        let text = ".\n.leading dot\nFrom the start\n= sign = here\ntrailing spaces   \ntab\t\n"
            + String(repeating: "long line with café ", count: 12) + "\n\n" + "no final newline é"
        let data = MailComposer.compose(mail(text: text))
        let body = lines(data).drop { !$0.isEmpty }.dropFirst()
        XCTAssertTrue(lines(data).contains("Content-Transfer-Encoding: quoted-printable"))
        for line in body {
            XCTAssertLessThanOrEqual(line.count, 76, line)
            XCTAssertFalse(line.hasPrefix("."), "a leading dot could end the message for sendmail")
            XCTAssertFalse(line.hasPrefix("From "), "mbox would mangle it")
            XCTAssertFalse(line.hasSuffix(" ") || line.hasSuffix("\t"), "trailing whitespace is lost in transit")
        }
        XCTAssertEqual(try MailParser.parse(data).textBody, text)
    }

    func testHTMLMakesAlternativeAndAttachmentsMakeMixed() throws {
        let png = Data([0x89, 0x50, 0x4E, 0x47, 0, 1, 2, 3])
        let attachments = [
            MailAttachment(filename: "发票.pdf", contentType: "application/pdf", data: Data("%PDF".utf8)),
            MailAttachment(filename: "logo.png", contentType: "image/png", data: png, contentID: "logo@kefu.test", isInline: true),
        ]
        let data = MailComposer.compose(mail(html: "<p>Hello <img src=\"cid:logo@kefu.test\"></p>", attachments: attachments))
        let text = String(decoding: data, as: UTF8.self)
        XCTAssertTrue(text.contains("Content-Type: multipart/mixed;\r\n boundary=\"=_kefu_"))
        XCTAssertTrue(text.contains("Content-Type: multipart/alternative;"))
        XCTAssertTrue(text.contains("Content-Type: multipart/related;"))
        XCTAssertTrue(text.contains("Content-Type: application/pdf;\r\n name=\"=?UTF-8?B?5Y+R56WoLnBkZg==?=\""))
        XCTAssertTrue(text.contains("Content-Disposition: attachment;\r\n filename*=UTF-8''%E5%8F%91%E7%A5%A8.pdf"))
        XCTAssertTrue(text.contains("Content-ID: <logo@kefu.test>"))
        let parsed = try MailParser.parse(data)
        XCTAssertEqual(parsed.textBody, "Hello\n")
        XCTAssertEqual(parsed.htmlBody, "<p>Hello <img src=\"cid:logo@kefu.test\"></p>")
        XCTAssertEqual(parsed.attachments.map(\.filename), ["logo.png", "发票.pdf"], "related parts come with the HTML")
        XCTAssertEqual(parsed.attachments[0].isInline, true)
        XCTAssertEqual(parsed.attachments[0].data, png)
    }

    func testLongNonASCIIFileNameUsesRFC2231Continuations() throws {
        let name = String(repeating: "非常长的附件名称", count: 6) + ".xlsx"
        let data = MailComposer.compose(mail(attachments: [MailAttachment(filename: name, contentType: "application/octet-stream", data: Data([1]))]))
        let all = lines(data)
        XCTAssertTrue(all.contains { $0.hasPrefix(" filename*0*=UTF-8''") })
        XCTAssertTrue(all.contains { $0.hasPrefix(" filename*1*=") })
        for line in all { XCTAssertLessThanOrEqual(line.count, 78, line) }
        XCTAssertEqual(try MailParser.parse(data).attachments.first?.filename, name)
    }

    func testForwardedMessageAttachmentIs8BitWithCRLF() throws {
        let eml = Data("From: a@example.com\nSubject: inner\n\nline\n".utf8)
        let data = MailComposer.compose(mail(attachments: [MailAttachment(filename: "inner.eml", contentType: "message/rfc822", data: eml)]))
        let text = String(decoding: data, as: UTF8.self)
        XCTAssertTrue(text.contains("Content-Transfer-Encoding: 8bit\r\n\r\nFrom: a@example.com\r\nSubject: inner\r\n\r\nline\r\n"))
        _ = lines(data)
        let parsed = try MailParser.parse(data)
        XCTAssertEqual(parsed.attachments.first?.filename, "inner.eml")
        XCTAssertEqual(try MailParser.parse(try XCTUnwrap(parsed.attachments.first?.data)).subject, "inner")
    }

    func testBoundariesAndMessageIDsAreFresh() {
        let attachment = MailAttachment(filename: "a.txt", contentType: "text/plain", data: Data("a".utf8))
        let first = MailComposer.compose(mail(attachments: [attachment]))
        let second = MailComposer.compose(mail(attachments: [attachment]))
        XCTAssertNotEqual(first, second)
        let id = MailComposer.newMessageID(domain: "kefu.test")
        XCTAssertTrue(id.hasPrefix("kefu.") && id.hasSuffix("@kefu.test"), id)
        XCTAssertFalse(id.contains("<") || id.contains(">"))
        XCTAssertNotEqual(id, MailComposer.newMessageID(domain: "kefu.test"))
        XCTAssertTrue(MailComposer.newMessageID(domain: "bad domain>\r\n").hasSuffix("@baddomain"))
    }

    func testDateInTheGivenZone() throws {
        var outgoing = mail()
        outgoing.timeZone = try XCTUnwrap(TimeZone(identifier: "Asia/Shanghai"))
        XCTAssertTrue(headerBlock(MailComposer.compose(outgoing)).contains("Date: Mon, 23 Nov 2026 10:00:00 +0800"))
    }
}
