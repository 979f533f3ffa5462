/// Writing one worksheet part: view with frozen header, column widths and the cells.
extension XLSXWriter {
    static func sheetXML(_ sheet: XLSXSheet, selected: Bool, strings: inout SharedStringTable) -> [UInt8] {
        let hasHeader = !sheet.header.isEmpty
        let columnCount = sheet.rows.reduce(sheet.header.count) { max($0, $1.count) }
        let rowCount = sheet.rows.count + (hasHeader ? 1 : 0)
        let columns = (0..<max(columnCount, 1)).map(columnName)
        var buffer = XMLWriterBuffer(capacity: rowCount * columnCount * 36 + 1024)
        buffer.raw(Array(xmlDeclaration.utf8))
        buffer.raw(Array("<worksheet xmlns=\"\(mainNamespace)\" xmlns:r=\"\(relationshipNamespace)\">".utf8))
        buffer.raw("<dimension ref=\"A1")
        if rowCount > 0 && columnCount > 0 {
            buffer.raw(":")
            buffer.raw(columns[columnCount - 1])
            buffer.integer(Int64(rowCount))
        }
        buffer.raw("\"/><sheetViews><sheetView workbookViewId=\"0\"")
        if selected { buffer.raw(" tabSelected=\"1\"") }
        if hasHeader {
            buffer.raw("><pane ySplit=\"1\" topLeftCell=\"A2\" activePane=\"bottomLeft\" state=\"frozen\"/>")
            buffer.raw("<selection pane=\"bottomLeft\" activeCell=\"A2\" sqref=\"A2\"/></sheetView>")
        } else {
            buffer.raw("/>")
        }
        buffer.raw("</sheetViews><sheetFormatPr defaultRowHeight=\"15\"/>")
        if columnCount > 0 {
            buffer.raw("<cols>")
            for (index, width) in columnWidths(sheet, columnCount: columnCount).enumerated() {
                buffer.raw("<col min=\"")
                buffer.integer(Int64(index + 1))
                buffer.raw("\" max=\"")
                buffer.integer(Int64(index + 1))
                buffer.raw("\" width=\"")
                buffer.integer(Int64(width))
                buffer.raw("\" customWidth=\"1\"/>")
            }
            buffer.raw("</cols>")
        }
        buffer.raw("<sheetData>")
        var rowNumber: Int64 = 0
        if hasHeader {
            rowNumber += 1
            appendRow(sheet.header.map(XLSXCell.text), number: rowNumber, style: .header,
                      columns: columns, strings: &strings, to: &buffer)
        }
        for row in sheet.rows {
            rowNumber += 1
            appendRow(row, number: rowNumber, style: nil, columns: columns, strings: &strings, to: &buffer)
        }
        buffer.raw("</sheetData></worksheet>")
        return buffer.bytes
    }

    /// Column letters for a zero-based index: 0 → A, 25 → Z, 26 → AA.
    static func columnName(_ index: Int) -> [UInt8] {
        var letters = [UInt8]()
        var value = index + 1
        while value > 0 {
            let remainder = (value - 1) % 26
            letters.insert(UInt8(0x41 + remainder), at: 0)
            value = (value - 1) / 26
        }
        return letters
    }

    /// Writes a row; `style` overrides the per-cell style (used for the header).
    private static func appendRow(
        _ row: [XLSXCell], number: Int64, style: Style?, columns: [[UInt8]],
        strings: inout SharedStringTable, to buffer: inout XMLWriterBuffer
    ) {
        buffer.raw("<row r=\"")
        buffer.integer(number)
        buffer.raw("\">")
        for (index, cell) in row.enumerated() {
            appendCell(cell, reference: columns[index], row: number, style: style, strings: &strings, to: &buffer)
        }
        buffer.raw("</row>")
    }

    private static func appendCell(
        _ cell: XLSXCell, reference column: [UInt8], row: Int64, style: Style?,
        strings: inout SharedStringTable, to buffer: inout XMLWriterBuffer
    ) {
        func open(_ cellStyle: Style, type: StaticString? = nil) {
            buffer.raw("<c r=\"")
            buffer.raw(column)
            buffer.integer(row)
            let applied = style ?? cellStyle
            if applied != .normal {
                buffer.raw("\" s=\"")
                buffer.integer(Int64(applied.rawValue))
            }
            if let type {
                buffer.raw("\" t=\"")
                buffer.raw(type)
            }
            buffer.raw("\"><v>")
        }
        switch cell {
        case .empty:
            return
        case .text(let text):
            if text.isEmpty { return }
            open(.normal, type: "s")
            let fitted = text.utf16.count > maximumTextLength
                ? XLSXSheet.truncated(text, toUTF16: maximumTextLength) : text
            buffer.integer(Int64(strings.index(of: fitted)))
        case .integer(let value):
            open(.normal)
            buffer.integer(value)
        case .decimal(let value):
            guard value.isFinite else { return }
            open(.normal)
            buffer.raw(Array(value.description.utf8))
        case .money(let fen):
            open(.money)
            if fen < 0 { buffer.raw("-") }
            buffer.unsigned(fen.magnitude / 100)
            buffer.raw(".")
            let cents = fen.magnitude % 100
            buffer.unsigned(cents / 10)
            buffer.unsigned(cents % 10)
        case .date(let date, let timeZone):
            open(.date)
            buffer.integer(ExcelDate.daySerial(date, in: timeZone))
        case .dateTime(let date, let timeZone):
            open(.dateTime)
            buffer.raw(Array(ExcelDate.serial(date, in: timeZone).description.utf8))
        }
        buffer.raw("</v></c>")
    }
}
