import Foundation
import Hummingbird
import KefuDomain
import KefuServices
import KefuStore

/// `/admin/sla-policies`: which tickets get which time limits on which calendar (R-TKT-4). The list has a check
/// that says which policy a ticket with given attributes gets, and the form to add one; each policy's page has its
/// edit form and history. Reading needs `tickets.view`, changing `settings.manage` (checked by ``SLAConfigService``).
struct SLAPolicyWebController {
    let services: Services
    let pages: Pages

    func addRoutes(to router: Router<KefuRequestContext>) {
        router.get("admin/sla-policies", use: list)
        router.post("admin/sla-policies", use: create)
        router.get("admin/sla-policies/:id", use: show)
        router.post("admin/sla-policies/:id", use: update)
    }

    // MARK: The list

    @Sendable func list(_ request: Request, context: KefuRequestContext) async throws -> Response {
        try await listPage(request, context, form: ["priority": "100", "active": "true"], errors: [])
    }

    private func listPage(_ request: Request, _ context: KefuRequestContext, form: [String: String], errors: [FieldError],
                          status: HTTPResponse.Status = .ok) async throws -> Response {
        let principal = try context.requirePrincipal()
        let calendars = try await services.slaConfig.calendars(by: principal)
        let policies = try await services.slaConfig.policies(by: principal)
        let names = Dictionary(uniqueKeysWithValues: calendars.map { (Int($0.id), $0.calendar.name) })
        let language = context.language
        let query = request.uri.queryParameters
        let probe = SLAPolicy.TicketAttributes(type: Self.blankIsNil(query["type"]), severity: Self.blankIsNil(query["severity"]),
                                               channel: Self.blankIsNil(query["channel"]), memberGrade: Self.blankIsNil(query["member_grade"]))
        var check: [String: Any] = ["asked": probe != SLAPolicy.TicketAttributes()]
        if probe != SLAPolicy.TicketAttributes() {
            let terms = try await services.slaConfig.terms(for: probe, by: principal)
            check["policy"] = terms.map { ["id": $0.policyID, "name": $0.policyName, "calendar": $0.calendar.name] }
        }
        check.merge(conditionChoices(probe, language)) { _, new in new }
        check["member_grade"] = probe.memberGrade ?? ""
        return pages.render(
            "admin/sla-policies", titleKey: "sla.policies.title",
            values: pages.errorValues(errors, language) + formValues(form, calendars: calendars, language) + [
                "policies": policies.map { stored -> [String: Any] in
                    let policy = stored.policy
                    return ["id": stored.id, "name": policy.name, "conditions": conditionsText(policy.conditions, language),
                            "first_response": policy.firstResponseMinutes.map { "\($0)" } ?? "—",
                            "next_response": policy.nextResponseMinutes.map { "\($0)" } ?? "—",
                            "resolution": policy.resolutionMinutes.map { "\($0)" } ?? "—",
                            "calendar": names[policy.calendarID] ?? "#\(policy.calendarID)", "calendar_id": policy.calendarID,
                            "priority": policy.priority, "active": stored.active]
                },
                "check": check, "form_action": "/admin/sla-policies", "can_manage": principal.can(.settingsManage), "tab_sla_policies": true,
            ],
            request: request, context: context, status: status, area: "admin")
    }

    @Sendable func create(_ request: Request, context: KefuRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        var request = request
        let form = try await request.formFields(context: context)
        do {
            let draft = try Self.draft(form, over: nil)
            let stored = try await services.slaConfig.createPolicy(draft, by: principal)
            return pages.redirect(to: "/admin/sla-policies/\(stored.id)", flash: "flash.sla_policy_created")
        } catch ServiceError.validation(let errors) {
            return try await listPage(request, context, form: form, errors: errors, status: .unprocessableContent)
        }
    }

    // MARK: One policy

    @Sendable func show(_ request: Request, context: KefuRequestContext) async throws -> Response {
        let stored = try await services.slaConfig.policy(id: try context.parameters.require("id", as: Int64.self), by: try context.requirePrincipal())
        return try await page(request, context, stored, form: Self.formValues(stored), values: [:])
    }

    @Sendable func update(_ request: Request, context: KefuRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        let id = try context.parameters.require("id", as: Int64.self)
        var request = request
        let form = try await request.formFields(context: context)
        do {
            let draft = try Self.draft(form, over: try await services.slaConfig.policy(id: id, by: principal).policy)
            _ = try await services.slaConfig.updatePolicy(id: id, draft, expectedVersion: form["version"].flatMap { Int64($0) }, by: principal)
            return pages.redirect(to: "/admin/sla-policies/\(id)", flash: "flash.sla_policy_saved")
        } catch ServiceError.validation(let errors) {
            let stored = try await services.slaConfig.policy(id: id, by: principal)
            return try await page(request, context, stored, form: form, values: pages.errorValues(errors, context.language),
                                  status: .unprocessableContent)
        } catch ServiceError.conflict {
            let stored = try await services.slaConfig.policy(id: id, by: principal)
            return try await page(request, context, stored, form: Self.formValues(stored), values: ["conflict": true], status: .conflict)
        }
    }

