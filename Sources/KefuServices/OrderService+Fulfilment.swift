import Foundation
import KefuDomain
import KefuStore

/// Shipping, tracking, delivery, completion, archive and cancellation (R-ORD-13, R-ORD-14).
extension OrderService {
    /// Ships an approved order: carrier and tracking number are required (R-ORD-13).
    public func ship(id: Int64, carrier: String?, trackingNumber: String?, expectedVersion: Int64?, by principal: Principal) async throws -> Order {
        try principal.require(.ordersShip)
        let carrier = (carrier ?? "").trimmingCharacters(in: .whitespaces)
        let tracking = (trackingNumber ?? "").trimmingCharacters(in: .whitespaces)
        var problems: [FieldError] = []
        if carrier.isEmpty { problems.append(FieldError(field: "carrier", code: "error.required")) }
        if tracking.isEmpty { problems.append(FieldError(field: "tracking_number", code: "error.required")) }
        guard problems.isEmpty else { throw ServiceError.validation(problems) }
        let now = clock.now
        return try await change(id: id, action: .ship, expectedVersion: expectedVersion, by: principal, kind: "order.shipped",
                                detail: ["carrier": carrier, "tracking_number": tracking], shippedAt: now) { order, connection in
            _ = try await records.addShipment(orderID: order.id, carrier: carrier, trackingNumber: tracking,
                                              by: principal.user?.id, at: now, on: connection)
        }
    }

    /// Appends a carrier status update to the order's latest shipment (R-ORD-13).
    public func addTrackingEvent(id: Int64, status: String?, description: String?, at instant: Date?, by principal: Principal) async throws -> TrackingEvent {
        try principal.require(.ordersShip)
        var problems: [FieldError] = []
        let parsed = status.flatMap(TrackingEvent.Status.init(rawValue:))
        if parsed == nil { problems.append(FieldError(field: "status", code: status == nil ? "error.required" : "error.unknown_value")) }
        if (description ?? "").trimmingCharacters(in: .whitespaces).isEmpty { problems.append(FieldError(field: "description", code: "error.required")) }
        guard problems.isEmpty, let parsed, let description else { throw ServiceError.validation(problems) }
        let now = clock.now
        return try await database.transaction { connection in
            guard let shipment = try await records.shipments(orderID: id, on: connection).last else {
                let order = try await orders.find(id: id, on: connection)
                guard let order else { throw ServiceError.notFound(entity: "order") }
                throw ServiceError.invalidState(current: order.status.rawValue, allowed: OrderStateMachine.allowed(from: order.status, held: order.held).map(\.rawValue))
            }
            let event = try await records.addTrackingEvent(shipmentID: shipment.id, at: instant ?? now, status: parsed,
                                                           description: description, by: principal.user?.id, on: connection)
            try await events.append(principal.event(event.needsFollowUp ? "order.tracking_exception" : "order.tracking_updated",
                                                    entity: "order", id: "\(id)",
                                                    after: Snapshot.json(["status": parsed.rawValue, "description": description]), at: now),
                                    on: connection)
            return event
        }
    }

    /// Records proof of delivery (R-ORD-14).
    public func deliver(id: Int64, proof: String?, expectedVersion: Int64?, by principal: Principal) async throws -> Order {
        try principal.require(.ordersShip)
        let now = clock.now
        return try await change(id: id, action: .deliver, expectedVersion: expectedVersion, by: principal, kind: "order.delivered",
                                detail: ["proof": proof], deliveredAt: now) { order, connection in
            try await records.markDelivered(orderID: order.id, proof: proof, at: now, on: connection)
        }
    }

    /// Completes a delivered order once the customer confirmed receipt (R-ORD-14).
    public func complete(id: Int64, expectedVersion: Int64?, by principal: Principal) async throws -> Order {
        try principal.require(.ordersCreate)
        return try await change(id: id, action: .complete, expectedVersion: expectedVersion, by: principal, kind: "order.completed",
                                completedAt: clock.now) { _, _ in }
    }

    /// Archives a completed order with all its history for later query and statistics (R-ORD-14).
    public func archive(id: Int64, expectedVersion: Int64?, by principal: Principal) async throws -> Order {
        try principal.require(.ordersReview)
        return try await change(id: id, action: .archive, expectedVersion: expectedVersion, by: principal, kind: "order.archived") { _, _ in }
    }

    public func cancel(id: Int64, reason: String?, expectedVersion: Int64?, by principal: Principal) async throws -> Order {
        try principal.require(.ordersReview)
        let reason = (reason ?? "").trimmingCharacters(in: .whitespaces)
        guard !reason.isEmpty else { throw ServiceError.validation([FieldError(field: "reason", code: "error.reason_required")]) }
        let now = clock.now
        return try await change(id: id, action: .cancel, expectedVersion: expectedVersion, by: principal, kind: "order.cancelled",
                                detail: ["reason": reason]) { order, connection in
            // A cancelled order's open hold is over too, and what its approval reserved goes back into stock.
            _ = try await records.releaseHold(orderID: order.id, by: principal.user?.id, at: now, on: connection)
            if order.status == .approved {
                for item in order.items { try await catalog.restock(sku: item.sku, quantity: item.quantity, on: connection) }
            }
        }
    }
}
