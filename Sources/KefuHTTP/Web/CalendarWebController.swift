import Foundation
import Hummingbird
import KefuDomain
import KefuServices
import KefuStore

/// `/admin/calendars`: the business calendars SLA limits run on (R-TKT-4). Each calendar's page has its edit
/// form, the iCalendar import (posted by the page's script with the CSRF header, like the catalogue import) and
/// a due-date calculator, which answers what admins actually want to know: when is something taken at this
/// instant due. Reading needs `tickets.view`, changing `settings.manage` (checked by ``SLAConfigService``).
struct CalendarWebController {
    let services: Services
    let pages: Pages
    let outcomes = CalendarImportOutcomes()

    func addRoutes(to router: Router<KefuRequestContext>) {
        router.get("admin/calendars", use: list)
        router.post("admin/calendars", use: create)
        router.get("admin/calendars/:id", use: show)
        router.post("admin/calendars/:id", use: update)
        router.post("admin/calendars/:id/ics", use: importICS)
    }

    // MARK: The list

    @Sendable func list(_ request: Request, context: KefuRequestContext) async throws -> Response {
        try await listPage(request, context, form: [:], errors: [])
    }

    private func listPage(_ request: Request, _ context: KefuRequestContext, form: [String: String], errors: [FieldError],
                          status: HTTPResponse.Status = .ok) async throws -> Response {
        let principal = try context.requirePrincipal()
        let calendars = try await services.slaConfig.calendars(by: principal)
        let policies = try await services.slaConfig.policies(by: principal)
        let language = context.language
        return pages.render(
            "admin/calendars", titleKey: "sla.calendars.title",
            values: pages.errorValues(errors, language) + [
                "calendars": calendars.map { stored -> [String: Any] in
                    let calendar = stored.calendar
                    return ["id": stored.id, "name": calendar.name, "time_zone": calendar.timeZoneIdentifier,
                            "hours": Self.hoursSummary(calendar, pages.catalog, language),
                            "breaks": calendar.breaks.map { "\($0.start)–\($0.end)" }.joined(separator: ", "),
                            "holidays": calendar.holidays.count, "working_days": calendar.workingDays.count,
                            "policies": policies.filter { $0.policy.calendarID == Int(stored.id) }.count, "version": stored.version]
                },
                "copies": calendars.map { ["value": $0.id, "label": $0.calendar.name, "selected": "\($0.id)" == form["copy_of"]] },
                "form": form, "can_manage": principal.can(.settingsManage), "tab_calendars": true,
            ],
            request: request, context: context, status: status, area: "admin")
    }

    /// Weekdays with the same hours run together: 周一–周五 09:00–18:00 · 周六 10:00–16:00.
    static func hoursSummary(_ calendar: BusinessCalendar, _ catalog: Catalog, _ language: Language) -> String {
        let hours = (1...7).map { weekday in
            calendar.weekly.filter { $0.weekday == weekday }.sorted { $0.open < $1.open }.map { "\($0.open)–\($0.close)" }.joined(separator: ", ")
        }
        var runs: [(first: Int, last: Int, hours: String)] = []
        for (index, text) in hours.enumerated() where !text.isEmpty {
            if let last = runs.last, last.last == index, last.hours == text { runs[runs.count - 1].last = index + 1 }
            else { runs.append((index + 1, index + 1, text)) }
        }
        let day = { (weekday: Int) in catalog.text("sla.weekday.\(weekday)", language) }
        return runs.map { ($0.first == $0.last ? day($0.first) : "\(day($0.first))–\(day($0.last))") + " " + $0.hours }.joined(separator: " · ")
    }

    /// A new calendar: a copy of one there is under a new name, or Monday to Friday 09:00–18:00; edited on its page.
    @Sendable func create(_ request: Request, context: KefuRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        var request = request
        let form = try await request.formFields(context: context)
        do {
            var draft = BusinessCalendarDraft(name: form["name"], weekly: (1...5).map { .init(weekday: $0, open: "09:00", close: "18:00") })
            if let id = form["copy_of"].flatMap({ Int64($0) }) {
                draft = BusinessCalendarDraft(try await services.slaConfig.calendar(id: id, by: principal).calendar)
                draft.name = form["name"]
            }
            let stored = try await services.slaConfig.createCalendar(draft, by: principal)
            return pages.redirect(to: "/admin/calendars/\(stored.id)", flash: "flash.calendar_created")
        } catch ServiceError.validation(let errors) {
            return try await listPage(request, context, form: form, errors: errors, status: .unprocessableContent)
        }
    }

