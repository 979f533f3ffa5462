import Foundation
import Hummingbird
import KefuDomain
import KefuServices

/// `/scripts`: the script library (R-QA-1) grouped by situation, searchable (as a GET form, and as you type with
/// `script-library.js`), a copy button per phrase; admins add phrases and edit, deactivate or reactivate each
/// (`/scripts?edit={id}` opens one phrase's form).
struct ScriptWebController {
    let services: Services
    let pages: Pages

    func addRoutes(to router: Router<KefuRequestContext>) {
        router.get("scripts", use: index)
        router.post("scripts", use: create)
        router.post("scripts/:id", use: update)
    }

    /// What a failed form sends back to the page: what was typed, what is wrong, and for an edit, which phrase.
    struct FormState {
        var newForm: [String: String] = [:]
        var newErrors: [FieldError] = []
        var editing: Int64?
        var editForm: [String: String] = [:]
        var editErrors: [FieldError] = []
        /// The edit lost to someone else's: the form shows the phrase as it is now, `entered` what was typed.
        var entered: [String: String]?
    }

    @Sendable func index(_ request: Request, context: KefuRequestContext) async throws -> Response {
        try await page(request, context, FormState())
    }

    private func page(_ request: Request, _ context: KefuRequestContext, _ state: FormState, status: HTTPResponse.Status = .ok) async throws -> Response {
        let principal = try context.requirePrincipal()
        let language = context.language
        let query = request.uri.queryParameters
        let search = query["q"].map { String($0).trimmingCharacters(in: .whitespaces) } ?? ""
        let situation = query["situation"].flatMap { Script.Situation(rawValue: String($0)) }
        let canManage = principal.can(.settingsManage)
        // One edit form at a time (`?edit=id`): a form for every phrase made the page four times slower to render.
        let editing = state.editing ?? query["edit"].flatMap { Int64(String($0)) }
        let scripts = try await services.scripts.search(search, situation: situation, includeInactive: canManage, by: principal)
        let groups = ScriptPicker.groups(scripts, catalog: pages.catalog, language: language) { script in
            var values: [String: Any] = ["version": script.version, "position": script.position]
            guard canManage else { return values }
            guard editing == script.id else {
                let query = ["q": search, "situation": situation?.rawValue ?? "", "edit": "\(script.id)"].filter { !$0.value.isEmpty }
                values["edit_href"] = Pager.link(path: "/scripts", query: query) + "#script-\(script.id)"
                return values
            }
            let form = state.editing == nil ? Self.formValues(script) : state.editForm
            values["edit_form"] = form
            values["edit_situations"] = ScriptPicker.situationOptions(selected: form["situation"], catalog: pages.catalog, language: language)
            values["edit_states"] = [true, false].map {
                ["value": "\($0)", "label": pages.catalog.text($0 ? "scripts.active" : "scripts.inactive", language),
                 "selected": $0 == (form["active"] != "false")]
            }
            values["edit_errors"] = pages.errorValues(state.editErrors, language)["errors"]
            values["edit_invalid"] = !state.editErrors.isEmpty
            values["edit_conflict"] = state.entered != nil
            values["edit_entered"] = state.entered.map { ["title": $0["title"], "body": $0["body"], "note": $0["note"]] }
            return values
        }
        return pages.render(
            "scripts/index", titleKey: "scripts.title",
            values: [
                "groups": groups, "q": search, "count": scripts.count, "has_scripts": !scripts.isEmpty, "filtered": !search.isEmpty || situation != nil,
                "situations": ScriptPicker.situationOptions(selected: situation?.rawValue, catalog: pages.catalog, language: language),
                "can_manage": canManage,
                "new_form": state.newForm, "new_open": !state.newErrors.isEmpty,
                "new_errors": pages.errorValues(state.newErrors, language)["errors"],
                "new_situations": ScriptPicker.situationOptions(selected: state.newForm["situation"] ?? situation?.rawValue,
                                                                catalog: pages.catalog, language: language),
            ],
            request: request, context: context, status: status, area: "scripts")
    }

    @Sendable func create(_ request: Request, context: KefuRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        try principal.require(.settingsManage)
        var request = request
        let form = try await request.formFields(context: context)
        let (changes, problems) = Self.changes(form)
        do {
            guard problems.isEmpty else { throw ServiceError.validation(problems) }
            let script = try await services.scripts.create(changes, by: principal)
            return pages.redirect(to: "/scripts?situation=\(script.situation.rawValue)#script-\(script.id)", flash: "flash.script_created")
        } catch ServiceError.validation(let errors) {
            return try await page(request, context, FormState(newForm: form, newErrors: errors), status: .unprocessableContent)
        }
    }

    /// Saves an edit form. Bad fields come back beside their fields with what was typed kept; a stale version comes
    /// back with the phrase as it is now in the form, what was typed shown apart, and a message saying why.
    @Sendable func update(_ request: Request, context: KefuRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        try principal.require(.settingsManage)
        let id = try context.parameters.require("id", as: Int64.self)
        var request = request
        let form = try await request.formFields(context: context)
        let (changes, problems) = Self.changes(form)
        do {
            guard problems.isEmpty else { throw ServiceError.validation(problems) }
            let script = try await services.scripts.update(id: id, changes, expectedVersion: form["version"].flatMap { Int64($0) }, by: principal)
            return pages.redirect(to: "/scripts?situation=\(script.situation.rawValue)#script-\(id)", flash: "flash.script_saved")
        } catch ServiceError.validation(let errors) {
            return try await page(request, context, FormState(editing: id, editForm: form, editErrors: errors), status: .unprocessableContent)
        } catch ServiceError.conflict {
            let current = try await services.scripts.script(id: id, by: principal)
            return try await page(request, context, FormState(editing: id, editForm: Self.formValues(current), entered: form), status: .conflict)
        }
    }

    /// The edit form filled with a phrase as stored.
    static func formValues(_ script: Script) -> [String: String] {
        ["situation": script.situation.rawValue, "title": script.title, "body": script.body, "note": script.note ?? "",
         "position": "\(script.position)", "active": "\(script.active)", "version": "\(script.version)"]
    }

    /// A form as a change to every field it has, and what is wrong with its text: an unknown situation, a position
    /// that is not a number, and what ``ScriptChanges/problems(creating:)`` finds. A blank position is left as it is.
    static func changes(_ form: [String: String]) -> (ScriptChanges, [FieldError]) {
        var problems: [FieldError] = []
        var situation: Script.Situation?
        if let text = form["situation"], !text.isEmpty {
            situation = Script.Situation(rawValue: text)
            if situation == nil { problems.append(FieldError(field: "situation", code: "error.unknown_value")) }
        }
        var position: Int?
        if let text = form["position"]?.trimmingCharacters(in: .whitespaces), !text.isEmpty {
            position = Int(text)
            if position == nil { problems.append(FieldError(field: "position", code: "error.number_format")) }
        }
        let changes = ScriptChanges(situation: situation, title: form["title"] ?? "", body: form["body"] ?? "", note: form["note"] ?? "",
                                    position: position, active: form["active"].map { $0 != "false" })
        let creating = form["version"] == nil
        let all = problems + changes.problems(creating: creating).filter { problem in !problems.contains { $0.field == problem.field } }
        return (changes, all)
    }
}
