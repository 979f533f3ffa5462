import Foundation

/// Turns the bytes of an uploaded text file into a `String`, whatever Chinese Excel user saved it.
///
/// The order is: a byte-order mark (UTF-8, UTF-16 LE/BE), then valid UTF-8, then GB18030
/// (a superset of GBK and GB2312, which is what "CSV" from Chinese Excel is), then Big5.
/// A byte-order mark is never part of the returned text.
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
    public static func decode(_ data: Data) -> String {
        decodeDetectingSource(data).text
    }

    /// Decodes `data` and says which encoding it was read as, for import logs.
    public static func decodeDetectingSource(_ data: Data) -> (text: String, source: Source) {
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
        if let text = validUTF8(data) { return (text, .utf8) }
        if let text = String(data: data, encoding: gb18030) { return (text, .gb18030) }
        if let text = String(data: data, encoding: big5) { return (text, .big5) }
        return (String(decoding: data, as: UTF8.self), .lossyUTF8)
    }

    /// The UTF-8 text in `data`, or nil when the bytes are not valid UTF-8.
    static func validUTF8(_ data: Data) -> String? {
        data.withUnsafeBytes { raw in
            String(validating: raw.bindMemory(to: UInt8.self), as: UTF8.self)
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
