/// A small, fast pull scanner over the UTF-8 bytes of an OOXML part.
///
/// It knows just enough XML for spreadsheet parts: elements (namespace prefixes are ignored, so
/// `<x:row>` is `row`), attributes, text with entities, CDATA, comments and processing
/// instructions. It does not validate; use it only inside `withUnsafeBufferPointer` of the bytes.
struct XMLScanner {
    enum Kind { case open, close, selfClosing, text, cdata }

    /// A tag or a run of text; `name` is the local name, `body` the attributes or the raw text.
    struct Token {
        var kind: Kind
        var name: Range<Int>
        var body: Range<Int>
    }

    let bytes: UnsafeBufferPointer<UInt8>
    private(set) var position = 0

    init(_ bytes: UnsafeBufferPointer<UInt8>) {
        self.bytes = bytes
    }

    /// The next token, or nil at the end of the part.
    mutating func next() -> Token? {
        let count = bytes.count
        while position < count {
            if bytes[position] != 0x3C {
                let start = position
                while position < count, bytes[position] != 0x3C { position += 1 }
                return Token(kind: .text, name: start..<start, body: start..<position)
            }
            let start = position
            guard position + 1 < count else { position = count; return nil }
            switch bytes[position + 1] {
            case 0x3F: // <? … ?>
                skip(past: [0x3F, 0x3E])
            case 0x21: // <!-- … -->, <![CDATA[ … ]]>, <!DOCTYPE … >
                if hasPrefix("<![CDATA[") {
                    let bodyStart = position + 9
                    skip(past: [0x5D, 0x5D, 0x3E])
                    return Token(kind: .cdata, name: start..<start, body: bodyStart..<max(bodyStart, position - 3))
                }
                if hasPrefix("<!--") { skip(past: [0x2D, 0x2D, 0x3E]) } else { skip(past: [0x3E]) }
            case 0x2F: // </name>
                position += 2
                let name = scanName()
                while position < count, bytes[position] != 0x3E { position += 1 }
                position += 1
                return Token(kind: .close, name: name, body: name.upperBound..<name.upperBound)
            default:
                position += 1
                let name = scanName()
                let bodyStart = position
                var quote: UInt8 = 0
                while position < count {
                    let byte = bytes[position]
                    if quote != 0 {
                        if byte == quote { quote = 0 }
                    } else if byte == 0x22 || byte == 0x27 {
                        quote = byte
                    } else if byte == 0x3E {
                        break
                    }
                    position += 1
                }
                let selfClosing = position > bodyStart && bytes[position - 1] == 0x2F
                let body = bodyStart..<(selfClosing ? position - 1 : position)
                position += 1
                return Token(kind: selfClosing ? .selfClosing : .open, name: name, body: body)
            }
        }
        return nil
    }

    /// Whether the token's local name is `name`.
    func isNamed(_ token: Token, _ name: StaticString) -> Bool {
        equals(token.name, name)
    }

    /// The raw (undecoded) value range of the attribute with local name `name`.
    func attributeRange(_ token: Token, _ name: StaticString) -> Range<Int>? {
        var index = token.body.lowerBound
        let end = token.body.upperBound
        while index < end {
            while index < end, Self.isSpace(bytes[index]) { index += 1 }
            let nameStart = index
            while index < end, bytes[index] != 0x3D, !Self.isSpace(bytes[index]) { index += 1 }
            let qualified = nameStart..<index
            while index < end, bytes[index] != 0x22, bytes[index] != 0x27 { index += 1 }
            guard index < end else { return nil }
            let quote = bytes[index]
            index += 1
            let valueStart = index
            while index < end, bytes[index] != quote { index += 1 }
            let value = valueStart..<index
            index += 1
            if equals(localName(qualified), name) { return value }
        }
        return nil
    }

    /// The decoded value of the attribute with local name `name`.
    func attribute(_ token: Token, _ name: StaticString) -> String? {
        attributeRange(token, name).map(decodedText)
    }

