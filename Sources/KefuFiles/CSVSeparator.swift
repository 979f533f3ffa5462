/// The byte that separates fields in a CSV file.
public enum CSVSeparator: UInt8, CaseIterable, Equatable, Sendable {
    case comma = 0x2C
    /// Excel in locales whose decimal mark is a comma (de, fr, ru …) saves CSV with semicolons.
    case semicolon = 0x3B
    case tab = 0x09
    case pipe = 0x7C

    /// Guesses the separator from the first line of `text` (outside quotes); comma when nothing stands out.
    public static func guess(in text: String) -> CSVSeparator {
        var counts = [CSVSeparator: Int]()
        var inQuotes = false
        for byte in text.utf8 {
            if byte == 0x22 { inQuotes.toggle(); continue }
            if inQuotes { continue }
            if byte == 0x0A || byte == 0x0D { break }
            if let separator = CSVSeparator(rawValue: byte) { counts[separator, default: 0] += 1 }
        }
        let best = counts.max { lhs, rhs in
            lhs.value != rhs.value ? lhs.value < rhs.value : lhs.key.rawValue > rhs.key.rawValue
        }
        return best?.key ?? .comma
    }
}
