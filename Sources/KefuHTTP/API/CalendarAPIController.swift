import Foundation
import Hummingbird
import KefuDomain
import KefuServices

/// `/api/v1/calendars`: the business calendars SLA limits run on (R-TKT-4), and their iCalendar import.
struct CalendarAPIController {
    let services: Services
    func addRoutes(to router: Router<KefuRequestContext>) {
        router.get("api/v1/calendars", use: list)
        router.post("api/v1/calendars", use: create)
        router.get("api/v1/calendars/:id", use: show)
        router.patch("api/v1/calendars/:id", use: update)
        router.post("api/v1/calendars/:id/ics", use: importICS)
    }

    /// A calendar as sent; for a change, what is left out stays as it is.
    struct CalendarBody: Decodable {
        var name: String?
        var timeZone: String?
        var weekly: [BusinessCalendarDraft.Hours]?
        var breaks: [BusinessCalendarDraft.Break]?
        var holidays: [String]?
        var workingDays: [String]?
        /// The version the caller read; a stale one is refused with 409.
        var version: Int64?

        var draft: BusinessCalendarDraft {
            BusinessCalendarDraft(name: name, timeZone: timeZone, weekly: weekly, breaks: breaks, holidays: holidays, workingDays: workingDays)
        }
    }

    @Sendable func list(_ request: Request, context: KefuRequestContext) async throws -> Response {
        let calendars = try await services.slaConfig.calendars(by: try context.requirePrincipal()).map(CalendarJSON.init)
        return try KefuJSON.response(ListPage(items: calendars, total: calendars.count, limit: calendars.count))
    }

    @Sendable func create(_ request: Request, context: KefuRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        var request = request
        let body = try await request.decodeJSON(CalendarBody.self, context: context)
        let stored = try await services.slaConfig.createCalendar(body.draft, by: principal)
        return try KefuJSON.response(CalendarJSON(stored), status: .created, headers: [.eTag: "\"\(stored.version)\""])
    }

    @Sendable func show(_ request: Request, context: KefuRequestContext) async throws -> Response {
        let stored = try await services.slaConfig.calendar(id: try context.parameters.require("id", as: Int64.self), by: try context.requirePrincipal())
        return try KefuJSON.response(CalendarJSON(stored), headers: [.eTag: "\"\(stored.version)\""])
    }

    @Sendable func update(_ request: Request, context: KefuRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        let id = try context.parameters.require("id", as: Int64.self)
        var request = request
        let body = try await request.decodeJSON(CalendarBody.self, context: context)
        let stored = try await services.slaConfig.updateCalendar(id: id, body.draft, expectedVersion: body.version ?? request.ifMatchVersion, by: principal)
        return try KefuJSON.response(CalendarJSON(stored), headers: [.eTag: "\"\(stored.version)\""])
    }

    /// The file is the body (`text/calendar`) or the `file` part of a form; the version comes from `?version=` or `If-Match`.
    @Sendable func importICS(_ request: Request, context: KefuRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        let id = try context.parameters.require("id", as: Int64.self)
        var request = request
        var version = request.ifMatchVersion
        if let text = request.uri.queryParameters["version"] {
            guard let number = Int64(String(text)) else { throw RequestError.badParameter(FieldError(field: "version", code: "error.wrong_type")) }
            version = number
        }
        let text = try await request.icsText(context: context)
        let report = try await services.slaConfig.importICS(calendarID: id, text: text, version: version, by: principal)
        return try KefuJSON.response(ICSImportJSON(report), headers: [.eTag: "\"\(report.calendar.version)\""])
    }
}
