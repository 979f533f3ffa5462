import Foundation
import KefuFiles
import XCTest

/// Workbooks saved by LibreOffice 7.4 (`Fixtures/`), so a second real writer is covered without
/// needing LibreOffice at test time. `libreoffice-7.4-native.xlsx` was converted from the `.fods` beside it;
/// `libreoffice-7.4-from-kefu.xlsx` is one of our workbooks opened and saved again by LibreOffice.
final class LibreOfficeFixtureTests: XCTestCase {
    func testNativeWorkbookWithDatesPercentFormulasAndRichText() throws {
        let reader = try XLSXReader(contentsOf: Self.fixture("libreoffice-7.4-native"))
        XCTAssertEqual(reader.sheetNames, ["客户回访"])
        XCTAssertEqual(try reader.rows(), [
            TableRow(number: 1, fields: ["客户", "回访日", "回访时间", "满意度", "已解决", "次数", "合计", "标签"]),
            // LibreOffice stores the boolean as the number 1 in a General cell; Excel shows 1 too.
            TableRow(number: 2, fields: ["王小明", "2026-11-23", "2026-11-23 09:05:00", "0.875", "1", "2", "21", "王小明-VIP"]),
            TableRow(number: 4, fields: ["第一行\n第二行", "", "", "", "", "0.1"]),
        ])
    }

    func testOurWorkbookSavedAgainByLibreOffice() throws {
        let reader = try XLSXReader(contentsOf: Self.fixture("libreoffice-7.4-from-kefu"))
        XCTAssertEqual(reader.sheetNames, ["订单_明细", "汇总"])
        let rows = try reader.rows(sheet: "订单_明细")
        XCTAssertEqual(rows.map(\.number), [1, 2, 3])
        XCTAssertEqual(rows[1].fields, ["O-20261123-0001", "张三", "1234.5", "3", "2026-11-23", "2026-11-23 23:30:15",
                                        "他说：\"尽快\"，谢谢\n第二行", "0.25"])
        XCTAssertEqual(rows[2].fields, ["O-20261123-0002", "李四, 王五", "-0.05", "-42", "", "", "退款 & <换货>", "0.0000001"])
        XCTAssertEqual(try reader.rows(sheet: "汇总").map(\.fields), [["供应商", "单数"], ["深圳甲供应商", "2"]])
    }

    static func fixture(_ name: String) throws -> URL {
        try XCTUnwrap(Bundle.module.url(forResource: name, withExtension: "xlsx", subdirectory: "Fixtures"))
    }
}
