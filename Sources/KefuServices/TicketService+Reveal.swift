import Foundation
import KefuDomain
import KefuStore

extension TicketService {
    /// The customer's contact unmasked, for the person working the ticket (its owner or assignee) or a supervisor and
    /// above, so that an agent can call the customer back; writes one access event (R-MEM-4).
    public func revealContact(id: Int64, by principal: Principal) async throws -> TicketCustomer {
        guard principal.can(.ticketsView) else { throw ServiceError.forbidden(.ticketsView) }
        let now = clock.now
        return try await database.transaction { connection in
            guard let ticket = try await tickets.find(id: id, on: connection), visible(ticket, to: principal) else {
                throw ServiceError.notFound(entity: "ticket")
            }
            let user = principal.user
            let works = user.map { ticket.ownerID == $0.id || ticket.assigneeID == $0.id } ?? false
            guard principal.can(.piiView) || works || user.map({ MemberAccess.oversees($0.role) }) == true else {
                throw ServiceError.forbidden(.piiView)
            }
            try await events.append(principal.event("pii.revealed", entity: "ticket", id: "\(id)",
                                                    after: Snapshot.json(["fields": "customer.phone, customer.email"]), at: now),
                                    on: connection)
            return ticket.customer
        }
    }
}
