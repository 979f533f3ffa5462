import Foundation

/// A shift handover (交接班, R-TKT-12): the outgoing shift writes what the next one must know or do, item by
/// item; the incoming shift acknowledges each item. A handover is complete when every item is acknowledged.
public struct Handover: Codable, Equatable, Sendable {
    /// One thing handed over, with who took it on and when.
    public struct Item: Codable, Equatable, Sendable {
        public var id: Int64
        public var position: Int
        public var content: String
        /// What it is about, as people write it: an order or ticket number, a customer.
        public var reference: String?
        public var acknowledgedBy: Int64?
        public var acknowledgedByName: String?
        public var acknowledgedAt: Date?

        public init(id: Int64, position: Int, content: String, reference: String?, acknowledgedBy: Int64? = nil,
                    acknowledgedByName: String? = nil, acknowledgedAt: Date? = nil) {
            self.id = id
            self.position = position
            self.content = content
            self.reference = reference
            self.acknowledgedBy = acknowledgedBy
            self.acknowledgedByName = acknowledgedByName
            self.acknowledgedAt = acknowledgedAt
        }

        public var isAcknowledged: Bool { acknowledgedAt != nil }
    }

    /// Whether someone may acknowledge an item, and if not, why.
    public enum Acknowledgement: Equatable, Sendable {
        case allowed
        /// The writer hands over; someone else must take it on.
        case ownItem
        case alreadyAcknowledged
        case unknownItem
    }

    public var id: Int64
    /// The shift that wrote it, as the team names it (早班, 晚班, 夜班…).
    public var shift: String
    public var note: String?
    public var writtenBy: Int64?
    public var writtenByName: String?
    public var writtenAt: Date
    public var items: [Item]

    public init(id: Int64, shift: String, note: String?, writtenBy: Int64?, writtenByName: String? = nil, writtenAt: Date, items: [Item]) {
        self.id = id
        self.shift = shift
        self.note = note
        self.writtenBy = writtenBy
        self.writtenByName = writtenByName
        self.writtenAt = writtenAt
        self.items = items
    }

    /// Every item acknowledged.
    public var isComplete: Bool { items.allSatisfy(\.isAcknowledged) }

    /// Whether `user` may acknowledge item `itemID` now: not the writer's own items, each item once.
    public func acknowledgement(of itemID: Int64, by user: Int64?) -> Acknowledgement {
        guard let item = items.first(where: { $0.id == itemID }) else { return .unknownItem }
        if let writtenBy, writtenBy == user { return .ownItem }
        return item.isAcknowledged ? .alreadyAcknowledged : .allowed
    }
}

/// A handover as the outgoing shift writes it, before it is saved.
public struct HandoverDraft: Equatable, Sendable {
    public struct Item: Equatable, Sendable {
        public var content: String?
        public var reference: String?

        public init(content: String?, reference: String? = nil) {
            self.content = content
            self.reference = reference
        }
    }

    public static let shiftLimit = 40
    public static let noteLimit = 2000
    public static let contentLimit = 1000
    public static let referenceLimit = 100
    public static let itemLimit = 50

    public var shift: String?
    public var note: String?
    public var items: [Item]

    public init(shift: String?, note: String? = nil, items: [Item]) {
        self.shift = shift
        self.note = note
        self.items = items
    }

    /// Whether an item is wholly blank (an unused row of a form); a reference without content is not blank.
    public static func isBlank(_ item: Item) -> Bool {
        trimmed(item.content).isEmpty && trimmed(item.reference).isEmpty
    }

    /// What is wrong, all at once; item fields are named `items[i].content` by their place in ``items``.
    public var problems: [FieldError] {
        var problems: [FieldError] = []
        let shift = Self.trimmed(shift)
        if shift.isEmpty { problems.append(FieldError(field: "shift", code: "error.required")) }
        else if shift.count > Self.shiftLimit { problems.append(Self.tooLong("shift", Self.shiftLimit)) }
        if Self.trimmed(note).count > Self.noteLimit { problems.append(Self.tooLong("note", Self.noteLimit)) }
        if items.isEmpty { problems.append(FieldError(field: "items", code: "error.handover_no_items")) }
        if items.count > Self.itemLimit {
            problems.append(FieldError(field: "items", code: "error.range", arguments: ["min": "1", "max": "\(Self.itemLimit)"]))
        }
        for (index, item) in items.enumerated() {
            let content = Self.trimmed(item.content)
            if content.isEmpty { problems.append(FieldError(field: "items[\(index)].content", code: "error.required")) }
            else if content.count > Self.contentLimit { problems.append(Self.tooLong("items[\(index)].content", Self.contentLimit)) }
            if Self.trimmed(item.reference).count > Self.referenceLimit {
                problems.append(Self.tooLong("items[\(index)].reference", Self.referenceLimit))
            }
        }
        return problems
    }

    /// The handover to save (id 0, items numbered from 1), text trimmed and blanks made absent.
    public func handover(writtenBy: Int64?, at now: Date) -> Handover {
        let blankIsNil = { (text: String?) -> String? in Self.trimmed(text).isEmpty ? nil : Self.trimmed(text) }
        return Handover(
            id: 0, shift: Self.trimmed(shift), note: blankIsNil(note), writtenBy: writtenBy, writtenAt: now,
            items: items.enumerated().map { index, item in
                Handover.Item(id: 0, position: index + 1, content: Self.trimmed(item.content), reference: blankIsNil(item.reference))
            })
    }

    static func trimmed(_ text: String?) -> String { (text ?? "").trimmingCharacters(in: .whitespacesAndNewlines) }

    static func tooLong(_ field: String, _ limit: Int) -> FieldError {
        FieldError(field: field, code: "error.too_long", arguments: ["max": "\(limit)"])
    }
}
