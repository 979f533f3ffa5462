/// A named sheet for ``XLSXWriter``: an optional bold, frozen header row and the data rows.
public struct XLSXSheet: Equatable, Sendable {
    /// The tab name as asked for; ``XLSXWriter`` makes it valid and unique when writing.
    public var name: String
    /// Column titles; when not empty they form row 1, bold and frozen while scrolling.
    public var header: [String]
    /// Data rows, below the header; rows may differ in length.
    public var rows: [[XLSXCell]]

    public init(name: String, header: [String] = [], rows: [[XLSXCell]] = []) {
        self.name = name
        self.header = header
        self.rows = rows
    }

    /// Adds a data row at the bottom.
    public mutating func append(_ row: [XLSXCell]) {
        rows.append(row)
    }
}
