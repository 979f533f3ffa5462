import Foundation
import KefuFiles
import XCTest

final class CSVReaderTests: XCTestCase {
    func testSimpleRowsWithLineNumbers() throws {
        let rows = try CSVReader().rows(from: "a,b,c\n1,2,3\n")
        XCTAssertEqual(rows, [TableRow(number: 1, fields: ["a", "b", "c"]), TableRow(number: 2, fields: ["1", "2", "3"])])
    }

    func testQuotedFieldsWithCommasQuotesAndNewlines() throws {
        let text = "名称,备注\r\n\"张三, 李四\",\"他说\"\"退款\"\"\"\r\n\"多行\r\n备注\n第三行\",x\r\n末行,\"\"\r\n"
        let rows = try CSVReader().rows(from: text)
        XCTAssertEqual(rows.map(\.fields), [
            ["名称", "备注"],
            ["张三, 李四", "他说\"退款\""],
            ["多行\r\n备注\n第三行", "x"],
            ["末行", ""],
        ])
        XCTAssertEqual(rows.map(\.number), [1, 2, 3, 6], "a row's number is the line it starts on")
    }

    func testTrailingAndBlankLinesAreSkippedButCounted() throws {
        let rows = try CSVReader().rows(from: "a\n\n\nb\r\n\r\n\r\n")
        XCTAssertEqual(rows, [TableRow(number: 1, fields: ["a"]), TableRow(number: 4, fields: ["b"])])
    }

    func testEmptyFieldsAndMissingFinalNewline() throws {
        let rows = try CSVReader().rows(from: ",a,,\n\"\",b,")
        XCTAssertEqual(rows.map(\.fields), [["", "a", "", ""], ["", "b", ""]])
    }

    func testCarriageReturnOnlyLineEndings() throws {
        let rows = try CSVReader().rows(from: "a,b\rc,d\r")
        XCTAssertEqual(rows, [TableRow(number: 1, fields: ["a", "b"]), TableRow(number: 2, fields: ["c", "d"])])
    }

    func testTabAndSemicolonSeparators() throws {
        XCTAssertEqual(try CSVReader(separator: .tab).rows(from: "a\tb,c\t\"d\te\"\n").map(\.fields), [["a", "b,c", "d\te"]])
        XCTAssertEqual(try CSVReader(separator: .semicolon).rows(from: "a;1,5\n").map(\.fields), [["a", "1,5"]])
    }

    func testGuessSeparator() {
        XCTAssertEqual(CSVSeparator.guess(in: "a;b;c\n1;2,5;3"), .semicolon)
        XCTAssertEqual(CSVSeparator.guess(in: "a\tb\tc"), .tab)
        XCTAssertEqual(CSVSeparator.guess(in: "\"x;y;z\",b"), .comma)
        XCTAssertEqual(CSVSeparator.guess(in: "single"), .comma)
    }

    func testUnterminatedQuoteNamesTheLineItStartedOn() {
        let text = "a,b\n1,2\n3,\"never closed\n4,5\n"
        XCTAssertThrowsError(try CSVReader().rows(from: text)) { error in
            XCTAssertEqual(error as? FileFormatError, .unterminatedQuote(line: 3))
            XCTAssertEqual("\(error)", "quoted field starting on line 3 is never closed")
        }
    }

    func testTextAfterClosingQuoteIsKeptLikeExcel() throws {
        XCTAssertEqual(try CSVReader().rows(from: "\"ab\"c,d\n").map(\.fields), [["abc", "d"]])
    }

    func testGBKDataFromExcelIsDecoded() throws {
        let text = "订单号,金额\r\nO-1,\"1,234.50\"\r\n"
        let gbk = try XCTUnwrap(text.data(using: TextDecoding.gb18030))
        XCTAssertEqual(try CSVReader().rows(from: gbk).map(\.fields), [["订单号", "金额"], ["O-1", "1,234.50"]])
    }

    func testByteOrderMarkIsNotPartOfTheFirstField() throws {
        XCTAssertEqual(try CSVReader().rows(from: "\u{FEFF}id,名\n").first?.fields, ["id", "名"])
        let data = Data([0xEF, 0xBB, 0xBF]) + Data("id\n".utf8)
        XCTAssertEqual(try CSVReader().rows(from: data).first?.fields, ["id"])
    }

    func testTableRowSubscriptPadsShortRows() {
        let row = TableRow(number: 1, fields: ["a"])
        XCTAssertEqual(row[field: 0], "a")
        XCTAssertEqual(row[field: 5], "")
    }

    func testLegacyEncodingCanBeBig5() throws {
        let big5 = try XCTUnwrap("臺灣,資料\n".data(using: TextDecoding.big5))
        let rows = try CSVReader(legacyEncoding: TextDecoding.big5).rows(from: big5)
        XCTAssertEqual(rows.map(\.fields), [["臺灣", "資料"]])
    }

    func testForEachRowStreamsAndStopsAtTheFirstError() {
        var seen = [Int]()
        XCTAssertThrowsError(try CSVReader().forEachRow(in: "a\nb\nc\n") { row throws(FileFormatError) in
            seen.append(row.number)
            if row.number == 2 { throw .unterminatedQuote(line: 99) }
        }) { error in
            XCTAssertEqual(error as? FileFormatError, .unterminatedQuote(line: 99))
        }
        XCTAssertEqual(seen, [1, 2])
    }
}
