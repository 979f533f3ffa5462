import Foundation
import KefuDomain
import KefuStore

/// The SLA clocks of tickets: replayed from what happened, stored as instants on the ticket row (R-TKT-4).
extension TicketService {
    /// The instants a ticket row carries for its clocks: due times, the overall state, when the sweep must look.
    static func columns(_ clocks: [TicketSLA.Clock], policyID: Int64?) -> TicketRepository.SLAColumns {
        let running = clocks.filter { $0.metAt == nil }
        return TicketRepository.SLAColumns(
            policyID: policyID,
            firstResponseDueAt: clocks.first { $0.target == .firstResponse }?.due,
            nextResponseDueAt: running.first { $0.target == .nextResponse }?.due,
            resolutionDueAt: clocks.first { $0.target == .resolution }?.due,
            state: TicketSLA.overall(clocks), watchAt: TicketSLA.watchAt(clocks),
            // Overdue clocks sort first in the queues: the most overdue ticket is the most urgent.
            dueAt: running.compactMap(\.due).min())
    }

    /// The ticket's clocks now, replayed from its state history, conversation and policy changes.
    func clocks(of ticket: Ticket, now: Date, on connection: any SQLConnection) async throws -> [TicketSLA.Clock] {
        try await standing(of: ticket, now: now, on: connection).clocks
    }

    /// The clocks and the policy in force now.
    func standing(of ticket: Ticket, now: Date, on connection: any SQLConnection) async throws -> (clocks: [TicketSLA.Clock], policyID: Int64?) {
        try await standing(of: ticket, terms: try await records.terms(ticketID: ticket.id, on: connection),
                           history: try await records.stateHistory(ticketID: ticket.id, on: connection),
                           messages: try await records.messageTimes(ticketID: ticket.id, on: connection), now: now, on: connection)
    }

    /// The clocks from what is already loaded (the sweep loads it for many tickets at once).
    func standing(
        of ticket: Ticket, terms stored: [(policyID: Int64, from: Date)], history: [TicketRecordRepository.StateChange],
        messages: [(kind: TicketMessageKind, at: Date)], now: Date, on connection: any SQLConnection
    ) async throws -> (clocks: [TicketSLA.Clock], policyID: Int64?) {
        var terms: [TicketSLA.Terms] = []
        for term in stored {
            guard let source = try await sla.ticketTerms(policyID: term.policyID, on: connection) else { continue }
            terms.append(.init(from: term.from, policy: source.policy, calendar: source.calendar))
        }
        guard !terms.isEmpty else { return ([], stored.last?.policyID) }
        var pauses: [SLAClock.Transition] = []
        var resolvedSpans: [DateInterval] = []
        var pausedNow = false
        var doneSince: Date?
        for change in history {
            if change.pausesSLA != pausedNow {
                pauses.append(.init(at: change.at, paused: change.pausesSLA))
                pausedNow = change.pausesSLA
            }
            if change.category.isDone {
                if doneSince == nil { doneSince = change.at }
            } else if let since = doneSince {
                resolvedSpans.append(DateInterval(start: since, end: max(since, change.at)))
                doneSince = nil
            }
        }
        let timeline = TicketSLA.Timeline(
            createdAt: ticket.createdAt, pauses: pauses, customerMessages: messages.filter { $0.kind == .customer }.map(\.at),
            replies: messages.filter { $0.kind == .reply }.map(\.at), resolvedAt: ticket.stateCategory.isDone ? (ticket.resolvedAt ?? doneSince) : nil,
            resolvedSpans: resolvedSpans)
        return (TicketSLA.evaluate(terms: terms, timeline: timeline, now: now, atRiskFraction: atRiskFraction), stored.last?.policyID)
    }

    /// Recomputes and stores the ticket's SLA instants after a change.
    func refreshSLA(_ ticket: Ticket, now: Date, on connection: any SQLConnection) async throws {
        let standing = try await standing(of: ticket, now: now, on: connection)
        try await tickets.setSLA(ticketID: ticket.id, Self.columns(standing.clocks, policyID: standing.policyID), on: connection)
    }
}
