import Foundation
import KefuMail
import XCTest

/// One test per real-world-shaped message in `Corpus/`.
final class MailParserCorpusTests: XCTestCase {
    func testPlainUTF8() throws {
        let message = try Corpus.message("plain-utf8")
        XCTAssertEqual(message.from, MailAddress(name: "李雷", address: "li.lei@example.com"))
        XCTAssertEqual(message.to, [MailAddress(address: "support@kefu.test")])
        XCTAssertEqual(message.subject, "订单还没有发货")
        XCTAssertEqual(message.messageID, "plain-1@example.com")
        XCTAssertEqual(message.date, Date(timeIntervalSince1970: 1_795_399_200))  // 2026-11-23 02:00 UTC
        XCTAssertEqual(message.textBody, "你好，\n我的订单 O-20261120-0007 还没有发货，请帮忙查一下。\nThanks, Li Lei\n")
        XCTAssertNil(message.htmlBody)
        XCTAssertEqual(message.attachments, [])
        XCTAssertEqual(message.kind, .regular)
        XCTAssertEqual(message.header("content-type"), "text/plain; charset=UTF-8")
    }

    func testGBKSubjectAndBodyInBase64() throws {
        let message = try Corpus.message("gbk-subject-b")
        XCTAssertEqual(message.subject, "退款申请：订单 O-20261120-0008")
        XCTAssertEqual(message.from?.name, "张三")
        XCTAssertEqual(message.textBody, "收到的商品有破损，申请退款。\n")
        XCTAssertEqual(message.headers.first { $0.name == "Subject" }?.rawValue.hasPrefix("=?GBK?B?"), true)
    }

    func testGB2312QuotedPrintableSubjectAndBody() throws {
        let message = try Corpus.message("gb2312-subject-q")
        XCTAssertEqual(message.subject, "发票问题")
        XCTAssertEqual(message.from?.name, "王五")
        XCTAssertEqual(message.textBody, "请开具增值税专用发票，谢谢！\n", "soft line break with a bare LF inside a CRLF message")
    }

    func testRawGB2312BodyAndHeadersWithoutCharsetAndWithLFLineEnds() throws {
        let message = try Corpus.message("raw-gb2312-no-charset")
        XCTAssertEqual(message.subject, "咨询配送时间")
        XCTAssertEqual(message.from, MailAddress(name: "赵六", address: "zhao.liu@example.cn"))
        XCTAssertEqual(message.textBody, "请问北京地区几天能送到？\n")
        XCTAssertEqual(message.date, Date(timeIntervalSince1970: 1_795_500_300), "no weekday, no seconds")
    }

    func testBig5InBase64AndQuotedPrintable() throws {
        let expected = "您好，我想查詢訂單的物流狀態。\n謝謝！\n"
        let base64 = try Corpus.message("big5-base64")
        XCTAssertEqual(base64.textBody, expected)
        XCTAssertEqual(base64.subject, "物流查詢")
        XCTAssertEqual(base64.from?.name, "陳小明")
        let quoted = try Corpus.message("big5-qp")
        XCTAssertEqual(quoted.textBody, expected)
        XCTAssertEqual(quoted.subject, "物流查詢")
        XCTAssertEqual(quoted.from, MailAddress(address: "chen@example.tw"))
    }

