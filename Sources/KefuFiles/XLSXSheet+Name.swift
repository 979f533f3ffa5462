extension XLSXSheet {
    /// The longest tab name Excel accepts, in UTF-16 units.
    static let maximumNameLength = 31

    /// Makes tab names Excel accepts: no `: \ / ? * [ ]` or control characters, no leading or trailing `'`,
    /// at most 31 characters, not "History", and unique ignoring case (later duplicates get " (2)", " (3)" …).
    public static func sanitizedNames(_ names: [String]) -> [String] {
        var used = Set<String>()
        var result = [String]()
        for (index, name) in names.enumerated() {
            let base = sanitizedName(name, fallback: "Sheet\(index + 1)")
            var candidate = base
            var counter = 2
            while used.contains(candidate.lowercased()) {
                let suffix = " (\(counter))"
                candidate = truncated(base, toUTF16: maximumNameLength - suffix.utf16.count) + suffix
                counter += 1
            }
            used.insert(candidate.lowercased())
            result.append(candidate)
        }
        return result
    }

    /// One name made valid on its own; `fallback` when nothing usable is left.
    static func sanitizedName(_ name: String, fallback: String) -> String {
        let forbidden: Set<Character> = [":", "\\", "/", "?", "*", "[", "]"]
        var cleaned = String(name.map { character in
            let isControl = character.unicodeScalars.contains { $0.value < 0x20 || $0.value == 0x7F }
            return forbidden.contains(character) || character.isNewline || isControl ? "_" : character
        })
        cleaned = String(cleaned.drop { $0 == "'" || $0.isWhitespace })
        cleaned = truncated(cleaned, toUTF16: maximumNameLength)
        while cleaned.last == "'" || cleaned.last?.isWhitespace == true { cleaned.removeLast() }
        if cleaned.isEmpty { return fallback }
        if cleaned.lowercased() == "history" { return cleaned + "_" }
        return cleaned
    }

    /// `text` cut at a character boundary so it has at most `limit` UTF-16 units.
    static func truncated(_ text: String, toUTF16 limit: Int) -> String {
        guard text.utf16.count > limit else { return text }
        var result = ""
        var units = 0
        for character in text {
            let size = character.utf16.count
            if units + size > limit { break }
            result.append(character)
            units += size
        }
        return result
    }
}
