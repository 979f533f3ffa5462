/// Column widths estimated from content, in Excel's units (about one Latin digit each).
extension XLSXWriter {
    static let minimumColumnWidth = 8
    static let maximumColumnWidth = 60

    static func columnWidths(_ sheet: XLSXSheet, columnCount: Int) -> [Int] {
        var widths = [Int](repeating: 0, count: columnCount)
        for (index, title) in sheet.header.enumerated() {
            // Bold glyphs are wider, and the header should not be cut off.
            widths[index] = displayWidth(title) * 11 / 10 + 1
        }
        for row in sheet.rows {
            for (index, cell) in row.enumerated() {
                let width = displayWidth(cell)
                if width > widths[index] { widths[index] = width }
            }
        }
        return widths.map { min(max($0 + 2, minimumColumnWidth), maximumColumnWidth) }
    }

    static func displayWidth(_ cell: XLSXCell) -> Int {
        switch cell {
        case .empty: return 0
        case .text(let text): return displayWidth(text)
        case .integer(let value): return String(value).utf8.count
        case .decimal(let value): return value.isFinite ? value.description.utf8.count : 0
        case .money(let fen):
            let yuanDigits = String(fen.magnitude / 100).utf8.count
            return yuanDigits + (yuanDigits - 1) / 3 + 3 + (fen < 0 ? 1 : 0)
        case .date: return 10
        case .dateTime: return 19
        }
    }

    /// Width of the longest line of `text`, counting East Asian wide characters as two.
    static func displayWidth(_ text: String) -> Int {
        let utf8 = text.utf8
        if !utf8.contains(where: { $0 >= 0x80 || $0 == 0x0A }) { return utf8.count }
        var longest = 0, current = 0
        for scalar in text.unicodeScalars {
            if scalar == "\n" {
                longest = max(longest, current)
                current = 0
            } else {
                current += isWide(scalar) ? 2 : 1
            }
        }
        return max(longest, current)
    }

    /// CJK ideographs, kana, Hangul, fullwidth forms and CJK punctuation.
    static func isWide(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x1100...0x115F, 0x2E80...0x303E, 0x3041...0x33FF, 0x3400...0x4DBF, 0x4E00...0x9FFF,
             0xA000...0xA4CF, 0xAC00...0xD7A3, 0xF900...0xFAFF, 0xFE30...0xFE4F, 0xFF00...0xFF60,
             0xFFE0...0xFFE6, 0x20000...0x3FFFD:
            return true
        default:
            return false
        }
    }
}
