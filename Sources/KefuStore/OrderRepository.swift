import Foundation
import KefuDomain

/// Orders and their items. Payments, notes, holds and shipments are in `OrderRecordRepository`.
public struct OrderRepository: Sendable {
    public init() {}

    static func decode(_ row: Row, items: [OrderItem]) throws -> Order {
        Order(
            id: try row.int("id"), number: try row.string("number"), channel: try row.value("channel"),
            externalNumber: row.optionalString("external_number"),
            customer: OrderCustomer(name: try row.string("customer_name"), phone: try row.string("customer_phone")),
            address: DeliveryAddress(
                recipient: try row.string("recipient"), phone: try row.string("address_phone"), province: try row.string("province"),
                city: try row.string("city"), district: try row.string("district"), line: try row.string("address_line")),
            items: items, paymentMethod: try row.value("payment_method"), status: try row.value("status"),
            paid: try row.int("paid"), enteredBy: row.optionalInt("entered_by"), reviewedBy: row.optionalInt("reviewed_by"),
            rejectionReason: row.optionalString("rejection_reason"), confirmedAt: row.optionalDate("confirmed_at"),
            paidAt: row.optionalDate("paid_at"), shipClockAt: row.optionalDate("ship_clock_at"), held: try row.bool("held"), version: try row.int("version"),
            createdAt: try row.date("created_at"))
    }

    /// Saves a new order with its items; a repeated channel + external number is ``StoreError/duplicate(_:)``.
    public func insert(_ order: Order, at now: Date, on connection: any SQLConnection) async throws -> Int64 {
        let row = try await connection.first(
            """
            INSERT INTO orders (number, channel, external_number, customer_name, customer_phone, recipient, address_phone,
                province, city, district, address_line, payment_method, status, held, total, paid, entered_by, confirmed_at,
                version, created_at, updated_at)
            VALUES (\(order.number), \(order.channel), \(order.externalNumber), \(order.customer.name), \(order.customer.phone),
                \(order.address.recipient), \(order.address.phone), \(order.address.province), \(order.address.city),
                \(order.address.district), \(order.address.line), \(order.paymentMethod), \(order.status), \(order.held),
                \(order.total), \(order.paid), \(order.enteredBy), \(order.confirmedAt), 1, \(now), \(now))
            RETURNING id
            """)
        let id = try row?.int("id") ?? 0
        for (position, item) in order.items.enumerated() {
            try await connection.query(
                """
                INSERT INTO order_items (order_id, position, sku, name, quantity, unit_price)
                VALUES (\(id), \(position), \(item.sku), \(item.name), \(item.quantity), \(item.unitPrice))
                """)
        }
        return id
    }

    public func find(id: Int64, on connection: any SQLConnection) async throws -> Order? {
        guard let row = try await connection.first("SELECT * FROM orders WHERE id = \(id)") else { return nil }
        return try Self.decode(row, items: try await items(orderIDs: [id], on: connection)[id] ?? [])
    }

    public func find(number: String, on connection: any SQLConnection) async throws -> Order? {
        guard let id = try await connection.first("SELECT id FROM orders WHERE number = \(number)")?.int("id") else { return nil }
        return try await find(id: id, on: connection)
    }

    func items(orderIDs: [Int64], on connection: any SQLConnection) async throws -> [Int64: [OrderItem]] {
        guard !orderIDs.isEmpty else { return [:] }
        let rows = try await connection.query(
            "SELECT order_id, sku, name, quantity, unit_price FROM order_items WHERE order_id IN \(list: orderIDs) ORDER BY order_id, position")
        var result: [Int64: [OrderItem]] = [:]
        for row in rows {
            result[try row.int("order_id"), default: []].append(
                OrderItem(sku: try row.string("sku"), name: try row.string("name"), quantity: Int(try row.int("quantity")),
                          unitPrice: try row.int("unit_price")))
        }
        return result
    }

    /// Saves the changed state of `order` if `expectedVersion` is still current; returns the new version.
    public func update(_ order: Order, expectedVersion: Int64, at now: Date, on connection: any SQLConnection,
                       shippedAt: Date? = nil, deliveredAt: Date? = nil, completedAt: Date? = nil) async throws -> Int64 {
        let rows = try await connection.query(
            """
            UPDATE orders SET status = \(order.status), held = \(order.held), paid = \(order.paid), reviewed_by = \(order.reviewedBy),
                rejection_reason = \(order.rejectionReason), confirmed_at = \(order.confirmedAt), paid_at = \(order.paidAt),
                ship_clock_at = \(order.shipClockAt),
                shipped_at = COALESCE(\(shippedAt), shipped_at), delivered_at = COALESCE(\(deliveredAt), delivered_at),
                completed_at = COALESCE(\(completedAt), completed_at), version = version + 1, updated_at = \(now)
            WHERE id = \(order.id) AND version = \(expectedVersion)
            RETURNING version
            """)
        guard let version = try rows.first?.int("version") else {
            let current = try await connection.first("SELECT version FROM orders WHERE id = \(order.id)")?.int("version")
            guard let current else { throw StoreError.notFound(entity: "order", id: "\(order.id)") }
            throw StoreError.staleVersion(entity: "order", id: "\(order.id)", current: current)
        }
        return version
    }

