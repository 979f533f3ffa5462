import Foundation
import Hummingbird
import KefuDomain
import KefuServices

/// `/members`: the member list with search (name, phone suffix "尾号 5678", email), tag, grade and saved segments;
/// a new member's form; the profile (see `MemberWebController+Profile.swift`).
struct MemberWebController {
    let services: Services
    let pages: Pages

    func addRoutes(to router: Router<KefuRequestContext>) {
        router.get("members", use: index)
        router.get("members/new", use: new)
        router.post("members", use: create)
        router.post("member-segments", use: addSegment)
        router.get("members/:id", use: show)
        router.post("members/:id", use: update)
        router.post("members/:id/reveal", use: reveal)
        router.post("members/:id/callbacks", use: scheduleCallback)
        router.post("members/:id/merge", use: merge)
        router.post("members/:id/erase", use: erase)
        router.get("members/:id/export", use: export)
        addAssignmentRoutes(to: router)
    }

    @Sendable func index(_ request: Request, context: KefuRequestContext) async throws -> Response {
        try await list(request, context)
    }

    private func list(_ request: Request, _ context: KefuRequestContext, segmentErrors: [FieldError] = [],
                      status: HTTPResponse.Status = .ok) async throws -> Response {
        let principal = try context.requirePrincipal()
        let language = context.language
        let paging = try Paging(request, defaultLimit: 50)
        var query: [String: String] = [:]
        for (key, value) in request.uri.queryParameters { query[String(key)] = String(value) }
        let (filter, segment) = try MemberAPIController.filter(query)
        let assignee = try MemberAssignmentAPIController.assignee(query["assigned_to"], for: principal)
        let result = try await services.members.list(filter, segment: segment, assignedTo: assignee, limit: paging.limit, offset: paging.offset,
                                                     by: principal)
        let firstContacts = try await firstContactRows(result.members, assignee: assignee, principal: principal, language)
        let segments = try await services.members.segments(by: principal)
        let tags = try await services.members.tags(by: principal)
        let formatter = TimeFormatter(language: language, timeZone: services.timeZone)
        return pages.render(
            "members/index", titleKey: "members.title",
            values: pages.errorValues(segmentErrors, language) + [
                "members": result.members.map { member -> [String: Any] in
                    ["id": member.id, "name": member.name, "phones": member.phones.joined(separator: ", "),
                     "grade": pages.catalog.text("member_grade.\(member.grade.rawValue)", language), "tags": member.tags.joined(separator: ", "),
                     "do_not_call": member.doNotCall, "created_at": formatter.string(member.createdAt),
                     "first_contact": firstContacts[member.id]]
                },
                "assigned_to": query["assigned_to"], "show_first_contact": { if case .agent = assignee { true } else { false } }(),
                "mine": assignee == principal.user.map { .agent($0.id) }, "can_assign": MemberService.mayAssign(principal),
                "has_members": !result.members.isEmpty, "q": filter.q, "tag": filter.tag,
                "tags": tags.map { ["value": $0, "selected": $0 == filter.tag] },
                "grades": MemberGrade.allCases.map { grade -> [String: Any] in
                    ["value": grade.rawValue, "label": pages.catalog.text("member_grade.\(grade.rawValue)", language), "selected": grade == filter.grade]
                },
                "segments": segments.map { ["id": $0.id, "name": $0.name, "selected": $0.id == segment] },
                "has_segments": !segments.isEmpty, "has_filter": !filter.isEmpty, "grade": filter.grade?.rawValue,
                "capped": result.total >= MemberService.countCap, "masked": !principal.can(.piiView),
                "can_manage": principal.can(.membersManage),
                "pager": Pager(total: result.total, paging: paging, path: "/members",
                               query: ["q": filter.q, "tag": filter.tag, "grade": filter.grade?.rawValue, "segment": segment.map(String.init),
                                       "assigned_to": query["assigned_to"]]).values,
            ],
            request: request, context: context, status: status, area: "members")
    }

    @Sendable func new(_ request: Request, context: KefuRequestContext) async throws -> Response {
        try await newPage(request, context, draft: MemberDraft(name: nil, grade: MemberGrade.normal.rawValue), errors: [])
    }

    private func newPage(_ request: Request, _ context: KefuRequestContext, draft: MemberDraft, errors: [FieldError],
                         status: HTTPResponse.Status = .ok) async throws -> Response {
        let principal = try context.requirePrincipal()
        try principal.require(.membersManage)
        return pages.render("members/new", titleKey: "members.new", values: formValues(draft, errors: errors, context.language) + [
            "can_edit_contacts": true,
        ], request: request, context: context, status: status, area: "members")
    }

    /// The form's values, choices and errors.
    func formValues(_ draft: MemberDraft, errors: [FieldError], _ language: Language) -> [String: Any] {
        let messages = pages.errorValues(errors, language)
        let byField = messages["errors"] as? [String: String] ?? [:]
        return messages + [
            "form": MemberForm.values(draft),
            "list_errors": MemberForm.listErrors(errors, messages: byField),
            "address_rows": MemberForm.addressRows(draft.addresses, errors: byField),
            "genders": Gender.allCases.map { gender -> [String: Any] in
                ["value": gender.rawValue, "label": pages.catalog.text("gender.\(gender.rawValue)", language),
                 "selected": gender.rawValue == (draft.gender ?? Gender.unknown.rawValue)]
            },
            "form_grades": MemberGrade.allCases.map { grade -> [String: Any] in
                ["value": grade.rawValue, "label": pages.catalog.text("member_grade.\(grade.rawValue)", language),
                 "selected": grade.rawValue == (draft.grade ?? MemberGrade.normal.rawValue)]
            },
        ]
    }

    @Sendable func create(_ request: Request, context: KefuRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        var request = request
        let form = try await request.formFields(context: context)
        var errors: [FieldError] = []
        let draft = MemberForm.draft(form, into: &errors)
        do {
            guard errors.isEmpty else { throw ServiceError.validation(errors + draft.problems(currentYear: services.members.currentYear)) }
            let member = try await services.members.create(draft, by: principal)
            return pages.redirect(to: "/members/\(member.id)", flash: "flash.member_created")
        } catch ServiceError.validation(let problems) {
            return try await newPage(request, context, draft: draft, errors: problems, status: .unprocessableContent)
        }
    }

    @Sendable func addSegment(_ request: Request, context: KefuRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        var request = request
        let form = try await request.formFields(context: context)
        let (filter, _) = try MemberAPIController.filter(form)
        do {
            let segment = try await services.members.addSegment(name: form["name"], filter: filter, by: principal)
            return pages.redirect(to: "/members?segment=\(segment.id)", flash: "flash.member_segment_saved")
        } catch ServiceError.validation(let errors) {
            return try await list(request, context, segmentErrors: errors, status: .unprocessableContent)
        }
    }

    /// The member's data export as a JSON file (needs `pii.export`; logged).
    @Sendable func export(_ request: Request, context: KefuRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        let id = try context.parameters.require("id", as: Int64.self)
        let export = try await services.members.export(id: id, by: principal)
        return try KefuJSON.response(export, headers: [.contentDisposition: "attachment; filename=\"member-\(id).json\""])
    }
}
