import Foundation

/// One thing that happened with a member, for their timeline (issue 5: orders, after-sales cases, tickets,
/// callbacks and satisfaction ratings in time order, newest first).
public struct MemberTimelineEntry: Codable, Equatable, Sendable {
    public enum Kind: String, Codable, CaseIterable, Sendable {
        case order
        case afterSales = "after_sales"
        case ticket
        case callback
        case rating
    }

    public var kind: Kind
    /// The id of the order, case, ticket or callback (for a rating: the ticket rated).
    public var id: Int64
    public var at: Date
    /// What people read out: the order, case or ticket number; empty for a callback.
    public var reference: String
    /// A line about it: the ticket's subject, the case's problem, the callback's reason, the rating's comment.
    public var summary: String
    /// Its state now (order status, ticket state, callback state or outcome); for a rating, the stars (1–5).
    public var state: String

    public init(kind: Kind, id: Int64, at: Date, reference: String, summary: String, state: String) {
        self.kind = kind
        self.id = id
        self.at = at
        self.reference = reference
        self.summary = summary
        self.state = state
    }
}

extension MemberTimelineEntry {
    /// Where a page of a timeline ended: the next page holds what sorts after this entry (newest first; entries of
    /// one instant by kind, then newest id first). Written as `milliseconds.kind.id`.
    public struct Cursor: Equatable, Sendable {
        public var at: Date
        public var kind: Kind
        public var id: Int64

        public init(_ entry: MemberTimelineEntry) {
            self.at = entry.at
            self.kind = entry.kind
            self.id = entry.id
        }

        public init?(_ text: String) {
            let parts = text.split(separator: ".", omittingEmptySubsequences: false)
            guard parts.count == 3, let ms = Int64(parts[0]), let kind = Kind(rawValue: String(parts[1])), let id = Int64(parts[2]) else {
                return nil
            }
            self.at = Date(timeIntervalSince1970: Double(ms) / 1000)
            self.kind = kind
            self.id = id
        }

        public var text: String { "\(Int64((at.timeIntervalSince1970 * 1000).rounded())).\(kind.rawValue).\(id)" }
    }

    /// Whether this entry comes after `cursor` in timeline order.
    public func comes(after cursor: Cursor) -> Bool {
        let ms = { (date: Date) in Int64((date.timeIntervalSince1970 * 1000).rounded()) }
        if ms(at) != ms(cursor.at) { return ms(at) < ms(cursor.at) }
        if kind != cursor.kind { return kind.rawValue > cursor.kind.rawValue }
        return id < cursor.id
    }
}
