import Foundation

/// Reads the header block at the start of a message or MIME part.
///
/// Lenient like an MTA: LF or CRLF, folded lines, the obsolete `Name :` form and a leading mbox
/// `From ` line are accepted; a line that is not a header ends the block even without a blank line.
enum HeaderBlock {
    /// The headers found and the offset where the body starts.
    static func read(_ bytes: MailBytes, in range: Range<Int>, skippingMboxLine: Bool = false)
        -> (headers: [MailHeader], bodyStart: Int) {
        var headers = [MailHeader]()
        var current: (name: String, value: [UInt8])?
        var position = range.lowerBound
        func flush() {
            if let field = current { headers.append(MailHeader(name: field.name, rawValue: Charset.headerText(field.value))) }
            current = nil
        }
        if skippingMboxLine, bytes.hasPrefix(Array("From ".utf8), at: position, limit: range.upperBound),
           let line = bytes.line(at: position, limit: range.upperBound) {
            position = line.next
        }
        while let line = bytes.line(at: position, limit: range.upperBound) {
            if line.isEmpty {
                flush()
                return (headers, line.next)
            }
            let first = bytes[line.start]
            if first == MailBytes.space || first == MailBytes.tab {
                guard current != nil else { break }
                current?.value.append(contentsOf: bytes.slice(line.start..<line.end))
            } else if let colon = nameEnd(bytes, line) {
                flush()
                var nameEnd = colon
                while nameEnd > line.start, MailBytes.isWhitespace(bytes[nameEnd - 1]) { nameEnd -= 1 }
                let name = String(decoding: bytes.slice(line.start..<nameEnd), as: UTF8.self)
                current = (name, Array(bytes.slice(colon + 1..<line.end)))
            } else {
                break
            }
            position = line.next
        }
        flush()
        return (headers, position)
    }

    /// The offset of the colon when `line` starts with a field name (printable ASCII, optional spaces).
    private static func nameEnd(_ bytes: MailBytes, _ line: MailBytes.Line) -> Int? {
        var index = line.start
        var sawSpace = false
        while index < line.end {
            let byte = bytes[index]
            if byte == 0x3A { return index > line.start ? index : nil }
            if byte == MailBytes.space || byte == MailBytes.tab {
                sawSpace = true
            } else if byte <= 0x20 || byte >= 0x7F || sawSpace {
                return nil
            }
            index += 1
        }
        return nil
    }
}
