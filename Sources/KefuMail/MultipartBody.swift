/// Splits a multipart body at its boundary lines (RFC 2046 §5.1.1).
enum MultipartBody {
    /// The byte ranges of the parts, without the line break that belongs to each next boundary.
    ///
    /// The preamble and epilogue are skipped; a missing closing boundary ends the last part at the
    /// end of the body. Nil when the boundary never occurs.
    static func partRanges(_ bytes: MailBytes, in body: Range<Int>, boundary: [UInt8]) -> [Range<Int>]? {
        guard !boundary.isEmpty else { return nil }
        var ranges = [Range<Int>]()
        var partStart: Int?
        var found = false
        var position = body.lowerBound
        while let line = bytes.line(at: position, limit: body.upperBound) {
            if let closes = boundaryKind(bytes, line, boundary) {
                found = true
                if let start = partStart { ranges.append(start..<max(start, lineBreakStart(bytes, before: line.start, from: start))) }
                if closes { return ranges }
                partStart = line.next
            }
            position = line.next
        }
        guard found else { return nil }
        if let start = partStart, start < body.upperBound { ranges.append(start..<body.upperBound) }
        return ranges
    }

    /// Nil when `line` is no boundary line; true for the closing one (`--boundary--`).
    private static func boundaryKind(_ bytes: MailBytes, _ line: MailBytes.Line, _ boundary: [UInt8]) -> Bool? {
        let dash: UInt8 = 0x2D
        guard line.end - line.start >= boundary.count + 2, bytes[line.start] == dash, bytes[line.start + 1] == dash,
              bytes.hasPrefix(boundary, at: line.start + 2, limit: line.end) else { return nil }
        var index = line.start + 2 + boundary.count
        if index + 1 < line.end, bytes[index] == dash, bytes[index + 1] == dash { return true }
        while index < line.end {
            guard bytes[index] == MailBytes.space || bytes[index] == MailBytes.tab else { return nil }
            index += 1
        }
        return false
    }

    /// Where the line break ending just before `offset` starts (CRLF or LF), not before `start`.
    private static func lineBreakStart(_ bytes: MailBytes, before offset: Int, from start: Int) -> Int {
        guard offset > start, bytes[offset - 1] == MailBytes.lineFeed else { return offset }
        return offset - 1 > start && bytes[offset - 2] == MailBytes.carriageReturn ? offset - 2 : offset - 1
    }
}
