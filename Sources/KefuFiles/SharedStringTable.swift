/// The workbook's shared-string table: each distinct text is stored once and cells refer to its index.
struct SharedStringTable {
    private var indices: [String: Int] = [:]
    private(set) var strings: [String] = []
    private(set) var referenceCount = 0

    /// The index of `text`, adding it on first use.
    mutating func index(of text: String) -> Int {
        referenceCount += 1
        if let index = indices[text] { return index }
        let index = strings.count
        indices[text] = index
        strings.append(text)
        return index
    }

    /// `xl/sharedStrings.xml`.
    func xml() -> [UInt8] {
        var buffer = XMLWriterBuffer(capacity: strings.count * 24 + 256)
        buffer.raw(Array(XLSXWriter.xmlDeclaration.utf8))
        buffer.raw(Array("<sst xmlns=\"\(XLSXWriter.mainNamespace)\" count=\"".utf8))
        buffer.integer(Int64(referenceCount))
        buffer.raw("\" uniqueCount=\"")
        buffer.integer(Int64(strings.count))
        buffer.raw("\">")
        for text in strings {
            buffer.raw(Self.needsPreservedSpace(text) ? "<si><t xml:space=\"preserve\">" : "<si><t>")
            buffer.escaped(text)
            buffer.raw("</t></si>")
        }
        buffer.raw("</sst>")
        return buffer.bytes
    }

    /// Leading or trailing white space, or line breaks, that an XML reader might otherwise drop.
    static func needsPreservedSpace(_ text: String) -> Bool {
        let utf8 = text.utf8
        guard let first = utf8.first, let last = utf8.last else { return false }
        let spaces: Set<UInt8> = [0x20, 0x09, 0x0A, 0x0D]
        return spaces.contains(first) || spaces.contains(last) || utf8.contains(0x0A)
    }
}
