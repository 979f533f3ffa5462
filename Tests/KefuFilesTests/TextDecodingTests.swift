import Foundation
import KefuFiles
import XCTest

final class TextDecodingTests: XCTestCase {
    let chinese = "订单号,收货人,备注\nO-20261123-0001,张三,退款\n"

    func testGBKBytesFromChineseExcelDecode() throws {
        let gbk = try XCTUnwrap(chinese.data(using: TextDecoding.gb18030))
        XCTAssertNil(String(data: gbk, encoding: .utf8), "the test bytes must not be UTF-8")
        let decoded = TextDecoding.decodeDetectingSource(gbk)
        XCTAssertEqual(decoded.text, chinese)
        XCTAssertEqual(decoded.source, .gb18030)
    }

    func testUTF8WithAndWithoutBOM() {
        let plain = Data(chinese.utf8)
        XCTAssertEqual(TextDecoding.decodeDetectingSource(plain).source, .utf8)
        XCTAssertEqual(TextDecoding.decode(plain), chinese)
        let withBOM = Data([0xEF, 0xBB, 0xBF]) + plain
        XCTAssertEqual(TextDecoding.decodeDetectingSource(withBOM).source, .utf8WithBOM)
        XCTAssertEqual(TextDecoding.decode(withBOM), chinese)
    }

    func testUTF16WithBOMs() throws {
        let little = try XCTUnwrap(chinese.data(using: .utf16LittleEndian))
        let big = try XCTUnwrap(chinese.data(using: .utf16BigEndian))
        XCTAssertEqual(TextDecoding.decode(Data([0xFF, 0xFE]) + little), chinese)
        XCTAssertEqual(TextDecoding.decode(Data([0xFE, 0xFF]) + big), chinese)
        XCTAssertEqual(TextDecoding.decodeDetectingSource(Data([0xFF, 0xFE]) + little).source, .utf16LittleEndian)
    }

    func testBig5WithPunctuationIsNotMistakenForGB18030() throws {
        let text = "訂單編號，收貨人：張三。"
        let big5 = try XCTUnwrap(text.data(using: TextDecoding.big5))
        let decoded = TextDecoding.decodeDetectingSource(big5)
        XCTAssertEqual(decoded.text, text)
        XCTAssertEqual(decoded.source, .big5)
    }

    func testBig5CanBePreferred() throws {
        let big5 = try XCTUnwrap("臺灣資料".data(using: TextDecoding.big5))
        XCTAssertEqual(TextDecoding.decode(big5, preferring: TextDecoding.big5), "臺灣資料")
    }

    func testUndecodableBytesFallBackToReplacementCharacters() {
        let decoded = TextDecoding.decodeDetectingSource(Data([0x41, 0xFF, 0x42]))
        XCTAssertEqual(decoded.source, .lossyUTF8)
        XCTAssertEqual(decoded.text, "A\u{FFFD}B")
        XCTAssertEqual(TextDecoding.decode(Data()), "")
    }
}
