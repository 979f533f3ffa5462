import Foundation
import Hummingbird
import KefuDomain
import KefuServices

/// Phone calls on the ticket desk: the form an agent fills in after a call (`/tickets/calls/new`, from the queue or
/// from a ticket with its number filled in), the caller's open tickets suggested by phone, and the list of recent
/// calls (`/tickets/calls`, mine or the team's, by date).
extension TicketWebController {
    func addCallRoutes(to router: Router<KefuRequestContext>) {
        router.get("tickets/calls", use: calls)
        router.get("tickets/calls/new", use: newCall)
        router.post("tickets/calls", use: logCall)
        router.get("tickets/calls/suggestions", use: callSuggestions)
    }

    // MARK: The form

    @Sendable func newCall(_ request: Request, context: KefuRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        try principal.require(.ticketsManage)
        let query = request.uri.queryParameters
        var form = ["direction": CallDirection.inbound.rawValue, "target": "new", "ticket_type": TicketType.inquiry.rawValue,
                    "started_at": LocalTimeInput.text(services.clock.now, timeZone: services.timeZone, seconds: true)]
        if let phone = query["phone"].map(String.init), !phone.isEmpty { form["caller_phone"] = phone }
        if let name = query["name"].map(String.init), !name.isEmpty { form["caller_name"] = name }
        // From a ticket page: the call is about that ticket, and usually with its customer.
        if let number = query["ticket"].map(String.init), !number.isEmpty,
           let ticket = try? await services.tickets.find(number: number.uppercased(), by: principal) {
            form["target"] = "existing"
            form["ticket_number"] = ticket.number
            form["caller_name"] = form["caller_name"] ?? ticket.customer.name
            if principal.can(.piiView), form["caller_phone"] == nil { form["caller_phone"] = ticket.customer.phone }
        }
        return try await callForm(request, context, form: form, errors: [])
    }

    func callForm(_ request: Request, _ context: KefuRequestContext, form: [String: String], errors: [FieldError],
                  status: HTTPResponse.Status = .ok) async throws -> Response {
        let principal = try context.requirePrincipal()
        let presenter = CallPresenter(catalog: pages.catalog, language: context.language, timeZone: services.timeZone, permissions: principal.permissions)
        let suggestions = try await services.calls.openTickets(phone: form["caller_phone"] ?? "", by: principal)
        return pages.render(
            "tickets/calls_new", titleKey: "calls.new.title",
            values: pages.errorValues(errors.map(CallPresenter.formField), context.language) + [
                "form": form, "existing": form["target"] == "existing", "new_ticket": form["target"] != "existing",
                "inbound": form["direction"] != CallDirection.outbound.rawValue, "outbound": form["direction"] == CallDirection.outbound.rawValue,
                "types": CallPresenter.options(TicketType.self, prefix: "ticket_type", selected: form["ticket_type"], presenter: presenter),
                "answer_limit": services.calls.answerRule.limitSeconds, "time_zone": services.timeZone.identifier,
            ] + presenter.suggestionValues(suggestions, picked: form["ticket_number"]),
            request: request, context: context, status: status, area: "tickets")
    }

