import Foundation
import KefuFiles
import XCTest
import ZIPFoundation

/// The OOXML our writer produces, part by part.
final class XLSXWriterTests: XCTestCase {
    func testPackageHasEveryPartItNames() throws {
        let parts = try Self.parts(XLSXWriter(sheets: [XLSXSheet(name: "A"), XLSXSheet(name: "B")]).data())
        XCTAssertEqual(Set(parts.keys), [
            "[Content_Types].xml", "_rels/.rels", "xl/workbook.xml", "xl/_rels/workbook.xml.rels", "xl/styles.xml",
            "xl/worksheets/sheet1.xml", "xl/worksheets/sheet2.xml", "xl/sharedStrings.xml",
        ])
        let contentTypes = try XCTUnwrap(parts["[Content_Types].xml"])
        for part in ["/xl/workbook.xml", "/xl/worksheets/sheet1.xml", "/xl/worksheets/sheet2.xml", "/xl/styles.xml",
                     "/xl/sharedStrings.xml"] {
            XCTAssertTrue(contentTypes.contains("PartName=\"\(part)\""), part)
        }
    }

    func testHeaderIsBoldAndFrozenAndWidthsFollowContent() throws {
        let sheet = XLSXSheet(name: "S", header: ["id", "收货地址"], rows: [
            [.text("1"), .text("广东省深圳市南山区科技园")],
            [.text("2"), .text("short")],
        ])
        let parts = try Self.parts(XLSXWriter(sheets: [sheet]).data())
        let xml = try XCTUnwrap(parts["xl/worksheets/sheet1.xml"])
        XCTAssertTrue(xml.contains("<pane ySplit=\"1\" topLeftCell=\"A2\" activePane=\"bottomLeft\" state=\"frozen\"/>"))
        XCTAssertTrue(xml.contains("<c r=\"A1\" s=\"1\" t=\"s\">"), "header cells use the bold style")
        XCTAssertTrue(xml.contains("<dimension ref=\"A1:B3\"/>"))
        // 12 CJK characters count 24, plus padding; "id" gets the minimum.
        XCTAssertTrue(xml.contains("<col min=\"1\" max=\"1\" width=\"8\" customWidth=\"1\"/>"))
        XCTAssertTrue(xml.contains("<col min=\"2\" max=\"2\" width=\"26\" customWidth=\"1\"/>"))
        let styles = try XCTUnwrap(parts["xl/styles.xml"])
        XCTAssertTrue(styles.contains("<font><b/>"))
        XCTAssertTrue(styles.contains("formatCode=\"yyyy-mm-dd\""))
    }

    func testRepeatedTextIsSharedOnce() throws {
        let rows: [[XLSXCell]] = (0..<50).map { _ in [.text("已发货"), .text("已发货")] }
        let parts = try Self.parts(XLSXWriter(sheets: [XLSXSheet(name: "S", rows: rows)]).data())
        let strings = try XCTUnwrap(parts["xl/sharedStrings.xml"])
        XCTAssertTrue(strings.contains("count=\"100\" uniqueCount=\"1\""))
    }

    func testMoneyAndDatesAreNumbersWithFormats() throws {
        let utc = TimeZone(identifier: "UTC")!
        let noon = Date(timeIntervalSince1970: 1_795_435_200) // 2026-11-23 12:00:00 UTC
        let sheet = XLSXSheet(name: "S", rows: [[
            .money(fen: 123_456_789), .date(noon, timeZone: utc), .dateTime(noon, timeZone: utc), .integer(7), .decimal(2.5),
        ]])
        let xml = try XCTUnwrap(Self.parts(XLSXWriter(sheets: [sheet]).data())["xl/worksheets/sheet1.xml"])
        XCTAssertTrue(xml.contains("<c r=\"A1\" s=\"2\"><v>1234567.89</v></c>"))
        XCTAssertTrue(xml.contains("<c r=\"B1\" s=\"3\"><v>46349</v></c>"))
        XCTAssertTrue(xml.contains("<c r=\"C1\" s=\"4\"><v>46349.5</v></c>"))
        XCTAssertTrue(xml.contains("<c r=\"D1\"><v>7</v></c><c r=\"E1\"><v>2.5</v></c>"))
    }

    func testSheetNamesAreMadeValidAndUnique() {
        let long = "供应商每日发货明细汇总表供应商每日发货明细汇总表供应商每日发货明细汇总表"
        XCTAssertEqual(XLSXSheet.sanitizedNames(["每日/汇总[1]", "'引号'", "", long, "history", "Dup", "dup", "a:b?c*d\\e"]), [
            "每日_汇总_1_", "引号", "Sheet3", String(long.prefix(31)), "history_", "Dup", "dup (2)", "a_b_c_d_e",
        ])
        let duplicates = XLSXSheet.sanitizedNames([long, long])
        XCTAssertEqual(duplicates[1], String(long.prefix(27)) + " (2)")
        XCTAssertTrue(duplicates.allSatisfy { $0.utf16.count <= 31 })
    }

    func testSanitizedNamesAreWhatReadersSee() throws {
        let data = try XLSXWriter(sheets: [XLSXSheet(name: "供应商:甲"), XLSXSheet(name: "供应商:甲")]).data()
        XCTAssertEqual(try XLSXReader(data: data).sheetNames, ["供应商_甲", "供应商_甲 (2)"])
    }

    func testColumnLetters() throws {
        let row: [XLSXCell] = Array(repeating: .integer(1), count: 28)
        let xml = try XCTUnwrap(Self.parts(XLSXWriter(sheets: [XLSXSheet(name: "S", rows: [row])]).data())["xl/worksheets/sheet1.xml"])
        XCTAssertTrue(xml.contains("<c r=\"Z1\">"))
        XCTAssertTrue(xml.contains("<c r=\"AB1\">"))
        XCTAssertTrue(xml.contains("<dimension ref=\"A1:AB1\"/>"))
    }

    func testExcelLimitsAreKept() throws {
        let wide = XLSXSheet(name: "宽表", rows: [Array(repeating: .empty, count: XLSXWriter.maximumColumns + 1)])
        XCTAssertThrowsError(try XLSXWriter(sheets: [wide]).data()) { error in
            XCTAssertEqual(error as? FileFormatError, .sheetTooLarge("宽表"))
        }
        let long = String(repeating: "长", count: XLSXWriter.maximumTextLength + 10)
        let data = try XLSXWriter(sheets: [XLSXSheet(name: "S", rows: [[.text(long)]])]).data()
        XCTAssertEqual(try XLSXReader(data: data).rows().first?.fields.first?.count, XLSXWriter.maximumTextLength)
    }

    /// Every part of a ZIP archive as UTF-8 text.
    static func parts(_ data: Data) throws -> [String: String] {
        let archive = try Archive(data: data, accessMode: .read)
        var parts = [String: String]()
        for entry in archive {
            var bytes = Data()
            _ = try archive.extract(entry) { bytes.append($0) }
            parts[entry.path] = String(decoding: bytes, as: UTF8.self)
        }
        return parts
    }
}
