import Foundation

/// A MIME header value with parameters: `text/plain; charset="gbk"` or `attachment; filename*=UTF-8''…`.
///
/// RFC 2231 (`name*=charset'lang'%XX`, `name*0*=` continuations) and RFC 2047 encoded words inside
/// quoted values (Outlook, Foxmail) are both decoded.
struct HeaderParameters {
    /// The value before the first `;`, lowercased (`text/plain`, `attachment`); empty when absent.
    let value: String
    private let parameters: [String: String]

    init(_ raw: String?) {
        guard let raw else {
            value = ""
            parameters = [:]
            return
        }
        let scalars = Array(raw.unicodeScalars)
        let valueEnd = scalars.firstIndex(of: ";") ?? scalars.count
        value = MailText.trimmingBlanks(Self.withoutComments(String(String.UnicodeScalarView(scalars[..<valueEnd])))).lowercased()
        parameters = Self.combine(Self.pairs(scalars, from: valueEnd))
    }

    /// The decoded parameter called `name` (lowercase), nil when absent or empty.
    subscript(name: String) -> String? {
        guard let found = parameters[name], !found.isEmpty else { return nil }
        return found
    }

    /// The raw `name=value` pairs in order, names lowercased, quotes and escapes removed.
    private static func pairs(_ scalars: [Unicode.Scalar], from start: Int) -> [(name: String, value: String)] {
        var pairs = [(name: String, value: String)]()
        var index = start
        while index < scalars.count {
            while index < scalars.count, scalars[index] == ";" || scalars[index].properties.isWhitespace { index += 1 }
            let nameStart = index
            while index < scalars.count, scalars[index] != "=", scalars[index] != ";" { index += 1 }
            let name = MailText.trimmingBlanks(String(String.UnicodeScalarView(scalars[nameStart..<index]))).lowercased()
            guard index < scalars.count, scalars[index] == "=" else { continue }
            index += 1
            while index < scalars.count, scalars[index] == " " || scalars[index] == "\t" { index += 1 }
            var value = String.UnicodeScalarView()
            if index < scalars.count, scalars[index] == "\"" {
                index += 1
                while index < scalars.count, scalars[index] != "\"" {
                    if scalars[index] == "\\", index + 1 < scalars.count, scalars[index + 1] == "\"" || scalars[index + 1] == "\\" {
                        index += 1
                    }
                    value.append(scalars[index])
                    index += 1
                }
                index += 1
                while index < scalars.count, scalars[index] != ";" { index += 1 }
            } else {
                while index < scalars.count, scalars[index] != ";" {
                    value.append(scalars[index])
                    index += 1
                }
            }
            if !name.isEmpty { pairs.append((name, MailText.trimmingBlanks(String(value)))) }
        }
        return pairs
    }

    /// Joins RFC 2231 sections into one decoded value per name; RFC 2231 forms win over plain ones.
    private static func combine(_ pairs: [(name: String, value: String)]) -> [String: String] {
        var plain = [String: String]()
        var sections = [String: [(number: Int, encoded: Bool, value: String)]]()
        for (name, value) in pairs {
            guard let star = name.firstIndex(of: "*") else {
                if plain[name] == nil { plain[name] = value }
                continue
            }
            let base = String(name[..<star])
            let rest = name[name.index(after: star)...]
            let encoded = rest.isEmpty || rest.hasSuffix("*")
            let number = Int(rest.hasSuffix("*") ? rest.dropLast() : rest) ?? 0
            sections[base, default: []].append((number, encoded, value))
        }
        var result = plain.mapValues { $0.contains("=?") ? EncodedWords.decode($0) : $0 }
        for (base, parts) in sections {
            var charset: String?
            var bytes = [UInt8]()
            for (offset, part) in parts.sorted(by: { $0.number < $1.number }).enumerated() {
                var text = Substring(part.value)
                if part.encoded, offset == 0 {
                    let pieces = text.split(separator: "'", maxSplits: 2, omittingEmptySubsequences: false)
                    if pieces.count == 3 {
                        charset = String(pieces[0])
                        text = pieces[2]
                    }
                }
                bytes += part.encoded ? percentDecoded(text) : Array(text.utf8)
            }
            result[base] = Charset.decode(Data(bytes), charset: charset ?? "utf-8")
        }
        return result
    }

    private static func percentDecoded(_ text: Substring) -> [UInt8] {
        let source = Array(text.utf8)
        var bytes = [UInt8]()
        var index = 0
        while index < source.count {
            if source[index] == 0x25, index + 2 < source.count,
               let byte = UInt8(String(decoding: source[index + 1...index + 2], as: UTF8.self), radix: 16) {
                bytes.append(byte)
                index += 3
            } else {
                bytes.append(source[index])
                index += 1
            }
        }
        return bytes
    }

    /// `text` without parenthesised comments (`text/plain (body)` → `text/plain `).
    static func withoutComments(_ text: String) -> String {
        guard text.contains("(") else { return text }
        var result = String.UnicodeScalarView()
        var depth = 0
        for scalar in text.unicodeScalars {
            if scalar == "(" { depth += 1 } else if scalar == ")", depth > 0 { depth -= 1 } else if depth == 0 { result.append(scalar) }
        }
        return String(result)
    }
}
