/// Readable plain text from an HTML mail body, for tickets whose sender sent no text/plain part.
///
/// Not an HTML parser: tags are dropped, `script`/`style`/`head` skipped with their content,
/// entities decoded, whitespace collapsed as a browser would, and line breaks kept for `<br>`,
/// paragraphs, `div`s, list items, table rows and headings. `<pre>` keeps its whitespace.
enum HTMLText {
    private static let blockTags: Set<String> = [
        "p", "div", "tr", "table", "ul", "ol", "li", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote",
        "pre", "hr", "section", "article", "header", "footer", "address", "dl", "dt", "dd", "form", "center",
        "tbody", "thead", "tfoot", "caption", "figure", "nav", "main", "aside",
    ]
    private static let skippedTags: Set<String> = ["script", "style", "head", "title", "noscript", "template"]

    static func plainText(_ html: String) -> String {
        var reader = Reader(Array(html.unicodeScalars))
        reader.run()
        return tidy(reader.output)
    }

    private struct Reader {
        let source: [Unicode.Scalar]
        var index = 0
        var output = String.UnicodeScalarView()
        var pendingSpace = false
        var preDepth = 0

        init(_ source: [Unicode.Scalar]) { self.source = source }

        mutating func run() {
            while index < source.count {
                let scalar = source[index]
                if scalar == "<" {
                    readMarkup()
                } else if scalar == "&" {
                    let (text, length) = HTMLEntities.decode(source, at: index)
                    for decoded in text.unicodeScalars { emit(decoded) }
                    index += length
                } else {
                    emit(scalar)
                    index += 1
                }
            }
        }

        mutating func emit(_ scalar: Unicode.Scalar) {
            if scalar == "\r" { return }
            if preDepth == 0, scalar.properties.isWhitespace {
                pendingSpace = true
                return
            }
            if pendingSpace, preDepth == 0, let last = output.last, last != "\n" { output.append(" ") }
            pendingSpace = false
            output.append(scalar)
        }

        mutating func lineBreak(forced: Bool) {
            pendingSpace = false
            if forced || (output.last.map { $0 != "\n" } ?? false) { output.append("\n") }
        }

        /// Handles the markup at `index` (on a `<`): a tag, comment or declaration; a lone `<` is text.
        mutating func readMarkup() {
            if starts(with: "<!--") {
                index = end(of: "-->", from: index + 4)
                return
            }
            let next = index + 1 < source.count ? source[index + 1] : " "
            if next == "!" || next == "?" {
                index = end(of: ">", from: index)
                return
            }
            let closing = next == "/"
            var nameEnd = index + (closing ? 2 : 1)
            while nameEnd < source.count, source[nameEnd].properties.isAlphabetic || ("0"..."9").contains(source[nameEnd]) {
                nameEnd += 1
            }
            let name = String(String.UnicodeScalarView(source[(index + (closing ? 2 : 1))..<nameEnd])).lowercased()
            guard !name.isEmpty else {
                emit("<")
                index += 1
                return
            }
            index = tagEnd(from: nameEnd)
            if !closing, HTMLText.skippedTags.contains(name) {
                index = end(of: "</" + name, from: index, caseInsensitive: true)
                index = end(of: ">", from: index)
                return
            }
            if name == "br" { lineBreak(forced: true) }
            if name == "td" || name == "th", !closing { pendingSpace = true }
            guard HTMLText.blockTags.contains(name) else { return }
            lineBreak(forced: false)
            if name == "pre" { preDepth = max(0, preDepth + (closing ? -1 : 1)) }
            if name == "li", !closing { output.append(contentsOf: "- ".unicodeScalars) }
        }

        /// Just past the `>` ending the tag whose attributes start at `start` (quotes respected).
        func tagEnd(from start: Int) -> Int {
            var quote: Unicode.Scalar?
            var position = start
            while position < source.count {
                let scalar = source[position]
                if let open = quote {
                    if scalar == open { quote = nil }
                } else if scalar == "\"" || scalar == "'" {
                    quote = scalar
                } else if scalar == ">" {
                    return position + 1
                }
                position += 1
            }
            return source.count
        }

        func starts(with text: String, at position: Int? = nil, caseInsensitive: Bool = false) -> Bool {
            var position = position ?? index
            for expected in text.unicodeScalars {
                guard position < source.count else { return false }
                let actual = source[position]
                guard actual == expected || caseInsensitive && Self.asciiLowercased(actual) == Self.asciiLowercased(expected)
                else { return false }
                position += 1
            }
            return true
        }

        static func asciiLowercased(_ scalar: Unicode.Scalar) -> Unicode.Scalar {
            ("A"..."Z").contains(scalar) ? Unicode.Scalar(scalar.value + 32) ?? scalar : scalar
        }

        /// Just past the next `marker` from `start`, or the end of the source.
        func end(of marker: String, from start: Int, caseInsensitive: Bool = false) -> Int {
            let length = marker.unicodeScalars.count
            var position = start
            while position < source.count {
                if starts(with: marker, at: position, caseInsensitive: caseInsensitive) { return position + length }
                position += 1
            }
            return source.count
        }
    }

    /// Trims each line's trailing spaces and the text's blank ends; at most one blank line in a row.
    private static func tidy(_ text: String.UnicodeScalarView) -> String {
        var lines = [String]()
        var blankRun = 0
        for line in String(text).split(separator: "\n", omittingEmptySubsequences: false) {
            var trimmed = Substring(line.replacingOccurrences(of: "\u{00A0}", with: " "))
            while trimmed.last?.isWhitespace == true { trimmed.removeLast() }
            if trimmed.isEmpty {
                blankRun += 1
                if blankRun > 1 || lines.isEmpty { continue }
            } else {
                blankRun = 0
            }
            lines.append(String(trimmed))
        }
        while lines.last?.isEmpty == true { lines.removeLast() }
        return lines.joined(separator: "\n")
    }
}
