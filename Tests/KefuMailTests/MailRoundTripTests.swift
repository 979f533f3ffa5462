import Foundation
import KefuMail
import XCTest

/// `MailParser.parse(MailComposer.compose(m))` gives `m` back, for many generated messages.
final class MailRoundTripTests: XCTestCase {
    private let words = ["Re:", "订单", "退款", "[#T-20261123-0042]", "hello", "café", "發票", "😀", "a=?b?=c", "O-20261120-0007",
                         "=", "\"quoted\"", "(paren)", "Zhang,", "很长的中文标题需要被拆分成多个编码字", "x"]
    private let names: [String?] = [nil, "Li Lei", "李雷", "Zhang, San", "客服 Team", "\"Q\" Ltd.", "O'Brien", "😀 Emoji"]
    private let lineChoices = ["Hello,", "您好，您的订单已经发货。", "", ".", "From the warehouse", "price = ¥99  ", "\tindented",
                               String(repeating: "long ", count: 30), String(repeating: "很长", count: 60), "> quoted reply"]

    func testGeneratedMessagesSurviveTheRoundTrip() throws {
        var generator = SeededGenerator(seed: 2026)
        for round in 0..<150 {
            let mail = randomMail(&generator, round: round)
            let data = MailComposer.compose(mail)
            let parsed = try MailParser.parse(data)
            let context = "round \(round)"
            XCTAssertEqual(parsed.subject, mail.subject, context)
            XCTAssertEqual(parsed.from, mail.from, context)
            XCTAssertEqual(parsed.to, mail.to, context)
            XCTAssertEqual(parsed.cc, mail.cc, context)
            XCTAssertEqual(parsed.messageID, mail.messageID, context)
            XCTAssertEqual(parsed.inReplyTo, mail.inReplyTo, context)
            XCTAssertEqual(parsed.references, mail.references, context)
            XCTAssertEqual(parsed.date, mail.date, context)
            if mail.htmlBody != nil, mail.textBody.allSatisfy(\.isWhitespace) {
                XCTAssertFalse(parsed.textBody.allSatisfy(\.isWhitespace), "a blank text part gives way to the HTML, \(context)")
            } else {
                XCTAssertEqual(parsed.textBody, mail.textBody, context)
            }
            XCTAssertEqual(parsed.htmlBody, mail.htmlBody, context)
            XCTAssertEqual(parsed.kind, .regular, context)
            XCTAssertEqual(sorted(parsed.attachments), sorted(mail.attachments), context)
            for line in String(decoding: data, as: UTF8.self).components(separatedBy: "\r\n") {
                XCTAssertFalse(line.contains("\n") || line.contains("\r"), context)
                XCTAssertLessThanOrEqual(line.utf8.count, 998, context)
            }
        }
    }

    private func sorted(_ attachments: [MailAttachment]) -> [MailAttachment] {
        attachments.sorted { $0.filename < $1.filename }
    }

    private func randomMail(_ generator: inout SeededGenerator, round: Int) -> OutgoingMail {
        func pick<T>(_ items: [T]) -> T { items[Int.random(in: 0..<items.count, using: &generator)] }
        func address(_ index: Int) -> MailAddress { MailAddress(name: pick(names), address: "user\(index)@example.com") }
        let subject = (0..<Int.random(in: 1...12, using: &generator)).map { _ in pick(words) }.joined(separator: " ")
        var text = (0..<Int.random(in: 0...8, using: &generator)).map { _ in pick(lineChoices) }.joined(separator: "\n")
        if Bool.random(using: &generator) { text += "\n" }
        let html: String? = Bool.random(using: &generator) ? "<p>\(pick(lineChoices))</p>\n<p>\(pick(words))</p>" : nil
        var attachments = [MailAttachment]()
        for index in 0..<Int.random(in: 0...3, using: &generator) {
            let bytes = (0..<Int.random(in: 0...3000, using: &generator)).map { _ in UInt8.random(in: 0...255, using: &generator) }
            let filename = pick(["发票", "report", "a very long file name that needs continuation lines in headers", "订单 (1)", "é"])
                + "-\(index)." + pick(["pdf", "png", "xlsx"])
            let inline = Bool.random(using: &generator)
            attachments.append(MailAttachment(filename: filename, contentType: pick(["application/pdf", "image/png", "application/octet-stream"]),
                                              data: Data(bytes), contentID: inline ? "part\(index).\(round)@kefu.test" : nil,
                                              isInline: inline))
        }
        return OutgoingMail(
            from: address(0), to: (1...Int.random(in: 1...3, using: &generator)).map(address),
            cc: (0..<Int.random(in: 0...2, using: &generator)).map { address(10 + $0) },
            subject: subject, textBody: text, htmlBody: html, messageID: MailComposer.newMessageID(domain: "kefu.test"),
            inReplyTo: round % 3 == 0 ? [] : ["parent-\(round)@example.com"],
            references: (0..<Int.random(in: 0...12, using: &generator)).map { "ref-\($0)-\(round)@example.com" },
            date: Date(timeIntervalSince1970: TimeInterval(1_795_399_200 + round * 3607)),
            attachments: attachments)
    }
}
