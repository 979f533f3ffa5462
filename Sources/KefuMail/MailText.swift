/// Small text helpers done on UTF-8 bytes: Foundation's `replacingOccurrences` and
/// `trimmingCharacters` go through NSString on Linux and dominated parsing time.
enum MailText {
    /// CRLF and lone CR become LF.
    static func normalizedLineEnds(_ text: String) -> String {
        guard text.utf8.contains(MailBytes.carriageReturn) else { return text }
        var output = [UInt8]()
        output.reserveCapacity(text.utf8.count)
        var previousWasCR = false
        for byte in text.utf8 {
            if byte == MailBytes.carriageReturn {
                output.append(MailBytes.lineFeed)
                previousWasCR = true
                continue
            }
            if !(byte == MailBytes.lineFeed && previousWasCR) { output.append(byte) }
            previousWasCR = false
        }
        return String(decoding: output, as: UTF8.self)
    }

    /// LF line ends become CRLF (the text must already be normalised).
    static func crlfLineEnds(_ text: String) -> [UInt8] {
        var output = [UInt8]()
        output.reserveCapacity(text.utf8.count + text.utf8.count / 16)
        for byte in text.utf8 {
            if byte == MailBytes.lineFeed { output.append(MailBytes.carriageReturn) }
            output.append(byte)
        }
        return output
    }

    /// `text` without leading and trailing spaces and tabs.
    static func trimmingBlanks(_ text: String) -> String {
        let isBlank = { (byte: UInt8) in byte == MailBytes.space || byte == MailBytes.tab }
        let bytes = text.utf8
        guard let first = bytes.firstIndex(where: { !isBlank($0) }), let last = bytes.lastIndex(where: { !isBlank($0) }) else {
            return ""
        }
        let end = bytes.index(after: last)  // a blank or the end, so on a character boundary
        if first == bytes.startIndex, end == bytes.endIndex { return text }
        return String(text[first..<end])
    }

    /// Whether `text` holds nothing but whitespace and line breaks.
    static func isBlank(_ text: String) -> Bool {
        text.utf8.allSatisfy(MailBytes.isWhitespace) || text.unicodeScalars.allSatisfy(\.properties.isWhitespace)
    }
}
