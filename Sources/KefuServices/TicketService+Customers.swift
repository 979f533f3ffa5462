import Foundation
import KefuDomain
import KefuStore

/// What customers do themselves, without an account: the web form, the status page (ticket number + the phone
/// or email given), answering on it, and rating the service once (R-TKT-9).
extension TicketService {
    /// The most tickets one address may open through the web form per `formWindow`.
    public static let formLimit = 5
    public static let formWindow: TimeInterval = 10 * 60

    /// A ticket from the public web form. Over `formLimit` from one address within `formWindow` is throttled.
    public func submitWebForm(_ draft: TicketDraft, uploads: [TicketUpload], address: String) async throws -> Ticket {
        let now = clock.now
        let since = now.addingTimeInterval(-Self.formWindow)
        let recent = try await database.read { connection in
            try await events.list(EventFilter(kind: "ticket.created", since: since, address: address), limit: 1, on: connection).total
        }
        if recent >= Self.formLimit { throw ServiceError.throttled(until: now.addingTimeInterval(Self.formWindow)) }
        var draft = draft
        draft.channel = .web
        if draft.type == nil { draft.type = .inquiry }
        // Customers cannot name staff members in a complaint: the desk decides who it is about.
        draft.aboutUserID = nil
        return try await create(draft, source: .customer(messageID: nil), uploads: uploads,
                                by: Principal(user: nil, channel: .system, address: address))
    }

    /// The ticket with this number whose customer gave `contact` (phone or email); nil otherwise (the same answer
    /// for a wrong number and a wrong contact, so numbers cannot be probed).
    public func lookUp(number: String, contact: String) async throws -> (ticket: Ticket, messages: [TicketMessage], satisfaction: SatisfactionRepository.Request?)? {
        let number = number.trimmingCharacters(in: .whitespaces).uppercased()
        let contact = contact.trimmingCharacters(in: .whitespaces)
        guard !number.isEmpty, !contact.isEmpty else { return nil }
        return try await database.read { connection in
            guard let ticket = try await tickets.find(number: number, on: connection) else { return nil }
            let digits = { (text: String) in text.filter(\.isNumber) }
            let matches = (ticket.customer.email.map { $0.caseInsensitiveCompare(contact) == .orderedSame } ?? false)
                || (ticket.customer.phone.map { !digits(contact).isEmpty && digits($0) == digits(contact) } ?? false)
            guard matches else { return nil }
            // Customers see what was said to and by them; internal notes never (R-TKT-8).
            let messages = try await records.messages(ticketID: ticket.id, on: connection).filter { $0.kind.isVisibleToCustomer }
            return (ticket, messages, try await SatisfactionRepository().latest(ticketID: ticket.id, on: connection))
        }
    }

    /// The customer answers on the status page: the same as a mail from them.
    public func customerReply(number: String, contact: String, body: String, uploads: [TicketUpload], address: String) async throws -> Ticket {
        guard let found = try await lookUp(number: number, contact: contact) else { throw ServiceError.notFound(entity: "ticket") }
        return try await addCustomerMessage(id: found.ticket.id, body: body, channel: .web, uploads: uploads,
                                            by: Principal(user: nil, channel: .system, address: address)).ticket
    }

    /// A satisfaction link for a resolved ticket: the token goes to the customer, its hash stays here.
    public func requestSatisfaction(id: Int64, by principal: Principal) async throws -> String {
        if principal.channel != .system { try principal.require(.ticketsManage) }
        let token = Secrets.random()
        let now = clock.now
        try await database.transaction { connection in
            guard let ticket = try await tickets.find(id: id, on: connection), visible(ticket, to: principal) || principal.channel == .system else {
                throw ServiceError.notFound(entity: "ticket")
            }
            guard ticket.stateCategory.isDone else { throw ServiceError.invalidState(current: ticket.state, allowed: ["resolve"]) }
            try await SatisfactionRepository().create(ticketID: id, tokenHash: Secrets.hash(token), at: now, on: connection)
            try await events.append(principal.event("ticket.satisfaction_requested", entity: "ticket", id: "\(id)", at: now), on: connection)
        }
        return token
    }

    /// The ticket a satisfaction link belongs to, and whether it was answered.
    public func satisfaction(token: String) async throws -> (ticket: Ticket, request: SatisfactionRepository.Request)? {
        try await database.read { connection in
            guard let request = try await SatisfactionRepository().find(tokenHash: Secrets.hash(token), on: connection),
                  let ticket = try await tickets.find(id: request.ticketID, on: connection) else { return nil }
            return (ticket, request)
        }
    }

    /// The customer's rating, 1–5 with an optional comment; once per link.
    public func rate(token: String, rating: Int?, comment: String?, address: String) async throws {
        let request = try await database.read { try await SatisfactionRepository().find(tokenHash: Secrets.hash(token), on: $0) }
        guard let request else { throw ServiceError.notFound(entity: "satisfaction") }
        try await record(rating: rating, comment: comment, for: request, address: address)
    }

    /// The customer rates from the status page (number + contact given): the open satisfaction request is answered.
    public func rate(number: String, contact: String, rating: Int?, comment: String?, address: String) async throws {
        guard let request = try await lookUp(number: number, contact: contact)?.satisfaction else {
            throw ServiceError.notFound(entity: "satisfaction")
        }
        try await record(rating: rating, comment: comment, for: request, address: address)
    }

    private func record(rating: Int?, comment: String?, for request: SatisfactionRepository.Request, address: String) async throws {
        guard let rating, (1...5).contains(rating) else {
            throw ServiceError.validation([FieldError(field: "rating", code: "error.range", arguments: ["min": "1", "max": "5"])])
        }
        let comment = comment?.trimmingCharacters(in: .whitespacesAndNewlines).nilIfEmpty
        let now = clock.now
        try await database.transaction { connection in
            guard try await SatisfactionRepository().rate(id: request.id, rating: rating, comment: comment, at: now, on: connection) else {
                throw ServiceError.conflict(code: "error.already_rated", currentVersion: nil)
            }
            try await events.append(Principal(user: nil, channel: .system, address: address).event(
                "ticket.rated", entity: "ticket", id: "\(request.ticketID)", after: Snapshot.json(["rating": "\(rating)", "comment": comment]),
                at: now), on: connection)
        }
    }
}

extension String {
    var nilIfEmpty: String? { isEmpty ? nil : self }
}
