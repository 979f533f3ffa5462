import Foundation

/// Turns the bytes of an uploaded text file into a `String`, whatever Chinese Excel user saved it.
///
/// The order is: a byte-order mark (UTF-8, UTF-16 LE/BE), then valid UTF-8, then GB18030
/// (a superset of GBK and GB2312, which is what "CSV" from Chinese Excel is), then Big5.
/// A byte-order mark is never part of the returned text.
///
/// Big5 bytes are nearly always valid GB18030 too. A legacy decoding is accepted only when it has
/// no private-use, C1 control or replacement characters; Big5 punctuation (`，。：`) decodes to
/// private-use characters in GB18030, so Big5 text with punctuation is found. Text without any may
/// still be misread, so when people say their file is Big5, pass `preferring: big5`.
public enum TextDecoding {
    /// The encoding a text was found to be in.
    public enum Source: String, Equatable, Sendable {
        case utf8WithBOM, utf8, utf16LittleEndian, utf16BigEndian, gb18030, big5
        /// Nothing fitted; invalid bytes were replaced with U+FFFD.
        case lossyUTF8
    }

    /// GB18030 (covers GBK and GB2312), as Foundation's CoreFoundation-backed raw value.
    public static let gb18030 = String.Encoding(rawValue: 0x8000_0632)
    /// Big5 (traditional Chinese), as Foundation's CoreFoundation-backed raw value.
    public static let big5 = String.Encoding(rawValue: 0x8000_0A03)

    /// Decodes `data` to text; never fails (undecodable bytes become U+FFFD as a last resort).
    public static func decode(_ data: Data, preferring legacy: String.Encoding = gb18030) -> String {
        decodeDetectingSource(data, preferring: legacy).text
    }

    /// Decodes `data` and says which encoding it was read as, for import logs.
    ///
    /// `legacy` (``gb18030`` or ``big5``) is tried first once Unicode is ruled out, then the other.
    public static func decodeDetectingSource(
        _ data: Data, preferring legacy: String.Encoding = gb18030
    ) -> (text: String, source: Source) {
        let bytes = [UInt8](data.prefix(3))
        if bytes.count >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF {
            let body = data.dropFirst(3)
            return (validUTF8(body) ?? String(decoding: body, as: UTF8.self), .utf8WithBOM)
        }
        if bytes.count >= 2, bytes[0] == 0xFF, bytes[1] == 0xFE {
            return (utf16(data.dropFirst(2), littleEndian: true), .utf16LittleEndian)
        }
        if bytes.count >= 2, bytes[0] == 0xFE, bytes[1] == 0xFF {
            return (utf16(data.dropFirst(2), littleEndian: false), .utf16BigEndian)
        }
        if data.isEmpty { return ("", .utf8) }
        if let text = validUTF8(data) { return (text, .utf8) }
        let legacyOrder: [(String.Encoding, Source)] = legacy == big5
            ? [(big5, .big5), (gb18030, .gb18030)] : [(gb18030, .gb18030), (big5, .big5)]
        for (encoding, source) in legacyOrder {
            if let text = String(data: data, encoding: encoding), isPlausible(text) { return (text, source) }
        }
        return (String(decoding: data, as: UTF8.self), .lossyUTF8)
    }

    /// The UTF-8 text in `data`, or nil when the bytes are not valid UTF-8.
    static func validUTF8(_ data: Data) -> String? {
        data.withUnsafeBytes { raw in
            String(validating: raw.bindMemory(to: UInt8.self), as: UTF8.self)
        }
    }

    /// False for text a wrong legacy decoding gives away: empty, or holding U+FFFD, C1 controls or
    /// private-use characters (Foundation's Big5 decoder maps unmappable bytes to U+F8F8, not nil).
    static func isPlausible(_ text: String) -> Bool {
        !text.isEmpty && !text.unicodeScalars.contains { scalar in
            (0x80...0x9F).contains(scalar.value) || (0xE000...0xF8FF).contains(scalar.value) || scalar.value == 0xFFFD
        }
    }

    /// UTF-16 text without its byte-order mark; an odd trailing byte is dropped, bad surrogates repaired.
    private static func utf16(_ data: Data, littleEndian: Bool) -> String {
        var units = [UInt16]()
        units.reserveCapacity(data.count / 2)
        var index = data.startIndex
        while index + 1 < data.endIndex {
            let first = UInt16(data[index]), second = UInt16(data[index + 1])
            units.append(littleEndian ? first | second << 8 : first << 8 | second)
            index += 2
        }
        return String(decoding: units, as: UTF16.self)
    }
}
