/// Reads `Message-ID`, `In-Reply-To` and `References` values into bare ids (no angle brackets).
enum MessageIDList {
    /// The ids in `value`, in order: `<a@x> <b@x>` → `["a@x", "b@x"]`; bare ids are accepted when
    /// no angle brackets are used at all, and trailing comments (`(Zhang's message of …)`) ignored.
    static func parse(_ value: String?) -> [String] {
        guard let value else { return [] }
        var ids = [String]()
        guard value.contains("<") else {
            return HeaderParameters.withoutComments(value)
                .split(whereSeparator: { $0 == " " || $0 == "," || $0 == "\t" || $0 == ";" })
                .filter { $0.contains("@") }
                .map(String.init)
        }
        var current: String.UnicodeScalarView?
        for scalar in value.unicodeScalars {
            switch scalar {
            case "<": current = String.UnicodeScalarView()
            case ">":
                if let id = current, !id.isEmpty { ids.append(String(id)) }
                current = nil
            default:
                if !scalar.properties.isWhitespace { current?.append(scalar) }
            }
        }
        return ids
    }
}
