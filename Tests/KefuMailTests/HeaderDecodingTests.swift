import Foundation
@testable import KefuMail
import XCTest

/// RFC 2047 words, charsets, address lists, message ids and parameters, on their own.
final class HeaderDecodingTests: XCTestCase {
    func testEncodedWordsInEveryChineseCharset() throws {
        for charset in ["gb2312", "GBK", "gb18030", "x-gbk", "cp936"] {
            let bytes = try XCTUnwrap("客服".data(using: .init(rawValue: 0x8000_0632)))
            XCTAssertEqual(EncodedWords.decode("=?\(charset)?B?\(bytes.base64EncodedString())?="), "客服", charset)
        }
        let big5 = try XCTUnwrap("客服".data(using: .init(rawValue: 0x8000_0A03)))
        for charset in ["big5", "Big5-HKSCS", "cp950"] {
            XCTAssertEqual(EncodedWords.decode("=?\(charset)?B?\(big5.base64EncodedString())?="), "客服", charset)
        }
    }

    func testEncodedWordEdgeCases() {
        XCTAssertEqual(EncodedWords.decode("=?utf-8?q?caf=C3=A9_au_lait?="), "café au lait")
        XCTAssertEqual(EncodedWords.decode("=?ISO-8859-1?Q?Andr=E9?= Pirard"), "André Pirard")
        XCTAssertEqual(EncodedWords.decode("=?windows-1252?Q?=93quoted=94?="), "“quoted”")
        XCTAssertEqual(EncodedWords.decode("=?UTF-8?B?5L2g?=  \t =?UTF-8?B?5aW9?="), "你好", "whitespace between words dropped")
        XCTAssertEqual(EncodedWords.decode("Re: =?UTF-8?B?5L2g5aW9?= again"), "Re: 你好 again")
        XCTAssertEqual(EncodedWords.decode("=?UTF-8?B?5L2g5aW9?="), "你好", "missing padding")
        XCTAssertEqual(EncodedWords.decode("=?UTF-8*zh?B?5L2g5aW9?="), "你好", "RFC 2231 language tag")
        XCTAssertEqual(EncodedWords.decode("a =?bad word?= b =?x?Z?y?= c"), "a =?bad word?= b =?x?Z?y?= c")
        XCTAssertEqual(EncodedWords.decode("=?utf-8?B?"), "=?utf-8?B?")
        XCTAssertEqual(EncodedWords.decode("=?UTF-16?B?AEgAaQ==?="), "Hi")
    }

    func testISO2022JPEncodedWord() {
        XCTAssertEqual(EncodedWords.decode("=?ISO-2022-JP?B?GyRCRnxLXDhsGyhC?="), "日本語")
    }

    func testCharsetFallbacks() throws {
        let gbk = try XCTUnwrap("中文".data(using: .init(rawValue: 0x8000_0632)))
        XCTAssertEqual(Charset.decode(gbk, charset: "utf-8"), "中文", "GBK mislabelled as UTF-8")
        XCTAssertEqual(Charset.decode(gbk, charset: "us-ascii"), "中文", "8-bit under an ASCII label")
        XCTAssertEqual(Charset.decode(gbk, charset: "x-unknown-charset"), "中文")
        XCTAssertEqual(Charset.decode(gbk, charset: nil), "中文")
        XCTAssertEqual(Charset.decode(Data([0xE9]), charset: "\"ISO-8859-1\""), "é")
    }

    func testAddressLists() {
        XCTAssertEqual(MailAddress.parseList("a@example.com"), [MailAddress(address: "a@example.com")])
        XCTAssertEqual(MailAddress.parseList("<a@example.com>"), [MailAddress(address: "a@example.com")])
        XCTAssertEqual(MailAddress.parseList("a@example.com (Zhang San)"), [MailAddress(name: "Zhang San", address: "a@example.com")])
        XCTAssertEqual(MailAddress.parseList("\"Zhang \\\"Z\\\" San\" <a@example.com>"),
                       [MailAddress(name: "Zhang \"Z\" San", address: "a@example.com")])
        XCTAssertEqual(MailAddress.parseList("Zhang, San <a@example.com>, b@example.com"),
                       [MailAddress(name: "Zhang, San", address: "a@example.com"), MailAddress(address: "b@example.com")])
        XCTAssertEqual(MailAddress.parseList("Team: a@example.com, B <b@example.com>;, c@example.com"),
                       ["a@example.com", "b@example.com", "c@example.com"].map { MailAddress(name: $0 == "b@example.com" ? "B" : nil, address: $0) })
        XCTAssertEqual(MailAddress.parseList("\"=?UTF-8?B?5byg5LiJ?=\" <z@example.com>"), [MailAddress(name: "张三", address: "z@example.com")])
        XCTAssertEqual(MailAddress.parseList("=?UTF-8?Q?Li=2C_Lei?= <l@example.com>"), [MailAddress(name: "Li, Lei", address: "l@example.com")])
        XCTAssertEqual(MailAddress.parseList("<@route.example:a@example.com>"), [MailAddress(address: "a@example.com")])
        XCTAssertEqual(MailAddress.parseList("Mail Delivery System <MAILER-DAEMON>").first?.localPart, "MAILER-DAEMON")
        XCTAssertEqual(MailAddress.parseList("undisclosed-recipients:;"), [])
        XCTAssertEqual(MailAddress.parseList(""), [])
    }

