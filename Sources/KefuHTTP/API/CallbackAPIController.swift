import Foundation
import Hummingbird
import KefuDomain
import KefuServices

/// `/api/v1/callbacks` and `/api/v1/reports/callbacks` (R-CB-1…5): the lists with rest hours and do-not-call
/// applied, one callback with its script, attempts, outcomes, and the summary per period.
struct CallbackAPIController {
    let services: Services

    func addRoutes(to router: Router<KefuRequestContext>) {
        router.get("api/v1/callbacks", use: list)
        router.post("api/v1/callbacks", use: create)
        router.get("api/v1/callbacks/:id", use: show)
        router.post("api/v1/callbacks/:id/attempts", use: attempt)
        router.post("api/v1/callbacks/:id/outcome", use: outcome)
        router.get("api/v1/reports/callbacks", use: report)
    }

    /// The filter of the query string: `due`, `assignee` (`me`, `none` or an id), `reason`, `state`, `channel`, `member_id`.
    static func filter(_ request: Request, principal: Principal) throws -> CallbackFilter {
        let query = request.uri.queryParameters
        func value<T: RawRepresentable>(_ name: String, _ type: T.Type) throws -> T? where T.RawValue == String {
            guard let text = query[name[...]].map(String.init), !text.isEmpty else { return nil }
            guard let value = T(rawValue: text) else {
                throw RequestError.badParameter(FieldError(field: name, code: "error.unknown_value", arguments: ["value": text]))
            }
            return value
        }
        var filter = CallbackFilter(due: try value("due", CallbackFilter.Due.self), reason: try value("reason", Callback.Reason.self),
                                    channel: try value("channel", Callback.Channel.self), state: try value("state", Callback.State.self))
        switch query["assignee"].map(String.init) {
        case nil, "": break
        case "me": filter.assigneeID = principal.user?.id ?? -1
        case "none": filter.unassigned = true
        case let text?:
            guard let id = Int64(text) else { throw RequestError.badParameter(FieldError(field: "assignee", code: "error.unknown_value")) }
            filter.assigneeID = id
        }
        if let text = query["member_id"].map(String.init), !text.isEmpty {
            guard let id = Int64(text) else { throw RequestError.badParameter(FieldError(field: "member_id", code: "error.wrong_type")) }
            filter.memberID = id
        }
        return filter
    }

    @Sendable func list(_ request: Request, context: KefuRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        let paging = try Paging(request, defaultLimit: 50)
        let filter = try Self.filter(request, principal: principal)
        let result = try await services.callbacks.list(filter, limit: paging.limit, offset: paging.offset, by: principal)
        let now = services.clock.now
        let items = result.items.map { CallbackJSON($0, permissions: principal.permissions, now: now, timeZone: services.timeZone) }
        return try KefuJSON.response(ListPage(items: items, total: result.total, limit: paging.limit, offset: paging.offset))
    }

    func detail(_ detail: CallbackDetail, _ principal: Principal, status: HTTPResponse.Status = .ok, headers: HTTPFields = [:]) throws -> Response {
        try KefuJSON.response(CallbackDetailJSON(detail, permissions: principal.permissions, now: services.clock.now, timeZone: services.timeZone),
                              status: status, headers: headers)
    }

    /// A callback added by hand (预约回访): `member_id`, optional `not_before` and `due_by` (ISO 8601), `assignee_id`,
    /// `order_id` and `note`.
    struct ScheduleBody: Decodable {
        var memberId: Int64?
        var notBefore: Date?
        var dueBy: Date?
        var assigneeId: Int64?
        var orderId: Int64?
        var note: String?
    }

