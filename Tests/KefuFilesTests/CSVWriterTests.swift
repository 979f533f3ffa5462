import Foundation
import KefuFiles
import XCTest

final class CSVWriterTests: XCTestCase {
    func testQuotingAndCRLF() {
        let text = CSVWriter().string([["a", "b,c", "say \"hi\""], ["line\nbreak", "", "张三"]])
        XCTAssertEqual(text, "a,\"b,c\",\"say \"\"hi\"\"\"\r\n\"line\nbreak\",,张三\r\n")
    }

    func testExcelCompatibleDataStartsWithBOM() {
        let data = CSVWriter().data([["名"]])
        XCTAssertEqual([UInt8](data.prefix(3)), [0xEF, 0xBB, 0xBF])
        XCTAssertEqual(data.dropFirst(3), Data("名\r\n".utf8))
        XCTAssertEqual(CSVWriter(excelCompatible: false).data([["名"]]), Data("名\r\n".utf8))
    }

    func testFormulaLikeTextIsProtectedButNumbersAreNot() {
        let writer = CSVWriter()
        XCTAssertEqual(writer.string([["=HYPERLINK(\"x\")", "-12.50", "+86", "@SUM(A1)", "-", "-x"]]),
                       "\"'=HYPERLINK(\"\"x\"\")\",-12.50,+86,'@SUM(A1),-,'-x\r\n")
        XCTAssertEqual(CSVWriter(protectsFormulas: false).string([["=1+1"]]), "=1+1\r\n")
    }

    func testSemicolonSeparatorQuotesSemicolons() {
        XCTAssertEqual(CSVWriter(separator: .semicolon).string([["a;b", "c,d"]]), "\"a;b\";c,d\r\n")
    }

    func testRoundTripWithChineseQuotesAndNewlines() throws {
        let rows = [
            ["订单号", "收货人", "备注"],
            ["O-20261123-0001", "张三", "他说：\"尽快\"，谢谢"],
            ["O-20261123-0002", "李四, 王五", "第一行\r\n第二行\n第三行"],
            ["", " 前后空格 ", "😀 emoji"],
        ]
        for separator in [CSVSeparator.comma, .semicolon, .tab] {
            let data = CSVWriter(separator: separator).data(rows)
            let read = try CSVReader(separator: separator).rows(from: data)
            XCTAssertEqual(read.map(\.fields), rows)
            XCTAssertEqual(read.map(\.number), [1, 2, 3, 6])
        }
    }
}
