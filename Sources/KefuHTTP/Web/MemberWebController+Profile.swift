import Foundation
import Hummingbird
import KefuDomain
import KefuServices

/// `/members/{id}`: the profile with reveal (R-MEM-4), the edit form with its version (a stale one shows the current
/// data and keeps what was typed), history (R-MEM-5), notices, duplicates with merge, erasure and the export link.
extension MemberWebController {
    /// What the profile page shows besides the member.
    struct ProfileState {
        var revealed: Member?
        var draft: MemberDraft?
        var errors: [FieldError] = []
        var conflict = false
        var eraseErrors: [FieldError] = []
        /// The callback form as posted, with its problems.
        var scheduleForm: [String: String] = [:]
        var scheduleErrors: [FieldError] = []
    }

    @Sendable func show(_ request: Request, context: KefuRequestContext) async throws -> Response {
        try await profile(request, context, ProfileState())
    }

    func profile(_ request: Request, _ context: KefuRequestContext, _ state: ProfileState, status: HTTPResponse.Status = .ok) async throws
        -> Response
    {
        let principal = try context.requirePrincipal()
        let language = context.language
        let id = try context.parameters.require("id", as: Int64.self)
        let member = try await services.members.get(id: id, by: principal)
        let history = try await services.members.history(id: id, logged: true, by: principal)
        let duplicates = member.isErased || member.isMerged ? [] : try await services.members.duplicates(id: id, by: principal)
        let notices = try await services.members.notices(id: id, by: principal)
        let timeline = try await services.members.timeline(memberID: id, by: principal)
        let canReveal = !member.isErased && !principal.can(.piiView) ? try await services.members.canReveal(id: id, by: principal) : false
        let formatter = TimeFormatter(language: language, timeZone: services.timeZone)
        let live = !member.isErased && !member.isMerged
        let canManage = principal.can(.membersManage) && live
        let oversees = principal.user.map { MemberAccess.oversees($0.role) } ?? true
        let text = { (key: String) in pages.catalog.text(key, language) }
        let agent = try await agentValues(member, principal: principal, language)
        return pages.render(
            "members/show", titleKey: "members.profile",
            values: formValues(state.draft ?? member.draft, errors: state.errors, language) + agent + [
                "member": details(member, language),
                "revealed": state.revealed.map { details($0, language) },
                "masked": !principal.can(.piiView) && state.revealed == nil, "can_reveal": canReveal && state.revealed == nil,
                "can_manage": canManage, "can_edit_contacts": principal.can(.piiView), "can_erase": canManage && oversees,
                "can_export": principal.can(.piiExport), "conflict": state.conflict, "version": member.version,
                "erase_errors": pages.errorValues(state.eraseErrors, language)["errors"],
                "can_schedule": live && principal.can(.callbacksManage), "schedule_form": state.scheduleForm,
                "schedule_errors": pages.errorValues(state.scheduleErrors, language)["errors"], "has_schedule_errors": !state.scheduleErrors.isEmpty,
                "time_zone": services.timeZone.identifier,
                "merged_into": member.mergedIntoID,
                "history": history.map { entry -> [String: Any] in
                    ["action": text("member_history.\(entry.action)"), "by": entry.changedByName ?? "—",
                     "at": formatter.string(entry.changedAt),
                     "changes": entry.changes.map { change -> [String: Any] in
                         ["field": pages.catalog.has("members.\(change.field)") ? text("members.\(change.field)") : change.field,
                          "before": change.before ?? "—", "after": change.after ?? "—"]
                     }]
                },
                "has_history": !history.isEmpty,
                "entries": MemberTimelineValues(catalog: pages.catalog, language: language, timeZone: services.timeZone).entries(timeline),
                "has_timeline": !timeline.isEmpty,
                "duplicates": duplicates.map { other -> [String: Any] in
                    ["id": other.id, "name": other.name, "phones": other.phones.joined(separator: ", "),
                     "emails": other.emails.joined(separator: ", "), "merged_version": other.version]
                },
                "has_duplicates": !duplicates.isEmpty,
                "notices": notices.map { notice -> [String: Any] in
                    ["channel": text("member_notice.channel.\(notice.channel)"), "recipient": notice.recipient,
                     "status": text("member_notice.status.\(notice.status)"), "at": formatter.string(notice.createdAt)]
                },
                "has_notices": !notices.isEmpty,
            ],
            request: request, context: context, status: status, area: "members")
    }

