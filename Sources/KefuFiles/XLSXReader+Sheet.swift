/// Reading a worksheet part into rows of display text.
extension XLSXReader {
    /// One `<c>` element as found in the sheet.
    private struct RawCell {
        var type = ""
        var style = 0
        var value = ""
        var inlineText = ""
    }

    func parseSheet(_ bytes: [UInt8]) throws(FileFormatError) -> [TableRow] {
        let result: Result<[TableRow], FileFormatError> = bytes.withUnsafeBufferPointer { buffer in
            var scanner = XMLScanner(buffer)
            var rows = [TableRow]()
            var fields = [String]()
            var rowNumber = 0, nextColumn = 0
            var inRow = false
            while let token = scanner.next() {
                switch token.kind {
                case .open, .selfClosing:
                    if scanner.isNamed(token, "row") {
                        rowNumber = scanner.integerAttribute(token, "r") ?? rowNumber + 1
                        fields = []
                        nextColumn = 0
                        inRow = token.kind == .open
                    } else if inRow, scanner.isNamed(token, "c") {
                        let column = scanner.attributeRange(token, "r").flatMap { Self.columnIndex(buffer, $0) }
                            ?? nextColumn
                        nextColumn = column + 1
                        var cell = RawCell()
                        cell.type = scanner.attribute(token, "t") ?? ""
                        cell.style = scanner.integerAttribute(token, "s") ?? 0
                        if token.kind == .open { Self.readCellContent(&scanner, into: &cell) }
                        let text: String
                        switch display(cell) {
                        case .success(let value): text = value
                        case .failure(let error): return .failure(error)
                        }
                        if text.isEmpty { continue }
                        if column >= fields.count {
                            fields.append(contentsOf: repeatElement("", count: column - fields.count + 1))
                        }
                        fields[column] = text
                    }
                case .close:
                    if inRow, scanner.isNamed(token, "row") {
                        inRow = false
                        if !fields.isEmpty { rows.append(TableRow(number: rowNumber, fields: fields)) }
                    } else if scanner.isNamed(token, "sheetData") {
                        return .success(rows)
                    }
                case .text, .cdata:
                    continue
                }
            }
            return .success(rows)
        }
        return try result.get()
    }

    /// Reads `<v>` and `<is>` up to `</c>`; formulas (`<f>`) are skipped, their cached value used.
    private static func readCellContent(_ scanner: inout XMLScanner, into cell: inout RawCell) {
        var inValue = false, inFormula = false
        while let token = scanner.next() {
            switch token.kind {
            case .open:
                if scanner.isNamed(token, "v") { inValue = true }
                if scanner.isNamed(token, "f") { inFormula = true }
                if scanner.isNamed(token, "is") { cell.inlineText = readRichText(&scanner, until: "is") }
            case .close:
                if scanner.isNamed(token, "c") { return }
                if scanner.isNamed(token, "v") { inValue = false }
                if scanner.isNamed(token, "f") { inFormula = false }
            case .text:
                if inValue && !inFormula { cell.value += scanner.decodedText(token.body) }
            case .cdata:
                if inValue && !inFormula {
                    cell.value += scanner.rawText(token.body)
                }
            case .selfClosing:
                continue
            }
        }
    }

    /// The text a person would see for `cell`.
    private func display(_ cell: RawCell) -> Result<String, FileFormatError> {
        switch cell.type {
        case "s":
            guard let index = Int(cell.value.trimmingCharacters(in: .whitespaces)) else { return .success("") }
            guard sharedStrings.indices.contains(index) else {
                return .failure(.malformedXLSX(part: "sharedStrings", reason: "string \(index) does not exist"))
            }
            return .success(sharedStrings[index])
        case "inlineStr":
            return .success(cell.inlineText)
        case "str":
            return .success(Self.unescapeOOXML(cell.value))
        case "e":
            return .success(cell.value)
        case "b":
            return .success(cell.value.isEmpty ? "" : cell.value == "1" || cell.value == "true" ? "TRUE" : "FALSE")
        case "d":
            return .success(Self.isoDisplay(cell.value))
        default:
            let raw = cell.value.trimmingCharacters(in: .whitespaces)
            if raw.isEmpty { return .success("") }
            if dateFormats.indices.contains(cell.style), let kind = dateFormats[cell.style], let serial = Double(raw) {
                return .success(ExcelDate.text(serial: serial, kind: kind, date1904: date1904))
            }
            return .success(NumberFormat.displayText(raw))
        }
    }

    /// An ISO 8601 date cell (`t="d"`) as `YYYY-MM-DD` or `YYYY-MM-DD HH:mm:ss`.
    static func isoDisplay(_ value: String) -> String {
        let text = value.trimmingCharacters(in: .whitespaces)
        guard let separator = text.firstIndex(of: "T") else { return text }
        let date = text[..<separator]
        let time = text[text.index(after: separator)...].prefix(8)
        return time == "00:00:00" ? String(date) : "\(date) \(time)"
    }

    /// Zero-based column of a reference such as `AB12`; nil when it has no letters.
    static func columnIndex(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> Int? {
        var column = 0
        var letters = 0
        for index in range {
            let byte = bytes[index] | 0x20
            guard byte >= 0x61 && byte <= 0x7A else { break }
            column = column * 26 + Int(byte - 0x61) + 1
            letters += 1
        }
        return letters == 0 || letters > 3 ? nil : column - 1
    }
}