    private func page(_ request: Request, _ context: KefuRequestContext, _ stored: StoredSLAPolicy, form: [String: String],
                      values: [String: Any], status: HTTPResponse.Status = .ok) async throws -> Response {
        let principal = try context.requirePrincipal()
        let language = context.language
        let calendars = try await services.slaConfig.calendars(by: principal)
        let history = principal.can(.eventsView)
            ? try await services.events.list(EventFilter(entity: "sla_policy", entityID: "\(stored.id)"), limit: 20, by: principal).events : []
        let formatter = TimeFormatter(language: language, timeZone: services.timeZone)
        return pages.render(
            "admin/sla-policy", titleKey: "sla.policy.title",
            values: values + formValues(form, calendars: calendars, language) + [
                "policy": ["id": stored.id, "name": stored.policy.name, "active": stored.active, "version": stored.version,
                           "conditions": conditionsText(stored.policy.conditions, language)],
                "history": history.map { EventRow($0, formatter: formatter, catalog: pages.catalog, language: language).values },
                "has_history": !history.isEmpty, "form_action": "/admin/sla-policies/\(stored.id)",
                "can_manage": principal.can(.settingsManage), "tab_sla_policies": true,
            ],
            request: request, context: context, status: status, area: "admin")
    }

    // MARK: The form

    /// The form filled with a stored policy; a target not set is blank.
    static func formValues(_ stored: StoredSLAPolicy) -> [String: String] {
        let policy = stored.policy
        return ["name": policy.name, "calendar_id": "\(policy.calendarID)", "type": policy.conditions.type ?? "",
                "severity": policy.conditions.severity ?? "", "channel": policy.conditions.channel ?? "",
                "member_grade": policy.conditions.memberGrade ?? "",
                "first_response_minutes": policy.firstResponseMinutes.map { "\($0)" } ?? "",
                "next_response_minutes": policy.nextResponseMinutes.map { "\($0)" } ?? "",
                "resolution_minutes": policy.resolutionMinutes.map { "\($0)" } ?? "",
                "priority": "\(policy.priority)", "active": "\(stored.active)", "version": "\(stored.version)"]
    }

    /// The whole form as a draft (every field set: a blank target is none). Text that is not a number is refused
    /// together with every other problem of the draft laid over `base`, so that all of them show at once.
    static func draft(_ form: [String: String], over base: SLAPolicy?) throws -> SLAPolicyDraft {
        let (draft, unreadable) = read(form)
        guard !unreadable.isEmpty else { return draft }
        let others = draft.applied(to: base).problems.filter { problem in !unreadable.contains { $0.field == problem.field } }
        throw ServiceError.validation(others + unreadable)
    }

    /// The form as a draft, and the numbers that are not numbers.
    static func read(_ form: [String: String]) -> (SLAPolicyDraft, [FieldError]) {
        var problems: [FieldError] = []
        func number(_ field: String) -> Int? {
            guard let text = blankIsNil(form[field]) else { return nil }
            guard let value = Int(text) else {
                problems.append(FieldError(field: field, code: "error.number_format"))
                return nil
            }
            return value
        }
        let calendarID = blankIsNil(form["calendar_id"]).flatMap { Int($0) }
        let draft = SLAPolicyDraft(
            name: form["name"] ?? "", calendarID: calendarID,
            conditions: .init(type: form["type"], severity: form["severity"], channel: form["channel"], memberGrade: form["member_grade"]),
            firstResponseMinutes: .some(number("first_response_minutes")), nextResponseMinutes: .some(number("next_response_minutes")),
            resolutionMinutes: .some(number("resolution_minutes")), priority: number("priority") ?? 0, active: form["active"] != "false")
        return (draft, problems)
    }

    private func formValues(_ form: [String: String], calendars: [StoredBusinessCalendar], _ language: Language) -> [String: Any] {
        let selected = SLAPolicy.Conditions(type: form["type"], severity: form["severity"], channel: form["channel"])
        let active = form["active"] != "false"
        return [
            "form": form,
            "form_calendars": calendars.map { ["value": $0.id, "label": $0.calendar.name, "selected": "\($0.id)" == form["calendar_id"]] },
            "form_states": [true, false].map {
                ["value": "\($0)", "label": pages.catalog.text($0 ? "sla.policy.active" : "sla.policy.inactive", language), "selected": $0 == active]
            },
            "form_conditions": conditionChoices(selected, language),
        ]
    }

    /// Options for the three conditions with codes the ticket desk knows; a stored code it does not know stays selectable.
    private func conditionChoices(_ selected: SLAPolicy.Conditions, _ language: Language) -> [String: Any] {
        func options(_ codes: [String], prefix: String, _ current: String?) -> [[String: Any]] {
            let all = codes + (current.map { codes.contains($0) || $0.isEmpty ? [] : [$0] } ?? [])
            return all.map { ["value": $0, "label": label(prefix, $0, language), "selected": $0 == current] }
        }
        return ["types": options(TicketType.allCases.map(\.rawValue), prefix: "ticket_type", selected.type),
                "severities": options(TicketSeverity.allCases.map(\.rawValue), prefix: "ticket_severity", selected.severity),
                "channels": options(TicketChannel.allCases.map(\.rawValue), prefix: "ticket_channel", selected.channel)]
    }

    private func label(_ prefix: String, _ code: String, _ language: Language) -> String {
        pages.catalog.has("\(prefix).\(code)") ? pages.catalog.text("\(prefix).\(code)", language) : code
    }

    /// 投诉 · 重大, or 全部工单 for the catch-all.
    private func conditionsText(_ conditions: SLAPolicy.Conditions, _ language: Language) -> String {
        let parts = [conditions.type.map { label("ticket_type", $0, language) }, conditions.severity.map { label("ticket_severity", $0, language) },
                     conditions.channel.map { label("ticket_channel", $0, language) },
                     conditions.memberGrade.map { pages.catalog.text("sla.policy.member_grade_is", language, ["grade": $0]) }]
        let text = parts.compactMap { $0 }.joined(separator: " · ")
        return text.isEmpty ? pages.catalog.text("sla.policy.any_ticket", language) : text
    }

    static func blankIsNil(_ text: (some StringProtocol)?) -> String? {
        guard let text = text?.trimmingCharacters(in: .whitespaces), !text.isEmpty else { return nil }
        return text
    }
}
