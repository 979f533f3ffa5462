/// One header field of a message or MIME part, unfolded.
public struct MailHeader: Sendable, Equatable {
    /// The field name as written (`Subject`, `content-type`).
    public let name: String
    /// The value as it stands in the message, folding removed, encoded words left as they are.
    public let rawValue: String
    /// The value with RFC 2047 encoded words decoded and tabs turned into spaces.
    public let value: String

    /// A header with both forms of its value given, for test doubles.
    public init(name: String, rawValue: String, value: String) {
        self.name = name
        self.rawValue = rawValue
        self.value = value
    }

    /// A header read from the message: `rawValue` is decoded into `value`.
    init(name: String, rawValue: String) {
        let trimmed = MailText.trimmingBlanks(rawValue)
        var decoded = EncodedWords.decode(trimmed)
        if decoded.utf8.contains(MailBytes.tab) {
            decoded = String(String.UnicodeScalarView(decoded.unicodeScalars.map { $0 == "\t" ? " " : $0 }))
        }
        self.init(name: name, rawValue: trimmed, value: decoded)
    }

    /// Whether this header is called `lowercasedName`, compared without regard to ASCII case.
    func isNamed(_ lowercasedName: String) -> Bool {
        name.utf8.count == lowercasedName.utf8.count
            && zip(name.utf8, lowercasedName.utf8).allSatisfy { MailBytes.lowercased($0) == $1 }
    }
}

extension [MailHeader] {
    /// The first header called `name` (case-insensitive).
    func first(named name: String) -> MailHeader? {
        let lowercased = name.lowercased()
        return first { $0.isNamed(lowercased) }
    }

    /// Every header called `name` (case-insensitive), in message order.
    func all(named name: String) -> [MailHeader] {
        let lowercased = name.lowercased()
        return filter { $0.isNamed(lowercased) }
    }
}
