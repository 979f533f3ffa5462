import Foundation

/// The order desk's clocks (settings with the defaults of DOMAIN.md): ship within 72 h of payment (R-ORD-12),
/// chase parcels not delivered 3 days after dispatch (R-ORD-13).
public struct OrderDeadlines: Sendable, Equatable {
    public enum ShipState: String, Sendable {
        case onTime = "on_time"
        /// Inside the warning window before the deadline: raise it on the follow-up list.
        case dueSoon = "due_soon"
        case overdue
    }

    public var shipWithin: TimeInterval
    public var shipWarning: TimeInterval
    public var deliverWithin: TimeInterval
    /// How old an unpaid order is before it goes on the balance summary (R-ORD-6).
    public var unpaidSummaryAfter: TimeInterval

    public init(shipWithinHours: Double = 72, shipWarningHours: Double = 24, deliverWithinDays: Double = 3, unpaidSummaryDays: Double = 3) {
        shipWithin = shipWithinHours * 3600
        shipWarning = shipWarningHours * 3600
        deliverWithin = deliverWithinDays * 86400
        unpaidSummaryAfter = unpaidSummaryDays * 86400
    }

    /// The ship-by deadline: it runs from payment, not from the order (R-ORD-12).
    public func shipBy(paidAt: Date) -> Date { paidAt.addingTimeInterval(shipWithin) }

    public func shipState(paidAt: Date, now: Date) -> ShipState {
        let deadline = shipBy(paidAt: paidAt)
        if now >= deadline { return .overdue }
        return deadline.timeIntervalSince(now) <= shipWarning ? .dueSoon : .onTime
    }

    /// Parcels dispatched before this instant and still not delivered are chased (R-ORD-13).
    public func undeliveredCutoff(now: Date) -> Date { now.addingTimeInterval(-deliverWithin) }
}

/// One customer's line of the unpaid-balance summary (挂账, R-ORD-6): ask them to pay or to re-select goods.
public struct UnpaidBalance: Codable, Equatable, Sendable {
    public var customerName: String
    public var customerPhone: String
    public var orders: Int
    public var outstanding: Int64
    public var oldest: Date

    public init(customerName: String, customerPhone: String, orders: Int, outstanding: Int64, oldest: Date) {
        self.customerName = customerName
        self.customerPhone = customerPhone
        self.orders = orders
        self.outstanding = outstanding
        self.oldest = oldest
    }
}
