import Foundation

/// Writes rows as CSV with CRLF line endings, quoting only the fields that need it.
///
/// With `excelCompatible` (the default) the output starts with a UTF-8 byte-order mark, without
/// which Excel reads UTF-8 Chinese text as mojibake. With `protectsFormulas` (the default) a text
/// field that starts with `=`, `+`, `-`, `@`, tab or CR and is not a plain number gets a leading
/// `'`, so a customer-typed `=HYPERLINK(…)` is shown as text instead of being run by Excel.
public struct CSVWriter: Sendable {
    /// The field separator.
    public var separator: CSVSeparator
    /// Start with a UTF-8 byte-order mark so Excel reads the file as UTF-8.
    public var excelCompatible: Bool
    /// Prefix formula-like text with `'` (see above).
    public var protectsFormulas: Bool

    public init(separator: CSVSeparator = .comma, excelCompatible: Bool = true, protectsFormulas: Bool = true) {
        self.separator = separator
        self.excelCompatible = excelCompatible
        self.protectsFormulas = protectsFormulas
    }

    /// The encoded file, including the byte-order mark when `excelCompatible`.
    public func data(_ rows: [[String]]) -> Data {
        var bytes = [UInt8]()
        bytes.reserveCapacity(rows.count * 64 + 3)
        if excelCompatible { bytes.append(contentsOf: [0xEF, 0xBB, 0xBF]) }
        for row in rows { appendRow(row, to: &bytes) }
        return Data(bytes)
    }

    /// The CSV text (never with a byte-order mark).
    public func string(_ rows: [[String]]) -> String {
        var bytes = [UInt8]()
        for row in rows { appendRow(row, to: &bytes) }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Writes the file atomically to `url`.
    public func write(_ rows: [[String]], to url: URL) throws(FileFormatError) {
        do { try data(rows).write(to: url, options: .atomic) } catch {
            throw .io("cannot write \(url.lastPathComponent)")
        }
    }

    /// Appends one row and its CRLF.
    func appendRow(_ row: [String], to bytes: inout [UInt8]) {
        for (index, field) in row.enumerated() {
            if index > 0 { bytes.append(separator.rawValue) }
            appendField(field, to: &bytes)
        }
        bytes.append(0x0D)
        bytes.append(0x0A)
    }

    private func appendField(_ field: String, to bytes: inout [UInt8]) {
        let utf8 = field.utf8
        let prefix: UInt8? = protectsFormulas && Self.looksLikeFormula(field) ? 0x27 : nil
        let needsQuotes = utf8.contains { $0 == separator.rawValue || $0 == 0x22 || $0 == 0x0A || $0 == 0x0D }
        guard needsQuotes else {
            if let prefix { bytes.append(prefix) }
            bytes.append(contentsOf: utf8)
            return
        }
        bytes.append(0x22)
        if let prefix { bytes.append(prefix) }
        for byte in utf8 {
            bytes.append(byte)
            if byte == 0x22 { bytes.append(0x22) }
        }
        bytes.append(0x22)
    }

    /// True when Excel would treat `field` as a formula: it starts with a trigger and is not a number.
    static func looksLikeFormula(_ field: String) -> Bool {
        guard let first = field.utf8.first, [0x3D, 0x2B, 0x2D, 0x40, 0x09, 0x0D].contains(first) else {
            return false
        }
        return field != "-" && !isPlainNumber(field)
    }

    /// `-12`, `+3.50`, `.5`: an optional sign, digits and at most one decimal point.
    static func isPlainNumber(_ field: String) -> Bool {
        var digits = 0, points = 0
        for (offset, byte) in field.utf8.enumerated() {
            switch byte {
            case 0x30...0x39: digits += 1
            case 0x2E: points += 1
            case 0x2B where offset == 0, 0x2D where offset == 0: continue
            default: return false
            }
        }
        return digits > 0 && points <= 1
    }
}