    @Sendable func create(_ request: Request, context: KefuRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        var request = request
        let body = try await request.decodeJSON(ScheduleBody.self, context: context)
        let detail = try await services.callbacks.schedule(
            CallbackScheduleDraft(memberID: body.memberId, notBefore: body.notBefore, dueBy: body.dueBy, assigneeID: body.assigneeId,
                                  orderID: body.orderId, note: body.note), by: principal)
        let id = detail.listing.entry.callback.id
        return try self.detail(detail, principal, status: .created, headers: [.location: "/api/v1/callbacks/\(id)"])
    }

    @Sendable func show(_ request: Request, context: KefuRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        return try detail(try await services.callbacks.get(id: try context.parameters.require("id", as: Int64.self), by: principal), principal)
    }

    struct AttemptBody: Decodable {
        var result: String?
        var note: String?
        var doNotCall: Bool?
        var version: Int64?
    }

    @Sendable func attempt(_ request: Request, context: KefuRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        let id = try context.parameters.require("id", as: Int64.self)
        var request = request
        let body = try await request.decodeJSON(AttemptBody.self, context: context)
        guard let text = body.result, !text.isEmpty else { throw ServiceError.validation([FieldError(field: "result", code: "error.required")]) }
        guard let result = CallbackAttempt.Result(rawValue: text) else {
            throw ServiceError.validation([FieldError(field: "result", code: "error.unknown_value")])
        }
        let detail = try await services.callbacks.recordAttempt(id: id, result: result, note: body.note, doNotCall: body.doNotCall ?? false,
                                                                expectedVersion: body.version ?? request.ifMatchVersion, by: principal)
        return try self.detail(detail, principal)
    }

    struct OutcomeBody: Decodable {
        struct Ticket: Decodable {
            var type: String?
            var subject: String?
        }

        var outcome: String?
        var suggestions: String?
        var ticket: Ticket?
        var version: Int64?
    }

    @Sendable func outcome(_ request: Request, context: KefuRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        let id = try context.parameters.require("id", as: Int64.self)
        var request = request
        let body = try await request.decodeJSON(OutcomeBody.self, context: context)
        let outcome = body.outcome.flatMap(CallbackOutcome.init(rawValue:))
        if let text = body.outcome, !text.isEmpty, outcome == nil {
            throw ServiceError.validation([FieldError(field: "outcome", code: "error.unknown_value")])
        }
        let subject = body.ticket?.subject?.trimmingCharacters(in: .whitespacesAndNewlines)
        let detail = try await services.callbacks.recordOutcome(
            id: id, CallbackOutcomeDraft(outcome: outcome, suggestions: body.suggestions, ticketType: body.ticket?.type ?? (body.ticket != nil ? "complaint" : nil)),
            ticketSubject: subject?.isEmpty == false ? subject : nil, expectedVersion: body.version ?? request.ifMatchVersion, by: principal)
        return try self.detail(detail, principal)
    }

    /// `from` and `to` of the query string (business days, YYYY-MM-DD; absent: this month).
    static func period(_ request: Request) throws -> (from: LocalDate?, to: LocalDate?) {
        let query = request.uri.queryParameters
        func day(_ name: String) throws -> LocalDate? {
            guard let text = query[name[...]].map(String.init), !text.isEmpty else { return nil }
            guard let day = LocalDate(text) else { throw RequestError.badParameter(FieldError(field: name, code: "error.date_format")) }
            return day
        }
        return (try day("from"), try day("to"))
    }

    @Sendable func report(_ request: Request, context: KefuRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        let (from, to) = try Self.period(request)
        switch request.uri.queryParameters["format"].map(String.init) {
        case nil, "", "json":
            return try KefuJSON.response(CallbackReportJSON(report: try await services.callbacks.report(from: from, to: to, by: principal)))
        case let text?:
            guard let format = CallbackService.ReportFormat(rawValue: text) else {
                throw RequestError.badParameter(FieldError(field: "format", code: "error.unknown_value"))
            }
            let file = try await services.callbacks.reportFile(from: from, to: to, format: format, by: principal)
            return ReportAPIController.attachment(file.filename, file.data)
        }
    }
}
