import Foundation
import Hummingbird
import KefuDomain
import KefuServices
import KefuStore

/// `/members/assign`: a supervisor chooses members without an agent (by grade, tag, search) and agents, previews who
/// gets whom — each agent's count before and after, members whose grade wanted a more experienced agent flagged — and
/// confirms (R-MEM-3). `/members/{id}/agent`: one member's agent, from the profile. The first-contact status of a
/// member (R-MEM-3: within a week) for the profile and the "my members" list.
extension MemberWebController {
    func addAssignmentRoutes(to router: Router<KefuRequestContext>) {
        router.get("members/assign", use: assignPage)
        router.post("members/assign/preview", use: previewAssignment)
        router.post("members/assign", use: applyAssignment)
        router.post("members/:id/agent", use: setAgent)
    }

    /// Members listed to tick; "all matching" covers the rest.
    static let assignListLimit = 200

    /// The ids of the ticked boxes named `prefix` + id.
    static func ticked(_ form: [String: String], _ prefix: String) -> [Int64] {
        form.keys.filter { $0.hasPrefix(prefix) }.compactMap { Int64($0.dropFirst(prefix.count)) }.sorted()
    }

    /// The selection a posted form describes: the ticked members (or all matching the filter) and the ticked agents.
    static func selection(_ form: [String: String]) throws -> MemberSelection {
        let (filter, _) = try MemberAPIController.filter(form)
        return MemberSelection(memberIDs: form["scope"] == "selected" ? ticked(form, "member_") : nil, filter: filter,
                               agentIDs: ticked(form, "agent_"))
    }

    @Sendable func assignPage(_ request: Request, context: KefuRequestContext) async throws -> Response {
        var query: [String: String] = [:]
        for (key, value) in request.uri.queryParameters { query[String(key)] = String(value) }
        return try await assignment(request, context, fields: query, posted: false)
    }

    @Sendable func previewAssignment(_ request: Request, context: KefuRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        var request = request
        let form = try await request.formFields(context: context)
        do {
            let plan = try await services.members.assignmentPlan(try Self.selection(form), by: principal)
            return try await assignment(request, context, fields: form, posted: true, plan: plan)
        } catch ServiceError.validation(let errors) {
            return try await assignment(request, context, fields: form, posted: true, errors: errors, status: .unprocessableContent)
        }
    }

    @Sendable func applyAssignment(_ request: Request, context: KefuRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        var request = request
        let form = try await request.formFields(context: context)
        do {
            _ = try await services.members.assign(try Self.selection(form), by: principal)
            return pages.redirect(to: "/members/assign", flash: "flash.members_assigned")
        } catch ServiceError.validation(let errors) {
            return try await assignment(request, context, fields: form, posted: true, errors: errors, status: .unprocessableContent)
        }
    }

    /// The page: the filter, the members and agents to tick (as last posted), and the preview with its confirmation.
    private func assignment(_ request: Request, _ context: KefuRequestContext, fields: [String: String], posted: Bool,
                            plan: MemberAssignmentPlan? = nil, errors: [FieldError] = [], status: HTTPResponse.Status = .ok) async throws
        -> Response
    {
        let principal = try context.requirePrincipal()
        guard MemberService.mayAssign(principal) else { throw ServiceError.forbidden(.membersManage) }
        let language = context.language
        let text = { (key: String) in pages.catalog.text(key, language) }
        let (filter, _) = try MemberAPIController.filter(fields)
        let found = try await services.members.unassigned(filter, limit: Self.assignListLimit, by: principal)
        let agents = try await services.members.assignableAgents(by: principal)
        let tags = try await services.members.tags(by: principal)
        let tickedMembers = Set(Self.ticked(fields, "member_")), tickedAgents = Set(Self.ticked(fields, "agent_"))
        let names = Dictionary(uniqueKeysWithValues: agents.map { ($0.agent.id, $0.agent.displayName) })
        let levels = Dictionary(uniqueKeysWithValues: agents.map { ($0.agent.id, text("level.\($0.agent.level.rawValue)")) })
        let hidden = fields.filter { $0.key != "_csrf" }.sorted { $0.key < $1.key }.map { ["name": $0.key, "value": $0.value] }
        return pages.render(
            "members/assign", titleKey: "members.assign_title",
            values: pages.errorValues(errors, language) + [
                "q": filter.q, "tag": filter.tag, "grade": filter.grade?.rawValue,
                "tags": tags.map { ["value": $0, "selected": $0 == filter.tag] },
                "grades": MemberGrade.allCases.map { grade -> [String: Any] in
                    ["value": grade.rawValue, "label": text("member_grade.\(grade.rawValue)"), "selected": grade == filter.grade]
                },
                "members": found.members.map { member -> [String: Any] in
                    ["id": member.id, "name": member.name, "grade": text("member_grade.\(member.grade.rawValue)"),
                     "checked": tickedMembers.contains(member.id)]
                },
                "has_members": !found.members.isEmpty, "total": found.total, "more": found.total > found.members.count,
                "scope_selected": fields["scope"] == "selected",
                "agents": agents.map { entry -> [String: Any] in
                    ["id": entry.agent.id, "name": entry.agent.displayName, "level": levels[entry.agent.id] ?? "",
                     "role": text("role.\(entry.agent.role.rawValue)"), "load": entry.load,
                     "checked": posted ? tickedAgents.contains(entry.agent.id) : entry.agent.role == .agent]
                },
                "has_agents": !agents.isEmpty,
                "preview": plan.map { plan -> [String: Any] in
                    let moving = plan.entries.filter(\.moves)
                    let flagged = plan.entries.filter { !$0.levelMet }
                    return [
                        "loads": plan.loads.map { load -> [String: Any] in
                            ["name": names[load.agentID] ?? "#\(load.agentID)", "level": levels[load.agentID] ?? "", "before": load.before,
                             "after": load.after, "added": load.after - load.before]
                        },
                        "flagged": flagged.map { entry -> [String: Any] in
                            ["id": entry.memberID, "name": entry.name, "grade": text("member_grade.\(entry.grade.rawValue)"),
                             "agent": names[entry.to] ?? "#\(entry.to)"]
                        },
                        "has_flagged": !flagged.isEmpty, "count": moving.count, "skipped": plan.skipped.count,
                        "has_skipped": !plan.skipped.isEmpty, "empty": moving.isEmpty, "fields": hidden,
                    ]
                },
            ],
            request: request, context: context, status: status, area: "members")
    }

