import Foundation
import Hummingbird
import KefuDomain
import KefuServices

/// The agent's ticket desk in the browser: the queues, entry of phone and visit tickets, and the ticket page
/// where everything about one ticket is done (R-TKT-1…9).
struct TicketWebController {
    let services: Services
    let pages: Pages

    func addRoutes(to router: Router<KefuRequestContext>) {
        router.get("tickets", use: index)
        router.get("tickets/new", use: new)
        addCallRoutes(to: router)
        router.post("tickets", use: create)
        router.get("tickets/:id", use: show)
        router.post("tickets/:id/:action", use: act)
        addSuggestionRoutes(to: router)
    }

    func presenter(_ context: KefuRequestContext, states: [TicketState]) async throws -> TicketPresenter {
        TicketPresenter(catalog: pages.catalog, language: context.language,
                        formatter: TimeFormatter(language: context.language, timeZone: services.timeZone),
                        permissions: try context.requirePrincipal().permissions, staff: try await TicketStaff.load(services), states: states)
    }

    // MARK: Queues

    /// The tabs of `/tickets`: the agent's own open work, the team's, the clocks in trouble, everything.
    enum Tab: String, CaseIterable {
        case mine, team
        case atRisk = "at_risk"
        case breached, all

        func filter(for principal: Principal) -> TicketFilter {
            switch self {
            case .mine: TicketFilter(openOnly: true, involvedID: principal.user?.id ?? -1)
            case .team: TicketFilter(openOnly: true)
            case .atRisk: TicketFilter(sla: .atRisk)
            case .breached: TicketFilter(sla: .breached)
            case .all: TicketFilter()
            }
        }
    }

    @Sendable func index(_ request: Request, context: KefuRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        try principal.require(.ticketsView)
        let paging = try Paging(request, defaultLimit: 25)
        let query = request.uri.queryParameters
        let tab = query["tab"].flatMap { Tab(rawValue: String($0)) } ?? .mine
        let type = query["type"].flatMap { TicketType(rawValue: String($0)) }
        let channel = query["channel"].flatMap { TicketChannel(rawValue: String($0)) }
        let state = query["state"].map(String.init).flatMap { $0.isEmpty ? nil : $0 }
        let search = query["q"].map(String.init).flatMap { $0.isEmpty ? nil : $0 }
        var filter = tab.filter(for: principal)
        filter.type = type
        filter.channel = channel
        filter.state = state
        filter.query = search
        // Read before the list, so that nothing that happens in between is missed by the live rows.
        let live = try await liveQueue(tab, filtered: type != nil || channel != nil || state != nil || search != nil, offset: paging.offset)
        let result = try await services.tickets.list(filter, limit: paging.limit, offset: paging.offset, by: principal)
        let states = try await services.tickets.states(by: principal)
        let presenter = try await presenter(context, states: states)
        let tabs = Tab.allCases.map { item -> [String: Any] in
            ["href": "/tickets?tab=\(item.rawValue)", "label": pages.catalog.text("tickets.tab.\(item.rawValue)", context.language),
             "current": item == tab]
        }
        return pages.render(
            "tickets/index", titleKey: "tickets.tab.\(tab.rawValue)",
            values: [
                "tickets_html": presenter.rowsHTML(result.tickets), "has_tickets": !result.tickets.isEmpty, "total": result.total,
                "tabs": tabs, "tab": tab.rawValue, "q": search ?? "",
                "types": presenter.options(TicketType.self, prefix: "ticket_type", selected: type?.rawValue),
                "channels": presenter.options(TicketChannel.self, prefix: "ticket_channel", selected: channel?.rawValue),
                "states": states.map { ["value": $0.code, "label": presenter.stateName($0.code), "selected": $0.code == state] },
                "can_create": principal.can(.ticketsManage), "live": live.map { $0.values(more: result.total > result.tickets.count) } as Any,
                "pager": Pager(total: result.total, paging: paging, path: "/tickets",
                               query: ["tab": tab.rawValue, "q": search, "type": type?.rawValue, "channel": channel?.rawValue,
                                       "state": state]).values,
            ],
            request: request, context: context, area: "tickets")
    }

