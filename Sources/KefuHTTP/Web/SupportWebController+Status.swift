import Foundation
import Hummingbird
import KefuDomain
import KefuServices

/// `/support/status`: the customer gives the ticket number and the phone or email they left, and sees the state and
/// the conversation without internal notes (R-TKT-8), can add a message and rate the service (R-TKT-9). Number and
/// contact travel in hidden fields from one POST to the next; there is no session.
extension SupportWebController {
    @Sendable func status(_ request: Request, context: KefuRequestContext) -> Response {
        lookupPage(request, context, number: request.uri.queryParameters["number"].map(String.init) ?? "", contact: "", notFound: false)
    }

    func lookupPage(_ request: Request, _ context: KefuRequestContext, number: String, contact: String, notFound: Bool,
                    status: HTTPResponse.Status = .ok) -> Response {
        render("status", titleKey: "support.status.title", values: ["lookup": ["number": number, "contact": contact], "not_found": notFound],
               request: request, context: context, back: "/support/status", status: status)
    }

    @Sendable func lookUp(_ request: Request, context: KefuRequestContext) async throws -> Response {
        var request = request
        let form = try await request.formFields(context: context)
        return try await statusPage(request, context, number: form["number"] ?? "", contact: form["contact"] ?? "")
    }

    /// What the page shows besides the ticket after a POST.
    struct Outcome {
        var notice: String?
        var errors: [FieldError] = []
        var replyBody = ""
        var filesDropped = false
        var closed = false
        var status: HTTPResponse.Status = .ok
    }

    /// The ticket as its customer sees it; a wrong number and a wrong contact give the same "not found".
    func statusPage(_ request: Request, _ context: KefuRequestContext, number: String, contact: String,
                    _ outcome: Outcome = Outcome()) async throws -> Response {
        guard let found = try await services.tickets.lookUp(number: number, contact: contact) else {
            return lookupPage(request, context, number: number, contact: contact, notFound: true, status: .notFound)
        }
        let ticket = found.ticket
        let formatter = TimeFormatter(language: context.language, timeZone: services.timeZone)
        let stateKey = pages.catalog.has("support.state.\(ticket.state)") ? "support.state.\(ticket.state)"
            : "support.state.\(ticket.stateCategory.rawValue)"
        let who: [TicketMessageKind: String] = [.customer: "support.status.you", .reply: "support.status.agent", .autoReply: "support.status.auto"]
        // lookUp leaves notes out already; a page for customers checks again (R-TKT-8).
        let messages = found.messages.filter(\.kind.isVisibleToCustomer).map { message -> [String: Any] in
            ["kind": message.kind.rawValue, "who": text(who[message.kind] ?? "support.status.agent", context),
             "at": formatter.string(message.at), "body": message.body]
        }
        let acceptsMessages = !(ticket.type == .complaint && ticket.stateCategory == .closed)
        var values = errorValues(outcome.errors, context) + [
            "ticket": [
                "number": ticket.number, "subject": ticket.subject, "type": text("ticket_type.\(ticket.type.rawValue)", context),
                "state": text(stateKey, context), "state_category": ticket.stateCategory.rawValue, "created": formatter.string(ticket.createdAt),
            ],
            "contact": contact, "messages": messages, "notice": outcome.notice as Any,
            "can_reply": acceptsMessages && !outcome.closed, "closed": !acceptsMessages || outcome.closed,
            "reply_body": outcome.replyBody, "files_dropped": outcome.filesDropped,
            "attachments_hint": text("support.attachments_hint", context,
                                     ["max": "\(SupportUploads.maxFiles)", "size": "\(SupportUploads.maxBytes / 1024 / 1024) MB"]),
        ]
        if let satisfaction = found.satisfaction {
            if let rating = satisfaction.rating {
                values["rated"] = Self.stars(rating)
            } else if ticket.stateCategory.isDone {
                // A ticket the customer reopened is rated when it is resolved again.
                values["can_rate"] = true
                values["ratings"] = ratingChoices(context)
            }
        }
        return render("ticket", titleKey: "support.status.title", values: values, request: request, context: context,
                      back: "/support/status", status: outcome.status)
    }

    /// The customer adds a message, with files, to their ticket.
    @Sendable func reply(_ request: Request, context: KefuRequestContext) async throws -> Response {
        var request = request
        let form = try await request.multipartForm(upTo: SupportUploads.maxBodySize)
        let number = form.text("number") ?? "", contact = form.text("contact") ?? "", body = form.text("body") ?? ""
        let files = SupportUploads.read(form)
        var problems = files.problems
        if body.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty { problems.insert(FieldError(field: "body", code: "error.required"), at: 0) }
        let failed = { (errors: [FieldError], status: HTTPResponse.Status) in
            Outcome(errors: errors, replyBody: body, filesDropped: !files.uploads.isEmpty || !files.problems.isEmpty, status: status)
        }
        guard problems.isEmpty else {
            return try await statusPage(request, context, number: number, contact: contact, failed(problems, .unprocessableContent))
        }
        do {
            _ = try await services.tickets.customerReply(number: number, contact: contact, body: body, uploads: files.uploads,
                                                          address: context.address)
            return try await statusPage(request, context, number: number, contact: contact,
                                        Outcome(notice: text("support.status.sent", context)))
        } catch ServiceError.notFound {
            return lookupPage(request, context, number: number, contact: contact, notFound: true, status: .notFound)
        } catch ServiceError.validation(let errors) {
            return try await statusPage(request, context, number: number, contact: contact, failed(errors, .unprocessableContent))
        } catch ServiceError.invalidState {
            return try await statusPage(request, context, number: number, contact: contact, Outcome(closed: true, status: .conflict))
        }
    }

    /// The customer rates the resolved ticket on its status page.
    @Sendable func rateFromStatus(_ request: Request, context: KefuRequestContext) async throws -> Response {
        var request = request
        let form = try await request.formFields(context: context)
        let number = form["number"] ?? "", contact = form["contact"] ?? ""
        do {
            try await services.tickets.rate(number: number, contact: contact, rating: form["rating"].flatMap { Int($0) },
                                            comment: form["comment"], address: context.address)
            return try await statusPage(request, context, number: number, contact: contact,
                                        Outcome(notice: text("support.rate.thanks", context)))
        } catch ServiceError.conflict(let code, _) where code == "error.already_rated" {
            return try await statusPage(request, context, number: number, contact: contact,
                                        Outcome(notice: text("support.rate.already", context), status: .conflict))
        } catch ServiceError.validation(let errors) {
            return try await statusPage(request, context, number: number, contact: contact, Outcome(errors: errors, status: .unprocessableContent))
        } catch ServiceError.notFound {
            return try await statusPage(request, context, number: number, contact: contact, Outcome(status: .notFound))
        }
    }
}
