import Foundation

/// Content-Transfer-Encoding decoders: base64 and quoted-printable, lenient like real mail readers.
enum TransferEncoding {
    /// The decoded bytes of a body; 7bit, 8bit, binary and unknown encodings are taken as they are.
    static func decode(_ bytes: UnsafeBufferPointer<UInt8>, encoding: String?) -> Data {
        switch encoding.map({ MailText.trimmingBlanks($0).lowercased() }) {
        case "base64": return base64(bytes)
        case "quoted-printable": return Data(quotedPrintable(bytes, underscoreIsSpace: false))
        default: return Data(bytes)
        }
    }

    /// Base64 ignoring line breaks and stray characters; missing padding and a cut-off end keep what is there.
    ///
    /// Foundation's decoder is fast but refuses missing padding and stops at the first `=`, which
    /// would silently drop later data; so it is used only when no `=` stands before the end, with
    /// the padding completed (or a lone trailing character dropped) when the count is off.
    static func base64(_ bytes: UnsafeBufferPointer<UInt8>) -> Data {
        guard paddingOnlyAtEnd(bytes) else { return Data(lenientBase64(bytes)) }
        var encoded = Data(bytes)
        for padding in ["", "=", "=="] {
            if let data = Data(base64Encoded: encoded + Data(padding.utf8), options: .ignoreUnknownCharacters) { return data }
        }
        if let last = encoded.lastIndex(where: { base64Values[Int($0)] != 0xFF }) {
            encoded.removeSubrange(last...)
            if let data = Data(base64Encoded: encoded, options: .ignoreUnknownCharacters) { return data }
        }
        return Data(lenientBase64(bytes))
    }

    /// Quoted-printable (`=XX`, soft line breaks, trailing whitespace dropped); with
    /// `underscoreIsSpace`, the RFC 2047 "Q" variant.
    static func quotedPrintable(_ bytes: UnsafeBufferPointer<UInt8>, underscoreIsSpace: Bool) -> [UInt8] {
        var output = [UInt8]()
        output.reserveCapacity(bytes.count)
        let count = bytes.count
        var index = 0
        while index < count {
            let byte = bytes[index]
            if byte == equals {
                if index + 2 < count, let high = hexValue(bytes[index + 1]), let low = hexValue(bytes[index + 2]) {
                    output.append(high << 4 | low)
                    index += 3
                    continue
                }
                var next = index + 1
                while next < count, bytes[next] == MailBytes.space || bytes[next] == MailBytes.tab { next += 1 }
                if next == count { break }
                if bytes[next] == MailBytes.lineFeed { index = next + 1; continue }
                if bytes[next] == MailBytes.carriageReturn {
                    index = next + (next + 1 < count && bytes[next + 1] == MailBytes.lineFeed ? 2 : 1)
                    continue
                }
                output.append(byte)
                index += 1
            } else if byte == MailBytes.space || byte == MailBytes.tab {
                var next = index
                while next < count, bytes[next] == MailBytes.space || bytes[next] == MailBytes.tab { next += 1 }
                let atLineEnd = next == count || bytes[next] == MailBytes.lineFeed || bytes[next] == MailBytes.carriageReturn
                if !atLineEnd || underscoreIsSpace { output.append(contentsOf: bytes[index..<next]) }
                index = next
            } else {
                output.append(underscoreIsSpace && byte == underscore ? MailBytes.space : byte)
                index += 1
            }
        }
        return output
    }

    private static let equals: UInt8 = 0x3D, underscore: UInt8 = 0x5F

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case 0x30...0x39: return byte - 0x30
        case 0x41...0x46: return byte - 0x41 + 10
        case 0x61...0x66: return byte - 0x61 + 10
        default: return nil
        }
    }

    /// True when no `=` occurs, or the first one is followed only by `=` and whitespace.
    private static func paddingOnlyAtEnd(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let base = bytes.baseAddress, let hit = memchr(base, Int32(equals), bytes.count) else { return true }
        let first = UnsafeRawPointer(hit).assumingMemoryBound(to: UInt8.self) - base
        return bytes[first...].allSatisfy { $0 == equals || MailBytes.isWhitespace($0) }
    }

    private static let base64Values: [UInt8] = {
        var table = [UInt8](repeating: 0xFF, count: 256)
        for (value, character) in "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8.enumerated() {
            table[Int(character)] = UInt8(value)
        }
        table[Int(UInt8(ascii: "-"))] = 62  // base64url, seen from some web mailers
        table[Int(UInt8(ascii: "_"))] = 63
        return table
    }()

    /// Decodes quantum by quantum; `=` ends a quantum (concatenated padded chunks decode in full).
    static func lenientBase64<Bytes: Sequence>(_ bytes: Bytes) -> [UInt8] where Bytes.Element == UInt8 {
        var output = [UInt8]()
        output.reserveCapacity(bytes.underestimatedCount / 4 * 3 + 3)
        var quantum: UInt32 = 0
        var filled = 0
        func flush() {
            if filled == 2 { output.append(UInt8(truncatingIfNeeded: quantum >> 4)) }
            if filled == 3 {
                output.append(UInt8(truncatingIfNeeded: quantum >> 10))
                output.append(UInt8(truncatingIfNeeded: quantum >> 2))
            }
            quantum = 0
            filled = 0
        }
        base64Values.withUnsafeBufferPointer { values in
            for byte in bytes {
                let value = values[Int(byte)]
                if value == 0xFF {
                    if byte == equals { flush() }
                    continue
                }
                quantum = quantum << 6 | UInt32(value)
                filled += 1
                if filled == 4 {
                    output.append(UInt8(truncatingIfNeeded: quantum >> 16))
                    output.append(UInt8(truncatingIfNeeded: quantum >> 8))
                    output.append(UInt8(truncatingIfNeeded: quantum))
                    quantum = 0
                    filled = 0
                }
            }
        }
        flush()
        return output
    }
}
