import KefuMail
import XCTest

final class MailSubjectTagTests: XCTestCase {
    func testFindsTheTicketNumber() {
        XCTAssertEqual(MailSubjectTag.ticketNumber(in: "Re: 退款 [#T-20261123-0042]"), "T-20261123-0042")
        XCTAssertEqual(MailSubjectTag.ticketNumber(in: "[Kefu #T-20261123-0042] Re: refund"), "T-20261123-0042")
        XCTAssertEqual(MailSubjectTag.ticketNumber(in: "RE: [#T-20261123-123456 ] x"), "T-20261123-123456")
        XCTAssertEqual(MailSubjectTag.ticketNumber(in: "[list] [#T-20261123-0001] [#T-20261124-0002]"), "T-20261123-0001")
    }

    func testIgnoresLookalikes() {
        for subject in ["T-20261123-0042", "[T-20261123-0042]", "[#T-2026112-0042]", "[#T-20261123-042]",
                        "[#T-20261123-0042x]", "[#O-20261123-0042]", "[#T-20261123-0042", "", "[#T-２０２６１１２３-0042]"] {
            XCTAssertNil(MailSubjectTag.ticketNumber(in: subject), subject)
        }
    }

    func testTaggedAppendsOnce() {
        let number = "T-20261123-0042"
        XCTAssertEqual(MailSubjectTag.tagged("退款申请", number: number), "退款申请 [#T-20261123-0042]")
        XCTAssertEqual(MailSubjectTag.tagged("Re: 退款申请 [#T-20261123-0042]", number: number), "Re: 退款申请 [#T-20261123-0042]")
        XCTAssertEqual(MailSubjectTag.tagged("[Kefu #T-20261123-0042] x", number: number), "[Kefu #T-20261123-0042] x")
        XCTAssertEqual(MailSubjectTag.tagged("", number: number), "[#T-20261123-0042]")
        XCTAssertEqual(MailSubjectTag.tagged("Fwd: [#T-20261120-0001]", number: number), "Fwd: [#T-20261120-0001] [#T-20261123-0042]")
        let once = MailSubjectTag.tagged("Hello", number: number)
        XCTAssertEqual(MailSubjectTag.tagged(once, number: number), once)
    }
}
