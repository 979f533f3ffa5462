import Foundation
import KefuDomain

/// What is appended to an order over its life: payments, flag notes, holds, shipments and tracking events.
/// None of it is ever edited or deleted (R-ORD-19); corrections are new entries.
public struct OrderRecordRepository: Sendable {
    public init() {}

    public func addPayment(orderID: Int64, method: Payment.Method, amount: Int64, reference: String?, by user: Int64?, at now: Date,
                           on connection: any SQLConnection) async throws -> Payment {
        let row = try await connection.first(
            """
            INSERT INTO payments (order_id, method, amount, reference, recorded_by, at)
            VALUES (\(orderID), \(method), \(amount), \(reference), \(user), \(now)) RETURNING id
            """)
        return Payment(id: try row?.int("id") ?? 0, method: method, amount: amount, reference: reference, recordedBy: user, at: now)
    }

    public func payments(orderID: Int64, on connection: any SQLConnection) async throws -> [Payment] {
        try await connection.query("SELECT * FROM payments WHERE order_id = \(orderID) ORDER BY id").map { row in
            Payment(id: try row.int("id"), method: try row.value("method"), amount: try row.int("amount"),
                    reference: row.optionalString("reference"), recordedBy: row.optionalInt("recorded_by"), at: try row.date("at"))
        }
    }

    public func addNote(orderID: Int64, flag: FlagNote.Flag, content: String, handling: String, by user: Int64?, at now: Date,
                        on connection: any SQLConnection) async throws -> FlagNote {
        let row = try await connection.first(
            """
            INSERT INTO order_notes (order_id, flag, content, handling, author_id, at)
            VALUES (\(orderID), \(flag), \(content), \(handling), \(user), \(now)) RETURNING id
            """)
        return FlagNote(id: try row?.int("id") ?? 0, flag: flag, content: content, handling: handling, authorID: user, at: now)
    }

    public func notes(orderID: Int64, on connection: any SQLConnection) async throws -> [FlagNote] {
        try await connection.query(
            """
            SELECT n.*, u.login AS author_login FROM order_notes n LEFT JOIN users u ON u.id = n.author_id
            WHERE n.order_id = \(orderID) ORDER BY n.id
            """
        ).map { row in
            FlagNote(id: try row.int("id"), flag: try row.value("flag"), content: try row.string("content"),
                     handling: try row.string("handling"), authorID: row.optionalInt("author_id"),
                     authorLogin: row.optionalString("author_login"), at: try row.date("at"))
        }
    }

    public func placeHold(orderID: Int64, reason: String, releaseOn: String?, ownerID: Int64?, by user: Int64?, at now: Date,
                          on connection: any SQLConnection) async throws -> OrderHold {
        let row = try await connection.first(
            """
            INSERT INTO order_holds (order_id, reason, release_on, owner_id, placed_by, placed_at)
            VALUES (\(orderID), \(reason), \(releaseOn), \(ownerID), \(user), \(now)) RETURNING id
            """)
        return OrderHold(id: try row?.int("id") ?? 0, reason: reason, releaseOn: releaseOn, ownerID: ownerID, placedBy: user, placedAt: now)
    }

    /// Marks the open hold released; returns it.
    public func releaseHold(orderID: Int64, by user: Int64?, at now: Date, on connection: any SQLConnection) async throws -> OrderHold? {
        try await connection.query(
            "UPDATE order_holds SET released_by = \(user), released_at = \(now) WHERE order_id = \(orderID) AND released_at IS NULL")
        return try await holds(orderID: orderID, on: connection).last
    }

    public func holds(orderID: Int64, on connection: any SQLConnection) async throws -> [OrderHold] {
        try await connection.query("SELECT * FROM order_holds WHERE order_id = \(orderID) ORDER BY id").map { row in
            OrderHold(id: try row.int("id"), reason: try row.string("reason"), releaseOn: row.optionalString("release_on"),
                      ownerID: row.optionalInt("owner_id"), placedBy: row.optionalInt("placed_by"), placedAt: try row.date("placed_at"),
                      releasedBy: row.optionalInt("released_by"), releasedAt: row.optionalDate("released_at"))
        }
    }

    public func addShipment(orderID: Int64, carrier: String, trackingNumber: String, by user: Int64?, at now: Date,
                            on connection: any SQLConnection) async throws -> Shipment {
        let row = try await connection.first(
            """
            INSERT INTO shipments (order_id, carrier, tracking_number, shipped_by, shipped_at)
            VALUES (\(orderID), \(carrier), \(trackingNumber), \(user), \(now)) RETURNING id
            """)
        return Shipment(id: try row?.int("id") ?? 0, carrier: carrier, trackingNumber: trackingNumber, shippedBy: user, shippedAt: now)
    }

    public func markDelivered(orderID: Int64, proof: String?, at now: Date, on connection: any SQLConnection) async throws {
        try await connection.query(
            "UPDATE shipments SET delivered_at = \(now), proof = \(proof) WHERE order_id = \(orderID) AND delivered_at IS NULL")
    }

    public func addTrackingEvent(shipmentID: Int64, at instant: Date, status: TrackingEvent.Status, description: String, by user: Int64?,
                                 on connection: any SQLConnection) async throws -> TrackingEvent {
        let row = try await connection.first(
            """
            INSERT INTO tracking_events (shipment_id, at, status, description, recorded_by)
            VALUES (\(shipmentID), \(instant), \(status), \(description), \(user)) RETURNING id
            """)
        return TrackingEvent(id: try row?.int("id") ?? 0, at: instant, status: status, description: description)
    }

    public func shipments(orderID: Int64, on connection: any SQLConnection) async throws -> [Shipment] {
        var shipments = try await connection.query("SELECT * FROM shipments WHERE order_id = \(orderID) ORDER BY id").map { row in
            Shipment(id: try row.int("id"), carrier: try row.string("carrier"), trackingNumber: try row.string("tracking_number"),
                     shippedBy: row.optionalInt("shipped_by"), shippedAt: try row.date("shipped_at"),
                     deliveredAt: row.optionalDate("delivered_at"), proof: row.optionalString("proof"))
        }
        guard !shipments.isEmpty else { return [] }
        let events = try await connection.query(
            "SELECT * FROM tracking_events WHERE shipment_id IN \(list: shipments.map(\.id)) ORDER BY at, id")
        for row in events {
            let event = TrackingEvent(id: try row.int("id"), at: try row.date("at"), status: try row.value("status"),
                                      description: try row.string("description"))
            let shipmentID = try row.int("shipment_id")
            if let index = shipments.firstIndex(where: { $0.id == shipmentID }) { shipments[index].events.append(event) }
        }
        return shipments
    }
}
