import Foundation
import Hummingbird
import KefuDomain
import KefuServices

/// `/callbacks/{id}`: one callback — the member, the linked order or ticket, the script for its reason with its
/// satisfied and unsatisfied branches (seed 003), the attempt buttons and the outcome form (R-CB-2, R-CB-3).
extension CallbackWebController {
    @Sendable func show(_ request: Request, context: KefuRequestContext) async throws -> Response {
        try await page(request, context)
    }

    func page(_ request: Request, _ context: KefuRequestContext, form: [String: String] = [:], errors: [FieldError] = [],
              status: HTTPResponse.Status = .ok) async throws -> Response {
        let principal = try context.requirePrincipal()
        let language = context.language
        let id = try context.parameters.require("id", as: Int64.self)
        let detail = try await services.callbacks.get(id: id, by: principal)
        let now = services.clock.now
        let entry = detail.listing.entry, callback = entry.callback
        let formatter = TimeFormatter(language: language, timeZone: services.timeZone)
        let text = { (key: String) in pages.catalog.text(key, language) }
        let open = callback.state == .open
        let canManage = principal.can(.callbacksManage) && open
        let results: [CallbackAttempt.Result] = entry.channel == .phone ? [.answered, .noAnswer, .busy, .wrongNumber, .refused] : [.sent]
        let steps = CallbackScript.Step.allCases.compactMap { step -> [String: Any]? in
            let lines = detail.script.lines(step)
            guard !lines.isEmpty else { return nil }
            return ["step": step.rawValue, "label": text("callbacks.step.\(step.rawValue)"),
                    "lines": lines.map { line -> [String: Any] in ["title": line.title, "body": line.body, "note": line.note as Any] }]
        }
        let messages = pages.errorValues(errors, language)
        return pages.render("callbacks/show", titleKey: "callbacks.task", values: messages + [
            "callback": row(detail.listing, principal, language, now: now),
            "member_id": callback.memberID as Any, "do_not_call": entry.contact.doNotCall, "rest_hours": entry.contact.restHours as Any,
            "grade": entry.contact.grade.map { pages.catalog.has("member_grade.\($0)") ? text("member_grade.\($0)") : $0 } as Any, "email": entry.contact.email.map { principal.can(.piiView) ? $0 : PII.maskEmail($0) } as Any,
            "can_reveal": !principal.can(.piiView) && callback.memberID != nil && entry.contact.phone != nil,
            "ticket_id": callback.ticketID as Any, "ticket_number": entry.ticketNumber as Any, "open": open, "can_manage": canManage,
            "outcome": callback.outcome.map { text("callbacks.outcome.\($0.rawValue)") } as Any, "suggestions": callback.suggestions as Any,
            "closure": callback.closure.map { text("callbacks.closure.\($0.rawValue)") } as Any,
            "completed_at": callback.completedAt.map(formatter.string) as Any, "next_attempt": callback.nextAttemptAt.map(formatter.string) as Any,
            "needs_number": callback.needsNumber && open, "version": callback.version, "phone_task": entry.channel == .phone,
            "results": results.map { ["value": $0.rawValue, "label": text("callbacks.result.\($0.rawValue)")] },
            "attempts": detail.attempts.map { attempt -> [String: Any] in
                ["result": text("callbacks.result.\(attempt.result.rawValue)"), "note": attempt.note as Any, "by": attempt.byName ?? "—",
                 "at": formatter.string(attempt.at)]
            },
            "has_attempts": !detail.attempts.isEmpty, "steps": steps, "has_script": !steps.isEmpty,
            "outcomes": CallbackOutcome.allCases.map { outcome -> [String: Any] in
                ["value": outcome.rawValue, "label": text("callbacks.outcome.\(outcome.rawValue)"), "checked": form["outcome"] == outcome.rawValue]
            },
            "ticket_types": CallbackOutcomeDraft.ticketTypes.map { type -> [String: Any] in
                ["value": type.rawValue, "label": text("callbacks.ticket_type.\(type.rawValue)"),
                 "checked": (form["ticket_type"] ?? TicketType.complaint.rawValue) == type.rawValue]
            },
            "form": form,
        ], request: request, context: context, status: status, area: "callbacks")
    }

    @Sendable func attempt(_ request: Request, context: KefuRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        let id = try context.parameters.require("id", as: Int64.self)
        var request = request
        let form = try await request.formFields(context: context)
        do {
            guard let result = form["result"].flatMap(CallbackAttempt.Result.init(rawValue:)) else {
                throw ServiceError.validation([FieldError(field: "result", code: "error.unknown_value")])
            }
            _ = try await services.callbacks.recordAttempt(id: id, result: result, note: form["note"], doNotCall: form["do_not_call"] == "true",
                                                           expectedVersion: form["version"].flatMap(Int64.init), by: principal)
            return pages.redirect(to: "/callbacks/\(id)", flash: "flash.callback_attempt")
        } catch ServiceError.validation(let errors) {
            return try await page(request, context, form: form, errors: errors, status: .unprocessableContent)
        }
    }

    @Sendable func outcome(_ request: Request, context: KefuRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        let id = try context.parameters.require("id", as: Int64.self)
        var request = request
        let form = try await request.formFields(context: context)
        let outcome = form["outcome"].flatMap(CallbackOutcome.init(rawValue:))
        // The ticket type is asked for an unsatisfied member only; otherwise no ticket unless the form says so.
        let ticketType = outcome == .unsatisfied ? form["ticket_type"] : nil
        do {
            _ = try await services.callbacks.recordOutcome(
                id: id, CallbackOutcomeDraft(outcome: outcome, suggestions: form["suggestions"], ticketType: ticketType),
                expectedVersion: form["version"].flatMap(Int64.init), by: principal)
            return pages.redirect(to: "/callbacks/\(id)", flash: "flash.callback_done")
        } catch ServiceError.validation(let errors) {
            return try await page(request, context, form: form, errors: errors, status: .unprocessableContent)
        }
    }
}
