import Foundation
import KefuFiles
import XCTest

/// Workbooks written by hand the way other programs write them, so the reader does not only know our writer.
final class XLSXReaderTests: XCTestCase {
    func testHandMadeWorkbookWithPrefixesInlineStringsFormulasAndDates() throws {
        let styles = """
            <styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">
            <numFmts count="3"><numFmt numFmtId="170" formatCode="yyyy/m/d\\ h:mm;@"/>
            <numFmt numFmtId="171" formatCode="[h]:mm:ss"/><numFmt numFmtId="172" formatCode="&quot;¥&quot;#,##0.00;[Red]\\-&quot;¥&quot;#,##0.00"/></numFmts>
            <cellStyleXfs count="1"><xf numFmtId="0"/></cellStyleXfs>
            <cellXfs count="6"><xf numFmtId="0"/><xf numFmtId="14" applyNumberFormat="1"/><xf numFmtId="170"/>
            <xf numFmtId="171"/><xf numFmtId="172"/><xf numFmtId="10"/></cellXfs></styleSheet>
            """
        let strings = """
            <sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="3" uniqueCount="3">
            <si><t>订单号</t></si>
            <si><r><rPr><b/></rPr><t xml:space="preserve">退款 </t></r><r><t>原因</t></r><rPh sb="0" eb="1"><t>たい</t></rPh></si>
            <si><t>a&amp;b_x000D_</t></si><si/></sst>
            """
        let sheet = """
            <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
            <x:worksheet xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><x:sheetData>
            <x:row r="1"><x:c r="A1" t="s"><x:v>0</x:v></x:c><x:c r="C1" t="s"><x:v>1</x:v></x:c><x:c r="D1" t="s"><x:v>3</x:v></x:c></x:row>
            <x:row r="3" spans="1:9"><x:c r="A3" t="inlineStr"><x:is><x:t>内联</x:t></x:is></x:c>
            <x:c r="B3"><x:v>42.0</x:v></x:c><x:c r="C3"><x:v>1234.5599999999999</x:v></x:c>
            <x:c r="D3" t="b"><x:v>1</x:v></x:c><x:c r="E3" t="str"><x:f>A3&amp;"!"</x:f><x:v>内联!</x:v></x:c>
            <x:c r="F3" t="e"><x:v>#N/A</x:v></x:c><x:c r="G3" s="4"><x:v>-12.5</x:v></x:c><x:c r="H3" s="5"><x:v>0.125</x:v></x:c>
            <x:c r="I3" t="s"><x:v>2</x:v></x:c></x:row>
            <x:row><x:c s="1"><x:v>46349</x:v></x:c><x:c s="2"><x:v>46349.979340277778</x:v></x:c>
            <x:c s="3"><x:v>0.5</x:v></x:c><x:c s="1"/><x:c t="d"><x:v>2026-11-23T00:00:00Z</x:v></x:c>
            <x:c><x:v>1E+3</x:v></x:c><x:c r="K4"><![CDATA[ignored]]><x:v><![CDATA[7]]></x:v></x:c></x:row>
            <x:row r="5"><x:c r="A5" s="1"/></x:row>
            </x:sheetData></x:worksheet>
            """
        let data = try Self.workbook(sheet: sheet, sharedStrings: strings, styles: styles)
        let rows = try XLSXReader(data: data).rows()
        XCTAssertEqual(rows, [
            TableRow(number: 1, fields: ["订单号", "", "退款 原因"]),
            TableRow(number: 3, fields: ["内联", "42", "1234.56", "TRUE", "内联!", "#N/A", "-12.5", "0.125", "a&b\r"]),
            TableRow(number: 4, fields: ["2026-11-23", "2026-11-23 23:30:15", "12:00:00", "", "2026-11-23", "1000",
                                         "", "", "", "", "7"]),
        ])
    }

    func testDate1904AndAbsoluteTargetsAndSheetChoice() throws {
        let workbook = """
            <workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"
             xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">
            <workbookPr date1904="true"/><sheets><sheet name="第一" sheetId="1" r:id="rId7"/>
            <sheet name="Second" sheetId="2" r:id="rId8"/></sheets></workbook>
            """
        let relationships = """
            <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
            <Relationship Id="rId7" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="/xl/worksheets/a.xml"/>
            <Relationship Id="rId8" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/../worksheets/b.xml"/>
            <Relationship Id="rId9" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>
            </Relationships>
            """
        let styles = "<styleSheet><cellXfs><xf numFmtId=\"0\"/><xf numFmtId=\"14\"/></cellXfs></styleSheet>"
        let sheetA = "<worksheet><sheetData><row r=\"2\"><c r=\"B2\" s=\"1\"><v>0</v></c></row></sheetData></worksheet>"
        let sheetB = "<worksheet><sheetData><row r=\"1\"><c r=\"A1\"><v>5</v></c></row></sheetData></worksheet>"
        let data = try ZipBundle.data([
            .init(name: "[Content_Types].xml", data: Data("<Types/>".utf8)),
            .init(name: "_rels/.rels", data: Data(Self.rootRelationships.utf8)),
            .init(name: "xl/workbook.xml", data: Data(workbook.utf8)),
            .init(name: "xl/_rels/workbook.xml.rels", data: Data(relationships.utf8)),
            .init(name: "xl/styles.xml", data: Data(styles.utf8)),
            .init(name: "xl/worksheets/a.xml", data: Data(sheetA.utf8)),
            .init(name: "xl/worksheets/b.xml", data: Data(sheetB.utf8)),
        ])
        let reader = try XLSXReader(data: data)
        XCTAssertEqual(reader.sheetNames, ["第一", "Second"])
        XCTAssertEqual(try reader.rows(), [TableRow(number: 2, fields: ["", "1904-01-01"])])
        XCTAssertEqual(try reader.rows(sheet: "second"), [TableRow(number: 1, fields: ["5"])])
    }

    func testSharedStringIndexOutOfRangeIsMalformed() throws {
        let sheet = "<worksheet><sheetData><row r=\"1\"><c r=\"A1\" t=\"s\"><v>9</v></c></row></sheetData></worksheet>"
        let data = try Self.workbook(sheet: sheet, sharedStrings: "<sst><si><t>x</t></si></sst>", styles: "<styleSheet/>")
        XCTAssertThrowsError(try XLSXReader(data: data).rows()) { error in
            XCTAssertEqual(error as? FileFormatError, .malformedXLSX(part: "sharedStrings", reason: "string 9 does not exist"))
        }
    }

    static let rootRelationships = """
        <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
        <Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>
        </Relationships>
        """

    /// A one-sheet package with the usual part names.
    static func workbook(sheet: String, sharedStrings: String, styles: String) throws -> Data {
        let workbook = """
            <workbook xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">
            <sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>
            """
        let relationships = """
            <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
            <Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>
            </Relationships>
            """
        return try ZipBundle.data([
            .init(name: "[Content_Types].xml", data: Data("<Types/>".utf8)),
            .init(name: "_rels/.rels", data: Data(rootRelationships.utf8)),
            .init(name: "xl/workbook.xml", data: Data(workbook.utf8)),
            .init(name: "xl/_rels/workbook.xml.rels", data: Data(relationships.utf8)),
            .init(name: "xl/worksheets/sheet1.xml", data: Data(sheet.utf8)),
            .init(name: "xl/sharedStrings.xml", data: Data(sharedStrings.utf8)),
            .init(name: "xl/styles.xml", data: Data(styles.utf8)),
        ])
    }
}
