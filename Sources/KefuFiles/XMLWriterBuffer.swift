/// A growing UTF-8 buffer for writing OOXML parts quickly, without building intermediate strings.
struct XMLWriterBuffer {
    private(set) var bytes: [UInt8] = []

    init(capacity: Int = 4096) {
        bytes.reserveCapacity(capacity)
    }

    /// Appends markup verbatim.
    mutating func raw(_ text: StaticString) {
        text.withUTF8Buffer { bytes.append(contentsOf: $0) }
    }

    /// Appends bytes verbatim.
    mutating func raw(_ other: [UInt8]) {
        bytes.append(contentsOf: other)
    }

    /// Appends a decimal integer.
    mutating func integer(_ value: Int64) {
        if value < 0 { bytes.append(0x2D) }
        unsigned(value.magnitude)
    }

    /// Appends a non-negative decimal integer.
    mutating func unsigned(_ value: UInt64) {
        var value = value
        let start = bytes.count
        repeat {
            bytes.append(UInt8(truncatingIfNeeded: value % 10) + 0x30)
            value /= 10
        } while value > 0
        bytes[start..<bytes.count].reverse()
    }

    /// Appends text escaped for element content or a double-quoted attribute value.
    ///
    /// Characters XML cannot carry (controls other than tab and LF, U+FFFE, U+FFFF) are written in
    /// OOXML's `_xHHHH_` form, and a literal `_xHHHH_` in the text is protected as `_x005F_xHHHH_`,
    /// so every string survives a round trip. CR is written as `&#13;` so XML parsers keep it.
    mutating func escaped(_ text: String) {
        var text = text
        text.withUTF8 { utf8 in
            var needsWork = false
            for byte in utf8 where byte < 0x20 || byte == 0x26 || byte == 0x3C || byte == 0x3E
                || byte == 0x22 || byte == 0x5F || byte == 0xEF {
                needsWork = true
                break
            }
            guard needsWork else {
                bytes.append(contentsOf: utf8)
                return
            }
            escapeSlowly(utf8)
        }
    }

    private mutating func escapeSlowly(_ utf8: UnsafeBufferPointer<UInt8>) {
        var index = 0
        while index < utf8.count {
            let byte = utf8[index]
            switch byte {
            case 0x26: raw("&amp;")
            case 0x3C: raw("&lt;")
            case 0x3E: raw("&gt;")
            case 0x22: raw("&quot;")
            case 0x09, 0x0A: bytes.append(byte)
            case 0x0D: raw("&#13;")
            case 0x00..<0x20: ooxmlEscape(UInt16(byte))
            case 0x5F where Self.startsOOXMLEscape(utf8, at: index): raw("_x005F_")
            case 0xEF where index + 2 < utf8.count && utf8[index + 1] == 0xBF
                && (utf8[index + 2] == 0xBE || utf8[index + 2] == 0xBF):
                ooxmlEscape(utf8[index + 2] == 0xBE ? 0xFFFE : 0xFFFF)
                index += 2
            default: bytes.append(byte)
            }
            index += 1
        }
    }

    private mutating func ooxmlEscape(_ unit: UInt16) {
        raw("_x")
        for shift in stride(from: 12, through: 0, by: -4) {
            let nibble = UInt8((unit >> UInt16(shift)) & 0xF)
            bytes.append(nibble < 10 ? 0x30 + nibble : 0x41 + nibble - 10)
        }
        bytes.append(0x5F)
    }

    /// True when `_xHHHH_` starts at `index` (so a reader would unescape it).
    static func startsOOXMLEscape(_ utf8: UnsafeBufferPointer<UInt8>, at index: Int) -> Bool {
        guard index + 6 < utf8.count, utf8[index] == 0x5F, utf8[index + 1] == 0x78,
              utf8[index + 6] == 0x5F else { return false }
        return (index + 2...index + 5).allSatisfy { isHexDigit(utf8[$0]) }
    }

    static func isHexDigit(_ byte: UInt8) -> Bool {
        (0x30...0x39).contains(byte) || (0x41...0x46).contains(byte) || (0x61...0x66).contains(byte)
    }
}
