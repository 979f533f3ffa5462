import Foundation
import KefuDomain
import KefuStore

/// Shipping, tracking, delivery, completion, archive and cancellation (R-ORD-13, R-ORD-14).
extension OrderService {
    /// Ships an approved order: carrier and tracking number are required (R-ORD-13).
    public func ship(id: Int64, carrier: String?, trackingNumber: String?, expectedVersion: Int64?, by principal: Principal) async throws -> Order {
        try await ship(id: id, shipments: [(carrier, trackingNumber)], expectedVersion: expectedVersion, by: principal)
    }

    /// Ships an approved order in one parcel, or a split order in one shipment per parcel (R-ORD-11, R-ORD-13).
    public func ship(id: Int64, shipments: [(carrier: String?, trackingNumber: String?)], expectedVersion: Int64?, by principal: Principal) async throws -> Order {
        try principal.require(.ordersShip)
        var problems: [FieldError] = []
        let parcels = shipments.map { ($0.carrier ?? "").trimmingCharacters(in: .whitespaces) }
        let numbers = shipments.map { ($0.trackingNumber ?? "").trimmingCharacters(in: .whitespaces) }
        let prefix = shipments.count > 1
        for index in shipments.indices {
            let path = prefix ? "shipments[\(index)]." : ""
            if parcels[index].isEmpty { problems.append(FieldError(field: path + "carrier", code: "error.required")) }
            if numbers[index].isEmpty { problems.append(FieldError(field: path + "tracking_number", code: "error.required")) }
        }
        if shipments.isEmpty { problems.append(FieldError(field: "shipments", code: "error.required")) }
        guard problems.isEmpty else { throw ServiceError.validation(problems) }
        let now = clock.now
        let history = events
        return try await change(id: id, action: .ship, expectedVersion: expectedVersion, by: principal, kind: "order.shipped",
                                detail: ["carrier": parcels.joined(separator: ","), "tracking_number": numbers.joined(separator: ",")],
                                shippedAt: now) { order, connection in
            // A split order ships one parcel per shipment.
            let split = try await history.list(EventFilter(kind: "order.split", entity: "order", entityID: "\(order.id)"), limit: 1, on: connection)
            let expected = split.events.first.flatMap { Snapshot.value("parcels", in: $0.after) }.flatMap(OrderSplit.parcels(fromJSON:))?.count ?? 1
            guard expected == parcels.count else {
                throw ServiceError.validation([FieldError(field: "shipments", code: "error.parcel_count", arguments: ["expected": "\(expected)"])])
            }
            for index in parcels.indices {
                _ = try await records.addShipment(orderID: order.id, carrier: parcels[index], trackingNumber: numbers[index],
                                                  by: principal.user?.id, at: now, on: connection)
            }
        }
    }

    /// Splits an approved order into parcels; the split and who made it are recorded (R-ORD-11).
    public func split(id: Int64, parcels: [[OrderSplit.Line]], expectedVersion: Int64?, by principal: Principal) async throws -> Order {
        try principal.require(.ordersShip)
        let json = OrderSplit.json(parcels)
        return try await update(id: id, expectedVersion: expectedVersion, by: principal, kind: "order.split", detail: ["parcels": json]) { order, _ in
            guard order.status == .approved, !order.held else {
                throw ServiceError.invalidState(current: order.status.rawValue + (order.held ? "+held" : ""),
                                                allowed: OrderStateMachine.allowed(from: order.status, held: order.held).map(\.rawValue))
            }
            let problems = OrderSplit.problems(parcels: parcels, items: order.items)
            guard problems.isEmpty else { throw ServiceError.validation(problems) }
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
