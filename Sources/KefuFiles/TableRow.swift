/// One row read from a CSV file or a sheet, with the number people see when an error names it.
///
/// For CSV, `number` is the 1-based line on which the row starts (a quoted field may span lines).
/// For XLSX, it is the spreadsheet row number (`r` attribute), so blank rows in between keep their gap.
public struct TableRow: Equatable, Hashable, Sendable {
    /// 1-based line (CSV) or row number (XLSX).
    public var number: Int
    /// The field values, left to right.
    public var fields: [String]

    public init(number: Int, fields: [String]) {
        self.number = number
        self.fields = fields
    }

    /// The field at `index`, or an empty string when the row is shorter.
    public subscript(field index: Int) -> String {
        index < fields.count ? fields[index] : ""
    }
}
