/// Reads RFC 5322 address lists as senders really write them.
///
/// Handles quoted names, `addr (Name)` comments, groups (`undisclosed-recipients:;`), encoded and
/// raw 8-bit names, and unquoted names with a comma (`Zhang, San <z@example.com>`).
enum AddressListParser {
    static func parse(_ value: String) -> [MailAddress] {
        var pieces = split(value)
        // An unquoted "Last, First <addr>" splits at its comma: glue name-only pieces to the next.
        var merged = [String]()
        var carried = ""
        for (index, piece) in pieces.enumerated() {
            let text = carried.isEmpty ? piece : carried + "," + piece
            if !piece.contains("@"), !piece.contains("<"), index + 1 < pieces.count,
               pieces[index + 1].contains("<") {
                carried = text
                continue
            }
            carried = ""
            merged.append(text)
        }
        pieces = merged
        return pieces.compactMap(mailbox)
    }

    /// Splits at top-level `,` and `;`, dropping group names (`Team: a@x, b@x;`).
    private static func split(_ value: String) -> [String] {
        var pieces = [String]()
        var current = String.UnicodeScalarView()
        var inQuote = false, inAngle = false, commentDepth = 0, escaped = false
        for scalar in value.unicodeScalars {
            if escaped {
                escaped = false
                current.append(scalar)
                continue
            }
            switch scalar {
            case "\\" where inQuote || commentDepth > 0: escaped = true
            case "\"" where commentDepth == 0: inQuote.toggle()
            case "(" where !inQuote: commentDepth += 1
            case ")" where !inQuote && commentDepth > 0: commentDepth -= 1
            case "<" where !inQuote && commentDepth == 0: inAngle = true
            case ">" where !inQuote && commentDepth == 0: inAngle = false
            case ",", ";":
                if !inQuote, !inAngle, commentDepth == 0 {
                    pieces.append(String(current))
                    current = String.UnicodeScalarView()
                    continue
                }
            case ":":
                if !inQuote, !inAngle, commentDepth == 0 {
                    current = String.UnicodeScalarView()  // a group name
                    continue
                }
            default: break
            }
            current.append(scalar)
        }
        pieces.append(String(current))
        return pieces.filter { !MailText.trimmingBlanks($0).isEmpty }
    }

    /// One mailbox: `Name <addr>`, `"Name" <addr>`, `addr (Name)` or a bare `addr`.
    private static func mailbox(_ piece: String) -> MailAddress? {
        let scalars = Array(piece.unicodeScalars)
        var inQuote = false, commentDepth = 0
        var openAngle: Int?
        for (index, scalar) in scalars.enumerated() {
            if scalar == "\"", commentDepth == 0, index == 0 || scalars[index - 1] != "\\" { inQuote.toggle() }
            if !inQuote, scalar == "(" { commentDepth += 1 }
            if !inQuote, scalar == ")", commentDepth > 0 { commentDepth -= 1 }
            if !inQuote, commentDepth == 0, scalar == "<" { openAngle = index; break }
        }
        if let open = openAngle {
            let rest = scalars[(open + 1)...]
            let close = rest.firstIndex(of: ">") ?? scalars.count
            var address = cleanAddress(String(String.UnicodeScalarView(scalars[(open + 1)..<close])))
            if let colon = address.lastIndex(of: ":") { address = String(address[address.index(after: colon)...]) }  // route
            guard !address.isEmpty else { return nil }
            let name = displayName(String(String.UnicodeScalarView(scalars[..<open])))
            return MailAddress(name: name, address: address)
        }
        let (bare, comment) = splitComment(piece)
        let address = cleanAddress(bare)
        guard !address.isEmpty else { return nil }
        return MailAddress(name: displayName(comment), address: address)
    }

    /// The address without whitespace, quotes around it, or stray brackets.
    private static func cleanAddress(_ text: String) -> String {
        var result = String(text.unicodeScalars.filter { !$0.properties.isWhitespace && $0 != "<" && $0 != ">" })
        if result.hasPrefix("\""), result.hasSuffix("\""), result.count > 2, !result.dropFirst().dropLast().contains("\"") {
            result = String(result.dropFirst().dropLast())
        }
        return result
    }

    /// A display name unquoted, unescaped, encoded words decoded; nil when it is empty.
    private static func displayName(_ text: String) -> String? {
        var result = String.UnicodeScalarView()
        var escaped = false, inQuote = false, commentDepth = 0
        for scalar in text.unicodeScalars {
            if escaped {
                if commentDepth == 0 { result.append(scalar) }
                escaped = false
            } else if scalar == "\\" {
                escaped = true
            } else if scalar == "\"", commentDepth == 0 {
                inQuote.toggle()
            } else if !inQuote, scalar == "(" {
                commentDepth += 1
            } else if !inQuote, scalar == ")", commentDepth > 0 {
                commentDepth -= 1
            } else if commentDepth == 0 {
                result.append(scalar)
            }
        }
        let name = MailText.trimmingBlanks(EncodedWords.decode(MailText.trimmingBlanks(String(result))))
        return name.isEmpty ? nil : name
    }

    /// `addr (Name)` → (`addr `, `Name`): text outside comments, and the first comment's content.
    private static func splitComment(_ text: String) -> (String, String) {
        var outside = String.UnicodeScalarView(), comment = String.UnicodeScalarView()
        var depth = 0, commentsSeen = 0
        for scalar in text.unicodeScalars {
            if scalar == "(" {
                depth += 1
                if depth == 1 { commentsSeen += 1; continue }
            } else if scalar == ")", depth > 0 {
                depth -= 1
                if depth == 0 { continue }
            }
            if depth == 0 { outside.append(scalar) } else if commentsSeen == 1 { comment.append(scalar) }
        }
        return (String(outside), String(comment))
    }
}