    /// A member's fields for the template, with labels.
    func details(_ member: Member, _ language: Language) -> [String: Any] {
        [
            "id": member.id, "name": member.name, "gender": pages.catalog.text("gender.\(member.gender.rawValue)", language),
            "birth_year": member.birthYear.map(String.init), "birthday": member.birthday, "id_number": member.idNumber,
            "phones": member.phones, "emails": member.emails,
            "addresses": member.addresses.map { ["recipient": $0.recipient, "phone": $0.phone, "address": $0.formatted] },
            "grade": pages.catalog.text("member_grade.\(member.grade.rawValue)", language), "tags": member.tags,
            "registration_channel": member.registrationChannel, "preferences": member.preferences, "notes": member.notes,
            "do_not_call": member.doNotCall, "rest_hours": member.restHours, "erased": member.isErased,
        ]
    }

    @Sendable func update(_ request: Request, context: KefuRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        let id = try context.parameters.require("id", as: Int64.self)
        var request = request
        let form = try await request.formFields(context: context)
        var errors: [FieldError] = []
        let typed = MemberForm.draft(form, into: &errors)
        // Without `pii.view` the form has no contact fields: the member's stay as they are.
        let contacts = principal.can(.piiView)
        do {
            guard let version = form["version"].flatMap({ Int64($0) }) else {
                throw ServiceError.validation([FieldError(field: "version", code: "error.required")])
            }
            guard errors.isEmpty else { throw ServiceError.validation(errors) }
            _ = try await services.members.update(id: id, expectedVersion: version, by: principal) { draft in
                let (phones, emails, addresses, idNumber) = (draft.phones, draft.emails, draft.addresses, draft.idNumber)
                draft = typed
                if !contacts { (draft.phones, draft.emails, draft.addresses, draft.idNumber) = (phones, emails, addresses, idNumber) }
            }
            return pages.redirect(to: "/members/\(id)", flash: "flash.member_saved")
        } catch ServiceError.validation(let problems) {
            return try await profile(request, context, ProfileState(draft: typed, errors: problems), status: .unprocessableContent)
        } catch ServiceError.conflict {
            // Someone saved first: the page shows their data; the form keeps what was typed, with the current version.
            return try await profile(request, context, ProfileState(draft: typed, conflict: true), status: .conflict)
        }
    }

    /// Shows the contacts in full on the response page, for whoever may (supervisors, the agent with work for the
    /// member); one access event.
    @Sendable func reveal(_ request: Request, context: KefuRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        let id = try context.parameters.require("id", as: Int64.self)
        let member = try await services.members.reveal(id: id, by: principal)
        return try await profile(request, context, ProfileState(revealed: member))
    }

    /// Merges the member named in the form (a duplicate) into this one.
    @Sendable func merge(_ request: Request, context: KefuRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        let id = try context.parameters.require("id", as: Int64.self)
        var request = request
        let form = try await request.formFields(context: context)
        guard let other = form["merged_id"].flatMap({ Int64($0) }) else {
            throw ServiceError.validation([FieldError(field: "merged_id", code: "error.required")])
        }
        _ = try await services.members.merge(survivor: id, merged: other, survivorVersion: form["version"].flatMap { Int64($0) },
                                             mergedVersion: form["merged_version"].flatMap { Int64($0) }, by: principal)
        return pages.redirect(to: "/members/\(id)", flash: "flash.member_merged")
    }

    /// Erases the member's personal data after the confirmation box is ticked.
    @Sendable func erase(_ request: Request, context: KefuRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        let id = try context.parameters.require("id", as: Int64.self)
        var request = request
        let form = try await request.formFields(context: context)
        guard form["confirm"] != nil else {
            return try await profile(request, context, ProfileState(eraseErrors: [FieldError(field: "confirm", code: "error.must_confirm")]),
                                     status: .unprocessableContent)
        }
        _ = try await services.members.erase(id: id, anonymousName: MemberAPIController.anonymousName(id, pages.catalog), by: principal)
        return pages.redirect(to: "/members/\(id)", flash: "flash.member_erased")
    }
}
