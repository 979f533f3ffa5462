/// HTML character references: `&amp;`, `&#20320;`, `&#x4F60;` and the named ones mail really uses.
enum HTMLEntities {
    private static let named: [String: String] = [
        "amp": "&", "lt": "<", "gt": ">", "quot": "\"", "apos": "'", "nbsp": "\u{00A0}",
        "copy": "©", "reg": "®", "trade": "™", "hellip": "…", "mdash": "—", "ndash": "–",
        "lsquo": "‘", "rsquo": "’", "sbquo": "‚", "ldquo": "“", "rdquo": "”", "bdquo": "„",
        "bull": "•", "middot": "·", "laquo": "«", "raquo": "»", "lsaquo": "‹", "rsaquo": "›",
        "euro": "€", "pound": "£", "yen": "¥", "cent": "¢", "sect": "§", "deg": "°", "plusmn": "±",
        "times": "×", "divide": "÷", "para": "¶", "frac12": "½", "frac14": "¼", "frac34": "¾",
        "iexcl": "¡", "iquest": "¿", "shy": "", "ensp": " ", "emsp": " ", "thinsp": " ",
        "zwnj": "", "zwj": "", "lrm": "", "rlm": "", "larr": "←", "rarr": "→", "uarr": "↑", "darr": "↓",
        "agrave": "à", "aacute": "á", "acirc": "â", "auml": "ä", "ccedil": "ç", "egrave": "è",
        "eacute": "é", "ecirc": "ê", "euml": "ë", "iacute": "í", "iuml": "ï", "ntilde": "ñ",
        "oacute": "ó", "ocirc": "ô", "ouml": "ö", "uacute": "ú", "ugrave": "ù", "uuml": "ü", "szlig": "ß",
        "Auml": "Ä", "Ouml": "Ö", "Uuml": "Ü", "Eacute": "É",
    ]
    /// Names browsers still accept without the closing semicolon.
    private static let legacy: [String] = ["nbsp", "amp", "lt", "gt", "quot", "copy", "reg"]

    /// The text of the reference at `start` (on its `&`) and how many scalars it spans;
    /// a lone `&` or an unknown name stands for itself.
    static func decode(_ source: [Unicode.Scalar], at start: Int) -> (text: String, length: Int) {
        var end = start + 1
        while end < source.count, end - start <= 32, source[end] != ";",
              source[end].properties.isAlphabetic || ("0"..."9").contains(source[end]) || source[end] == "#" {
            end += 1
        }
        let name = String(String.UnicodeScalarView(source[(start + 1)..<end]))
        let terminated = end < source.count && source[end] == ";"
        if terminated, let text = reference(name) { return (text, end - start + 1) }
        for candidate in legacy where name.hasPrefix(candidate) {
            return (named[candidate] ?? "", candidate.unicodeScalars.count + 1)
        }
        return ("&", 1)
    }

    private static func reference(_ name: String) -> String? {
        guard name.hasPrefix("#") else { return named[name] ?? named[name.lowercased()] }
        let digits = name.dropFirst()
        let value = digits.first == "x" || digits.first == "X" ? UInt32(digits.dropFirst(), radix: 16) : UInt32(digits)
        guard let value, value != 0, let scalar = Unicode.Scalar(value) else { return "\u{FFFD}" }
        return String(scalar)
    }
}
