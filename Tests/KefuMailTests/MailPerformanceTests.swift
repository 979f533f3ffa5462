import Foundation
import KefuMail
import XCTest

/// Speed bounds from the brief: a 10 MB attachment well under 1 s even in a debug build; 1,000
/// ordinary 5 KB messages well under 1 s in release (debug gets a looser bound).
final class MailPerformanceTests: XCTestCase {
    private static func seconds(_ body: () throws -> Void) rethrows -> Double {
        let start = DispatchTime.now().uptimeNanoseconds
        try body()
        return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
    }

    func testTenMegabyteAttachment() throws {
        var payload = [UInt8](repeating: 0, count: 10 * 1024 * 1024)
        for index in stride(from: 0, to: payload.count, by: 97) { payload[index] = UInt8(truncatingIfNeeded: index) }
        let attachment = MailAttachment(filename: "大文件.bin", contentType: "application/octet-stream", data: Data(payload))
        let mail = OutgoingMail(from: MailAddress(address: "a@example.com"), to: [MailAddress(address: "b@example.com")],
                                subject: "big", textBody: "see attached", messageID: "big@example.com",
                                date: Date(timeIntervalSince1970: 0), attachments: [attachment])
        let data = MailComposer.compose(mail)
        XCTAssertGreaterThan(data.count, 13_000_000)
        var message: MailMessage?
        let elapsed = try Self.seconds { message = try MailParser.parse(data) }
        print(String(format: "parse of a %.1f MB message with a 10 MiB attachment: %.3f s", Double(data.count) / 1e6, elapsed))
        XCTAssertLessThan(elapsed, 1.0)
        XCTAssertEqual(message?.attachments.first?.data, Data(payload))
        XCTAssertEqual(message?.textBody, "see attached")
    }

    func testTenMegabyteAttachmentWithoutPaddingOrFinalBoundary() throws {
        let payload = Data((0..<(10 * 1024 * 1024 + 1)).lazy.map { UInt8(truncatingIfNeeded: $0 &* 31) })
        var base64 = payload.base64EncodedData(options: [.lineLength76Characters, .endLineWithCarriageReturn, .endLineWithLineFeed])
        while base64.last == UInt8(ascii: "=") { base64.removeLast() }
        let data = Data("From: a@example.com\r\nContent-Type: multipart/mixed; boundary=b\r\n\r\n--b\r\nContent-Type: text/plain\r\n\r\nhi\r\n--b\r\nContent-Type: application/octet-stream\r\nContent-Transfer-Encoding: base64\r\n\r\n".utf8) + base64
        var message: MailMessage?
        let elapsed = try Self.seconds { message = try MailParser.parse(data) }
        print(String(format: "parse of a 10 MiB attachment without padding or final boundary: %.3f s", elapsed))
        XCTAssertLessThan(elapsed, 1.0)
        XCTAssertEqual(message?.attachments.first?.data, payload)
    }

    func testThousandOrdinaryMessages() throws {
        let body = String(repeating: "您好，我的订单 O-20261120-0007 还没有发货，请帮忙查一下。Thanks!\n", count: 40)
        let mail = OutgoingMail(
            from: MailAddress(name: "李雷", address: "li.lei@example.com"), to: [MailAddress(name: "客服", address: "support@kefu.test")],
            subject: "Re: 订单还没有发货 [#T-20261123-0042]", textBody: body, htmlBody: "<p>" + body + "</p>",
            messageID: "m@example.com", references: ["a@example.com", "b@example.com"], date: Date(timeIntervalSince1970: 0))
        let messages = (0..<1000).map { _ in MailComposer.compose(mail) }
        XCTAssertGreaterThan(messages[0].count, 5000)
        var parsed = 0
        let elapsed = try Self.seconds {
            for data in messages where try MailParser.parse(data).textBody == body { parsed += 1 }
        }
        XCTAssertEqual(parsed, 1000)
        print(String(format: "parse of 1,000 messages of %d bytes: %.3f s", messages[0].count, elapsed))
        #if DEBUG
        XCTAssertLessThan(elapsed, 10.0)
        #else
        XCTAssertLessThan(elapsed, 1.0)
        #endif
    }
}