    // MARK: Entry

    @Sendable func new(_ request: Request, context: KefuRequestContext) async throws -> Response {
        try context.requirePrincipal().require(.ticketsManage)
        return try await entryPage(request, context, form: ["channel": "phone", "type": "inquiry", "priority": "normal", "severity": "simple"],
                                   errors: [])
    }

    private func entryPage(_ request: Request, _ context: KefuRequestContext, form: [String: String], errors: [FieldError],
                           status: HTTPResponse.Status = .ok) async throws -> Response {
        let principal = try context.requirePrincipal()
        let presenter = try await presenter(context, states: [])
        let categories = try await services.tickets.categories(by: principal)
        let aboutID = form["about_user_id"].flatMap(Int64.init)
        // A complaint about an agent's attitude names the agent (R-TKT-6); any staff member can be the one.
        let about = presenter.staff.users.filter { $0.active && $0.role != .integration && $0.role != .department }
            .map { ["value": $0.id, "label": "\($0.displayName) (\($0.login))", "selected": $0.id == aboutID] as [String: Any] }
        return pages.render(
            "tickets/new", titleKey: "tickets.new.title",
            values: pages.errorValues(Self.formErrors(errors), context.language) + [
                "form": form,
                "types": presenter.options(TicketType.self, prefix: "ticket_type", selected: form["type"]),
                "channels": presenter.options(TicketChannel.self, prefix: "ticket_channel", selected: form["channel"]),
                "severities": presenter.options(TicketSeverity.self, prefix: "ticket_severity", selected: form["severity"]),
                "priorities": presenter.options(TicketPriority.self, prefix: "ticket_priority", selected: form["priority"]),
                "category_groups": presenter.categoryGroups(categories, selected: form["category"]),
                "about_staff": about,
            ],
            request: request, context: context, status: status, area: "tickets")
    }

    /// Field errors named as the form's fields (`customer.name` → `customer_name`), so templates can show
    /// each beside its field.
    static func formErrors(_ errors: [FieldError]) -> [FieldError] {
        errors.map { error in
            var error = error
            error.field = error.field == "order_id" ? "order_number" : error.field.replacingOccurrences(of: ".", with: "_")
            return error
        }
    }

    @Sendable func create(_ request: Request, context: KefuRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        var request = request
        let form = try await request.formFields(context: context)
        let blank = { (name: String) -> String? in
            let value = (form[name] ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
            return value.isEmpty ? nil : value
        }
        var orderID: Int64?
        if let number = blank("order_number") {
            orderID = try await services.orders.list(OrderFilter(query: number), limit: 5, by: principal).orders
                .first { $0.number.caseInsensitiveCompare(number) == .orderedSame }?.id
            guard orderID != nil else {
                return try await entryPage(request, context, form: form, errors: [FieldError(field: "order_number", code: "error.not_found")],
                                           status: .unprocessableContent)
            }
        }
        let type = blank("type").flatMap(TicketType.init(rawValue:))
        let category = blank("category")
        let draft = TicketDraft(
            type: type, channel: blank("channel").flatMap(TicketChannel.init(rawValue:)), subject: form["subject"], body: form["body"],
            customer: .init(name: form["customer_name"], phone: blank("customer_phone"), email: blank("customer_email")),
            orderID: orderID, category: category, priority: blank("priority").flatMap(TicketPriority.init(rawValue:)),
            severity: blank("severity").flatMap(TicketSeverity.init(rawValue:)),
            aboutUserID: type == .complaint && category == "service_attitude" ? blank("about_user_id").flatMap(Int64.init) : nil)
        do {
            let ticket = try await services.tickets.create(draft, by: principal)
            // An attitude complaint about oneself goes to the supervisor: its page is not the author's to see.
            if ticket.aboutUserID == principal.user?.id { return pages.redirect(to: "/tickets", flash: "flash.ticket_created") }
            return pages.redirect(to: "/tickets/\(ticket.id)", flash: "flash.ticket_created")
        } catch ServiceError.validation(let errors) {
            return try await entryPage(request, context, form: form, errors: errors, status: .unprocessableContent)
        }
    }
}
