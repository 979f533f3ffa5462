import Foundation

/// Reading Excel number formats: which ones show dates, and numbers as Excel displays them.
enum NumberFormat {
    /// Built-in format ids that show dates or times (the CJK ids 27–36 and 50–58 are the zh-CN ones).
    static func dateKind(ofBuiltIn id: Int) -> DateFormatKind? {
        switch id {
        case 14...17, 27...31, 36, 50...54, 57, 58: return .date
        case 22: return .dateTime
        case 18...21, 32...35, 45...47, 55, 56: return .time
        default: return nil
        }
    }

    /// Classifies a custom format code by its first section, ignoring quoted text, escapes and `[…]`
    /// (except elapsed-time brackets such as `[h]`). `m` counts as minutes only next to `h` or `s`.
    static func dateKind(ofCode code: String) -> DateFormatKind? {
        var hasDate = false, hasTime = false, hasMonthOrMinute = false
        var iterator = code.lowercased().replacingOccurrences(of: "general", with: "").makeIterator()
        while let character = iterator.next() {
            switch character {
            case ";": return kind(date: hasDate, time: hasTime, monthOrMinute: hasMonthOrMinute)
            case "\"": while let next = iterator.next(), next != "\"" {}
            case "\\", "_", "*": _ = iterator.next()
            case "[":
                var bracket = ""
                while let next = iterator.next(), next != "]" { bracket.append(next) }
                if !bracket.isEmpty, bracket.allSatisfy({ "hms".contains($0) }) { hasTime = true }
            case "y", "d", "e": hasDate = true
            case "h", "s": hasTime = true
            case "m": hasMonthOrMinute = true
            case "0", "#", "?", "@": if !hasDate && !hasTime && !hasMonthOrMinute { return nil }
            default: continue
            }
        }
        return kind(date: hasDate, time: hasTime, monthOrMinute: hasMonthOrMinute)
    }

    private static func kind(date: Bool, time: Bool, monthOrMinute: Bool) -> DateFormatKind? {
        switch (date || (monthOrMinute && !time), time) {
        case (true, true): return .dateTime
        case (true, false): return .date
        case (false, true): return .time
        case (false, false): return nil
        }
    }

    /// A stored number as people see it: kept as written unless it is an integer with a zero
    /// fraction (`42.0` → `42`), uses an exponent, or has more than 15 significant digits.
    static func displayText(_ raw: String) -> String {
        let utf8 = raw.utf8
        var digits = 0, leadingZeros = true, points = 0
        var fractionAllZero = true
        for (offset, byte) in utf8.enumerated() {
            switch byte {
            case 0x30...0x39:
                if byte != 0x30 { leadingZeros = false }
                if !leadingZeros { digits += 1 }
                if points == 1 && byte != 0x30 { fractionAllZero = false }
            case 0x2E: points += 1
            case 0x2D where offset == 0: continue
            default: return reformatted(raw)
            }
        }
        guard points <= 1, !raw.isEmpty else { return raw }
        if points == 1 && fractionAllZero {
            let integer = String(raw[..<raw.firstIndex(of: ".")!])
            return integer == "-0" || integer == "-" || integer.isEmpty ? "0" : integer
        }
        return digits > 15 ? reformatted(raw) : raw
    }

    /// `raw` parsed as a double and printed with at most 15 significant digits, without an exponent.
    private static func reformatted(_ raw: String) -> String {
        guard let value = Double(raw), value.isFinite else { return raw }
        if value == 0 { return "0" }
        let magnitude = Int(log10(abs(value)).rounded(.down))
        if magnitude >= 15 {
            // Like Excel: 15 significant digits, then zeros (an 18-digit ID stored as a number is already lost).
            let mantissa = Int64((abs(value) / pow(10, Double(magnitude - 14))).rounded())
            guard magnitude < 300 else { return raw }
            return (value < 0 ? "-" : "") + String(mantissa) + String(repeating: "0", count: magnitude - 14)
        }
        guard magnitude > -20 else { return raw }
        let decimals = max(0, 14 - magnitude)
        var text = String(format: "%.\(decimals)f", value)
        if text.contains(".") {
            while text.hasSuffix("0") { text.removeLast() }
            if text.hasSuffix(".") { text.removeLast() }
        }
        return text == "-0" ? "0" : text
    }
}
