/// Markup built in Swift for the rows of long lists, where rendering a Mustache section per row was most of a
/// page's CPU. Every text goes through ``text(_:)``, which escapes it the way Mustache's `{{…}}` does;
/// ``raw(_:)`` takes only markup written in the code.
struct HTMLBuilder {
    private(set) var html = ""

    init(capacity: Int = 16_384) {
        html.reserveCapacity(capacity)
    }

    mutating func raw(_ markup: StaticString) {
        html += markup.description
    }

    mutating func text(_ value: String) {
        html += Self.escape(value)
    }

    mutating func text(_ value: some BinaryInteger) {
        html += String(value)
    }

    static func escape(_ value: String) -> String {
        guard value.utf8.contains(where: { $0 == 0x26 || $0 == 0x3C || $0 == 0x3E || $0 == 0x22 || $0 == 0x27 }) else { return value }
        var result = ""
        result.reserveCapacity(value.utf8.count + 16)
        for character in value.unicodeScalars {
            switch character {
            case "&": result += "&amp;"
            case "<": result += "&lt;"
            case ">": result += "&gt;"
            case "\"": result += "&quot;"
            case "'": result += "&#39;"
            default: result.unicodeScalars.append(character)
            }
        }
        return result
    }
}