    func testMessageIDLists() {
        XCTAssertEqual(MessageIDList.parse("<a@x> <b@x>\r\n <c@x>"), ["a@x", "b@x", "c@x"])
        XCTAssertEqual(MessageIDList.parse("<a@x> (Zhang San's message of Mon, 23 Nov 2026)"), ["a@x"])
        XCTAssertEqual(MessageIDList.parse("<a@x>,<b@x>"), ["a@x", "b@x"])
        XCTAssertEqual(MessageIDList.parse("bare@x"), ["bare@x"])
        XCTAssertEqual(MessageIDList.parse("<>"), [])
        XCTAssertEqual(MessageIDList.parse(nil), [])
    }

    func testParameters() {
        let type = HeaderParameters("Text/Plain (body); Charset=\"GBK\"; format=flowed; name=\"a \\\"b\\\".txt\"")
        XCTAssertEqual(type.value, "text/plain")
        XCTAssertEqual(type["charset"], "GBK")
        XCTAssertEqual(type["format"], "flowed")
        XCTAssertEqual(type["name"], "a \"b\".txt")
        XCTAssertNil(type["missing"])
        XCTAssertEqual(HeaderParameters("attachment; filename=my file.pdf")["filename"], "my file.pdf")
        XCTAssertEqual(HeaderParameters("attachment; filename=\"C:\\dir\\x.pdf\"")["filename"], "C:\\dir\\x.pdf")
        XCTAssertEqual(HeaderParameters("attachment; filename*=\"UTF-8''%E5%8F%91%E7%A5%A8.pdf\"")["filename"], "发票.pdf")
        XCTAssertEqual(HeaderParameters("attachment; filename*=utf-8'zh-cn'%E5%8F%91; filename=plain.pdf")["filename"], "发")
        XCTAssertEqual(HeaderParameters("attachment; filename*1=\"b.txt\"; filename*0=\"a-\"")["filename"], "a-b.txt")
        XCTAssertEqual(HeaderParameters(nil).value, "")
    }

    func testAttachmentNamesAreMadeSafe() {
        XCTAssertEqual(MailAttachment.sanitized("../../etc/passwd"), "passwd")
        XCTAssertEqual(MailAttachment.sanitized("C:\\Users\\me\\发票.pdf"), "发票.pdf")
        XCTAssertEqual(MailAttachment.sanitized(" a\u{0}b.txt "), "ab.txt")
        XCTAssertEqual(MailAttachment.sanitized(".."), "")
    }

    func testHeaderBlockLeniency() throws {
        let message = try MailParser.parse(Data("""
            From sender@example.com Mon Nov 23 10:00:00 2026
            From : Old Style <old@example.com>
            Subject:no space
            X-Empty:
            Subject: second subject

            body
            """.utf8))
        XCTAssertEqual(message.from?.address, "old@example.com", "mbox From_ line skipped, obsolete space before colon")
        XCTAssertEqual(message.subject, "no space")
        XCTAssertEqual(message.headerValues("subject"), ["no space", "second subject"])
        XCTAssertEqual(message.header("x-empty"), "")
        XCTAssertEqual(message.textBody, "body")
    }

    func testHeaderBlockWithoutBlankLineEndsAtFirstNonHeaderLine() throws {
        let message = try MailParser.parse(Data("From: a@example.com\nSubject: hi\nThis line is body.\n".utf8))
        XCTAssertEqual(message.subject, "hi")
        XCTAssertEqual(message.textBody, "This line is body.\n")
    }
}
