import Foundation

/// A line of the abnormal-order report (R-ORD-18): money moved from a failed order to a new one.
public struct Reorder: Codable, Equatable, Sendable {
    public var failedOrderID: Int64
    public var failedNumber: String
    public var newOrderID: Int64
    public var newNumber: String
    public var amount: Int64
    public var customerName: String
    public var recordedBy: String?
    public var at: Date

    public init(failedOrderID: Int64, failedNumber: String, newOrderID: Int64, newNumber: String, amount: Int64, customerName: String,
                recordedBy: String?, at: Date) {
        self.failedOrderID = failedOrderID
        self.failedNumber = failedNumber
        self.newOrderID = newOrderID
        self.newNumber = newNumber
        self.amount = amount
        self.customerName = customerName
        self.recordedBy = recordedBy
        self.at = at
    }
}
