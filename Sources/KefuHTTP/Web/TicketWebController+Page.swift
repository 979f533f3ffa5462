import Foundation
import Hummingbird
import KefuDomain
import KefuServices

/// The ticket page: everything about one ticket on one screen, and every form on it posting to
/// `/tickets/{id}/{action}`, each one service call.
extension TicketWebController {
    @Sendable func show(_ request: Request, context: KefuRequestContext) async throws -> Response {
        try await ticketPage(request, context, values: [:])
    }

    func ticketPage(_ request: Request, _ context: KefuRequestContext, values: [String: Any], status: HTTPResponse.Status = .ok) async throws -> Response {
        let principal = try context.requirePrincipal()
        let id = try context.parameters.require("id", as: Int64.self)
        let detail = try await services.tickets.get(id: id, by: principal)
        let history = try await services.tickets.history(id: id, by: principal)
        let presenter = try await presenter(context, states: detail.states)
        let categories = principal.can(.ticketsView) ? try await services.tickets.categories(by: principal) : []
        var order: [String: Any]?
        if let orderID = detail.ticket.orderID, principal.can(.ordersView),
           let found = try? await services.orders.get(id: orderID, by: principal).order {
            order = ["id": found.id, "number": found.number, "status": presenter.text("order_status.\(found.status.rawValue)"),
                     "status_code": found.status.rawValue, "total": Money.yuan(found.total)]
        }
        let page = TicketPage(detail: detail, presenter: presenter, principal: principal, categories: categories, timeZone: services.timeZone,
                              now: services.clock.now)
        // The standard phrases beside the reply box (R-QA-1).
        let scripts = principal.can(.ticketsView) ? try await services.scripts.search(by: principal) : []
        let calls = try await callValues(detail, messages: page.values["messages"], principal: principal, language: context.language)
        let suggestion = try await suggestionPanel(detail, presenter: presenter, principal: principal)
        let member = try await memberPanel(detail.ticket.memberID, principal: principal, language: context.language)
        return pages.render(
            "tickets/show", titleKey: "tickets.show.title",
            values: values + page.values + suggestion + ScriptPicker.values(scripts, catalog: pages.catalog, language: context.language) + [
                "order": order as Any, "member": member as Any,
                "can_reveal": !principal.can(.piiView) && values["revealed"] == nil && Self.works(on: detail.ticket, principal),
                "history": history.map { EventRow($0, formatter: presenter.formatter, catalog: pages.catalog, language: context.language).values },
            ] + calls,
            request: request, context: context, status: status, area: "tickets")
    }

    /// Every form on the ticket page posts here.
    @Sendable func act(_ request: Request, context: KefuRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        let id = try context.parameters.require("id", as: Int64.self)
        let action = context.parameters.get("action") ?? ""
        var request = request
        let form = try await request.formFields(context: context)
        let version = form["version"].flatMap(Int64.init)
        let tickets = services.tickets
        var flash = "flash.saved"
        if action == "reveal" {
            // The contact shown once, on this page only; the reveal is logged (R-MEM-4).
            let customer = try await tickets.revealContact(id: id, by: principal)
            return try await ticketPage(request, context, values: ["revealed": ["phone": customer.phone ?? "", "email": customer.email ?? ""]])
        }
        do {
            switch action {
            case "messages":
                let kind: TicketMessageKind = form["kind"] == "note" ? .note : .reply
                _ = try await tickets.addMessage(id: id, kind: kind, body: form["body"], expectedVersion: version, by: principal)
                flash = kind == .note ? "flash.ticket_note_added" : "flash.ticket_reply_sent"
            case "assign":
                guard let assignee = form["assignee_id"].flatMap(Int64.init) else {
                    throw ServiceError.validation([FieldError(field: "assignee_id", code: "error.required")])
                }
                _ = try await tickets.assign(id: id, to: assignee, expectedVersion: version, by: principal)
            case "state":
                _ = try await tickets.setState(id: id, code: form["state"] ?? "", expectedVersion: version, by: principal)
            case "handoff":
                let due = try LocalTimeInput.field(form, "due_at", timeZone: services.timeZone)
                _ = try await tickets.handoff(id: id, department: form["department"].flatMap(Department.init(rawValue:)), request: form["request"],
                                              dueAt: due, contact: form["contact"], expectedVersion: version, by: principal)
            case "answer":
                guard let handoff = form["handoff_id"].flatMap(Int64.init) else { throw HTTPError(.badRequest) }
                _ = try await tickets.answerHandoff(id: id, handoffID: handoff, answer: form["answer"], by: principal)
            case "complaint":
                guard let step = form["step"].flatMap(ComplaintAction.init(rawValue:)) else { throw HTTPError(.badRequest) }
                var fields = form
                for name in ["step", "version", "valid", "approved"] { fields[name] = nil }
                _ = try await tickets.complaintStep(id: id, action: step, fields: fields, valid: form["valid"] != "false",
                                                   approved: form["approved"] != "false", expectedVersion: version, by: principal)
            case "resolve":
                _ = try await tickets.resolve(id: id, customerUnderstood: form["customer_understood"] == "on",
                                              askedAnythingElse: form["asked_anything_else"] == "on", expectedVersion: version, by: principal)
                flash = "flash.ticket_resolved"
            case "close": _ = try await tickets.close(id: id, expectedVersion: version, by: principal)
            case "reopen": _ = try await tickets.reopen(id: id, reason: form["reason"], expectedVersion: version, by: principal)
            default: throw HTTPError(.notFound)
            }
            return pages.redirect(to: "/tickets/\(id)", flash: flash)
        } catch ServiceError.validation(let errors) {
            return try await ticketPage(request, context, values: pages.errorValues(errors, context.language) + [
                "failed_action": action, "failed_\(action)": true, "posted": form,
            ], status: .unprocessableContent)
        } catch ServiceError.conflict {
            return try await ticketPage(request, context, values: ["conflict": true, "posted": form], status: .conflict)
        } catch ServiceError.invalidState(let current, let allowed) {
            return try await ticketPage(request, context, values: ["invalid_state": invalidState(current: current, allowed: allowed, context)],
                                        status: .conflict)
        }
    }

    /// "The ticket is 已解决; possible now: 重新打开" in the reader's language.
    func invalidState(current: String, allowed: [String], _ context: KefuRequestContext) -> String {
        let catalog = pages.catalog, language = context.language
        let name = { (prefixes: [String], code: String) -> String in
            prefixes.map { "\($0).\(code)" }.first(where: catalog.has).map { catalog.text($0, language) } ?? code
        }
        let currentName = name(["ticket_state", "tickets.stage", "ticket_type"], current)
        let possible = allowed.map { name(["tickets.allowed", "tickets.step"], $0) }
        let list = possible.isEmpty ? catalog.text("tickets.nothing_possible", language) : possible.joined(separator: language == .en ? ", " : "、")
        return catalog.text("tickets.invalid_state", language, ["current": currentName, "allowed": list])
    }


    /// Whether `principal` works the ticket (owner or assignee) or oversees the desk: they may reveal its contact.
    static func works(on ticket: Ticket, _ principal: Principal) -> Bool {
        guard let user = principal.user else { return false }
        return ticket.ownerID == user.id || ticket.assigneeID == user.id || MemberAccess.oversees(user.role)
    }
}
