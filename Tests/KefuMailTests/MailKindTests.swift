import Foundation
import KefuMail
import XCTest

/// Auto-reply and bounce detection on synthetic headers (the corpus covers the real shapes).
final class MailKindTests: XCTestCase {
    private func kind(_ headers: String, body: String = "hi") throws -> MailKind {
        try MailParser.parse(Data((headers + "\n\n" + body + "\n").utf8)).kind
    }

    func testAutoSubmittedOtherThanNo() throws {
        XCTAssertEqual(try kind("From: a@x.example\nAuto-Submitted: auto-replied"), .autoReply)
        XCTAssertEqual(try kind("From: a@x.example\nAuto-Submitted: auto-generated; owner-email=\"a@x\""), .autoReply)
        XCTAssertEqual(try kind("From: a@x.example\nAuto-Submitted: No"), .regular)
    }

    func testAutoReplyFlagsAndPrecedence() throws {
        XCTAssertEqual(try kind("From: a@x.example\nX-Autoreply: yes"), .autoReply)
        XCTAssertEqual(try kind("From: a@x.example\nX-Autorespond: vacation"), .autoReply)
        for precedence in ["bulk", "junk", "list", "auto_reply", "Bulk"] {
            XCTAssertEqual(try kind("From: a@x.example\nPrecedence: \(precedence)"), .autoReply, precedence)
        }
        XCTAssertEqual(try kind("From: a@x.example\nPrecedence: first-class"), .regular)
    }

    func testSubjectPatternsCountOnlyWithAutoResponseSuppress() throws {
        let subjects = ["Auto: order", "Automatic reply: order", "Auto-Reply: order", "Out of Office: order",
                        "=?UTF-8?B?6Ieq5Yqo5Zue5aSNOiDorqLljZU=?=", "=?UTF-8?B?6Ieq5YuV5Zue6KaGOiDoqILllq4=?="]
        for subject in subjects {
            XCTAssertEqual(try kind("From: a@x.example\nSubject: \(subject)\nX-Auto-Response-Suppress: All"), .autoReply, subject)
            XCTAssertEqual(try kind("From: a@x.example\nSubject: \(subject)"), .regular, "subject alone: \(subject)")
        }
        XCTAssertEqual(try kind("From: a@x.example\nSubject: My order\nX-Auto-Response-Suppress: OOF, AutoReply"), .regular)
    }

    func testBounceSignals() throws {
        XCTAssertEqual(try kind("From: MAILER-DAEMON@mx.example"), .bounce)
        XCTAssertEqual(try kind("From: Mail System <postmaster@mx.example>"), .bounce)
        XCTAssertEqual(try kind("From: a@x.example\nX-Failed-Recipients: b@y.example"), .bounce)
        XCTAssertEqual(try kind("From: a@x.example\nAuto-Submitted: auto-replied\nX-Failed-Recipients: b@y.example"), .bounce,
                       "a bounce wins over an auto-reply")
    }

    func testEmptyReturnPathNeedsADeliveryStatusPart() throws {
        let report = """
            Return-Path: <>
            From: Delivery <notices@mx.example>
            Content-Type: multipart/mixed; boundary=r

            --r
            Content-Type: text/plain

            failed
            --r
            Content-Type: message/delivery-status

            Action: failed
            --r--
            """
        XCTAssertEqual(try MailParser.parse(Data(report.utf8)).kind, .bounce)
        XCTAssertEqual(try kind("Return-Path: <>\nFrom: notices@mx.example"), .regular)
    }
}
