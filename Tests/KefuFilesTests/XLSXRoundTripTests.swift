import Foundation
import KefuFiles
import XCTest

final class XLSXRoundTripTests: XCTestCase {
    let shanghai = TimeZone(identifier: "Asia/Shanghai")!
    /// 2026-11-23 23:30:15 in Shanghai (15:30:15 UTC): the calendar day differs from UTC's only in the evening.
    let lateEvening = Date(timeIntervalSince1970: 1_795_447_815)

    func testCellsOfEveryKindComeBackAsPeopleSeeThem() throws {
        let sheet = XLSXSheet(name: "订单", header: ["订单号", "金额", "数量", "比率", "下单日", "下单时间", "备注"], rows: [
            [.text("O-20261123-0001"), .money(fen: 123_450), .integer(3), .decimal(0.25),
             .date(lateEvening, timeZone: shanghai), .dateTime(lateEvening, timeZone: shanghai),
             .text("他说：\"尽快\" & <谢谢>\n第二行")],
            [.text("O-20261123-0002"), .money(fen: -5), .integer(-42), .decimal(1e-7), .empty, .empty, .text("  留空格  ")],
            [.text("O-20261123-0003"), .money(fen: 0), .integer(Int64.max), .decimal(.nan), .empty, .empty,
             .text("tab\there\r\nCRLF _x0041_ \u{01}")],
        ])
        let data = try XLSXWriter(sheets: [sheet]).data()
        let reader = try XLSXReader(data: data)
        XCTAssertEqual(reader.sheetNames, ["订单"])
        let rows = try reader.rows()
        XCTAssertEqual(rows.map(\.number), [1, 2, 3, 4])
        XCTAssertEqual(rows[0].fields, sheet.header)
        XCTAssertEqual(rows[1].fields, ["O-20261123-0001", "1234.50", "3", "0.25", "2026-11-23", "2026-11-23 23:30:15",
                                        "他说：\"尽快\" & <谢谢>\n第二行"])
        XCTAssertEqual(rows[2].fields, ["O-20261123-0002", "-0.05", "-42", "0.0000001", "", "", "  留空格  "])
        // A zero fraction is dropped like openpyxl's "42.0"; Int64.max keeps Excel's 15 significant digits.
        XCTAssertEqual(rows[3].fields, ["O-20261123-0003", "0", "9223372036854780000", "", "", "",
                                        "tab\there\r\nCRLF _x0041_ \u{01}"])
    }

    func testEmptyAndShortRowsKeepTheirNumbers() throws {
        let sheet = XLSXSheet(name: "S", header: ["a", "b", "c"], rows: [[.text("x")], [], [.empty, .empty], [.empty, .integer(7)]])
        let rows = try XLSXReader(data: XLSXWriter(sheets: [sheet]).data()).rows()
        XCTAssertEqual(rows, [
            TableRow(number: 1, fields: ["a", "b", "c"]),
            TableRow(number: 2, fields: ["x"]),
            TableRow(number: 5, fields: ["", "7"]),
        ])
    }

    func testSeveralSheetsAreReadByName() throws {
        let writer = XLSXWriter(sheets: [
            XLSXSheet(name: "汇总", header: ["供应商", "单数"], rows: [[.text("甲"), .integer(2)]]),
            XLSXSheet(name: "明细", rows: [[.text("O-1")], [.text("O-2")]]),
        ])
        let reader = try XLSXReader(data: writer.data())
        XCTAssertEqual(reader.sheetNames, ["汇总", "明细"])
        XCTAssertEqual(try reader.rows(sheet: "明细").map(\.fields), [["O-1"], ["O-2"]])
        XCTAssertEqual(try reader.rows().map(\.fields), [["供应商", "单数"], ["甲", "2"]])
        XCTAssertThrowsError(try reader.rows(sheet: "退款")) { error in
            XCTAssertEqual(error as? FileFormatError, .missingSheet("退款"))
        }
    }

    func testWorkbookWithoutSheetsHasOneEmptySheet() throws {
        let reader = try XLSXReader(data: XLSXWriter().data())
        XCTAssertEqual(reader.sheetNames, ["Sheet1"])
        XCTAssertEqual(try reader.rows(), [])
    }

    func testWrittenFileCanBeReadFromDisk() throws {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("kefu-\(UUID().uuidString).xlsx")
        defer { try? FileManager.default.removeItem(at: url) }
        try XLSXWriter(sheets: [XLSXSheet(name: "日报", rows: [[.text("你好")]])]).write(to: url)
        XCTAssertEqual(try XLSXReader(contentsOf: url).rows().first?.fields, ["你好"])
    }

    func testNonZipBytesAreNotAnXLSX() {
        for bytes in [Data("订单号,金额\n".utf8), Data(), Data([0x50, 0x4B, 0x03, 0x04, 0, 0])] {
            XCTAssertThrowsError(try XLSXReader(data: bytes)) { error in
                XCTAssertEqual(error as? FileFormatError, .notAnXLSX)
                XCTAssertEqual("\(error)", "not an XLSX workbook")
            }
        }
    }

    func testZipWithoutWorkbookIsNotAnXLSX() throws {
        let zip = try ZipBundle.data([ZipBundle.File(name: "readme.txt", data: Data("hi".utf8))])
        XCTAssertThrowsError(try XLSXReader(data: zip)) { error in
            XCTAssertEqual(error as? FileFormatError, .notAnXLSX)
        }
    }
}
