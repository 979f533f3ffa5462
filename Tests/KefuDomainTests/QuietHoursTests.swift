import Foundation
import KefuDomain
import XCTest

final class QuietHoursTests: XCTestCase {
    static let shanghai = TimeZone(identifier: "Asia/Shanghai")!

    /// `2026-11-23 12:30` on the wall clock of Shanghai.
    static func at(_ text: String) -> Date {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = shanghai
        formatter.dateFormat = "yyyy-MM-dd HH:mm"
        return formatter.date(from: text)!
    }

    // R-CB-3: the default rest hours are 12:00–14:00 and 21:00–09:00; text round-trips; bad text is refused.
    func testQuietHoursParseAndPrint_R_CB_3() {
        XCTAssertEqual(QuietHours("12:00-14:00,21:00-09:00"), .standard)
        XCTAssertEqual(QuietHours.standard.description, "12:00-14:00,21:00-09:00")
        XCTAssertEqual(QuietHours(" 13:00 - 15:30 ")?.description, "13:00-15:30")
        XCTAssertEqual(QuietHours(""), QuietHours.none)
        for bad in ["12:00", "12-14", "12:00-12:00", "25:00-26:00", "12:00-14:00;21:00-09:00", "24:00-01:00"] {
            XCTAssertNil(QuietHours(bad), bad)
        }
        XCTAssertEqual(QuietHours.effective(memberText: nil, fallback: .standard), .standard, "no own rest hours: the setting")
        XCTAssertEqual(QuietHours.effective(memberText: "garbage", fallback: .standard), .standard, "unreadable: the setting")
        XCTAssertEqual(QuietHours.effective(memberText: "22:00-08:00", fallback: .standard).description, "22:00-08:00", "the member's own win")
        XCTAssertEqual(QuietHours.effective(memberText: "", fallback: .standard), QuietHours.none, "blank: call any time")
    }

    // R-CB-3: 12:30 is offered from 14:00; 21:30 from 09:00 the next morning; 08:00 from 09:00 the same day;
    // outside rest hours nothing moves; the ends themselves are free.
    func testNextAllowedLeavesTheRestItFallsIn_R_CB_3() {
        let zone = Self.shanghai
        let rest = QuietHours.standard
        XCTAssertEqual(rest.nextAllowed(from: Self.at("2026-11-23 12:30"), in: zone), Self.at("2026-11-23 14:00"))
        XCTAssertEqual(rest.nextAllowed(from: Self.at("2026-11-23 21:30"), in: zone), Self.at("2026-11-24 09:00"))
        XCTAssertEqual(rest.nextAllowed(from: Self.at("2026-11-24 08:00"), in: zone), Self.at("2026-11-24 09:00"))
        XCTAssertEqual(rest.nextAllowed(from: Self.at("2026-11-23 10:15"), in: zone), Self.at("2026-11-23 10:15"))
        XCTAssertEqual(rest.nextAllowed(from: Self.at("2026-11-23 14:00"), in: zone), Self.at("2026-11-23 14:00"))
        XCTAssertEqual(rest.nextAllowed(from: Self.at("2026-11-23 12:00"), in: zone), Self.at("2026-11-23 14:00"))
        XCTAssertEqual(rest.nextAllowed(from: Self.at("2026-11-23 20:59"), in: zone), Self.at("2026-11-23 20:59"))
        XCTAssertTrue(rest.contains(Self.at("2026-11-23 23:59"), in: zone))
        XCTAssertFalse(rest.contains(Self.at("2026-11-23 09:00"), in: zone))
        // The wall clock is the business zone's: 22:30 in Shanghai is 14:30 UTC, which is no rest in UTC.
        XCTAssertTrue(rest.contains(Self.at("2026-11-23 22:30"), in: zone))
        XCTAssertFalse(rest.contains(Self.at("2026-11-23 22:30"), in: TimeZone(identifier: "UTC")!))
        // Windows that touch are left together; windows covering the day leave no time.
        let chained = QuietHours("12:00-14:00,14:00-15:00")!
        XCTAssertEqual(chained.nextAllowed(from: Self.at("2026-11-23 12:30"), in: zone), Self.at("2026-11-23 15:00"))
        XCTAssertNil(QuietHours("00:00-24:00")!.nextAllowed(from: Self.at("2026-11-23 12:30"), in: zone))
        XCTAssertNil(QuietHours("08:00-20:00,20:00-08:00")!.nextAllowed(from: Self.at("2026-11-23 12:30"), in: zone))
        XCTAssertEqual(QuietHours.none.nextAllowed(from: Self.at("2026-11-23 03:00"), in: zone), Self.at("2026-11-23 03:00"))
    }
}
