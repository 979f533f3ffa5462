import Foundation

/// Reads RFC 4180 CSV into rows of strings, each with the line on which it starts.
///
/// Quoted fields may hold separators, doubled quotes (`""`) and line breaks; lines may end in
/// CRLF, LF or CR. Physically empty lines are skipped wherever they are (their line numbers still
/// count), so trailing empty lines never produce rows. Text after a closing quote is kept as is,
/// as Excel does (`"ab"c` reads as `abc`); a quote that is never closed is an error naming its line.
public struct CSVReader: Sendable {
    /// The field separator.
    public var separator: CSVSeparator
    /// The legacy encoding tried first when bytes are not Unicode (``TextDecoding/gb18030`` or ``TextDecoding/big5``).
    public var legacyEncoding: String.Encoding

    public init(separator: CSVSeparator = .comma, legacyEncoding: String.Encoding = TextDecoding.gb18030) {
        self.separator = separator
        self.legacyEncoding = legacyEncoding
    }

    /// Parses `text`; a leading byte-order mark is ignored.
    public func rows(from text: String) throws(FileFormatError) -> [TableRow] {
        var rows = [TableRow]()
        try forEachRow(in: text) { rows.append($0) }
        return rows
    }

    /// Decodes `data` with ``TextDecoding`` (UTF-8, UTF-16, GBK/GB18030, Big5) and parses it.
    public func rows(from data: Data) throws(FileFormatError) -> [TableRow] {
        try rows(from: TextDecoding.decode(data, preferring: legacyEncoding))
    }

    /// Reads, decodes and parses the file at `url`.
    public func rows(contentsOf url: URL) throws(FileFormatError) -> [TableRow] {
        let data: Data
        do { data = try Data(contentsOf: url) } catch { throw .io("cannot read \(url.lastPathComponent)") }
        return try rows(from: data)
    }

    /// Calls `body` with each row in order, without collecting them all first.
    public func forEachRow(
        in text: String, _ body: (TableRow) throws(FileFormatError) -> Void
    ) throws(FileFormatError) {
        var text = text
        let result = text.withUTF8 { buffer -> FileFormatError? in
            var parser = CSVParser(bytes: buffer, separator: separator.rawValue)
            do throws(FileFormatError) {
                while let row = try parser.nextRow() { try body(row) }
                return nil
            } catch {
                return error
            }
        }
        if let result { throw result }
    }
}
