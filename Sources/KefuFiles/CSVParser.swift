/// The byte-level CSV state machine behind ``CSVReader``; works on UTF-8 bytes, one row per call.
struct CSVParser {
    private static let quote: UInt8 = 0x22, lineFeed: UInt8 = 0x0A, carriageReturn: UInt8 = 0x0D

    private let bytes: UnsafeBufferPointer<UInt8>
    private let separator: UInt8
    private var position = 0
    private var line = 1
    private var lastFieldCount = 8
    private var scratch = [UInt8]()

    init(bytes: UnsafeBufferPointer<UInt8>, separator: UInt8) {
        self.bytes = bytes
        self.separator = separator
        if bytes.count >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF { position = 3 }
    }

    /// The next non-empty row, or nil at the end of the input.
    mutating func nextRow() throws(FileFormatError) -> TableRow? {
        let count = bytes.count
        while position < count {
            let byte = bytes[position]
            guard byte == Self.lineFeed || byte == Self.carriageReturn else { break }
            consumeLineBreak(byte)
        }
        guard position < count else { return nil }
        let startLine = line
        var fields = [String]()
        fields.reserveCapacity(lastFieldCount)
        while true {
            if position < count, bytes[position] == Self.quote {
                fields.append(try quotedField())
            } else {
                fields.append(unquotedField())
            }
            guard position < count else { break }
            let byte = bytes[position]
            if byte == separator {
                position += 1
                if position == count { fields.append(""); break }
                continue
            }
            consumeLineBreak(byte)
            break
        }
        lastFieldCount = fields.count
        return TableRow(number: startLine, fields: fields)
    }

    /// Steps over one CR, LF or CRLF at `position`, counting one line.
    private mutating func consumeLineBreak(_ byte: UInt8) {
        position += 1
        line += 1
        if byte == Self.carriageReturn, position < bytes.count, bytes[position] == Self.lineFeed { position += 1 }
    }

    private mutating func unquotedField() -> String {
        let start = position
        let count = bytes.count
        while position < count {
            let byte = bytes[position]
            if byte == separator || byte == Self.lineFeed || byte == Self.carriageReturn { break }
            position += 1
        }
        return string(start..<position)
    }

    /// Reads a field that starts with a quote; `position` is on the opening quote.
    private mutating func quotedField() throws(FileFormatError) -> String {
        let openingLine = line
        let count = bytes.count
        position += 1
        var start = position
        var escaped = false
        scratch.removeAll(keepingCapacity: true)
        var closed = false
        while position < count {
            let byte = bytes[position]
            if byte == Self.quote {
                if position + 1 < count, bytes[position + 1] == Self.quote {
                    escaped = true
                    scratch.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[start...position]))
                    position += 2
                    start = position
                    continue
                }
                closed = true
                break
            }
            if byte == Self.lineFeed {
                line += 1
            } else if byte == Self.carriageReturn, position + 1 >= count || bytes[position + 1] != Self.lineFeed {
                line += 1
            }
            position += 1
        }
        guard closed else { throw .unterminatedQuote(line: openingLine) }
        let end = position
        position += 1
        // Like Excel, keep stray text after the closing quote rather than failing the whole file.
        let trailingStart = position
        while position < count {
            let byte = bytes[position]
            if byte == separator || byte == Self.lineFeed || byte == Self.carriageReturn { break }
            position += 1
        }
        if !escaped && trailingStart == position { return string(start..<end) }
        scratch.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[start..<end]))
        scratch.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[trailingStart..<position]))
        return String(decoding: scratch, as: UTF8.self)
    }

    private func string(_ range: Range<Int>) -> String {
        String(decoding: UnsafeBufferPointer(rebasing: bytes[range]), as: UTF8.self)
    }
}