    /// A non-negative decimal attribute, such as a row number or a style index.
    func integerAttribute(_ token: Token, _ name: StaticString) -> Int? {
        guard let range = attributeRange(token, name), !range.isEmpty else { return nil }
        var value = 0
        for index in range {
            let digit = Int(bytes[index]) - 0x30
            guard (0...9).contains(digit) else { return nil }
            value = value &* 10 &+ digit
        }
        return value
    }

    /// The bytes of `range` as they are (CDATA content).
    func rawText(_ range: Range<Int>) -> String {
        String(decoding: UnsafeBufferPointer(rebasing: bytes[range]), as: UTF8.self)
    }

    /// Text with entities replaced and line breaks normalised (CRLF and CR become LF), as XML requires.
    func decodedText(_ range: Range<Int>) -> String {
        let slice = UnsafeBufferPointer(rebasing: bytes[range])
        guard slice.contains(where: { $0 == 0x26 || $0 == 0x0D }) else {
            return String(decoding: slice, as: UTF8.self)
        }
        var output = [UInt8]()
        output.reserveCapacity(slice.count)
        var index = 0
        while index < slice.count {
            let byte = slice[index]
            if byte == 0x0D {
                output.append(0x0A)
                if index + 1 < slice.count, slice[index + 1] == 0x0A { index += 1 }
            } else if byte == 0x26, let semicolon = slice[index...].prefix(12).firstIndex(of: 0x3B),
                      let scalar = Self.entity(UnsafeBufferPointer(rebasing: slice[(index + 1)..<semicolon])) {
                output.append(contentsOf: String(Character(scalar)).utf8)
                index = semicolon
            } else {
                output.append(byte)
            }
            index += 1
        }
        return String(decoding: output, as: UTF8.self)
    }

    private static func entity(_ name: UnsafeBufferPointer<UInt8>) -> Unicode.Scalar? {
        switch String(decoding: name, as: UTF8.self) {
        case "amp": return "&"
        case "lt": return "<"
        case "gt": return ">"
        case "quot": return "\""
        case "apos": return "'"
        case let reference where reference.hasPrefix("#x") || reference.hasPrefix("#X"):
            return UInt32(reference.dropFirst(2), radix: 16).flatMap(Unicode.Scalar.init)
        case let reference where reference.hasPrefix("#"):
            return UInt32(reference.dropFirst(), radix: 10).flatMap(Unicode.Scalar.init)
        default: return nil
        }
    }

    private mutating func scanName() -> Range<Int> {
        let start = position
        while position < bytes.count {
            let byte = bytes[position]
            if Self.isSpace(byte) || byte == 0x3E || byte == 0x2F { break }
            position += 1
        }
        return localName(start..<position)
    }

    private func localName(_ qualified: Range<Int>) -> Range<Int> {
        var start = qualified.lowerBound
        for index in qualified where bytes[index] == 0x3A { start = index + 1 }
        return start..<qualified.upperBound
    }

    private func equals(_ range: Range<Int>, _ name: StaticString) -> Bool {
        guard range.count == name.utf8CodeUnitCount else { return false }
        let expected = name.utf8Start
        for offset in 0..<range.count where bytes[range.lowerBound + offset] != expected[offset] { return false }
        return true
    }

    private func hasPrefix(_ prefix: StaticString) -> Bool {
        guard position + prefix.utf8CodeUnitCount <= bytes.count else { return false }
        return equals(position..<position + prefix.utf8CodeUnitCount, prefix)
    }

    /// Moves `position` just past the next occurrence of `terminator` (or to the end).
    private mutating func skip(past terminator: [UInt8]) {
        let count = bytes.count
        while position < count {
            if bytes[position] == terminator[0], position + terminator.count <= count,
               (1..<terminator.count).allSatisfy({ bytes[position + $0] == terminator[$0] }) {
                position += terminator.count
                return
            }
            position += 1
        }
    }

    private static func isSpace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D
    }
}
