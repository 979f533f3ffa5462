import Foundation
import KefuFiles
import XCTest

/// Speed of the large cases, printed rather than asserted (machines differ). Runs only with
/// `KEFU_FILES_BENCH=1`; meaningful in release:
/// `KEFU_FILES_BENCH=1 swift test -c release --scratch-path .build-files --filter FilesBenchmarkTests`.
final class FilesBenchmarkTests: XCTestCase {
    let rowCount = 100_000

    override func setUpWithError() throws {
        try XCTSkipUnless(ProcessInfo.processInfo.environment["KEFU_FILES_BENCH"] == "1", "set KEFU_FILES_BENCH=1")
    }

    func testCSVReadSpeed() throws {
        var rows = [[String]]()
        rows.reserveCapacity(rowCount)
        for index in 0..<rowCount {
            rows.append([
                "O-20261123-\(index)", "张三\(index % 97)", "13800138\(index % 1000)", "广东省深圳市南山区科技园\(index % 50)号",
                "\(index % 1000).50", "已发货", "备注, 含逗号", "2026-11-23 10:\(index % 60):00", "SKU-\(index % 300)", "\(index % 7)",
            ])
        }
        let data = CSVWriter().data(rows)
        let gbk = try XCTUnwrap(CSVWriter(excelCompatible: false).string(rows).data(using: TextDecoding.gb18030))
        let reader = CSVReader()
        var parsed = [TableRow]()
        let utf8Seconds = Self.seconds { parsed = try! reader.rows(from: data) }
        XCTAssertEqual(parsed.count, rowCount)
        let gbkSeconds = Self.seconds { parsed = try! reader.rows(from: gbk) }
        XCTAssertEqual(parsed.last?.fields, rows.last)
        print(String(format: "CSV read, UTF-8 %.1f MB: %.3f s = %.0f rows/s; GBK %.1f MB (decode + parse): %.3f s = %.0f rows/s",
                     Double(data.count) / 1e6, utf8Seconds, Double(rowCount) / utf8Seconds,
                     Double(gbk.count) / 1e6, gbkSeconds, Double(rowCount) / gbkSeconds))
        let writeSeconds = Self.seconds { _ = CSVWriter().data(rows) }
        print(String(format: "CSV write: %.3f s = %.0f rows/s", writeSeconds, Double(rowCount) / writeSeconds))
    }

    func testXLSXWriteAndReadSpeed() throws {
        let shanghai = TimeZone(identifier: "Asia/Shanghai")!
        let start = Date(timeIntervalSince1970: 1_795_000_000)
        var sheet = XLSXSheet(name: "订单", header: ["订单号", "收货人", "电话", "地址", "金额", "状态", "数量", "下单时间", "下单日", "比率"])
        sheet.rows.reserveCapacity(rowCount)
        for index in 0..<rowCount {
            let at = start.addingTimeInterval(Double(index * 37))
            sheet.append([
                .text("O-20261123-\(index)"), .text("张三\(index % 97)"), .text("13800138\(index % 1000)"),
                .text("广东省深圳市南山区科技园\(index % 50)号"), .money(fen: Int64(index * 13)), .text("已发货"),
                .integer(Int64(index % 7)), .dateTime(at, timeZone: shanghai), .date(at, timeZone: shanghai),
                .decimal(Double(index % 100) / 8),
            ])
        }
        var data = Data()
        let writeSeconds = Self.seconds { data = try! XLSXWriter(sheets: [sheet]).data() }
        var rows = [TableRow]()
        let readSeconds = Self.seconds { rows = try! XLSXReader(data: data).rows() }
        XCTAssertEqual(rows.count, rowCount + 1)
        print(String(format: "XLSX 100k x 10: write %.3f s (%.1f MB), read %.3f s = %.0f rows/s",
                     writeSeconds, Double(data.count) / 1e6, readSeconds, Double(rowCount) / readSeconds))
        if let path = ProcessInfo.processInfo.environment["KEFU_FILES_BENCH_OUT"] {
            try data.write(to: URL(fileURLWithPath: path))
        }
    }

    static func seconds(_ body: () -> Void) -> Double {
        let start = DispatchTime.now().uptimeNanoseconds
        body()
        return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
    }
}
