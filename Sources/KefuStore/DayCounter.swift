import Foundation

/// A table of per-day counters behind the numbers people read out (`O-20261123-0042`, `T-20261123-0007`).
public struct DayCounter: Sendable {
    let table: String

    public static let orders = DayCounter(table: "order_sequences")
    public static let tickets = DayCounter(table: "ticket_sequences")

    /// The next number of the business day `dayKey`, taken inside the caller's transaction.
    public func next(dayKey: String, on connection: any SQLConnection) async throws -> Int {
        try await next(dayKey: dayKey, count: 1, on: connection)
    }

    /// The next `count` numbers of the business day `dayKey`, taken inside the caller's transaction; returns the first.
    public func next(dayKey: String, count: Int, on connection: any SQLConnection) async throws -> Int {
        try await take(dayKey: dayKey, count: count, from: "VALUES (\(dayKey), \(Int64(count)))", on: connection) - count + 1
    }

    /// PostgreSQL only: the next `count` numbers in a statement of its own, outside any transaction, committed without
    /// waiting for its log flush (the save that follows waits, and makes it durable with it). One round trip; returns
    /// the first of them.
    public func reserve(dayKey: String, count: Int = 1, on connection: any SQLConnection) async throws -> Int {
        let last = try await take(
            dayKey: dayKey, count: count,
            from: "SELECT \(dayKey), \(Int64(count)) FROM (SELECT set_config('synchronous_commit', 'off', true)) AS unflushed", on: connection)
        return last - count + 1
    }

    /// Takes `count` numbers; returns the last.
    private func take(dayKey: String, count: Int, from rows: SQL, on connection: any SQLConnection) async throws -> Int {
        let statement: SQL = """
            INSERT INTO \(raw: table) (day, last) \(rows)
            ON CONFLICT (day) DO UPDATE SET last = \(raw: table).last + \(Int64(count))
            RETURNING last
            """
        let row = try await connection.first(statement.reused())
        return Int(try row?.int("last") ?? Int64(count))
    }
}
