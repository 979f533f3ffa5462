import Foundation
import KefuDomain
import KefuServices
import KefuStore

/// How tickets look on pages: labels from the catalog, times in the business zone, SLA instants as live
/// countdowns (`data-countdown`), customer phones masked for people without `pii.view`.
struct TicketPresenter {
    let catalog: Catalog
    let language: Language
    let formatter: TimeFormatter
    let permissions: Set<Permission>
    let staff: TicketStaff
    let states: [TicketState]
    let isoFormatter = ISO8601DateFormatter()

    func text(_ key: String, _ arguments: [String: String] = [:]) -> String { catalog.text(key, language, arguments) }

    /// A label from the catalog when it has one, else `fallback` (configured states and categories have names).
    func label(_ key: String, fallback: String) -> String { catalog.has(key) ? text(key) : fallback }

    func stateName(_ code: String) -> String {
        label("ticket_state.\(code)", fallback: states.first { $0.code == code }?.name ?? code)
    }

    func phone(_ customer: TicketCustomer) -> String {
        guard let phone = customer.phone else { return "" }
        return permissions.contains(.piiView) ? phone : PII.maskPhone(phone)
    }

    /// An instant as `data-countdown` carries it (RFC 3339, UTC).
    func iso(_ date: Date) -> String { isoFormatter.string(from: date) }

    /// The instant the ticket's next running clock is due: first response, next response, else resolution.
    static func nextDue(_ ticket: Ticket) -> Date? {
        guard !ticket.stateCategory.isDone else { return nil }
        return [ticket.firstResponseAt == nil ? ticket.firstResponseDueAt : nil, ticket.nextResponseDueAt, ticket.resolutionDueAt]
            .compactMap { $0 }.min()
    }

    /// The rows of a ticket queue as markup (the `tickets/index` table body).
    func rowsHTML(_ tickets: [Ticket]) -> String {
        var html = HTMLBuilder()
        for ticket in tickets {
            // The id and due instant let the live queue (`live-queue.js`) find a row and put a new one in its place.
            html.raw("<tr data-ticket-id=\"")
            html.text(ticket.id)
            html.raw("\" data-due=\"")
            html.text(Self.nextDue(ticket).map(iso) ?? "")
            html.raw("\"><td class=\"nowrap\"><a href=\"/tickets/")
            html.text(ticket.id)
            html.raw("\" data-testid=\"ticket-link\">")
            html.text(ticket.number)
            html.raw("</a></td><td>")
            html.text(text("ticket_type.\(ticket.type.rawValue)"))
            if ticket.severity != .simple {
                html.raw(" <span class=\"badge severity-")
                html.text(ticket.severity.rawValue)
                html.raw("\">")
                html.text(text("ticket_severity.\(ticket.severity.rawValue)"))
                html.raw("</span>")
            }
            html.raw("</td><td>")
            html.text(ticket.subject)
            html.raw("</td><td>")
            html.text(ticket.customer.name)
            html.raw("<div class=\"muted small\">")
            html.text(phone(ticket.customer))
            html.raw("</div></td><td><span class=\"badge state-")
            html.text(ticket.stateCategory.rawValue)
            html.raw("\">")
            html.text(stateName(ticket.state))
            html.raw("</span></td><td>")
            html.text(staff.name(ticket.assigneeID))
            html.raw("</td><td class=\"nowrap\">")
            if let due = Self.nextDue(ticket) {
                html.raw("<span class=\"countdown sla-")
                html.text(ticket.slaState?.rawValue ?? "on_track")
                html.raw("\" data-countdown=\"")
                html.text(iso(due))
                html.raw("\" title=\"")
                html.text(formatter.string(due))
                html.raw("\">")
                html.text(formatter.string(due))
                html.raw("</span>")
            } else if let state = ticket.slaState {
                html.raw("<span class=\"muted small\">")
                html.text(text("tickets.sla.\(state.rawValue)"))
                html.raw("</span>")
            }
            html.raw("</td></tr>")
        }
        return html.html
    }

