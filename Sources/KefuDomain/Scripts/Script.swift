import Foundation

/// A standard phrase (规范用语, R-QA-1): what to say in one situation of a call or chat, kept in a library that
/// agents search and insert into replies.
public struct Script: Codable, Equatable, Sendable {
    /// The situation a phrase is for, in the order a conversation meets them.
    public enum Situation: String, Codable, CaseIterable, Sendable {
        case greeting
        /// No voice on the line.
        case silence
        /// The caller cannot be heard or understood.
        case cannotHear = "cannot_hear"
        /// Asking the caller to write something down.
        case noteDown = "note_down"
        /// The caller wants another department.
        case transfer
        case wait
        /// Answering questions about the shop, ordering, payment and delivery.
        case inquiry
        /// Taking an order by phone.
        case order
        case complaint
        case apology
        case suggestion
        /// A request that cannot be met.
        case decline
        case systemFault = "system_fault"
        /// No answer on the spot: we call back.
        case callback
        /// Follow-up calls (回访, R-CB-2): opening, question, satisfied and unsatisfied branches, closing.
        case followUp = "follow_up"
        /// The caller thanks or praises us.
        case thanks
        case closing
    }

    public static let titleLimit = 100
    public static let bodyLimit = 2000
    public static let noteLimit = 1000
    public static let positionLimit = 9999

    public var id: Int64
    public var situation: Situation
    /// When to use it, as people look for it.
    public var title: String
    /// The words themselves: what is inserted into a reply.
    public var body: String
    /// How to use it and what not to say instead.
    public var note: String?
    /// Order within its situation.
    public var position: Int
    public var active: Bool
    public var version: Int64
    public var createdAt: Date
    public var updatedAt: Date

    public init(id: Int64, situation: Situation, title: String, body: String, note: String?, position: Int, active: Bool,
                version: Int64, createdAt: Date, updatedAt: Date) {
        self.id = id
        self.situation = situation
        self.title = title
        self.body = body
        self.note = note
        self.position = position
        self.active = active
        self.version = version
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }
}

/// A new phrase or a change to one; nil leaves a field as it is (for a new phrase: absent).
public struct ScriptChanges: Equatable, Sendable {
    public var situation: Script.Situation?
    public var title: String?
    public var body: String?
    /// Outer nil: keep the note; empty text removes it.
    public var note: String?
    public var position: Int?
    public var active: Bool?

    public init(situation: Script.Situation? = nil, title: String? = nil, body: String? = nil, note: String? = nil,
                position: Int? = nil, active: Bool? = nil) {
        self.situation = situation
        self.title = title
        self.body = body
        self.note = note
        self.position = position
        self.active = active
    }

    /// What is wrong with the values, all at once. A new phrase needs a situation, a title and a body.
    public func problems(creating: Bool) -> [FieldError] {
        var problems: [FieldError] = []
        if creating, situation == nil { problems.append(FieldError(field: "situation", code: "error.required")) }
        func text(_ field: String, _ value: String?, limit: Int, required: Bool) {
            guard let value = value.map(Self.trimmed) ?? (creating && required ? "" : nil) else { return }
            if value.isEmpty, required { problems.append(FieldError(field: field, code: "error.required")) }
            else if value.count > limit { problems.append(FieldError(field: field, code: "error.too_long", arguments: ["max": "\(limit)"])) }
        }
        text("title", title, limit: Script.titleLimit, required: true)
        text("body", body, limit: Script.bodyLimit, required: true)
        text("note", note, limit: Script.noteLimit, required: false)
        if let position, !(0...Script.positionLimit).contains(position) {
            problems.append(FieldError(field: "position", code: "error.range", arguments: ["min": "0", "max": "\(Script.positionLimit)"]))
        }
        return problems
    }

    /// `script` with these changes; text is trimmed and an empty note removed.
    public func applied(to script: Script) -> Script {
        var result = script
        if let situation { result.situation = situation }
        if let title { result.title = Self.trimmed(title) }
        if let body { result.body = Self.trimmed(body) }
        if let note { result.note = Self.trimmed(note).isEmpty ? nil : Self.trimmed(note) }
        if let position { result.position = position }
        if let active { result.active = active }
        return result
    }

    static func trimmed(_ text: String) -> String { text.trimmingCharacters(in: .whitespacesAndNewlines) }
}
