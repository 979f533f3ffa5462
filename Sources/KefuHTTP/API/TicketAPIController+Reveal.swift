import Foundation
import Hummingbird
import KefuDomain
import KefuServices

extension TicketAPIController {
    /// `POST /api/v1/tickets/{id}/reveal`: the customer's contact unmasked for whoever works the ticket (R-MEM-4).
    @Sendable func reveal(_ request: Request, context: KefuRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        let id = try context.parameters.require("id", as: Int64.self)
        let customer = try await services.tickets.revealContact(id: id, by: principal)
        return try KefuJSON.response(Contact(name: customer.name, phone: customer.phone, email: customer.email))
    }

    struct Contact: Encodable {
        var name: String
        var phone: String?
        var email: String?
    }
}
