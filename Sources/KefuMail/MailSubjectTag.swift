/// The ticket tag in mail subjects, `[#T-20261123-0042]`, which threads replies onto their ticket.
///
/// A ticket number is `T-`, an eight-digit day, `-` and four or more digits. Inside the brackets
/// other text may come first (`[Kefu #T-20261123-0042]`), so a queue can brand its tag.
public enum MailSubjectTag {
    /// The ticket number of the first tag in `subject`, or nil when it carries none.
    public static func ticketNumber(in subject: String) -> String? {
        ticketNumbers(in: subject).first
    }

    /// `subject` with ` [#number]` appended, unless a tag for `number` is already there.
    public static func tagged(_ subject: String, number: String) -> String {
        guard !ticketNumbers(in: subject).contains(number) else { return subject }
        let tag = "[#\(number)]"
        if subject.isEmpty { return tag }
        return subject.last?.isWhitespace == true ? subject + tag : subject + " " + tag
    }

    /// Every ticket number tagged in `subject`, in order.
    static func ticketNumbers(in subject: String) -> [String] {
        let scalars = Array(subject.unicodeScalars)
        var numbers = [String]()
        var open: Int?
        for (index, scalar) in scalars.enumerated() {
            if scalar == "[" {
                open = index
            } else if scalar == "]", let start = open {
                if let number = number(in: scalars[(start + 1)..<index]) { numbers.append(number) }
                open = nil
            }
        }
        return numbers
    }

    /// The number in a tag's inside, `Kefu #T-20261123-0042`: after a `#`, followed only by blanks.
    private static func number(in inside: ArraySlice<Unicode.Scalar>) -> String? {
        guard let hash = inside.lastIndex(of: "#") else { return nil }
        var candidate = inside[(hash + 1)...]
        while let last = candidate.last, last == " " || last == "\t" { candidate.removeLast() }
        let text = String(String.UnicodeScalarView(candidate))
        return isTicketNumber(text) ? text : nil
    }

    /// Whether `text` is exactly a ticket number: `T-`, 8 digits, `-`, 4 or more digits.
    public static func isTicketNumber(_ text: String) -> Bool {
        let characters = Array(text.utf8)
        guard characters.count >= 15, characters[0] == UInt8(ascii: "T"), characters[1] == UInt8(ascii: "-"),
              characters[10] == UInt8(ascii: "-") else { return false }
        let isDigit = { (byte: UInt8) in (0x30...0x39).contains(byte) }
        return characters[2..<10].allSatisfy(isDigit) && characters[11...].allSatisfy(isDigit)
    }
}
