import Foundation

/// An out-of-stock request (缺货预订, R-ORD-16): a customer wants something not in stock; the order managers see
/// it on the morning list and the customer is answered by 11:00 with the result recorded.
public struct StockoutRequest: Codable, Equatable, Sendable {
    public enum Result: String, Codable, CaseIterable, Sendable {
        /// The goods arrived and the order was placed.
        case ordered
        /// The customer took another size, colour or product.
        case substituted
        /// Still waiting for stock; the customer was told when.
        case waiting
        /// The customer gave up; money refunded if any was paid.
        case cancelled
    }

    public var id: Int64
    public var customerName: String
    public var contact: String
    public var product: String
    public var quantity: Int
    public var note: String?
    public var registeredAt: Date
    public var registeredBy: Int64?
    public var result: Result?
    public var answer: String?
    public var answeredAt: Date?
    public var answeredBy: Int64?

    public init(id: Int64, customerName: String, contact: String, product: String, quantity: Int, note: String?, registeredAt: Date,
                registeredBy: Int64?, result: Result? = nil, answer: String? = nil, answeredAt: Date? = nil, answeredBy: Int64? = nil) {
        self.id = id
        self.customerName = customerName
        self.contact = contact
        self.product = product
        self.quantity = quantity
        self.note = note
        self.registeredAt = registeredAt
        self.registeredBy = registeredBy
        self.result = result
        self.answer = answer
        self.answeredAt = answeredAt
        self.answeredBy = answeredBy
    }
}

/// The out-of-stock routine (R-ORD-16): the list is ready by 9:00 and every customer answered by 11:00
/// (settings), on the first morning after the request was registered.
public struct StockoutSchedule: Sendable, Equatable {
    public var listAt: TimeOfDay
    public var answerBy: TimeOfDay
    public var timeZone: TimeZone

    public init(listAt: TimeOfDay = TimeOfDay(hour: 9, minute: 0)!, answerBy: TimeOfDay = TimeOfDay(hour: 11, minute: 0)!,
                timeZone: TimeZone = TimeZone(identifier: "Asia/Shanghai")!) {
        self.listAt = listAt
        self.answerBy = answerBy
        self.timeZone = timeZone
    }

    private var calendar: Calendar {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        return calendar
    }

    private func instant(on day: Date, at time: TimeOfDay) -> Date {
        calendar.startOfDay(for: day).addingTimeInterval(TimeInterval(time.minutes * 60))
    }

    /// The morning list a request registered at `registeredAt` appears on: today's if registered before the
    /// list time, else tomorrow's.
    public func listDay(for registeredAt: Date) -> Date {
        let today = calendar.startOfDay(for: registeredAt)
        return registeredAt < instant(on: today, at: listAt) ? today : calendar.date(byAdding: .day, value: 1, to: today)!
    }

    /// When the customer must have been answered.
    public func answerDue(for registeredAt: Date) -> Date {
        instant(on: listDay(for: registeredAt), at: answerBy)
    }

    /// The cut-off of the list for the morning of `day`: requests registered before it are on it.
    public func listCutoff(on day: Date) -> Date { instant(on: day, at: listAt) }
}
