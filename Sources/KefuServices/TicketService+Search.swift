import Foundation
import KefuDomain
import KefuStore

/// Full-text search over what was said in tickets, Chinese included.
extension TicketService {
    /// Tickets whose conversation says `query` (Chinese or not), the most recently matching first; never the
    /// complaints about the person searching (R-TKT-6), departments only their own.
    public func search(_ query: String, limit: Int = 50, by principal: Principal) async throws -> [Ticket] {
        guard principal.can(.ticketsView) || principal.can(.handoffsView) else { throw ServiceError.forbidden(.ticketsView) }
        let groups = SearchText.groups(query)
        guard !groups.isEmpty else { return [] }
        // What was said in the last second may still wait for the indexer: catch up first (read your writes).
        _ = try await indexSearch()
        return try await database.read { connection in
            let ids = try await records.search(groups, limit: limit * 2, on: connection)
            return Array(try await records.find(ids: ids, on: connection).filter { visible($0, to: principal) }.prefix(limit))
        }
    }

    /// Adds waiting messages to the search index in batches; returns how many. Auto-replies are not indexed.
    public func indexSearch(batch: Int = 200) async throws -> Int {
        // Most of the time nothing waits: a read says so without taking the writer.
        guard try await database.read({ try await records.hasPendingSearch(on: $0) }) else { return 0 }
        var total = 0
        while true {
            let done = try await database.transaction { connection -> Int in
                let pending = try await records.pendingSearch(limit: batch, on: connection)
                let documents = pending.filter { $0.kind != .autoReply }.map { entry in
                    (entry.messageID, entry.ticketID, SearchText.document([entry.header ?? "", entry.body].joined(separator: " ")))
                }
                try await records.index(documents, done: pending.map(\.messageID), on: connection)
                return pending.count
            }
            total += done
            if done < batch { return total }
        }
    }
}
