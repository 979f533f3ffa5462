import Foundation

/// RFC 2047 encoded words in header text (`=?GBK?B?xOO6ww==?=`, `=?utf-8?Q?caf=C3=A9?=`).
///
/// Whitespace between two encoded words is dropped; consecutive words in the same charset are
/// decoded together, because senders split multi-byte characters across them.
enum EncodedWords {
    /// `text` with every encoded word decoded; anything that is not one is kept as it is.
    static func decode(_ text: String) -> String {
        guard text.contains("=?") else { return text }
        let bytes = Array(text.utf8)
        var result = ""
        var pending: (charset: String, bytes: [UInt8])?
        var plainStart = 0
        var index = 0
        func flush() {
            if let run = pending { result += Charset.decode(Data(run.bytes), charset: run.charset) }
            pending = nil
        }
        while index + 1 < bytes.count {
            guard bytes[index] == 0x3D, bytes[index + 1] == 0x3F, let word = parseWord(bytes, at: index) else {
                index += 1
                continue
            }
            let gap = bytes[plainStart..<index]
            if pending == nil || !gap.allSatisfy(MailBytes.isWhitespace) {
                flush()
                result += String(decoding: gap, as: UTF8.self)
            }
            if let run = pending, run.charset != word.charset { flush() }
            pending = (word.charset, (pending?.bytes ?? []) + word.bytes)
            index = word.end
            plainStart = word.end
        }
        flush()
        result += String(decoding: bytes[plainStart...], as: UTF8.self)
        return result
    }

    /// The encoded word starting at `start` (on its `=?`): its lowercased charset, decoded bytes and end.
    private static func parseWord(_ bytes: [UInt8], at start: Int) -> (charset: String, bytes: [UInt8], end: Int)? {
        let question: UInt8 = 0x3F
        var index = start + 2
        let charsetStart = index
        while index < bytes.count, bytes[index] != question {
            guard bytes[index] > 0x20, bytes[index] < 0x7F, index - charsetStart < 40 else { return nil }
            index += 1
        }
        guard index > charsetStart, index + 2 < bytes.count, bytes[index + 2] == question else { return nil }
        let charset = String(decoding: bytes[charsetStart..<index], as: UTF8.self).lowercased()
        let encoding = MailBytes.lowercased(bytes[index + 1])
        guard encoding == 0x62 || encoding == 0x71 else { return nil }  // "b" or "q"
        let payloadStart = index + 3
        var end = payloadStart
        while end + 1 < bytes.count, !(bytes[end] == question && bytes[end + 1] == 0x3D) {
            guard !MailBytes.isWhitespace(bytes[end]) else { return nil }
            end += 1
        }
        guard end + 1 < bytes.count else { return nil }
        let payload = bytes[payloadStart..<end]
        let decoded = encoding == 0x62
            ? TransferEncoding.lenientBase64(payload)
            : payload.withContiguousStorageIfAvailable { TransferEncoding.quotedPrintable($0, underscoreIsSpace: true) } ?? []
        return (charset, decoded, end + 2)
    }
}
