import Foundation
import KefuDomain

/// After-sales cases, deduction slips and the re-order register.
public struct AfterSalesRepository: Sendable {
    public init() {}

    static func json(_ details: [String: String]) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return (try? String(decoding: encoder.encode(details), as: UTF8.self)) ?? "{}"
    }

    static func decode(_ row: Row) throws -> AfterSalesCase {
        let details = (try? JSONDecoder().decode([String: String].self, from: Data(try row.string("details_json").utf8))) ?? [:]
        return AfterSalesCase(
            id: try row.int("id"), number: try row.string("number"), orderID: try row.int("order_id"), kind: try row.value("kind"),
            status: try row.value("status"), problem: try row.string("problem"), requiredAction: try row.string("required_action"),
            customerName: try row.string("customer_name"), customerPhone: try row.string("customer_phone"),
            handedOverBy: row.optionalInt("handed_over_by"), fault: row.optionalValue("fault"), details: details,
            refundAmount: try row.int("refund_amount"), cashbackAmount: try row.int("cashback_amount"),
            receiptConfirmedAt: row.optionalDate("receipt_confirmed_at"), paidOutAt: row.optionalDate("paid_out_at"),
            ownerID: row.optionalInt("owner_id"), version: try row.int("version"), createdAt: try row.date("created_at"))
    }

    public func insert(_ item: AfterSalesCase, at now: Date, on connection: any SQLConnection) async throws -> Int64 {
        let row = try await connection.first(
            """
            INSERT INTO after_sales_cases (number, order_id, kind, status, problem, required_action, customer_name, customer_phone,
                handed_over_by, fault, details_json, refund_amount, cashback_amount, owner_id, version, created_at, updated_at)
            VALUES (\(item.number), \(item.orderID), \(item.kind), \(item.status), \(item.problem), \(item.requiredAction),
                \(item.customerName), \(item.customerPhone), \(item.handedOverBy), \(item.fault), \(Self.json(item.details)),
                \(item.refundAmount), \(item.cashbackAmount), \(item.ownerID), 1, \(now), \(now))
            RETURNING id
            """)
        return try row?.int("id") ?? 0
    }

    public func find(id: Int64, on connection: any SQLConnection) async throws -> AfterSalesCase? {
        try await connection.first("SELECT * FROM after_sales_cases WHERE id = \(id)").map(Self.decode)
    }

    public func update(_ item: AfterSalesCase, cashbackDueAt: Date?, expectedVersion: Int64, at now: Date, on connection: any SQLConnection) async throws -> Int64 {
        let rows = try await connection.query(
            """
            UPDATE after_sales_cases SET status = \(item.status), fault = \(item.fault), details_json = \(Self.json(item.details)),
                refund_amount = \(item.refundAmount), cashback_amount = \(item.cashbackAmount),
                receipt_confirmed_at = \(item.receiptConfirmedAt), cashback_due_at = \(cashbackDueAt), paid_out_at = \(item.paidOutAt),
                owner_id = \(item.ownerID), version = version + 1, updated_at = \(now)
            WHERE id = \(item.id) AND version = \(expectedVersion) RETURNING version
            """)
        guard let version = try rows.first?.int("version") else {
            let current = try await connection.first("SELECT version FROM after_sales_cases WHERE id = \(item.id)")?.int("version")
            throw StoreError.staleVersion(entity: "after_sales_case", id: "\(item.id)", current: current)
        }
        return version
    }

    /// Cases, newest first; `payoutDue` lists unpaid cash-backs whose receipt is confirmed, earliest deadline first (R-AS-5).
    public func list(status: AfterSalesCase.Status?, orderID: Int64?, payoutDue: Bool, limit: Int, offset: Int,
                     on connection: any SQLConnection) async throws -> (cases: [AfterSalesCase], total: Int) {
        var conditions: [SQL] = ["1 = 1"]
        if let status { conditions.append("status = \(status)") }
        if let orderID { conditions.append("order_id = \(orderID)") }
        var order: SQL = "id DESC"
        if payoutDue {
            conditions.append("cashback_amount > 0 AND paid_out_at IS NULL AND cashback_due_at IS NOT NULL")
            order = "cashback_due_at"
        }
        let filter = SQL.joined(conditions, separator: " AND ")
        let total = try await connection.first("SELECT COUNT(*) AS n FROM after_sales_cases WHERE \(filter)")?.int("n") ?? 0
        let rows = try await connection.query("SELECT * FROM after_sales_cases WHERE \(filter) ORDER BY \(order) LIMIT \(limit) OFFSET \(offset)")
        return (try rows.map(Self.decode), Int(total))
    }

    // MARK: Deduction slips (R-ORD-17)

    public func insertSlip(orderID: Int64, supplierID: Int64?, amount: Int64, reason: String, by user: Int64?, at now: Date,
                           on connection: any SQLConnection) async throws -> Int64 {
        let row = try await connection.first(
            """
            INSERT INTO deduction_slips (order_id, supplier_id, amount, reason, version, created_by, created_at)
            VALUES (\(orderID), \(supplierID), \(amount), \(reason), 1, \(user), \(now)) RETURNING id
            """)
        return try row?.int("id") ?? 0
    }

    public func slip(id: Int64, on connection: any SQLConnection) async throws -> DeductionSlip? {
        guard let row = try await connection.first("SELECT * FROM deduction_slips WHERE id = \(id)") else { return nil }
        let signOffs = try await connection.query(
            """
            SELECT s.*, u.login FROM deduction_signoffs s LEFT JOIN users u ON u.id = s.user_id WHERE s.slip_id = \(id) ORDER BY s.id
            """
        ).map { row in
            DeductionSlip.SignOff(party: try row.value("party"), userID: row.optionalInt("user_id"), userLogin: row.optionalString("login"),
                                  at: try row.date("at"), comment: row.optionalString("comment"))
        }
        return DeductionSlip(id: try row.int("id"), orderID: try row.int("order_id"), supplierID: row.optionalInt("supplier_id"),
                             amount: try row.int("amount"), reason: try row.string("reason"), signOffs: signOffs,
                             paidAt: row.optionalDate("paid_at"), version: try row.int("version"), createdAt: try row.date("created_at"))
    }

    public func signOff(slipID: Int64, party: DeductionSlip.Party, by user: Int64?, comment: String?, at now: Date,
                        on connection: any SQLConnection) async throws {
        try await connection.query(
            "INSERT INTO deduction_signoffs (slip_id, party, user_id, at, comment) VALUES (\(slipID), \(party), \(user), \(now), \(comment))")
        try await connection.query("UPDATE deduction_slips SET version = version + 1 WHERE id = \(slipID)")
    }

    public func markSlipPaid(id: Int64, at now: Date, on connection: any SQLConnection) async throws {
        try await connection.query("UPDATE deduction_slips SET paid_at = \(now), version = version + 1 WHERE id = \(id) AND paid_at IS NULL")
    }

    // MARK: Re-orders (R-ORD-18)

    public func recordReorder(failedOrderID: Int64, newOrderID: Int64, amount: Int64, customerName: String, by user: Int64?, at now: Date,
                              on connection: any SQLConnection) async throws {
        try await connection.query(
            """
            INSERT INTO reorders (failed_order_id, new_order_id, amount, customer_name, recorded_by, at)
            VALUES (\(failedOrderID), \(newOrderID), \(amount), \(customerName), \(user), \(now))
            """)
    }

    /// The abnormal-order report: every re-order with both orders, the amount, the customer and who did it.
    public func reorders(on connection: any SQLConnection) async throws -> [Reorder] {
        try await connection.query(
            """
            SELECT r.*, f.number AS failed_number, n.number AS new_number, u.login
            FROM reorders r JOIN orders f ON f.id = r.failed_order_id JOIN orders n ON n.id = r.new_order_id
            LEFT JOIN users u ON u.id = r.recorded_by ORDER BY r.id DESC
            """
        ).map { row in
            Reorder(failedOrderID: try row.int("failed_order_id"), failedNumber: try row.string("failed_number"),
                    newOrderID: try row.int("new_order_id"), newNumber: try row.string("new_number"), amount: try row.int("amount"),
                    customerName: try row.string("customer_name"), recordedBy: row.optionalString("login"), at: try row.date("at"))
        }
    }
}
