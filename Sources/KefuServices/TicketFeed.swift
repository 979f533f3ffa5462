import Foundation
import KefuDomain
import KefuStore
import Logging

/// The changes that move tickets into or out of the agents' queues (created, assigned, reopened), read from the
/// event log, so that every `kefu serve` on one database hears every change (instances coordinate only through
/// the database). While anyone listens, one poller per process reads the log by increasing id once a
/// `interval` and fans each batch out to every listener; with nobody listening it stops.
///
/// On PostgreSQL an event's id is taken before its transaction commits, so a slower transaction can appear
/// after a higher id was read. The poller therefore re-reads events younger than `settle` and hands out only
/// those it has not handed out yet: a change is missed only when its transaction took longer than `settle`.
public actor TicketFeed {
    /// A logged change, with the ticket as it is when the log was read.
    public struct Change: Sendable, Equatable {
        public var eventID: Int64
        public var kind: String
        public var ticket: Ticket
        /// Who had the ticket before an assignment.
        public var previousAssignee: Int64?
    }

    static let kinds = ["ticket.created", "ticket.assigned", "ticket.reopened"]

    let tickets: TicketService
    let interval: Duration
    let settle: TimeInterval
    /// Changes kept for listeners who join or come back (`Last-Event-ID`); older ones are read from the log again.
    let retention: Int
    let batchLimit = 500
    let repository = TicketFeedRepository()
    let logger = Logger(label: "kefu.ticket-feed")

    struct Listener {
        var after: Int64
        var continuation: AsyncStream<[Change]>.Continuation
        var caughtUp = false
    }

    private var listeners: [UUID: Listener] = [:]
    private var poller: Task<Void, Never>?
    private var retired: Task<Void, Never>?
    private var started = false
    /// Every event up to `cursor` is settled and handled; `seen` are the handled ones above it.
    private var cursor: Int64 = 0
    private var seen: Set<Int64> = []
    /// `recent` holds every change handed out after `floor`, by id.
    private var floor: Int64 = 0
    private var recent: [Change] = []

    public init(tickets: TicketService, interval: Duration = .seconds(1), settle: TimeInterval = 10, retention: Int = 500) {
        self.tickets = tickets
        self.interval = interval
        self.settle = settle
        self.retention = retention
    }

    /// How many streams listen now (a finished stream is gone within one poll).
    public var listenerCount: Int { listeners.count }

    /// The newest event's id: where a page drawn now lets its stream begin.
    public func latestEventID() async throws -> Int64 {
        try await tickets.database.read { try await repository.latestEventID(on: $0) }
    }

    /// The changes after event `after` (nil: from now on), in batches, until the consumer stops iterating.
    public func changes(after: Int64?) async throws -> AsyncStream<[Change]> {
        var start = after ?? 0
        if after == nil { start = try await latestEventID() }
        let id = UUID()
        let (stream, continuation) = AsyncStream.makeStream(of: [Change].self, bufferingPolicy: .bufferingNewest(100))
        continuation.onTermination = { [weak self] _ in
            Task { await self?.remove(id) }
        }
        listeners[id] = Listener(after: max(0, start), continuation: continuation)
        if poller == nil {
            poller = Task { [weak self] in await self?.run() }
        }
        return stream
    }

    /// The updates of one queue for one person: only tickets they may see (never an attitude complaint about
    /// themselves, R-TKT-6), entering or leaving their queue. Needs `tickets.view`.
    public nonisolated func updates(_ queue: TicketQueue, after: Int64?, by principal: Principal) async throws -> AsyncStream<TicketQueueUpdate> {
        try principal.require(.ticketsView)
        let changes = try await changes(after: after)
        let tickets = self.tickets
        let user = principal.user?.id
        let (updates, continuation) = AsyncStream.makeStream(of: TicketQueueUpdate.self, bufferingPolicy: .bufferingNewest(500))
        let relay = Task {
            for await batch in changes {
                for change in batch where tickets.visible(change.ticket, to: principal) {
                    guard let kind = queue.update(for: change.ticket, previousAssignee: change.previousAssignee, user: user) else { continue }
                    continuation.yield(TicketQueueUpdate(eventID: change.eventID, kind: kind, cause: change.kind, ticket: change.ticket))
                }
            }
            continuation.finish()
        }
        continuation.onTermination = { _ in relay.cancel() }
        return updates
    }

    /// Waits until a poller stopped for want of listeners has finished its last read (before a database closes).
    public func settled() async {
        await retired?.value
    }

    private func remove(_ id: UUID) {
        listeners[id] = nil
        guard listeners.isEmpty else { return }
        poller?.cancel()
        retired = poller
        poller = nil
        started = false
        seen = []
        recent = []
    }

    private func run() async {
        while !Task.isCancelled {
            do {
                try await poll()
            } catch is CancellationError {
                return
            } catch {
                logger.warning("reading ticket changes failed", metadata: ["error": "\(error)"])
            }
            do { try await Task.sleep(for: interval) } catch { return }
        }
    }

    private func poll() async throws {
        if !started {
            let latest = try await latestEventID()
            try Task.checkCancellation()
            cursor = latest
            floor = latest
            started = true
        }
        try await catchUp()
        let now = tickets.clock.now
        let entries = try await tickets.database.read { [cursor, batchLimit] connection in
            try await repository.entries(kinds: Self.kinds, after: cursor, limit: batchLimit, on: connection)
        }
        try Task.checkCancellation()
        let fresh = entries.filter { !seen.contains($0.id) }
        let changes = try await load(fresh)
        // A poller stopped while it waited for the database must leave the state to its successor.
        try Task.checkCancellation()
        seen.formUnion(fresh.map(\.id))
        // Move past what has settled; a full batch means a flood, and the cursor moves past all of it.
        for entry in entries {
            guard entries.count == batchLimit || entry.at < now.addingTimeInterval(-settle) else { break }
            cursor = entry.id
        }
        seen = seen.filter { $0 > cursor }
        guard !changes.isEmpty else { return }
        recent = (recent + changes).sorted { $0.eventID < $1.eventID }
        if recent.count > retention {
            floor = recent[recent.count - retention - 1].eventID
            recent.removeFirst(recent.count - retention)
        }
        for listener in listeners.values where listener.caughtUp {
            let batch = changes.filter { $0.eventID > listener.after }
            if !batch.isEmpty { listener.continuation.yield(batch) }
        }
    }

    /// Listeners who joined since the last poll get what happened after their start: from the log when that is
    /// older than what is kept here, then the kept changes.
    private func catchUp() async throws {
        for (id, listener) in listeners where !listener.caughtUp {
            var batch: [Change] = []
            if listener.after < floor {
                let entries = try await tickets.database.read { [floor] connection in
                    try await repository.entries(kinds: Self.kinds, after: listener.after, through: floor, limit: retention, on: connection)
                }
                batch = try await load(entries)
                try Task.checkCancellation()
            }
            batch += recent.filter { $0.eventID > listener.after }
            guard listeners[id] != nil else { continue }
            listeners[id]?.caughtUp = true
            if !batch.isEmpty { listener.continuation.yield(batch) }
        }
    }

    /// The changes of these log entries, with their tickets read once.
    private func load(_ entries: [TicketFeedRepository.Entry]) async throws -> [Change] {
        guard !entries.isEmpty else { return [] }
        let found = try await tickets.database.read { connection in
            try await repository.tickets(ids: entries.map(\.ticketID), on: connection)
        }
        return entries.compactMap { entry in
            found[entry.ticketID].map { ticket in
                Change(eventID: entry.id, kind: entry.kind, ticket: ticket,
                       previousAssignee: entry.kind == "ticket.assigned" ? Snapshot.value("assignee_id", in: entry.before).flatMap(Int64.init) : nil)
            }
        }
    }
}
