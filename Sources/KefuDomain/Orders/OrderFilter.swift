import Foundation

/// Which orders a list shows.
public struct OrderFilter: Sendable, Hashable {
    public enum List: String, Sendable, CaseIterable, Hashable {
        case review, unpaid, overpaid
        case shipBy = "ship_by"
        case undelivered, holds
    }

    public var status: OrderStatus?
    public var channel: OrderChannel?
    public var flag: FlagNote.Flag?
    public var query: String?
    /// An order number or the customer's phone exactly, through their indexes (the search box across everything).
    public var lookup: String?
    public var list: List?
    public var enteredBy: Int64?
    /// For the undelivered list: only parcels dispatched before this instant (R-ORD-13).
    public var shippedBefore: Date?

    public init(status: OrderStatus? = nil, channel: OrderChannel? = nil, flag: FlagNote.Flag? = nil, query: String? = nil,
                list: List? = nil, enteredBy: Int64? = nil, lookup: String? = nil) {
        self.lookup = lookup
        self.status = status
        self.channel = channel
        self.flag = flag
        self.query = query
        self.list = list
        self.enteredBy = enteredBy
    }

    /// The filter with the list's own clock applied at `now`.
    public func at(_ now: Date, deadlines: OrderDeadlines) -> OrderFilter {
        var filter = self
        if list == .undelivered {
            // Whole minutes, so that the same list asked twice in a minute is the same question (and can be cached).
            let cutoff = deadlines.undeliveredCutoff(now: now).timeIntervalSince1970
            filter.shippedBefore = Date(timeIntervalSince1970: (cutoff / 60).rounded(.down) * 60)
        }
        return filter
    }
}
