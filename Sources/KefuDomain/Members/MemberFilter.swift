import Foundation

/// Which members a list shows (R-MEM-2): a search, a tag, a grade; a saved segment is one of these stored as JSON.
public struct MemberFilter: Codable, Equatable, Sendable {
    public var q: String?
    public var tag: String?
    public var grade: MemberGrade?

    public init(q: String? = nil, tag: String? = nil, grade: MemberGrade? = nil) {
        self.q = q
        self.tag = tag
        self.grade = grade
    }

    public var isEmpty: Bool { (q ?? "").isEmpty && (tag ?? "").isEmpty && grade == nil }

    /// `self` with the blanks of `self` filled from `other` (a segment under an extra search).
    public func adding(_ other: MemberFilter) -> MemberFilter {
        MemberFilter(q: (q ?? "").isEmpty ? other.q : q, tag: (tag ?? "").isEmpty ? other.tag : tag, grade: grade ?? other.grade)
    }
}

/// A search box entry understood as what people type for a customer (R-MEM-1): a phone's last digits (`尾号 5678`,
/// `*5678`, `5678`), a whole phone, an email, or a name or part of one.
public enum MemberQuery: Equatable, Sendable {
    /// The last digits of a phone (4 to 10 of them).
    case phoneSuffix(String)
    case phone(String)
    case email(String)
    /// Name terms that must all be present (see ``MemberSearchTerms``).
    case name([String])
    case nothing

    public init(_ text: String) {
        var rest = text.trimmingCharacters(in: .whitespacesAndNewlines)
        for prefix in ["手机尾号", "尾号", "后四位", "tail", "*"] where rest.lowercased().hasPrefix(prefix) {
            rest = String(rest.dropFirst(prefix.count)).trimmingCharacters(in: .whitespaces)
        }
        rest = rest.trimmingCharacters(in: CharacterSet(charactersIn: "*:： "))
        if rest.isEmpty { self = .nothing; return }
        if rest.contains("@") { self = .email(rest.lowercased()); return }
        if rest.count <= 20, rest.allSatisfy({ ($0.isASCII && $0.isNumber) || " -+()".contains($0) }), rest.contains(where: \.isNumber) {
            let digits = MemberDraft.normalizedPhone(rest)
            self = digits.count >= 11 ? .phone(digits) : digits.count >= 4 ? .phoneSuffix(digits) : .nothing
            return
        }
        let terms = MemberSearchTerms.queryTerms(rest)
        self = terms.isEmpty ? .nothing : .name(terms)
    }
}

/// The words a member's name is found by: every Chinese character and every pair of neighbouring ones (so `陈`, `静`
/// and `陈静` of 陈静 each match one index entry), and the prefixes of other words up to ``prefixLimit`` characters.
public enum MemberSearchTerms {
    public static let prefixLimit = 12

    /// Terms stored for a name.
    public static func document(_ name: String) -> [String] {
        var terms: [String] = []
        var seen = Set<String>()
        func add(_ term: String) { if seen.insert(term).inserted { terms.append(term) } }
        for run in runs(name) {
            if run.han {
                let characters = Array(run.text)
                for character in characters { add(String(character)) }
                if characters.count > 1 { for index in 0..<(characters.count - 1) { add(String(characters[index...index + 1])) } }
            } else {
                let characters = Array(run.text)
                for length in 1...min(characters.count, prefixLimit) { add(String(characters.prefix(length))) }
            }
        }
        return terms
    }

    /// Terms a query must all match: pairs for a Chinese run (or its single character), the word (cut to the prefix
    /// limit) otherwise.
    public static func queryTerms(_ query: String) -> [String] {
        var terms: [String] = []
        for run in runs(query) {
            let characters = Array(run.text)
            if run.han {
                if characters.count == 1 { terms.append(run.text) }
                else { for index in 0..<(characters.count - 1) { terms.append(String(characters[index...index + 1])) } }
            } else {
                terms.append(String(characters.prefix(prefixLimit)))
            }
        }
        var seen = Set<String>()
        return terms.filter { seen.insert($0).inserted }
    }

    /// Runs of Chinese characters and lowercased words of letters and digits.
    static func runs(_ text: String) -> [(text: String, han: Bool)] {
        var runs: [(text: String, han: Bool)] = []
        var current = ""
        var currentIsHan = false
        func flush() {
            if !current.isEmpty { runs.append((current, currentIsHan)) }
            current = ""
        }
        for character in text.lowercased() {
            if SearchText.isHan(character) {
                if !currentIsHan { flush() }
                currentIsHan = true
                current.append(character)
            } else if character.isLetter || character.isNumber {
                if currentIsHan { flush() }
                currentIsHan = false
                current.append(character)
            } else {
                flush()
            }
        }
        flush()
        return runs
    }
}

/// A saved filter with a name (R-MEM-2): "金卡会员", "上海 VIP"…
public struct MemberSegment: Codable, Equatable, Sendable {
    public var id: Int64
    public var name: String
    public var filter: MemberFilter
    public var createdBy: Int64?
    public var createdAt: Date

    public init(id: Int64, name: String, filter: MemberFilter, createdBy: Int64?, createdAt: Date) {
        self.id = id
        self.name = name
        self.filter = filter
        self.createdBy = createdBy
        self.createdAt = createdAt
    }

    public static let nameLimit = 50
}
