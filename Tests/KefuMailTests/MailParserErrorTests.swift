import Foundation
import KefuMail
import XCTest

/// What the parser refuses, and what it must survive without trapping.
final class MailParserErrorTests: XCTestCase {
    func testEmptyAndBlankInputAreEmpty() {
        XCTAssertEqual(parseError { _ = try MailParser.parse(Data()) }?.code, "empty")
        XCTAssertEqual(parseError { _ = try MailParser.parse(Data(" \r\n\r\n\t".utf8)) }?.code, "empty")
    }

    func testTextWithoutHeaderBlockIsNoHeaders() {
        let error = parseError { _ = try MailParser.parse(Data("Hello, this is just text.\nNo headers.\n".utf8)) }
        XCTAssertEqual(error?.code, "no_headers")
        XCTAssertEqual(error?.errorDescription, "the message has no header block")
    }

    func testSenderHeaderStandsInForMissingFrom() throws {
        let message = try MailParser.parse(Data("Sender: Robot <robot@example.com>\nSubject: x\n\nbody\n".utf8))
        XCTAssertEqual(message.from, MailAddress(name: "Robot", address: "robot@example.com"))
    }

    func testFromWithoutAnyAddressIsNoSender() {
        XCTAssertEqual(parseError { _ = try MailParser.parse(Data("From: \nSubject: x\n\nbody\n".utf8)) }?.code, "no_sender")
    }

    func testTooLarge() {
        let data = Data("From: a@example.com\n\n".utf8) + Data(repeating: 0x41, count: 2000)
        let error = parseError { _ = try MailParser.parse(data, maxBytes: 1000) }
        XCTAssertEqual(error?.code, "too_large")
        XCTAssertNoThrow(try MailParser.parse(data, maxBytes: 5000))
        XCTAssertEqual(MailParser.defaultMaxBytes, 25 * 1024 * 1024)
    }

    func testNestedMultipartWithMissingBoundaryDoesNotLoseTheRest() throws {
        let message = try MailParser.parse(Data("""
            From: a@example.com
            Content-Type: multipart/mixed; boundary=outer

            --outer
            Content-Type: text/plain

            kept
            --outer
            Content-Type: multipart/alternative; boundary=inner

            no inner boundary here
            --outer--

            """.utf8))
        XCTAssertEqual(message.textBody, "kept")
    }

    func testMultipartWithoutBoundaryParameterUsesTheFirstDashLine() throws {
        let message = try MailParser.parse(Data("""
            From: a@example.com
            Content-Type: multipart/mixed

            --guess
            Content-Type: text/plain

            guessed
            --guess--

            """.utf8))
        XCTAssertEqual(message.textBody, "guessed")
    }

    func testMissingFinalBoundaryTakesWhatIsThere() throws {
        let message = try MailParser.parse(Data("""
            From: a@example.com
            Content-Type: multipart/alternative; boundary="b"

            --b
            Content-Type: text/plain; charset=utf-8

            the text
            --b
            Content-Type: text/html; charset=utf-8

            <p>the html</p>
            """.utf8))
        XCTAssertEqual(message.textBody, "the text")
        XCTAssertEqual(message.htmlBody, "<p>the html</p>")
    }

    func testDeepNestingDoesNotOverflow() throws {
        var text = "From: a@example.com\nContent-Type: multipart/mixed; boundary=b0\n\n"
        for depth in 1...500 { text += "--b\(depth - 1)\nContent-Type: multipart/mixed; boundary=b\(depth)\n\n" }
        text += "--b500\nContent-Type: text/plain\n\ndeep\n"
        XCTAssertNoThrow(try MailParser.parse(Data(text.utf8)))
    }

    func testRandomBytesNeverTrap() {
        var generator = SeededGenerator(seed: 42)
        let alphabet = Array("From: a@b\r\n--=?Q?B?\"<>;:\t boundary=multipart/mixed%E5Content-Type".utf8) + [0x00, 0xFF, 0xC4, 0xE3]
        for _ in 0..<300 {
            let length = Int.random(in: 0..<400, using: &generator)
            let bytes = (0..<length).map { _ in alphabet[Int.random(in: 0..<alphabet.count, using: &generator)] }
            _ = try? MailParser.parse(Data("From: x@y\r\nContent-Type: multipart/mixed; boundary=\"=?\"\r\n\r\n".utf8) + Data(bytes))
            _ = try? MailParser.parse(Data(bytes))
        }
    }
}

/// A small deterministic generator (SplitMix64) so random tests repeat.
struct SeededGenerator: RandomNumberGenerator {
    private var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var value = state
        value = (value ^ (value >> 30)) &* 0xBF58_476D_1CE4_E5B9
        value = (value ^ (value >> 27)) &* 0x94D0_49BB_1331_11EB
        return value ^ (value >> 31)
    }
}
