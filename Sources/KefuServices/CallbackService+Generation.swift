import Foundation
import KefuDomain
import KefuStore

/// What a generation run added.
public struct CallbackGeneration: Sendable, Equatable {
    public var added: [Callback.Reason: Int]
    /// Callbacks nobody held that were shared among the agents.
    public var assigned: Int
    /// Complaint follow-ups found done on the complaint's ticket.
    public var doneOnTicket = 0

    public var total: Int { added.values.reduce(0, +) }
}

/// Generation (R-CB-1): callbacks made automatically from what happened, as set-based statements (a hundred
/// thousand deliveries are a handful of statements), idempotent however often it runs.
extension CallbackService {
    /// Ticket types whose resolution is a service followed up by a call (a visit or repair, an after-sales matter).
    public static let serviceTicketTypes: [TicketType] = [.repair, .afterSales]

    /// Makes the callbacks still missing: delivered orders, resolved services and completed after-sales cases since
    /// the look-back, confirmed complaints, birthdays and holidays open today, and newly assigned members; then shares
    /// out those nobody holds. A complaint follow-up whose complaint was followed up on its ticket is done. One transaction; records `callbacks.generated` when anything was added or assigned.
    @discardableResult
    public func generate(by principal: Principal = .system) async throws -> CallbackGeneration {
        try principal.require(.callbacksManage)
        let now = clock.now
        let settings = self.settings
        let timeZone = self.timeZone
        let since = now.addingTimeInterval(-TimeInterval(settings.lookbackDays) * 86_400)
        let today = CallbackSettings.day(of: now, in: timeZone)
        let day = TimeInterval(86_400)
        return try await database.transaction { connection in
            if connection.dialect == .postgres {
                // Instances running the scheduler together take turns; the unique indexes would also keep them apart.
                try await connection.query("SELECT pg_advisory_xact_lock(7275)")
                // A large run's plans cross the JIT threshold, and compiling them cost more than running them (0.7 s of
                // 3.5 s for 100,000 deliveries); its sorts spilled to disk at the default working memory.
                try await connection.query("SET LOCAL jit = off")
                try await connection.query("SET LOCAL work_mem = '64MB'")
            }
            let last = try await repository.lastID(on: connection)
            let sequence = CallbackAssignment.sequence(among: try await repository.agentLoads(on: connection))
            let shared = try await repository.generateForDeliveries(since: since, window: TimeInterval(settings.deliveredOrderDays) * day, sequence: sequence,
                                                       at: now, on: connection)
            try await repository.generateForResolvedTickets(types: Self.serviceTicketTypes, since: since,
                                                            window: TimeInterval(settings.serviceDays) * day, at: now, on: connection)
            try await repository.generateForAfterSales(since: since, window: TimeInterval(settings.serviceDays) * day, at: now, on: connection)
            try await repository.generateForComplaints(window: TimeInterval(settings.complaintDays) * day, at: now, on: connection)
            for occasionDay in settings.occasionDays(open: today) {
                let window = settings.occasionWindow(on: occasionDay, in: timeZone)
                try await repository.generateOccasions(.birthday, on: occasionDay, birthdays: CallbackSettings.birthdays(on: occasionDay),
                                                       notBefore: window.notBefore, dueBy: window.dueBy, at: now, on: connection)
                if settings.holidays.contains(occasionDay) {
                    try await repository.generateOccasions(.holiday, on: occasionDay, birthdays: nil, notBefore: window.notBefore,
                                                           dueBy: window.dueBy, at: now, on: connection)
                }
            }
            try await repository.generateFirstContacts(since: since, window: TimeInterval(settings.firstContactDays) * day, at: now, on: connection)
            let closedOnTicket = try await repository.completeFollowedUpComplaints(at: now, on: connection)
            let added = try await repository.added(after: last, on: connection)
            let assigned = try await repository.assignUnheld(at: now, on: connection) + shared
            let result = CallbackGeneration(added: added, assigned: assigned, doneOnTicket: closedOnTicket.count)
            if result.total > 0 || assigned > 0 || !closedOnTicket.isEmpty {
                var counts: [String: String?] = Dictionary(uniqueKeysWithValues: added.map { ($0.key.rawValue, "\($0.value)") })
                counts["assigned"] = "\(assigned)"
                if !closedOnTicket.isEmpty { counts["done_on_ticket"] = closedOnTicket.map(String.init).joined(separator: ",") }
                try await events.append(principal.event("callbacks.generated", entity: "callback", id: nil, after: Snapshot.json(counts), at: now),
                                        on: connection)
            }
            return result
        }
    }
}