    /// The SLA clocks of the ticket page: each target with its due instant, a countdown and its state.
    func clocks(_ clocks: [TicketSLA.Clock]) -> [[String: Any]] {
        clocks.map { clock in
            var values: [String: Any] = [
                "target": text("tickets.sla_target.\(clock.target.rawValue)"), "state": clock.state.rawValue,
                "state_label": text("tickets.sla.\(clock.state.rawValue)"),
                "due": clock.due.map(formatter.string) ?? "", "met_at": clock.metAt.map(formatter.string) ?? "",
            ]
            if clock.metAt == nil, let due = clock.due {
                values["countdown"] = iso(due)
                values["at_risk_at"] = clock.atRiskAt.map { iso($0) } ?? ""
            }
            return values
        }
    }

    func messages(_ messages: [TicketMessage]) -> [[String: Any]] {
        messages.map { message in
            [
                "kind": message.kind.rawValue, "kind_label": text("tickets.message.\(message.kind.rawValue)"),
                "internal": message.kind == .note, "author": message.authorName ?? staff.name(message.authorID),
                "id": message.id, "body": message.body, "at": formatter.string(message.at),
                "channel": message.channel.map { text("ticket_channel.\($0.rawValue)") } ?? "",
            ]
        }
    }

    func handoffs(_ handoffs: [TicketHandoff]) -> [[String: Any]] {
        handoffs.map { handoff in
            [
                "id": handoff.id, "department": text("department.\(handoff.department.rawValue)"), "request": handoff.request,
                "due": formatter.string(handoff.dueAt), "countdown": handoff.answeredAt == nil ? iso(handoff.dueAt) : "",
                "contact": handoff.contact ?? "", "requested_by": staff.name(handoff.requestedBy),
                "requested_at": formatter.string(handoff.requestedAt), "answer": handoff.answer ?? "",
                "answered_by": staff.name(handoff.answeredBy), "answered_at": handoff.answeredAt.map(formatter.string) ?? "",
                "open": handoff.answeredAt == nil,
            ]
        }
    }

    func options<T: RawRepresentable & CaseIterable>(_ type: T.Type, prefix: String, selected: String?) -> [[String: Any]] where T.RawValue == String {
        T.allCases.map { ["value": $0.rawValue, "label": text("\(prefix).\($0.rawValue)"), "selected": $0.rawValue == selected] }
    }

    /// The category tree as `<optgroup>`s: each top-level category with its children.
    func categoryGroups(_ categories: [TicketRepository.Category], selected: String?) -> [[String: Any]] {
        let name = { (category: TicketRepository.Category) in self.language == .en ? category.nameEN : category.name }
        return categories.filter { $0.parent == nil }.map { parent in
            [
                "label": name(parent),
                "options": ([parent] + categories.filter { $0.parent == parent.code }).map { category -> [String: Any] in
                    ["value": category.code, "label": name(category), "selected": category.code == selected]
                },
            ]
        }
    }
}

/// The names of colleagues, for owners, assignees and authors, and who can take tickets. Read as the system:
/// agents do not hold `users.view`, but they need to see and pick colleagues by name.
struct TicketStaff {
    let users: [User]

    static func load(_ services: Services) async throws -> TicketStaff {
        TicketStaff(users: try await services.users.list(activeOnly: false, limit: 500, by: .system).users)
    }

    func name(_ id: Int64?) -> String {
        guard let id else { return "" }
        return users.first { $0.id == id }?.displayName ?? "#\(id)"
    }

    /// Active staff who can work tickets, except `excluded` (the agent a complaint is about, R-TKT-6).
    func assignable(excluding excluded: Int64?, selected: Int64?) -> [[String: Any]] {
        users.filter { $0.active && $0.permissions.contains(.ticketsManage) && $0.role != .integration && $0.id != excluded }
            .map { ["value": $0.id, "label": "\($0.displayName) (\($0.login))", "selected": $0.id == selected] }
    }
}
