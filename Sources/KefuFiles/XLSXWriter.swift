import Foundation
import ZIPFoundation

/// Writes an `.xlsx` workbook that Excel and LibreOffice open: named sheets, a bold frozen header
/// row, column widths fitted to the content (CJK characters count double), text in a shared-string
/// table, money and dates as real numbers with number formats.
///
/// The workbook is built in memory; 100,000 rows × 10 columns take a few seconds in a release build.
public struct XLSXWriter: Sendable {
    public var sheets: [XLSXSheet]

    public init(sheets: [XLSXSheet] = []) {
        self.sheets = sheets
    }

    /// Adds a sheet after the existing ones.
    public mutating func addSheet(_ sheet: XLSXSheet) {
        sheets.append(sheet)
    }

    /// The workbook as the bytes of an `.xlsx` file; an empty "Sheet1" when there are no sheets.
    public func data() throws(FileFormatError) -> Data {
        let sheets = self.sheets.isEmpty ? [XLSXSheet(name: "Sheet1")] : self.sheets
        let names = XLSXSheet.sanitizedNames(sheets.map(\.name))
        var strings = SharedStringTable()
        var sheetParts = [[UInt8]]()
        for (index, sheet) in sheets.enumerated() {
            sheetParts.append(Self.sheetXML(sheet, selected: index == 0, strings: &strings))
        }
        var parts: [(path: String, bytes: [UInt8])] = [
            ("[Content_Types].xml", Self.contentTypesXML(sheetCount: sheets.count)),
            ("_rels/.rels", Self.rootRelationshipsXML),
            ("xl/workbook.xml", Self.workbookXML(sheetNames: names)),
            ("xl/_rels/workbook.xml.rels", Self.workbookRelationshipsXML(sheetCount: sheets.count)),
            ("xl/styles.xml", Self.stylesXML),
        ]
        for (index, part) in sheetParts.enumerated() {
            parts.append(("xl/worksheets/sheet\(index + 1).xml", part))
        }
        parts.append(("xl/sharedStrings.xml", strings.xml()))
        return try Self.zip(parts)
    }

    /// Writes the workbook atomically to `url`.
    public func write(to url: URL) throws(FileFormatError) {
        let bytes = try data()
        do { try bytes.write(to: url, options: .atomic) } catch {
            throw .io("cannot write \(url.lastPathComponent)")
        }
    }

    /// Deflates `parts` into an in-memory ZIP archive, in the order given.
    static func zip(_ parts: [(path: String, bytes: [UInt8])]) throws(FileFormatError) -> Data {
        do {
            let archive = try Archive(data: Data(), accessMode: .create)
            for part in parts {
                try archive.addEntry(
                    with: part.path, type: .file, uncompressedSize: Int64(part.bytes.count),
                    compressionMethod: .deflate, bufferSize: 256 * 1024
                ) { position, size in
                    let start = Int(position)
                    return part.bytes.withUnsafeBufferPointer { buffer in
                        Data(buffer: UnsafeBufferPointer(rebasing: buffer[start..<start + size]))
                    }
                }
            }
            guard let data = archive.data else { throw FileFormatError.io("cannot build the ZIP archive") }
            return data
        } catch let error as FileFormatError {
            throw error
        } catch {
            throw .io("cannot build the ZIP archive")
        }
    }
}
