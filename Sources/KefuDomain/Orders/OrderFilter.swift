/// Which orders a list shows.
public struct OrderFilter: Sendable, Equatable {
    public enum List: String, Sendable, CaseIterable {
        case review, unpaid, overpaid
        case shipBy = "ship_by"
        case undelivered, holds
    }

    public var status: OrderStatus?
    public var channel: OrderChannel?
    public var flag: FlagNote.Flag?
    public var query: String?
    public var list: List?
    public var enteredBy: Int64?

    public init(status: OrderStatus? = nil, channel: OrderChannel? = nil, flag: FlagNote.Flag? = nil, query: String? = nil,
                list: List? = nil, enteredBy: Int64? = nil) {
        self.status = status
        self.channel = channel
        self.flag = flag
        self.query = query
        self.list = list
        self.enteredBy = enteredBy
    }
}