    func testNestedMixedAlternativeRelatedWithInlineImage() throws {
        let message = try Corpus.message("nested-multipart")
        XCTAssertEqual(message.from, MailAddress(name: "Sun, Qi", address: "sun.qi@example.com"))
        XCTAssertEqual(message.textBody, "The vase arrived broken, see the photo.\n花瓶碎了。")
        let html = try XCTUnwrap(message.htmlBody)
        XCTAssertTrue(html.contains("<img src=\"cid:photo1@example.com\">"))
        XCTAssertTrue(html.contains("<p>花瓶碎了。</p>"))
        XCTAssertEqual(message.attachments.count, 2)
        let image = message.attachments[0]
        XCTAssertEqual(image.contentType, "image/png")
        XCTAssertEqual(image.contentID, "photo1@example.com")
        XCTAssertTrue(image.isInline)
        XCTAssertEqual(image.filename, "attachment-1.png")
        XCTAssertEqual(image.data.prefix(8), Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]))
        let invoice = message.attachments[1]
        XCTAssertEqual(invoice.filename, "订单发票.pdf", "RFC 2047 GBK words in a quoted filename, as Outlook writes them")
        XCTAssertEqual(invoice.contentType, "application/pdf")
        XCTAssertFalse(invoice.isInline)
        XCTAssertNil(invoice.contentID)
        XCTAssertTrue(invoice.data.starts(with: Data("%PDF-1.4".utf8)))
    }

    func testHTMLOnlyBecomesReadableText() throws {
        let message = try Corpus.message("html-only")
        XCTAssertNotNil(message.htmlBody)
        XCTAssertEqual(message.textBody, """
            Hello team,
            Order O-20261120-0009 & its refund <pending>.
            Line one
            Line two
            Line three
            - first
            - second
            价格 ¥99 你好
            """)
    }

    func testForwardedMessageIsKeptWholeAsAnEMLAttachment() throws {
        let message = try Corpus.message("forwarded")
        XCTAssertEqual(message.textBody, "See the supplier's message below.")
        XCTAssertFalse(message.textBody.contains("INNER"))
        XCTAssertEqual(message.attachments.count, 1)
        let forwarded = message.attachments[0]
        XCTAssertEqual(forwarded.filename, "Re_ 发货确认.eml")
        XCTAssertEqual(forwarded.contentType, "message/rfc822")
        let inner = try MailParser.parse(forwarded.data)
        XCTAssertEqual(inner.messageID, "inner-1@supplier.example")
        XCTAssertEqual(inner.textBody, "INNER TEXT that must not become the ticket text.\n")
    }

    func testForwardedMessageAloneGivesNoText() throws {
        let message = try Corpus.message("forwarded-only")
        XCTAssertEqual(message.textBody, "")
        XCTAssertNil(message.htmlBody)
        XCTAssertEqual(message.attachments.map(\.filename), ["Re_ 发货确认.eml"])
    }

    func testOutlookAutoReply() throws {
        let message = try Corpus.message("outlook-auto-reply")
        XCTAssertEqual(message.kind, .autoReply)
        XCTAssertEqual(message.subject, "自动回复: 关于订单 [#T-20261123-0042]")
        XCTAssertEqual(message.textBody, "我在休假，12月1日回来。\n", "plain branch of the alternative")
        XCTAssertEqual(message.htmlBody, "<html><body><p>我在休假，12月1日回来。</p></body></html>")
        XCTAssertEqual(message.inReplyTo, ["kefu.reply-1@kefu.test"])
    }

    func testVacationReplyWithPrecedenceBulk() throws {
        let message = try Corpus.message("vacation-precedence")
        XCTAssertEqual(message.kind, .autoReply)
        XCTAssertEqual(message.date, Date(timeIntervalSince1970: 1_795_791_600))  // 15:00 UTC
    }

    func testOutlookNormalMailWithAutoResponseSuppressIsRegular() throws {
        XCTAssertEqual(try Corpus.message("outlook-normal").kind, .regular)
    }

    func testBounceReport() throws {
        let message = try Corpus.message("bounce-dsn")
        XCTAssertEqual(message.kind, .bounce)
        XCTAssertEqual(message.from?.address, "MAILER-DAEMON@mx.kefu.test")
        XCTAssertTrue(message.textBody.hasPrefix("I'm sorry to have to inform you"))
        XCTAssertTrue(message.textBody.contains("<nobody@nowhere.example>: host not found"))
        XCTAssertEqual(message.attachments.map(\.contentType), ["message/delivery-status", "text/rfc822-headers"])
        XCTAssertEqual(message.attachments.map(\.filename), ["attachment-1.txt", "attachment-2.txt"])
        XCTAssertEqual(message.date, Date(timeIntervalSince1970: 1_795_834_800), "trailing (UTC) comment")
    }

    func testBrokenBoundaryIsBrokenMIME() throws {
        let data = try Corpus.data("broken-boundary")
        XCTAssertEqual(parseError { _ = try MailParser.parse(data) }?.code, "broken_mime")
    }

    func testTruncatedBase64KeepsTheBytesThatArrived() throws {
        let message = try Corpus.message("truncated-base64")
        XCTAssertEqual(message.textBody, "Photo attached.")
        let attachment = try XCTUnwrap(message.attachments.first)
        XCTAssertEqual(attachment.filename, "data.bin")
        let expected = Data((0..<4).flatMap { _ in (0...255).map(UInt8.init) }.prefix(751))
        XCTAssertEqual(attachment.data, expected)
    }

    func testNoFromIsNoSender() throws {
        let data = try Corpus.data("no-from")
        XCTAssertEqual(parseError { _ = try MailParser.parse(data) }?.code, "no_sender")
    }

    func testEmptyFileIsEmpty() throws {
        let data = try Corpus.data("empty")
        XCTAssertEqual(parseError { _ = try MailParser.parse(data) }?.code, "empty")
    }

    func testFoldedHeadersAndEncodedWordsSplitAcrossLines() throws {
        let message = try Corpus.message("folded-encoded")
        XCTAssertEqual(message.subject, "关于退款进度的查询以及发票重新开具的申请，麻烦尽快处理",
                       "a character split between two encoded words on two lines")
        XCTAssertEqual(message.from, MailAddress(name: "Qian, Jiu", address: "qian.jiu@example.com"))
        XCTAssertEqual(message.to, [
            MailAddress(address: "support@kefu.test"),
            MailAddress(name: "客服组", address: "team@kefu.test"),
            MailAddress(name: "Ops (night)", address: "ops@kefu.test"),
        ])
        XCTAssertEqual(message.cc, [])
        XCTAssertEqual(message.header("X-Long-Header"), "first part of a long   plain header value")
        XCTAssertEqual(message.date, Date(timeIntervalSince1970: 1_795_968_000), "two-digit year, obsolete CST = -0600")
        XCTAssertEqual(message.textBody, "Folded headers.\n", "folded Content-Type parameters")
    }

    func testReplyWithThreadingHeadersAndTicketTag() throws {
        let message = try Corpus.message("reply-with-tag")
        XCTAssertEqual(message.subject, "Re: 订单还没有发货 [#T-20261123-0042]")
        XCTAssertEqual(MailSubjectTag.ticketNumber(in: message.subject), "T-20261123-0042")
        XCTAssertEqual(message.inReplyTo, ["kefu.reply-1@kefu.test"])
        XCTAssertEqual(message.references, ["plain-1@example.com", "kefu.reply-1@kefu.test"])
        XCTAssertEqual(message.threadReferences, ["kefu.reply-1@kefu.test", "plain-1@example.com"])
        XCTAssertEqual(message.to, [MailAddress(name: "Kefu Support", address: "support@kefu.test")])
        XCTAssertEqual(message.textBody, "还是没有收到。\n\n> On 2026-11-23 Kefu wrote:\n> We are checking.\n")
    }

    func testRFC2231FileNames() throws {
        let message = try Corpus.message("rfc2231-filename")
        XCTAssertEqual(message.textBody, "Two invoices attached.")
        XCTAssertEqual(message.attachments.map(\.filename), ["发票.pdf", "订单发票-2026.pdf", "attachment-3.bin"])
        XCTAssertEqual(message.attachments[2].data, Data([0, 1, 2]))
        XCTAssertEqual(message.attachments[2].contentType, "application/octet-stream")
    }

    func testEveryCorpusFileParsesOrFailsCleanlyWhenCutAnywhere() throws {
        let names = Corpus.allNames()
        XCTAssertGreaterThanOrEqual(names.count, 20)
        for name in names {
            let data = try Corpus.data(name)
            for length in stride(from: 0, through: data.count, by: 7) {
                do {
                    _ = try MailParser.parse(data.prefix(length))
                } catch {
                    XCTAssertFalse(error.code.isEmpty, name)
                }
            }
        }
    }
}