    @Sendable func logCall(_ request: Request, context: KefuRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        var request = request
        var form = try await request.formFields(context: context)
        form["_csrf"] = nil
        let blank = { (name: String) -> String? in
            let value = (form[name] ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
            return value.isEmpty ? nil : value
        }
        var errors: [FieldError] = []
        let startedAt = blank("started_at").flatMap { text -> Date? in
            let date = LocalTimeInput.date(text, timeZone: services.timeZone)
            if date == nil { errors.append(FieldError(field: "started_at", code: "error.date_format")) }
            return date
        }
        let answeredAfter = blank("answered_after").flatMap { text -> Int? in
            let seconds = Int(text)
            if seconds == nil { errors.append(FieldError(field: "answered_after_seconds", code: "error.whole_seconds")) }
            return seconds
        }
        let duration = blank("duration").flatMap { text -> Int? in
            let seconds = CallDuration.seconds(text)
            if seconds == nil { errors.append(FieldError(field: "duration_seconds", code: "error.duration_format")) }
            return seconds
        }
        var draft = CallDraft(callerName: blank("caller_name"), callerPhone: blank("caller_phone"), startedAt: startedAt,
                              answeredAfterSeconds: answeredAfter, durationSeconds: duration,
                              direction: blank("direction").flatMap(CallDirection.init(rawValue:)), summary: form["summary"])
        if form["target"] == "existing" {
            form["ticket_number"] = blank("ticket_number") ?? blank("ticket_pick")
            if let number = form["ticket_number"]?.uppercased() {
                do {
                    draft.ticketID = try await services.tickets.find(number: number, by: principal).id
                } catch ServiceError.notFound {
                    errors.append(FieldError(field: "ticket_id", code: "error.not_found"))
                }
            }
        } else {
            draft.newTicket = CallDraft.NewTicket(type: blank("ticket_type").flatMap(TicketType.init(rawValue:)), subject: blank("ticket_subject"))
        }
        do {
            // Problems found while reading the form come first; the service adds the rest (no field twice).
            let problems = errors + draft.problems(now: services.clock.now).filter { problem in !errors.contains { $0.field == problem.field } }
            if !errors.isEmpty { throw ServiceError.validation(problems) }
            let call = try await services.calls.log(draft, by: principal)
            return pages.redirect(to: "/tickets/\(call.ticketID)#call-\(call.id)", flash: "flash.call_logged")
        } catch ServiceError.validation(let problems) {
            return try await callForm(request, context, form: form, errors: problems, status: .unprocessableContent)
        }
    }

    /// The caller's open tickets as a fragment of the form, for `calls.js` when the phone number changes.
    @Sendable func callSuggestions(_ request: Request, context: KefuRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        let phone = request.uri.queryParameters["phone"].map(String.init) ?? ""
        let presenter = CallPresenter(catalog: pages.catalog, language: context.language, timeZone: services.timeZone, permissions: principal.permissions)
        let values = presenter.suggestionValues(try await services.calls.openTickets(phone: phone, by: principal), picked: nil)
        return pages.fragment("tickets/call_suggestions", values: values, context: context)
    }

    // MARK: The list

    /// The tabs of `/tickets/calls`: calls I logged, everyone's.
    enum CallTab: String, CaseIterable { case mine, team }

    @Sendable func calls(_ request: Request, context: KefuRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        try principal.require(.ticketsView)
        let paging = try Paging(request, defaultLimit: 25)
        let parameters = request.uri.queryParameters
        let tab = parameters["tab"].flatMap { CallTab(rawValue: String($0)) } ?? .mine
        let day = { (name: Substring) -> String? in parameters[name].map(String.init).flatMap { LocalDate($0) == nil ? nil : $0 } }
        let (from, to) = (day("from"), day("to"))
        var filter = try CallQuery(request, principal: principal, timeZone: services.timeZone).filter
        filter.loggedBy = tab == .mine ? principal.user?.id ?? -1 : nil
        let result = try await services.calls.list(filter, limit: paging.limit, offset: paging.offset, by: principal)
        let presenter = CallPresenter(catalog: pages.catalog, language: context.language, timeZone: services.timeZone, permissions: principal.permissions)
        return pages.render(
            "tickets/calls", titleKey: "calls.title",
            values: [
                "calls": result.calls.map(presenter.row), "has_calls": !result.calls.isEmpty, "summary": presenter.summary(result.summary),
                "tabs": CallTab.allCases.map { item -> [String: Any] in
                    ["href": Pager.link(path: "/tickets/calls", query: ["tab": item.rawValue, "from": from ?? "", "to": to ?? ""].filter { !$0.value.isEmpty }),
                     "label": pages.catalog.text("calls.tab.\(item.rawValue)", context.language), "current": item == tab]
                },
                "tab": tab.rawValue, "from": from ?? "", "to": to ?? "", "can_log": principal.can(.ticketsManage),
                "pager": Pager(total: result.total, paging: paging, path: "/tickets/calls", query: ["tab": tab.rawValue, "from": from, "to": to]).values,
            ],
            request: request, context: context, area: "tickets")
    }
}
