import Foundation
import Hummingbird
import KefuDomain
import KefuServices

/// `POST /members/{id}/callbacks`: a callback added from the profile (预约回访) — from when, by when (both in the
/// business time zone, optional) and what about. It opens the new callback's page.
extension MemberWebController {
    @Sendable func scheduleCallback(_ request: Request, context: KefuRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        let id = try context.parameters.require("id", as: Int64.self)
        var request = request
        let form = try await request.formFields(context: context)
        var problems: [FieldError] = []
        func instant(_ name: String) -> Date? {
            guard let text = form[name], !text.isEmpty else { return nil }
            guard let date = LocalTimeInput.date(text, timeZone: services.timeZone) else {
                problems.append(FieldError(field: name, code: "error.date_format"))
                return nil
            }
            return date
        }
        let draft = CallbackScheduleDraft(memberID: id, notBefore: instant("not_before"), dueBy: instant("due_by"), note: form["note"])
        do {
            guard problems.isEmpty else { throw ServiceError.validation(problems) }
            let detail = try await services.callbacks.schedule(draft, by: principal)
            return pages.redirect(to: "/callbacks/\(detail.listing.entry.callback.id)", flash: "flash.callback_scheduled")
        } catch ServiceError.validation(let errors) {
            return try await profile(request, context, ProfileState(scheduleForm: form, scheduleErrors: errors), status: .unprocessableContent)
        }
    }
}
