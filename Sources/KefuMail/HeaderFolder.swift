import Foundation

/// Writes one header field for the composer: RFC 2047 UTF-8 "B" words where text is not plain
/// ASCII, folded before whitespace so lines stay within 78 characters where possible.
///
/// Folding only ever inserts CRLF before a space that is already there (or between encoded words,
/// where the space is dropped again on decoding), so the value reads back exactly.
struct HeaderFolder {
    static let lineLimit = 78
    static let encodedWordLimit = 75
    private static let wordOverhead = "=?UTF-8?B??=".count

    private var output = ""
    private var line: String
    private var lineHasAtom = false

    init(name: String) { line = name + ":" }

    /// The field with its final CRLF.
    var text: String { output + line + "\r\n" }

    /// Adds `atom` after a space, starting a new line first if it would not fit.
    mutating func append(_ atom: String, separated: Bool = true) {
        if lineHasAtom, separated, line.count + 1 + atom.count > Self.lineLimit { breakLine() }
        line += (separated ? " " : "") + atom
        lineHasAtom = true
    }

    /// Adds free text: ASCII words as they are, runs of other words as encoded words.
    mutating func appendText(_ text: String) {
        let words = Self.sanitized(text).split(separator: " ", omittingEmptySubsequences: false)
        var run = [Substring]()
        func flushRun() {
            if !run.isEmpty { appendEncoded(run.joined(separator: " ")) }
            run = []
        }
        for word in words {
            if Self.needsEncoding(word) {
                run.append(word)
            } else {
                flushRun()
                append(String(word))
            }
        }
        flushRun()
    }

    /// Adds `text` as UTF-8 encoded words, each as long as the current line allows (at most 75).
    mutating func appendEncoded(_ text: String) {
        let whole = Self.encodedLength(text.utf8.count)
        if lineHasAtom, whole <= Self.encodedWordLimit, line.count + 1 + whole > Self.lineLimit { breakLine() }
        var chunk = [UInt8]()
        var limit = roomForWord()
        for scalar in text.unicodeScalars {
            let bytes = Array(String(scalar).utf8)
            if !chunk.isEmpty, Self.encodedLength(chunk.count + bytes.count) > limit {
                append(Self.encodedWord(chunk))
                chunk = []
                breakLine()
                limit = roomForWord()
            }
            chunk += bytes
        }
        if !chunk.isEmpty || text.isEmpty { append(Self.encodedWord(chunk)) }
    }

    /// Whether a word must be encoded: non-ASCII, control characters, or something that looks encoded.
    static func needsEncoding<Text: StringProtocol>(_ word: Text) -> Bool {
        word.unicodeScalars.contains { $0.value >= 0x7F || ($0.value < 0x20 && $0 != "\t") } || word.contains("=?")
    }

    /// Header text with line breaks (and so header injection) turned into spaces.
    static func sanitized(_ text: String) -> String {
        String(String.UnicodeScalarView(text.unicodeScalars.map { $0 == "\r" || $0 == "\n" ? " " : $0 }))
    }

    static func encodedWord<Bytes: Sequence>(_ bytes: Bytes) -> String where Bytes.Element == UInt8 {
        "=?UTF-8?B?" + Data(bytes).base64EncodedString() + "?="
    }

    private static func encodedLength(_ byteCount: Int) -> Int { (byteCount + 2) / 3 * 4 + wordOverhead }

    /// The longest encoded word that fits on the current line, or on a new one when too little is left.
    private mutating func roomForWord() -> Int {
        let room = min(Self.encodedWordLimit, Self.lineLimit - line.count - 1)
        if room >= Self.encodedLength(4) || !lineHasAtom { return max(room, Self.encodedLength(4)) }
        breakLine()
        return Self.encodedWordLimit
    }

    private mutating func breakLine() {
        output += line + "\r\n"
        line = ""
        lineHasAtom = false
    }
}
