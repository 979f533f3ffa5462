import Foundation
import Hummingbird
import KefuDomain
import KefuServices
import KefuStore

/// How logged calls look on pages: times in the business zone, durations as `m:ss`, the caller's phone masked
/// for people without `pii.view`, a slow answer marked (R-PERF-4).
struct CallPresenter {
    let catalog: Catalog
    let language: Language
    let timeZone: TimeZone
    let permissions: Set<Permission>
    let formatter: TimeFormatter

    init(catalog: Catalog, language: Language, timeZone: TimeZone, permissions: Set<Permission>) {
        self.catalog = catalog
        self.language = language
        self.timeZone = timeZone
        self.permissions = permissions
        self.formatter = TimeFormatter(language: language, timeZone: timeZone)
    }

    func text(_ key: String, _ arguments: [String: String] = [:]) -> String { catalog.text(key, language, arguments) }

    /// The facts of a call, for the list and for its entry in the ticket's conversation.
    func facts(_ call: CallLog) -> [String: Any] {
        [
            "id": call.id, "direction": text("calls.direction.\(call.direction.rawValue)"), "direction_code": call.direction.rawValue,
            "caller_name": call.callerName ?? "", "caller_phone": PII.phone(call.callerPhone, for: permissions),
            "started_at": formatter.string(call.startedAt),
            "answered_after": call.answeredAfterSeconds.map { text("calls.seconds", ["n": "\($0)"]) } ?? "",
            "duration": CallDuration.text(call.durationSeconds), "slow": call.slowAnswer,
            "slow_label": call.slowAnswer ? text("calls.slow", ["n": "\(call.answerLimitSeconds)"]) : "",
        ]
    }

    func row(_ call: CallLog) -> [String: Any] {
        let firstLine = call.summary.split(whereSeparator: \.isNewline).first.map(String.init) ?? ""
        return facts(call) + [
            "ticket_id": call.ticketID, "ticket_number": call.ticketNumber ?? "#\(call.ticketID)", "agent": call.loggedByName ?? "",
            "summary": firstLine.count > 80 ? String(firstLine.prefix(79)) + "…" : firstLine, "opened_ticket": call.openedTicket,
        ]
    }

    func summary(_ summary: CallLogRepository.Summary) -> [String: Any] {
        [
            "calls": summary.calls, "inbound": summary.inbound, "slow": summary.slowAnswers,
            "average": summary.averageAnsweredAfter.map { String(format: "%.1f", $0) } ?? "—",
            "talk_time": CallDuration.text(summary.totalDuration),
        ]
    }

    /// The caller's open tickets to pick from (`ticket_pick`), the one already chosen marked.
    func suggestionValues(_ tickets: [Ticket], picked: String?) -> [String: Any] {
        [
            "suggestions": tickets.map { ticket -> [String: Any] in
                ["number": ticket.number, "subject": ticket.subject, "type": text("ticket_type.\(ticket.type.rawValue)"),
                 "created_at": formatter.string(ticket.createdAt), "picked": ticket.number == picked]
            },
            "has_suggestions": !tickets.isEmpty,
        ]
    }

    static func options<T: RawRepresentable & CaseIterable>(_ type: T.Type, prefix: String, selected: String?, presenter: CallPresenter)
        -> [[String: Any]] where T.RawValue == String
    {
        T.allCases.map { ["value": $0.rawValue, "label": presenter.text("\(prefix).\($0.rawValue)"), "selected": $0.rawValue == selected] }
    }

    /// An API field as the form names it.
    static func formField(_ error: FieldError) -> FieldError {
        let names = ["caller.name": "caller_name", "caller.phone": "caller_phone", "answered_after_seconds": "answered_after",
                     "duration_seconds": "duration", "ticket_id": "ticket_number", "ticket.type": "ticket_type", "ticket.subject": "ticket_subject"]
        var error = error
        error.field = names[error.field] ?? error.field
        return error
    }


}

extension TicketWebController {
    /// The calls of the ticket page: each call's facts beside the conversation entry it became, and the link that
    /// logs another call on this ticket.
    func callValues(_ detail: TicketDetail, messages: Any?, principal: Principal, language: Language) async throws -> [String: Any] {
        guard principal.can(.ticketsView), let messages = messages as? [[String: Any]] else { return [:] }
        let calls = try await services.calls.calls(ticketID: detail.ticket.id, by: principal)
        let presenter = CallPresenter(catalog: pages.catalog, language: language, timeZone: services.timeZone, permissions: principal.permissions)
        let byMessage = Dictionary(calls.compactMap { call in call.messageID.map { ($0, call) } }, uniquingKeysWith: { first, _ in first })
        return [
            "messages": messages.map { message -> [String: Any] in
                guard let id = message["id"] as? Int64, let call = byMessage[id] else { return message }
                return message + ["call": presenter.facts(call)]
            },
            "log_call_href": principal.can(.ticketsManage) ? Pager.link(path: "/tickets/calls/new", query: ["ticket": detail.ticket.number]) : "",
        ]
    }
}

extension Pages {
    /// A piece of a page (no layout) for scripts that swap it in: escaped by the template like any page.
    func fragment(_ template: String, values: [String: Any], context: KefuRequestContext) -> Response {
        var all = Self.compacted(values)
        all["t"] = catalog.table(for: context.language)
        let html = library.render(all, withTemplate: template) ?? ""
        return Response(status: .ok, headers: [.contentType: "text/html; charset=utf-8", .cacheControl: "no-store"],
                        body: .init(byteBuffer: ByteBuffer(string: html)))
    }
}
