/// Text prepared for full-text search in Chinese and other languages, the same way on SQLite (FTS5) and
/// PostgreSQL (tsvector): runs of Chinese characters become overlapping two-character words (`退款申请` →
/// `退款 款申 申请`), other words are lowercased and split at dots, dashes and `@` into parts that must follow each
/// other (`O-20261120-0008` → `o 20261120 0008`). A query is prepared the same way and matched as
/// phrases, so `退款申请` finds exactly that sequence and two characters (`退款`) are enough.
public enum SearchText {
    /// The words of `text` for the index, separated by spaces.
    public static func document(_ text: String) -> String {
        groups(text).map { $0.joined(separator: " ") }.joined(separator: " ")
    }

    /// The phrases of a query: each a list of words that must follow each other. Empty when nothing searchable.
    public static func groups(_ text: String) -> [[String]] {
        var groups: [[String]] = []
        var han: [Character] = []
        var word = ""
        func flushHan() {
            guard !han.isEmpty else { return }
            groups.append(han.count == 1 ? [String(han[0])] : (0..<(han.count - 1)).map { String(han[$0...($0 + 1)]) })
            han.removeAll()
        }
        func flushWord() {
            // `o-20261120-0008`, `chen.jing@example.com`: the parts, as a phrase (both databases split them so).
            let parts = word.lowercased().split { !($0.isLetter || $0.isNumber) }.map(String.init)
            if !parts.isEmpty { groups.append(parts) }
            word = ""
        }
        for character in text {
            if isHan(character) {
                flushWord()
                han.append(character)
            } else if character.isLetter || character.isNumber || character == "@" || character == "." && !word.isEmpty || character == "-" && !word.isEmpty {
                flushHan()
                word.append(character)
            } else {
                flushHan()
                flushWord()
            }
        }
        flushHan()
        flushWord()
        return groups
    }

    /// A phrase of one Chinese character: it searches as the prefix of the character pairs.
    public static func isPrefixQuery(_ group: [String]) -> Bool {
        group.count == 1 && group[0].count == 1 && group[0].first.map(isHan) == true
    }

    static func isHan(_ character: Character) -> Bool {
        guard let scalar = character.unicodeScalars.first else { return false }
        switch scalar.value {
        case 0x3400...0x4DBF, 0x4E00...0x9FFF, 0xF900...0xFAFF, 0x20000...0x2FA1F: return true
        default: return false
        }
    }
}
