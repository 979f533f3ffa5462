import Foundation
import KefuStore

/// Group commit for new tickets. Tickets that arrive while earlier ones are being written wait and are
/// then written together: their day numbers in one statement, their rows in one more, with one commit. Under steady
/// intake a statement's fixed costs (opening six tables and their indexes, the round trip, the commit's log flush)
/// are shared by the tickets of a batch rather than paid by each. A ticket that arrives while fewer than ``writers``
/// batches are under way is written at once, alone, so nothing waits when intake is light.
///
/// When a batch fails, each of its tickets is written again on its own (with a number of its own), so one ticket's
/// problem (a row a constraint refuses) fails that ticket alone and every other is saved. On SQLite the batch is one
/// transaction on the one writer: one commit, and the pages several tickets touch (the ends of the indexes) go to the
/// log once.
actor TicketOpeningBatch {
    typealias Opened = TicketRepository.Opened

    private let database: any Database
    private let tickets = TicketRepository()
    private let counter = DayCounter.tickets
    /// The business day a ticket opened at an instant is numbered in.
    private let dayKey: @Sendable (Date) -> String
    /// Gives the opening its number, the `sequence`-th of its day.
    private let numbering: @Sendable (inout TicketOpening, _ sequence: Int) -> Void
    /// Batches written at the same time: one in PostgreSQL while the next one forms.
    let writers: Int
    /// The most tickets in one statement.
    let largest: Int
    private var waiting: [Waiting] = []
    private var writing = 0

    private struct Waiting {
        var opening: TicketOpening
        let reply: CheckedContinuation<(TicketOpening, Opened), any Error>
    }

    init(database: any Database, dayKey: @escaping @Sendable (Date) -> String,
         numbering: @escaping @Sendable (inout TicketOpening, Int) -> Void, writers: Int = 2, largest: Int = 64) {
        self.database = database
        self.dayKey = dayKey
        self.numbering = numbering
        self.writers = writers
        self.largest = largest
    }

    /// Numbers the ticket and writes its first rows with whichever others are waiting; returns the numbered opening
    /// and what was written for it.
    func open(_ opening: TicketOpening) async throws -> (TicketOpening, Opened) {
        try await withCheckedThrowingContinuation { reply in
            waiting.append(Waiting(opening: opening, reply: reply))
            startNextBatch()
        }
    }

    private func startNextBatch() {
        guard writing < writers, !waiting.isEmpty else { return }
        let batch = Array(waiting.prefix(largest))
        waiting.removeFirst(batch.count)
        writing += 1
        Task { await write(batch) }
    }

    private func write(_ batch: [Waiting]) async {
        defer {
            writing -= 1
            startNextBatch()
        }
        do {
            let written = try await write(batch.map(\.opening))
            for (entry, result) in zip(batch, written) { entry.reply.resume(returning: result) }
        } catch {
            guard batch.count > 1 else { return batch[0].reply.resume(throwing: error) }
            for entry in batch {
                do {
                    entry.reply.resume(returning: try await write([entry.opening])[0])
                } catch {
                    entry.reply.resume(throwing: error)
                }
            }
        }
    }

    /// Numbers the openings and writes their rows. SQLite does both in one transaction on its one writer, so a
    /// failed batch leaves no gap in the day's numbers. PostgreSQL takes the numbers in a statement of their own
    /// first (see ``DayCounter/reserve(dayKey:count:on:)``), so the counter's row is never held while the rows are
    /// written; the numbers of a batch that then fails are left unused, as any failed save leaves on PostgreSQL.
    private func write(_ openings: [TicketOpening]) async throws -> [(TicketOpening, Opened)] {
        switch database.dialect {
        case .sqlite:
            return try await database.transaction { [tickets] connection in
                let numbered = try await number(openings) { try await self.counter.next(dayKey: $0, count: $1, on: connection) }
                return zip(numbered, try await tickets.open(all: numbered, on: connection)).map { ($0, $1) }
            }
        case .postgres:
            let numbered = try await database.statement { connection in
                try await number(openings) { try await self.counter.reserve(dayKey: $0, count: $1, on: connection) }
            }
            let opened = try await database.statement { [tickets, numbered] in try await tickets.open(all: numbered, on: $0) }
            return zip(numbered, opened).map { ($0, $1) }
        }
    }

    /// The openings with their numbers, `take(day, count)` giving the first of `count` numbers of each business day.
    private nonisolated func number(_ openings: [TicketOpening], take: (String, Int) async throws -> Int) async throws -> [TicketOpening] {
        var openings = openings
        for day in Set(openings.map { dayKey($0.ticket.createdAt) }).sorted() {
            let ofDay = openings.indices.filter { dayKey(openings[$0].ticket.createdAt) == day }
            let first = try await take(day, ofDay.count)
            for (offset, index) in ofDay.enumerated() { numbering(&openings[index], first + offset) }
        }
        return openings
    }
}