    /// Gives the member to the agent chosen on the profile (blank: to nobody), at the version shown.
    @Sendable func setAgent(_ request: Request, context: KefuRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        let id = try context.parameters.require("id", as: Int64.self)
        var request = request
        let form = try await request.formFields(context: context)
        let agent = form["agent_id"].flatMap { Int64($0) }
        do {
            _ = try await services.members.reassign(memberID: id, to: agent, expectedVersion: form["version"].flatMap { Int64($0) }, by: principal)
            return pages.redirect(to: "/members/\(id)", flash: "flash.member_agent_saved")
        } catch ServiceError.conflict {
            return try await profile(request, context, ProfileState(conflict: true), status: .conflict)
        } catch ServiceError.validation(let errors) {
            return try await profile(request, context, ProfileState(errors: errors), status: .unprocessableContent)
        }
    }

    /// The profile's agent panel: who looks after the member, since when, the first contact, and the form to change it.
    func agentValues(_ member: Member, principal: Principal, _ language: Language) async throws -> [String: Any] {
        let formatter = TimeFormatter(language: language, timeZone: services.timeZone)
        let live = !member.isErased && !member.isMerged
        let canAssign = live && MemberService.mayAssign(principal)
        let choices = canAssign ? try await services.members.assignableAgents(by: principal) : []
        let names = try await services.members.agentNames(member.assignedAgentID.map { [$0] } ?? [], by: principal)
        let contact = member.assignedAgentID == nil ? nil : try await services.members.firstContacts(memberIDs: [member.id], by: principal)[member.id]
        return [
            "agent": member.assignedAgentID.map { names[$0] ?? "#\($0)" },
            "assigned_at": member.assignedAt.map(formatter.string),
            "first_contact": contact.map { firstContactValues($0, formatter: formatter, language) },
            "can_assign": canAssign,
            "agent_choices": choices.map { entry -> [String: Any] in
                ["id": entry.agent.id, "name": entry.agent.displayName, "level": pages.catalog.text("level.\(entry.agent.level.rawValue)", language),
                 "load": entry.load, "selected": entry.agent.id == member.assignedAgentID]
            },
        ]
    }

    /// A first contact for a template: its status in words, due date, overdue flag and callback.
    func firstContactValues(_ contact: MemberFirstContact, formatter: TimeFormatter, _ language: Language) -> [String: Any] {
        ["status": pages.catalog.text("member_first_contact.\(contact.status.rawValue)", language), "due_by": formatter.string(contact.dueBy),
         "overdue": contact.status == .overdue, "done": contact.status == .done, "callback_id": contact.callbackID]
    }

    /// The first contacts of listed members, when the list is one agent's (`assigned_to`).
    func firstContactRows(_ members: [Member], assignee: MemberAssignee?, principal: Principal, _ language: Language) async throws
        -> [Int64: [String: Any]]
    {
        guard case .agent = assignee, !members.isEmpty else { return [:] }
        let formatter = TimeFormatter(language: language, timeZone: services.timeZone)
        return try await services.members.firstContacts(memberIDs: members.map(\.id), by: principal)
            .mapValues { firstContactValues($0, formatter: formatter, language) }
    }
}
