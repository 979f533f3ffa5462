/// Errors raised while reading or writing CSV, XLSX and ZIP files, each saying what went wrong and where.
///
/// Descriptions are short, English and label-safe: they name lines, parts and sheets, never file contents.
public enum FileFormatError: Error, Equatable, Sendable, CustomStringConvertible {
    /// A quoted CSV field opened on `line` was never closed.
    case unterminatedQuote(line: Int)
    /// The bytes are not a ZIP archive holding a workbook.
    case notAnXLSX
    /// The workbook has no sheet with this name (an empty name: no sheets at all).
    case missingSheet(String)
    /// A part of the workbook could not be understood.
    case malformedXLSX(part: String, reason: String)
    /// A sheet has more rows (1,048,576) or columns (16,384) than Excel can open.
    case sheetTooLarge(String)
    /// The same file name was given twice for one ZIP bundle.
    case duplicateEntry(String)
    /// A ZIP entry name is empty, absolute or climbs out of the archive (`..`).
    case invalidEntryName(String)
    /// The file could not be read or written.
    case io(String)

    public var description: String {
        switch self {
        case .unterminatedQuote(let line): return "quoted field starting on line \(line) is never closed"
        case .notAnXLSX: return "not an XLSX workbook"
        case .missingSheet(let name):
            return name.isEmpty ? "the workbook has no sheets" : "the workbook has no sheet named '\(name)'"
        case .malformedXLSX(let part, let reason): return "malformed workbook part \(part): \(reason)"
        case .sheetTooLarge(let name): return "sheet '\(name)' has more rows or columns than Excel can open"
        case .duplicateEntry(let name): return "duplicate file name '\(name)' in bundle"
        case .invalidEntryName(let name): return "invalid file name '\(name)' in bundle"
        case .io(let message): return message
        }
    }
}
