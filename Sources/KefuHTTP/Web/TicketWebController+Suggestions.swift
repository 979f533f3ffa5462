import Foundation
import Hummingbird
import KefuDomain
import KefuServices

/// Suggestions in the browser (R-TKT-7): the panel's forms on the ticket page, each one service call, and the
/// periodic summary `/tickets/suggestions` with its range picker and XLSX download.
extension TicketWebController {
    func addSuggestionRoutes(to router: Router<KefuRequestContext>) {
        router.get("tickets/suggestions", use: suggestionSummary)
        router.post("tickets/:id/suggestion/:step", use: suggestionStep)
    }

    /// The panel's values for the ticket page (nothing unless the ticket is a suggestion).
    func suggestionPanel(_ detail: TicketDetail, presenter: TicketPresenter, principal: Principal) async throws -> [String: Any] {
        guard detail.ticket.type == .suggestion else { return [:] }
        // Read as the system: a department member deciding has no tickets.view, but should see the category's name.
        let categories = try await services.tickets.categories(by: .system)
        return SuggestionPanel(detail: detail, presenter: presenter, principal: principal, categories: categories, catalog: pages.catalog,
                               timeZone: services.timeZone, now: services.clock.now).values
    }

    /// `forward`, `decision` or `notify`; a problem re-renders the ticket page with the message beside its field.
    @Sendable func suggestionStep(_ request: Request, context: KefuRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        let id = try context.parameters.require("id", as: Int64.self)
        let step = context.parameters.get("step") ?? ""
        var request = request
        let form = try await request.formFields(context: context)
        let version = form["version"].flatMap(Int64.init)
        let tickets = services.tickets
        let flash: String
        do {
            switch step {
            case "forward":
                let due = try LocalTimeInput.field(form, "due_at", timeZone: services.timeZone)
                _ = try await tickets.forwardSuggestion(id: id, category: form["category"], department: form["department"].flatMap(Department.init(rawValue:)),
                                                        request: form["request"], dueAt: due, expectedVersion: version, by: principal)
                flash = "flash.suggestion_forwarded"
            case "decision":
                _ = try await tickets.decideSuggestion(id: id, decision: form["decision"], reason: form["reason"], expectedVersion: version, by: principal)
                flash = "flash.suggestion_decided"
            case "notify":
                let record = form["mode"] == "record"
                let body = (form["body"] ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
                // Sending needs something to send; "told another way" sends nothing.
                if !record, body.isEmpty { throw ServiceError.validation([FieldError(field: "body", code: "error.required")]) }
                _ = try await tickets.notifySuggestion(id: id, body: record ? nil : body, expectedVersion: version, by: principal)
                flash = record ? "flash.suggestion_notified" : "flash.ticket_reply_sent"
            default:
                throw HTTPError(.notFound)
            }
            return pages.redirect(to: "/tickets/\(id)", flash: flash)
        } catch ServiceError.validation(let errors) {
            return try await ticketPage(request, context, values: pages.errorValues(errors, context.language) + [
                "failed_action": "suggestion_\(step)", "failed_suggestion_\(step)": true, "posted": form,
            ], status: .unprocessableContent)
        } catch ServiceError.conflict {
            return try await ticketPage(request, context, values: ["conflict": true, "posted": form], status: .conflict)
        } catch ServiceError.invalidState(let current, let allowed) {
            return try await ticketPage(request, context, values: ["invalid_state": invalidState(current: current, allowed: allowed, context)],
                                        status: .conflict)
        }
    }

    /// `/tickets/suggestions`: the summary of a period (this month by default; this week; or any days).
    @Sendable func suggestionSummary(_ request: Request, context: KefuRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        let range = try SuggestionAPIController.range(request, tickets: services.tickets)
        let report = try await services.tickets.suggestionReport(from: range.from, to: range.to, start: range.start, end: range.end, by: principal)
        let categories = try await services.tickets.categories(by: .system)
        let page = SuggestionSummaryPage(report: report, catalog: pages.catalog, language: context.language, categories: categories,
                                         formatter: TimeFormatter(language: context.language, timeZone: services.timeZone))
        return pages.render("tickets/suggestions", titleKey: "suggestions.report.title", values: page.values, request: request, context: context,
                            area: "tickets")
    }
}
