import Foundation
import KefuDomain

extension Snapshot {
    /// The parts of an order its history shows before and after a change.
    static func order(_ order: Order) -> String {
        json([
            "number": order.number, "status": order.status.rawValue, "held": order.held ? "true" : "false",
            "total": "\(order.total)", "paid": "\(order.paid)", "rejection_reason": order.rejectionReason,
        ])
    }
}

/// Everything about one order, as the order page and `GET /api/v1/orders/{id}` show it.
public struct OrderDetail: Sendable {
    public var order: Order
    public var payments: [Payment]
    public var notes: [FlagNote]
    public var holds: [OrderHold]
    public var shipments: [Shipment]
    public var allowedActions: [OrderAction]
}
