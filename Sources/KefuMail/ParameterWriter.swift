/// Writes MIME header fields with a file-name parameter.
///
/// ASCII names are quoted strings; other names use RFC 2231 (`filename*=UTF-8''%E5%8F%91…`), split
/// into `*0*`, `*1*` sections to keep lines short. With `legacyEncodedWords` (the `name` parameter
/// of Content-Type) a non-ASCII name is written as RFC 2047 words inside quotes, as Outlook and
/// Thunderbird do, for readers that ignore RFC 2231.
enum ParameterWriter {
    private static let sectionLength = 60

    static func field(_ field: String, value: String, name: String, parameter: String, legacyEncodedWords: Bool) -> String {
        guard !parameter.isEmpty else { return "\(field): \(value)\r\n" }
        var text = "\(field): \(value);\r\n"
        if !HeaderFolder.needsEncoding(parameter) {
            let quoted = "\"" + parameter.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
            return text + " \(name)=\(quoted)\r\n"
        }
        if legacyEncodedWords {
            let words = encodedWords(parameter)
            return text + " \(name)=\"" + words.joined(separator: "\r\n ") + "\"\r\n"
        }
        let sections = percentEncodedSections(parameter)
        if sections.count == 1 { return text + " \(name)*=UTF-8''\(sections[0])\r\n" }
        for (index, section) in sections.enumerated() {
            let last = index + 1 == sections.count
            text += " \(name)*\(index)*=\(index == 0 ? "UTF-8''" : "")\(section)\(last ? "" : ";")\r\n"
        }
        return text
    }

    /// Encoded words of at most 60 characters, split between characters.
    private static func encodedWords(_ text: String) -> [String] {
        var words = [String](), chunk = [UInt8]()
        for scalar in text.unicodeScalars {
            let bytes = Array(String(scalar).utf8)
            if (chunk.count + bytes.count + 2) / 3 * 4 + 12 > sectionLength {
                words.append(HeaderFolder.encodedWord(chunk))
                chunk = []
            }
            chunk += bytes
        }
        if !chunk.isEmpty { words.append(HeaderFolder.encodedWord(chunk)) }
        return words
    }

    /// The UTF-8 percent-encoding of `text` (RFC 2231 attribute characters kept), cut into sections
    /// between characters.
    private static func percentEncodedSections(_ text: String) -> [String] {
        var sections = [String](), current = ""
        for scalar in text.unicodeScalars {
            var piece = ""
            for byte in String(scalar).utf8 {
                let isPlain = (0x30...0x39).contains(byte) || (0x41...0x5A).contains(byte) || (0x61...0x7A).contains(byte)
                    || "!#$&+-.^_`|~".utf8.contains(byte)
                piece += isPlain ? String(UnicodeScalar(byte)) : "%" + String(byte, radix: 16, uppercase: true).leftPadded()
            }
            if current.count + piece.count > sectionLength {
                sections.append(current)
                current = ""
            }
            current += piece
        }
        sections.append(current)
        return sections
    }
}

private extension String {
    func leftPadded() -> String { count < 2 ? "0" + self : self }
}