    /// The WHERE clause and ordering of a filter (shared by the page and its count).
    static func condition(_ filter: OrderFilter) -> (where: SQL, order: SQL) {
        var conditions: [SQL] = ["1 = 1"]
        if let status = filter.status { conditions.append("o.status = \(status)") }
        if let channel = filter.channel { conditions.append("o.channel = \(channel)") }
        if let enteredBy = filter.enteredBy { conditions.append("o.entered_by = \(enteredBy)") }
        if let query = filter.query, !query.isEmpty {
            let pattern = "%" + query + "%"
            conditions.append("(o.number = \(query) OR o.external_number = \(query) OR o.customer_phone LIKE \(pattern) OR o.customer_name LIKE \(pattern))")
        }
        if let lookup = filter.lookup?.trimmingCharacters(in: .whitespaces), !lookup.isEmpty {
            conditions.append("(o.number = \(lookup.uppercased()) OR o.customer_phone = \(lookup))")
        }
        if let flag = filter.flag {
            conditions.append("EXISTS (SELECT 1 FROM order_notes n WHERE n.order_id = o.id AND n.flag = \(flag))")
        }
        var order: SQL = "o.id DESC"
        switch filter.list {
        case .review?:
            // Oldest first, in the order of the (status, created_at) index: no sort however long the queue.
            conditions.append("o.status = 'pending_review'")
            order = "o.created_at, o.id"
        case .unpaid?:
            // Matches the partial index orders_unpaid (migration 7).
            conditions.append("o.status NOT IN ('cancelled', 'archived') AND o.paid < o.total AND o.payment_method <> 'cod'")
            order = "o.created_at"
        case .overpaid?:
            conditions.append("o.paid > o.total")
        case .shipBy?:
            // Approved and payable (paid, or cash on delivery), not yet shipped: least time left first (R-ORD-12).
            conditions.append("o.status = 'approved' AND o.ship_clock_at IS NOT NULL")
            order = "o.ship_clock_at"
        case .undelivered?:
            conditions.append("o.status = 'shipped'")
            if let cutoff = filter.shippedBefore { conditions.append("o.shipped_at < \(cutoff)") }
            order = "o.shipped_at"
        case .holds?:
            conditions.append("o.held = 1")
        case nil:
            break
        }
        return (SQL.joined(conditions, separator: " AND "), order)
    }

    /// How many orders match `filter` (the counts on the list tabs).
    public func count(_ filter: OrderFilter, on connection: any SQLConnection) async throws -> Int {
        let condition = Self.condition(filter).where
        return Int(try await connection.first("SELECT COUNT(*) AS n FROM orders o WHERE \(condition)")?.int("n") ?? 0)
    }

    /// A page of orders matching `filter`, newest first unless the list has its own order.
    public func list(_ filter: OrderFilter, limit: Int, offset: Int, knownTotal: Int? = nil, on connection: any SQLConnection) async throws
        -> (orders: [Order], total: Int)
    {
        let (condition, order) = Self.condition(filter)
        var total = knownTotal ?? 0
        if knownTotal == nil { total = try await count(filter, on: connection) }
        let rows = try await connection.query("SELECT o.* FROM orders o WHERE \(condition) ORDER BY \(order) LIMIT \(limit) OFFSET \(offset)")
        let items = try await items(orderIDs: try rows.map { try $0.int("id") }, on: connection)
        return (try rows.map { try Self.decode($0, items: items[try $0.int("id")] ?? []) }, total)
    }

    /// Instants the lists need beyond the order itself.
    public func milestones(id: Int64, on connection: any SQLConnection) async throws -> (shipped: Date?, delivered: Date?, completed: Date?) {
        let row = try await connection.first("SELECT shipped_at, delivered_at, completed_at FROM orders WHERE id = \(id)")
        return (row?.optionalDate("shipped_at"), row?.optionalDate("delivered_at"), row?.optionalDate("completed_at"))
    }

    /// Unpaid balances per customer for orders older than `cutoff` (R-ORD-6), largest balance first.
    public func unpaidByCustomer(olderThan cutoff: Date, on connection: any SQLConnection) async throws -> [UnpaidBalance] {
        try await connection.query(
            """
            SELECT customer_name, customer_phone, COUNT(*) AS orders, CAST(SUM(total - paid) AS BIGINT) AS outstanding, MIN(created_at) AS oldest
            FROM orders
            WHERE status NOT IN ('cancelled', 'archived') AND paid < total AND payment_method <> 'cod' AND created_at < \(cutoff)
            GROUP BY customer_name, customer_phone
            ORDER BY outstanding DESC, customer_phone
            """
        ).map { row in
            UnpaidBalance(customerName: try row.string("customer_name"), customerPhone: try row.string("customer_phone"),
                          orders: Int(try row.int("orders")), outstanding: try row.int("outstanding"), oldest: try row.date("oldest"))
        }
    }
}
