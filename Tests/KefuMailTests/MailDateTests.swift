import Foundation
import KefuMail
import XCTest

final class MailDateTests: XCTestCase {
    /// 2026-11-23 02:00:00 UTC.
    let instant = Date(timeIntervalSince1970: 1_795_399_200)

    func testRFC5322AndObsoleteForms() {
        let same = [
            "Mon, 23 Nov 2026 10:00:00 +0800",
            "Mon, 23 Nov 2026 10:00:00 +0800 (CST)",
            "23 Nov 2026 10:00 +0800",
            "Mon,23 Nov 2026 10:00:00 +08:00",
            "Mon, 23 Nov 26 02:00:00 GMT",
            "Mon, 23 Nov 2026 02:00:00 UT",
            "Mon, 23 Nov 2026 02:00:00 Z",
            "Mon, 23 Nov 2026 02:00:00",
            "Sun, 22 Nov 2026 21:00:00 EST",
            "Sun, 22 Nov 2026 22:00:00 EDT",
            "Sun, 22 Nov 2026 18:00:00 PST",
            "Mon Nov 23 02:00:00 2026",
            "Mon, 23 Nov 2026 10:00:00+0800",
            "Monday, 23 November 2026 10:00:00 +0800",
            "Mon, 23 Nov 2026 02:00:60 +0000",
        ]
        for text in same {
            let parsed = MailDate.parse(text)
            XCTAssertEqual(parsed?.timeIntervalSince1970.rounded(.down), text.hasSuffix(":60 +0000") ? 1_795_399_259 : 1_795_399_200, text)
        }
        XCTAssertEqual(MailDate.parse("Fri, 1 Jan 99 00:00:00 +0000"), Date(timeIntervalSince1970: 915_148_800))
    }

    func testUnreadableDates() {
        for text in ["", "yesterday", "Mon, 23 Foo 2026 10:00:00 +0800", "Mon, 23 Nov 2026", "32 Nov 2026 10:00 +0000 32"] {
            XCTAssertNil(MailDate.parse(text), text)
        }
    }

    func testFormat() throws {
        XCTAssertEqual(MailDate.format(instant), "Mon, 23 Nov 2026 02:00:00 +0000")
        let shanghai = try XCTUnwrap(TimeZone(identifier: "Asia/Shanghai"))
        XCTAssertEqual(MailDate.format(instant, timeZone: shanghai), "Mon, 23 Nov 2026 10:00:00 +0800")
        let newYork = try XCTUnwrap(TimeZone(identifier: "America/New_York"))
        XCTAssertEqual(MailDate.format(instant, timeZone: newYork), "Sun, 22 Nov 2026 21:00:00 -0500")
        XCTAssertEqual(MailDate.format(Date(timeIntervalSince1970: 951_782_400)), "Tue, 29 Feb 2000 00:00:00 +0000")
        XCTAssertEqual(MailDate.format(Date(timeIntervalSince1970: -1)), "Wed, 31 Dec 1969 23:59:59 +0000")
    }

    func testFormatThenParseIsTheSameInstant() {
        var generator = SeededGenerator(seed: 7)
        for _ in 0..<200 {
            let date = Date(timeIntervalSince1970: TimeInterval(Int.random(in: 0..<4_102_444_800, using: &generator)))
            XCTAssertEqual(MailDate.parse(MailDate.format(date)), date)
        }
    }
}
