import Foundation
import KefuFiles
import XCTest
import ZIPFoundation

final class ZipBundleTests: XCTestCase {
    func testBundleHoldsNamedFilesWithUTF8Names() throws {
        let csv = CSVWriter().data([["订单号"], ["O-1"]])
        let data = try ZipBundle.data([
            .init(name: "供应商甲.csv", data: csv),
            .init(name: "明细/供应商乙.xlsx", data: try XLSXWriter().data()),
            .init(name: "empty.txt", data: Data()),
        ])
        let archive = try Archive(data: data, accessMode: .read)
        XCTAssertEqual(archive.map(\.path), ["供应商甲.csv", "明细/供应商乙.xlsx", "empty.txt"])
        let entry = try XCTUnwrap(archive["供应商甲.csv"])
        var extracted = Data()
        _ = try archive.extract(entry) { extracted.append($0) }
        XCTAssertEqual(extracted, csv)
    }

    func testDuplicateAndUnsafeNamesAreRefused() {
        let file = Data("x".utf8)
        XCTAssertThrowsError(try ZipBundle.data([.init(name: "a.csv", data: file), .init(name: "a.csv", data: file)])) {
            XCTAssertEqual($0 as? FileFormatError, .duplicateEntry("a.csv"))
        }
        for name in ["", "/etc/passwd", "../up.csv", "a//b.csv", "dir\\x.csv"] {
            XCTAssertThrowsError(try ZipBundle.data([.init(name: name, data: file)]), name) {
                XCTAssertEqual($0 as? FileFormatError, .invalidEntryName(name))
            }
        }
    }

    func testBundleWritesToDisk() throws {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("kefu-\(UUID().uuidString).zip")
        defer { try? FileManager.default.removeItem(at: url) }
        try ZipBundle.write([.init(name: "日报.csv", data: Data("a".utf8))], to: url)
        XCTAssertEqual(try Archive(url: url, accessMode: .read).map(\.path), ["日报.csv"])
    }
}
