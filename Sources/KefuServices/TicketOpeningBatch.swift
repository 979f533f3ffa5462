import Foundation
import KefuStore

/// Group commit for new tickets on PostgreSQL. Tickets that arrive while earlier ones are being written wait and are
/// then written together: their day numbers in one statement, their rows in one more, with one commit. Under steady
/// intake a statement's fixed costs (opening six tables and their indexes, the round trip, the commit's log flush)
/// are shared by the tickets of a batch rather than paid by each. A ticket that arrives while fewer than ``writers``
/// batches are under way is written at once, alone, so nothing waits when intake is light.
///
/// When a batch fails, each of its tickets is written again on its own (with the number it was given), so one
/// ticket's problem (a row a constraint refuses) fails that ticket alone and every other is saved.
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
        let numbered: [TicketOpening]
        do {
            numbered = try await number(batch.map(\.opening))
        } catch {
            for entry in batch { entry.reply.resume(throwing: error) }
            return
        }
        do {
            let opened = try await database.statement { [tickets] in try await tickets.open(all: numbered, on: $0) }
            for (index, entry) in batch.enumerated() { entry.reply.resume(returning: (numbered[index], opened[index])) }
        } catch {
            guard batch.count > 1 else { return batch[0].reply.resume(throwing: error) }
            for (index, entry) in batch.enumerated() {
                do {
                    let opened = try await database.statement { [tickets] in try await tickets.open(numbered[index], on: $0) }
                    entry.reply.resume(returning: (numbered[index], opened))
                } catch {
                    entry.reply.resume(throwing: error)
                }
            }
        }
    }

    /// The openings with their numbers, taken for each business day in one statement.
    private func number(_ openings: [TicketOpening]) async throws -> [TicketOpening] {
        try await database.statement { [counter, dayKey, numbering] connection in
            var openings = openings
            for day in Set(openings.map { dayKey($0.ticket.createdAt) }).sorted() {
                let ofDay = openings.indices.filter { dayKey(openings[$0].ticket.createdAt) == day }
                let first = try await counter.reserve(dayKey: day, count: ofDay.count, on: connection)
                for (offset, index) in ofDay.enumerated() { numbering(&openings[index], first + offset) }
            }
            return openings
        }
    }
}
