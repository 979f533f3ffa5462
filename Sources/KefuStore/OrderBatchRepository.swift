import Foundation
import KefuDomain

/// Orders written many at a time, for imports: multi-row INSERTs with bound values, inside the caller's
/// transaction. Statements stay far below PostgreSQL's 65,535 binds (500 orders × 21 columns).
public struct OrderBatchRepository: Sendable {
    /// Rows per INSERT statement.
    static let rowsPerStatement = 500

    public init() {}

    /// Reserves `count` consecutive numbers of the business day `dayKey` with one upsert and returns the first.
    public func reserveSequences(dayKey: String, count: Int, on connection: any SQLConnection) async throws -> Int {
        let row = try await connection.first(
            """
            INSERT INTO order_sequences (day, last) VALUES (\(dayKey), \(count))
            ON CONFLICT (day) DO UPDATE SET last = order_sequences.last + \(count)
            RETURNING last
            """)
        return Int(try row?.int("last") ?? Int64(count)) - count + 1
    }

    /// Which of `numbers` are already stored as external numbers of `channel`.
    public func existingExternalNumbers(channel: OrderChannel, among numbers: [String], on connection: any SQLConnection) async throws -> Set<String> {
        var found = Set<String>()
        var start = 0
        while start < numbers.count {
            let slice = Array(numbers[start..<min(start + 1000, numbers.count)])
            let rows = try await connection.query(
                "SELECT external_number FROM orders WHERE channel = \(channel) AND external_number IN \(list: slice)")
            for row in rows { if let number = row.optionalString("external_number") { found.insert(number) } }
            start += 1000
        }
        return found
    }

    /// Saves new orders with their items and returns their ids, in the order given. A repeated channel +
    /// external number is ``StoreError/duplicate(_:)`` and the caller's transaction rolls back.
    public func insert(_ orders: [Order], at now: Date, on connection: any SQLConnection) async throws -> [Int64] {
        var idByNumber: [String: Int64] = [:]
        idByNumber.reserveCapacity(orders.count)
        for chunk in Self.chunks(orders) {
            let values = chunk.map { order -> SQL in
                """
                (\(order.number), \(order.channel), \(order.externalNumber), \(order.customer.name), \(order.customer.phone),
                \(order.address.recipient), \(order.address.phone), \(order.address.province), \(order.address.city),
                \(order.address.district), \(order.address.line), \(order.paymentMethod), \(order.status), \(order.held),
                \(order.total), \(order.paid), \(order.enteredBy), \(order.confirmedAt), 1, \(now), \(now))
                """
            }
            let rows = try await connection.query(
                """
                INSERT INTO orders (number, channel, external_number, customer_name, customer_phone, recipient, address_phone,
                    province, city, district, address_line, payment_method, status, held, total, paid, entered_by, confirmed_at,
                    version, created_at, updated_at)
                VALUES \(SQL.joined(values, separator: ", "))
                RETURNING id, number
                """)
            // RETURNING order is not promised by either database; the unique number ties each id to its order.
            for row in rows { idByNumber[try row.string("number")] = try row.int("id") }
        }
        let ids = orders.map { idByNumber[$0.number] ?? 0 }
        var items: [(Int64, Int, OrderItem)] = []
        for (order, id) in zip(orders, ids) {
            for (position, item) in order.items.enumerated() { items.append((id, position, item)) }
        }
        for chunk in Self.chunks(items) {
            let values = chunk.map { id, position, item -> SQL in
                "(\(id), \(position), \(item.sku), \(item.name), \(item.quantity), \(item.unitPrice))"
            }
            try await connection.query(
                "INSERT INTO order_items (order_id, position, sku, name, quantity, unit_price) VALUES \(SQL.joined(values, separator: ", "))")
        }
        return ids
    }

    static func chunks<Element>(_ elements: [Element]) -> [ArraySlice<Element>] {
        stride(from: 0, to: elements.count, by: rowsPerStatement).map { elements[$0..<min($0 + rowsPerStatement, elements.count)] }
    }
}

extension EventLog {
    /// Appends many events with multi-row INSERTs (imports), inside the caller's transaction.
    public func append(_ events: [Event], on connection: any SQLConnection) async throws {
        for chunk in OrderBatchRepository.chunks(events) {
            let values = chunk.map { event -> SQL in
                """
                (\(event.at), \(event.actorID), \(event.actorLogin), \(event.kind), \(event.entity), \(event.entityID),
                \(event.before), \(event.after), \(event.address))
                """
            }
            try await connection.query(
                """
                INSERT INTO events (at, actor_id, actor_login, kind, entity, entity_id, before_json, after_json, address)
                VALUES \(SQL.joined(values, separator: ", "))
                """)
        }
    }
}