    // MARK: One calendar

    @Sendable func show(_ request: Request, context: KefuRequestContext) async throws -> Response {
        let stored = try await services.slaConfig.calendar(id: try context.parameters.require("id", as: Int64.self),
                                                           by: try context.requirePrincipal())
        return try await page(request, context, stored, form: CalendarForm(stored.calendar, version: stored.version), errors: [])
    }

    /// Saves the whole form. Problems come back beside their inputs with what was typed kept; a stale version comes
    /// back with the calendar as it is now and a message saying why.
    @Sendable func update(_ request: Request, context: KefuRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        let id = try context.parameters.require("id", as: Int64.self)
        var request = request
        let form = CalendarForm(fields: try await request.formFields(context: context))
        do {
            _ = try await services.slaConfig.updateCalendar(id: id, form.draft.0, expectedVersion: form.fields["version"].flatMap { Int64($0) },
                                                            by: principal)
            return pages.redirect(to: "/admin/calendars/\(id)", flash: "flash.calendar_saved")
        } catch ServiceError.validation(let errors) {
            let stored = try await services.slaConfig.calendar(id: id, by: principal)
            return try await page(request, context, stored, form: form, errors: errors, status: .unprocessableContent)
        } catch ServiceError.conflict {
            let stored = try await services.slaConfig.calendar(id: id, by: principal)
            return try await page(request, context, stored, form: CalendarForm(stored.calendar, version: stored.version), errors: [],
                                  extra: ["conflict": true], status: .conflict)
        }
    }

    /// Runs the import and answers 303 to the page, which shows what it did (kept for the person, like the catalogue import).
    @Sendable func importICS(_ request: Request, context: KefuRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        let id = try context.parameters.require("id", as: Int64.self)
        var request = request
        var outcome = CalendarImportOutcome(calendarID: id, at: services.clock.now)
        do {
            let text = try await request.icsText(context: context)
            outcome.report = try await services.slaConfig.importICS(calendarID: id, text: text, version: nil, by: principal)
        } catch ServiceError.validation(let errors) {
            outcome.errors = errors
        }
        await outcomes.keep(outcome, for: principal.user?.id)
        return pages.redirect(to: "/admin/calendars/\(id)")
    }

    private func page(_ request: Request, _ context: KefuRequestContext, _ stored: StoredBusinessCalendar, form: CalendarForm,
                      errors: [FieldError], extra: [String: Any] = [:], status: HTTPResponse.Status = .ok) async throws -> Response {
        let principal = try context.requirePrincipal()
        let language = context.language
        let formatter = TimeFormatter(language: language, timeZone: services.timeZone)
        let history = principal.can(.eventsView)
            ? try await services.events.list(EventFilter(entity: "calendar", entityID: "\(stored.id)"), limit: 20, by: principal).events : []
        let policies = try await services.slaConfig.policies(by: principal).filter { $0.policy.calendarID == Int(stored.id) }
        let outcome = await outcomes.last(for: principal.user?.id, calendarID: stored.id, now: services.clock.now)
        return pages.render(
            "admin/calendar", titleKey: "sla.calendar.title",
            values: form.values(errors: errors, catalog: pages.catalog, language: language) + extra + [
                "calendar": ["id": stored.id, "name": stored.calendar.name, "version": stored.version,
                             "hours": Self.hoursSummary(stored.calendar, pages.catalog, language)],
                "calculator": DueDateCalculator(calendar: stored.calendar, query: request.uri.queryParameters, now: services.clock.now)
                    .values(pages.catalog, language),
                "policies": policies.map { ["id": $0.id, "name": $0.policy.name, "active": $0.active] },
                "import": outcome.map { $0.values(pages.catalog, language, formatter) },
                "history": history.map { EventRow($0, formatter: formatter, catalog: pages.catalog, language: language).values },
                "has_history": !history.isEmpty,
                "can_manage": principal.can(.settingsManage), "tab_calendars": true,
            ],
            request: request, context: context, status: status, area: "admin")
    }
}
