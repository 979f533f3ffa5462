import Foundation
import ZIPFoundation

/// Reads sheets of an `.xlsx` workbook (Excel, LibreOffice, WPS or ``XLSXWriter``) as rows of text.
///
/// Cells come back as people see them, so an import can treat CSV and XLSX alike: shared and
/// inline strings as is; numbers as written (`42`, not `42.0`; more than 15 significant digits are
/// rounded to 15, as Excel shows them); booleans as `TRUE`/`FALSE`; and numbers in a date format as
/// `YYYY-MM-DD`, `YYYY-MM-DD HH:mm:ss` or `HH:mm:ss`. Formulas give their cached value. Rows carry
/// their sheet row number; empty rows are left out and trailing empty cells are trimmed.
public struct XLSXReader {
    /// Parts larger than this (uncompressed) are refused, so a ZIP bomb cannot exhaust memory.
    public static let maximumPartBytes = 512 * 1024 * 1024

    /// The sheet names, in tab order.
    public var sheetNames: [String] { sheets.map(\.name) }

    let archive: Archive
    let entries: [String: Entry]
    let sheets: [(name: String, path: String)]
    let sharedStrings: [String]
    let dateFormats: [DateFormatKind?]
    let date1904: Bool

    /// Opens a workbook held in memory.
    public init(data: Data) throws(FileFormatError) {
        let archive: Archive
        do { archive = try Archive(data: data, accessMode: .read) } catch { throw .notAnXLSX }
        try self.init(archive: archive)
    }

    /// Opens the workbook file at `url`.
    public init(contentsOf url: URL) throws(FileFormatError) {
        let data: Data
        do { data = try Data(contentsOf: url) } catch { throw .io("cannot read \(url.lastPathComponent)") }
        try self.init(data: data)
    }

    private init(archive: Archive) throws(FileFormatError) {
        self.archive = archive
        var entries = [String: Entry]()
        for entry in archive where entry.type == .file {
            entries[entry.path.replacingOccurrences(of: "\\", with: "/")] = entry
        }
        self.entries = entries
        let workbookPath = try Self.workbookPath(entries: entries, archive: archive)
        guard let workbookEntry = entries[workbookPath] else { throw .notAnXLSX }
        let relationships = try Self.relationships(forPart: workbookPath, entries: entries, archive: archive)
        let workbook = try Self.parseWorkbook(try Self.extract(workbookEntry, from: archive))
        self.date1904 = workbook.date1904
        self.sheets = workbook.sheets.compactMap { sheet in
            relationships.targets[sheet.relationship].map { (sheet.name, $0) }
        }
        let sharedStringsPath = relationships.byType["sharedStrings"] ?? "xl/sharedStrings.xml"
        self.sharedStrings = try entries[sharedStringsPath].map { entry throws(FileFormatError) in
            Self.parseSharedStrings(try Self.extract(entry, from: archive))
        } ?? []
        let stylesPath = relationships.byType["styles"] ?? "xl/styles.xml"
        self.dateFormats = try entries[stylesPath].map { entry throws(FileFormatError) in
            Self.parseStyles(try Self.extract(entry, from: archive))
        } ?? []
    }

    /// The rows of the sheet called `name` (exact, then ignoring case), or of the first sheet when nil.
    public func rows(sheet name: String? = nil) throws(FileFormatError) -> [TableRow] {
        let sheet: (name: String, path: String)?
        if let name {
            sheet = sheets.first { $0.name == name } ?? sheets.first { $0.name.lowercased() == name.lowercased() }
        } else {
            sheet = sheets.first
        }
        guard let sheet else { throw .missingSheet(name ?? "") }
        guard let entry = entries[sheet.path] else {
            throw .malformedXLSX(part: sheet.path, reason: "the sheet's part is missing")
        }
        return try parseSheet(try Self.extract(entry, from: archive))
    }

    /// The uncompressed bytes of one part.
    static func extract(_ entry: Entry, from archive: Archive) throws(FileFormatError) -> [UInt8] {
        guard entry.uncompressedSize <= maximumPartBytes else {
            throw .malformedXLSX(part: entry.path, reason: "part is too large")
        }
        var bytes = [UInt8]()
        bytes.reserveCapacity(Int(entry.uncompressedSize))
        do {
            _ = try archive.extract(entry, bufferSize: 256 * 1024) { chunk in
                bytes.append(contentsOf: chunk)
                if bytes.count > maximumPartBytes { throw FileFormatError.malformedXLSX(part: "", reason: "") }
            }
        } catch {
            throw .malformedXLSX(part: entry.path, reason: "cannot be decompressed")
        }
        return bytes
    }
}
