import Foundation
import KefuDomain

/// Out-of-stock requests (R-ORD-16).
public struct StockoutRepository: Sendable {
    public init() {}

    static func decode(_ row: Row) throws -> StockoutRequest {
        StockoutRequest(
            id: try row.int("id"), customerName: try row.string("customer_name"), contact: try row.string("contact"),
            product: try row.string("product"), quantity: Int(try row.int("quantity")), note: row.optionalString("note"),
            registeredAt: try row.date("registered_at"), registeredBy: row.optionalInt("registered_by"), result: row.optionalValue("result"),
            answer: row.optionalString("answer"), answeredAt: row.optionalDate("answered_at"), answeredBy: row.optionalInt("answered_by"))
    }

    public func insert(_ request: StockoutRequest, answerDueAt: Date, on connection: any SQLConnection) async throws -> Int64 {
        let row = try await connection.first(
            """
            INSERT INTO stockout_requests (customer_name, contact, product, quantity, note, registered_at, registered_by, answer_due_at)
            VALUES (\(request.customerName), \(request.contact), \(request.product), \(request.quantity), \(request.note),
                    \(request.registeredAt), \(request.registeredBy), \(answerDueAt))
            RETURNING id
            """)
        return try row?.int("id") ?? 0
    }

    public func find(id: Int64, on connection: any SQLConnection) async throws -> StockoutRequest? {
        try await connection.first("SELECT * FROM stockout_requests WHERE id = \(id)").map(Self.decode)
    }

    /// Records the answer; false if it was already answered (someone else was quicker).
    public func answer(id: Int64, result: StockoutRequest.Result, answer: String, by user: Int64?, at now: Date,
                       on connection: any SQLConnection) async throws -> Bool {
        !(try await connection.query(
            """
            UPDATE stockout_requests SET result = \(result), answer = \(answer), answered_at = \(now), answered_by = \(user)
            WHERE id = \(id) AND answered_at IS NULL RETURNING id
            """).isEmpty)
    }

    /// Unanswered requests registered before `registeredBefore` (the morning list), earliest deadline first;
    /// with `dueBefore`, only those whose answer is due by then (overdue when it is now).
    public func open(registeredBefore: Date?, dueBefore: Date?, limit: Int, on connection: any SQLConnection) async throws -> [StockoutRequest] {
        var conditions: [SQL] = ["answered_at IS NULL"]
        if let registeredBefore { conditions.append("registered_at < \(registeredBefore)") }
        if let dueBefore { conditions.append("answer_due_at <= \(dueBefore)") }
        return try await connection.query(
            "SELECT * FROM stockout_requests WHERE \(SQL.joined(conditions, separator: " AND ")) ORDER BY answer_due_at, id LIMIT \(limit)"
        ).map(Self.decode)
    }

    /// Every request registered in [from, to), for the weekly summary.
    public func registered(from: Date, to: Date, on connection: any SQLConnection) async throws -> [StockoutRequest] {
        try await connection.query(
            "SELECT * FROM stockout_requests WHERE registered_at >= \(from) AND registered_at < \(to) ORDER BY id"
        ).map(Self.decode)
    }
}
