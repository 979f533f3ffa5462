import Foundation
import KefuStore

/// The daily numbers people read out (`O-20261123-0042`, `T-20261123-0007`). On SQLite the number is taken inside
/// the transaction that saves the order or ticket (there is one writer anyway, and a failed save leaves no gap).
/// On PostgreSQL the day's counter row would make every concurrent save wait for the one before it to commit, so
/// the number is taken before, in a statement of its own that does not wait for its log flush (the save that
/// follows does, and makes it durable with it); a save that then fails leaves a gap in the day's numbers.
struct DaySequence: Sendable {
    let database: any Database
    let counter: DayCounter

    /// Taken before the saving transaction: the number on PostgreSQL, nil on SQLite.
    func reserve(dayKey: String) async throws -> Int? {
        guard database.dialect == .postgres else { return nil }
        return try await database.read { try await counter.reserve(dayKey: dayKey, on: $0) }
    }

    /// Inside the saving transaction: the reserved number, or the next one now.
    func take(_ reserved: Int?, dayKey: String, on connection: any SQLConnection) async throws -> Int {
        if let reserved { return reserved }
        return try await counter.next(dayKey: dayKey, on: connection)
    }
}
