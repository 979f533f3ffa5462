import Foundation

/// Encodes outgoing bodies: text as quoted-printable or base64, files as base64, every line at
/// most 76 characters and every body ending in CRLF.
enum BodyEncoder {
    private static let lineBreak: [UInt8] = [MailBytes.carriageReturn, MailBytes.lineFeed]
    private static let hexDigits = Array("0123456789ABCDEF".utf8)

    /// The transfer encoding chosen for `text` and its encoded bytes: quoted-printable when at most
    /// one byte in six needs escaping (readable, spam filters like it), base64 otherwise (Chinese text).
    static func encodeText(_ text: String) -> (encoding: String, body: [UInt8]) {
        let normalized = MailText.normalizedLineEnds(text)
        let bytes = Array(normalized.utf8)
        let escaped = bytes.lazy.filter { $0 >= 0x80 }.count
        if escaped * 6 > bytes.count {
            return ("base64", base64(Data(MailText.crlfLineEnds(normalized))))
        }
        return ("quoted-printable", quotedPrintable(bytes))
    }

    /// Base64 in 76-character lines, ending in CRLF.
    static func base64(_ data: Data) -> [UInt8] {
        var encoded = [UInt8](data.base64EncodedData(options: [.lineLength76Characters, .endLineWithCarriageReturn, .endLineWithLineFeed]))
        encoded += lineBreak
        return encoded
    }

    /// Quoted-printable of LF-separated UTF-8 lines, written with CRLF; a line starting with `.` or
    /// `From ` has that character escaped so no MTA or mbox mangles it. Ends in CRLF, using a soft
    /// line break when the text itself does not end in a newline.
    static func quotedPrintable(_ bytes: [UInt8]) -> [UInt8] {
        var output = [UInt8]()
        output.reserveCapacity(bytes.count + bytes.count / 8)
        let lines = bytes.split(separator: MailBytes.lineFeed, omittingEmptySubsequences: false)
        for (lineIndex, line) in lines.enumerated() {
            if lineIndex > 0 { output += lineBreak }
            var column = 0
            let isFromLine = line.starts(with: Array("From ".utf8))
            for index in line.indices {
                let isLast = index == line.index(before: line.endIndex)
                var token = encodedByte(line[index], atLineStart: column == 0, isLast: isLast, isFromLine: isFromLine)
                if column + token.count > 75 {
                    output += [0x3D] + lineBreak
                    column = 0
                    token = encodedByte(line[index], atLineStart: true, isLast: isLast, isFromLine: false)
                }
                output += token
                column += token.count
            }
        }
        if output.last != MailBytes.lineFeed { output += [0x3D] + lineBreak }
        return output
    }

    private static func encodedByte(_ byte: UInt8, atLineStart: Bool, isLast: Bool, isFromLine: Bool) -> [UInt8] {
        let isSpace = byte == MailBytes.space || byte == MailBytes.tab
        let mustEscape = byte == 0x3D || byte >= 0x7F || (byte < 0x20 && byte != MailBytes.tab) || (isSpace && isLast)
            || (atLineStart && (byte == 0x2E || (isFromLine && byte == 0x46)))
        guard mustEscape else { return [byte] }
        return [0x3D, hexDigits[Int(byte >> 4)], hexDigits[Int(byte & 0x0F)]]
    }

    /// A forwarded message as 8bit with CRLF line ends, as RFC 2046 wants for message/rfc822;
    /// nil when it holds NUL bytes or lines over 998 bytes, which only base64 can carry.
    static func eightBitMessage(_ data: Data) -> [UInt8]? {
        var output = [UInt8]()
        output.reserveCapacity(data.count + data.count / 32)
        var lineLength = 0
        var previous: UInt8 = 0
        for byte in data {
            if byte == 0 { return nil }
            if byte == MailBytes.lineFeed {
                if previous != MailBytes.carriageReturn { output.append(MailBytes.carriageReturn) }
                lineLength = 0
            } else if previous == MailBytes.carriageReturn {
                output.append(MailBytes.lineFeed)
                lineLength = 0
            }
            if byte != MailBytes.carriageReturn { lineLength += 1 }
            if lineLength > 998 { return nil }
            output.append(byte)
            previous = byte
        }
        if previous == MailBytes.carriageReturn { output.append(MailBytes.lineFeed) }
        if output.last != MailBytes.lineFeed { output += lineBreak }
        return output
    }
}
