import Foundation
import Hummingbird
import KefuDomain
import KefuServices

/// Administration: staff accounts, the event log and API tokens.
struct AdminController {
    let services: Services
    let pages: Pages

    func addRoutes(to router: Router<KefuRequestContext>) {
        router.get("admin", use: index)
        router.get("admin/users", use: users)
        router.post("admin/users", use: createUser)
        router.get("admin/users/:id", use: user)
        router.post("admin/users/:id", use: updateUser)
        router.post("admin/users/:id/disable", use: disable)
        router.post("admin/users/:id/enable", use: enable)
        router.post("admin/users/:id/reset-password", use: resetPassword)
        router.get("admin/events", use: events)
        router.get("admin/tokens", use: tokens)
        router.post("admin/tokens", use: createToken)
        router.post("admin/tokens/:id/revoke", use: revokeToken)
    }

    @Sendable func index(_ request: Request, context: KefuRequestContext) throws -> Response {
        try context.requirePrincipal().require(.usersView)
        return pages.redirect(to: "/admin/users")
    }

    // MARK: Users

    @Sendable func users(_ request: Request, context: KefuRequestContext) async throws -> Response {
        try await usersPage(request, context, values: [:])
    }

    struct UserForm: Decodable {
        var login: String?
        var displayName: String?
        var role: String?
        var department: String?
        var team: String?
        var level: String?
        var language: String?
        var password: String?
        var version: Int64?

        enum CodingKeys: String, CodingKey {
            case login, role, department, team, level, language, password, version
            case displayName = "display_name"
        }
    }

    @Sendable func createUser(_ request: Request, context: KefuRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        var request = request
        let form = try await request.decodeForm(UserForm.self, context: context)
        let draft = UserDraft(
            login: form.login ?? "", displayName: form.displayName ?? "", role: form.role.flatMap(Role.init(rawValue:)),
            department: form.department.flatMap(Department.init(rawValue:)), team: form.team.flatMap { $0.isEmpty ? nil : $0 },
            level: form.level.flatMap(StaffLevel.init(rawValue:)), language: form.language.flatMap(Language.init(rawValue:)),
            password: form.password ?? "")
        do {
            let user = try await services.users.create(draft, by: principal)
            return pages.redirect(to: "/admin/users/\(user.id)", flash: "flash.user_created")
        } catch ServiceError.validation(let errors) {
            return try await usersPage(request, context, values: pages.errorValues(errors, context.language) + ["form": [
                "login": draft.login, "display_name": draft.displayName, "team": draft.team ?? ""]], status: .unprocessableContent)
        }
    }

    @Sendable func user(_ request: Request, context: KefuRequestContext) async throws -> Response {
        try await userPage(request, context, values: [:])
    }

    @Sendable func updateUser(_ request: Request, context: KefuRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        let id = try context.parameters.require("id", as: Int64.self)
        var request = request
        let form = try await request.decodeForm(UserForm.self, context: context)
        let changes = UserChanges(
            displayName: form.displayName, role: form.role.flatMap(Role.init(rawValue:)),
            department: form.department.flatMap(Department.init(rawValue:)), team: form.team ?? "",
            level: form.level.flatMap(StaffLevel.init(rawValue:)), language: form.language.flatMap(Language.init(rawValue:)))
        do {
            _ = try await services.users.update(id: id, changes, expectedVersion: form.version, by: principal)
            return pages.redirect(to: "/admin/users/\(id)", flash: "flash.saved")
        } catch ServiceError.validation(let errors) {
            return try await userPage(request, context, values: pages.errorValues(errors, context.language), status: .unprocessableContent)
        } catch ServiceError.conflict {
            return try await userPage(request, context, values: ["conflict": true], status: .conflict)
        }
    }

    @Sendable func disable(_ request: Request, context: KefuRequestContext) async throws -> Response {
        try await setActive(request, context, false)
    }

    @Sendable func enable(_ request: Request, context: KefuRequestContext) async throws -> Response {
        try await setActive(request, context, true)
    }

    private func setActive(_ request: Request, _ context: KefuRequestContext, _ active: Bool) async throws -> Response {
        let principal = try context.requirePrincipal()
        let id = try context.parameters.require("id", as: Int64.self)
        do {
            _ = try await services.users.setActive(id: id, active, by: principal)
        } catch ServiceError.validation(let errors) {
            return try await userPage(request, context, values: pages.errorValues(errors, context.language), status: .unprocessableContent)
        }
        return pages.redirect(to: "/admin/users/\(id)", flash: active ? "flash.user_enabled" : "flash.user_disabled")
    }

    @Sendable func resetPassword(_ request: Request, context: KefuRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        let id = try context.parameters.require("id", as: Int64.self)
        let password = try await services.users.resetPassword(id: id, to: nil, by: principal)
        return try await userPage(request, context, values: ["new_password": password])
    }

    private func usersPage(_ request: Request, _ context: KefuRequestContext, values: [String: Any], status: HTTPResponse.Status = .ok) async throws -> Response {
        let principal = try context.requirePrincipal()
        let paging = try Paging(request)
        let query = request.uri.queryParameters["q"].map(String.init)
        let role = request.uri.queryParameters["role"].flatMap { Role(rawValue: String($0)) }
        let result = try await services.users.list(role: role, query: query, limit: paging.limit, offset: paging.offset, by: principal)
        let language = context.language
        return pages.render(
            "admin/users", titleKey: "admin.users.title",
            values: values + [
                "users": result.users.map { userRow($0, language) },
                "total": result.total,
                "q": query ?? "",
                "can_manage": principal.can(.usersManage),
                "roles": choices(Role.allCases.map(\.rawValue), prefix: "role", selected: role?.rawValue, language),
                "new_roles": choices(Role.allCases.map(\.rawValue), prefix: "role", selected: "agent", language),
                "departments": choices(Department.allCases.map(\.rawValue), prefix: "department", selected: nil, language),
                "levels": choices(StaffLevel.allCases.map(\.rawValue), prefix: "level", selected: "junior", language),
                "pager": Pager(total: result.total, paging: paging, path: request.uri.path, query: ["q": query, "role": role?.rawValue]).values,
                "password_min": services.settings.passwordPolicy.minimumLength,
            ],
            request: request, context: context, status: status, area: "admin")
    }

    private func userPage(_ request: Request, _ context: KefuRequestContext, values: [String: Any], status: HTTPResponse.Status = .ok) async throws -> Response {
        let principal = try context.requirePrincipal()
        try principal.require(.usersView)
        let id = try context.parameters.require("id", as: Int64.self)
        let user = try await services.users.get(id: id, by: principal)
        let language = context.language
        let history = principal.can(.eventsView)
            ? try await services.events.list(EventFilter(entity: "user", entityID: "\(id)"), limit: 20, by: principal).events : []
        let formatter = TimeFormatter(language: language)
        return pages.render(
            "admin/user", titleKey: "admin.user.title",
            values: values + [
                "user": userRow(user, language) + ["version": user.version],
                "can_manage": principal.can(.usersManage),
                "roles": choices(Role.allCases.map(\.rawValue), prefix: "role", selected: user.role.rawValue, language),
                "departments": choices(Department.allCases.map(\.rawValue), prefix: "department", selected: user.department?.rawValue, language),
                "levels": choices(StaffLevel.allCases.map(\.rawValue), prefix: "level", selected: user.level.rawValue, language),
                "languages": choices(Language.allCases.map(\.rawValue), prefix: "language", selected: user.language?.rawValue, language),
                "history": history.map { EventRow($0, formatter: formatter, catalog: pages.catalog, language: language).values },
            ],
            request: request, context: context, status: status, area: "admin")
    }

    private func userRow(_ user: User, _ language: Language) -> [String: Any] {
        [
            "id": user.id, "login": user.login, "display_name": user.displayName,
            "role": pages.catalog.text("role.\(user.role.rawValue)", language),
            "department": user.department.map { pages.catalog.text("department.\($0.rawValue)", language) } ?? "",
            "team": user.team ?? "", "level": pages.catalog.text("level.\(user.level.rawValue)", language),
            "active": user.active,
        ]
    }

    private func choices(_ values: [String], prefix: String, selected: String?, _ language: Language) -> [[String: Any]] {
        values.map { ["value": $0, "label": pages.catalog.text("\(prefix).\($0)", language), "selected": $0 == selected] }
    }

    // MARK: Events

    @Sendable func events(_ request: Request, context: KefuRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        let query = try EventQuery(request)
        let result = try await services.events.list(query.filter, beforeID: query.beforeID, limit: query.limit, by: principal)
        let language = context.language
        let formatter = TimeFormatter(language: language)
        var nextLink = ""
        if result.events.count == query.limit, let last = result.events.last {
            nextLink = Pager.link(path: request.uri.path, query: query.parameters + ["before_id": "\(last.id)"])
        }
        return pages.render(
            "admin/events", titleKey: "admin.events.title",
            values: [
                "events": result.events.map { EventRow($0, formatter: formatter, catalog: pages.catalog, language: language).values },
                "total": result.total,
                "kinds": EventKind.all.map { ["value": $0, "label": pages.catalog.text("event.\($0)", language), "selected": $0 == query.filter.kind] },
                "entity": query.filter.entity ?? "", "entity_id": query.filter.entityID ?? "",
                "since": query.parameters["since"] ?? "", "until": query.parameters["until"] ?? "",
                "next": nextLink,
            ],
            request: request, context: context, area: "admin")
    }

    // MARK: Tokens

    @Sendable func tokens(_ request: Request, context: KefuRequestContext) async throws -> Response {
        try await tokensPage(request, context, values: [:])
    }

    struct TokenForm: Decodable {
        var login: String?
        var name: String?
        var expiresInDays: Int?
        enum CodingKeys: String, CodingKey { case login, name, expiresInDays = "expires_in_days" }
    }

    @Sendable func createToken(_ request: Request, context: KefuRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        try principal.require(.tokensManage)
        var request = request
        let form = try await request.decodeForm(TokenForm.self, context: context)
        do {
            guard let owner = try? await services.users.find(login: form.login ?? "", by: principal) else {
                throw ServiceError.validation([FieldError(field: "login", code: "error.unknown_user")])
            }
            let issued = try await services.auth.createToken(
                for: owner.id, name: form.name ?? "", expiresIn: form.expiresInDays.map { TimeInterval($0) * 86400 }, by: principal)
            return try await tokensPage(request, context, values: ["new_token": issued.secret])
        } catch ServiceError.validation(let errors) {
            return try await tokensPage(request, context, values: pages.errorValues(errors, context.language), status: .unprocessableContent)
        }
    }

    @Sendable func revokeToken(_ request: Request, context: KefuRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        let id = try context.parameters.require("id", as: Int64.self)
        try await services.auth.revokeToken(id: id, by: principal)
        return pages.redirect(to: "/admin/tokens", flash: "flash.token_revoked")
    }

    private func tokensPage(_ request: Request, _ context: KefuRequestContext, values: [String: Any], status: HTTPResponse.Status = .ok) async throws -> Response {
        let principal = try context.requirePrincipal()
        let tokens = try await services.auth.listTokens(userID: nil, by: principal)
        let owners = try await services.users.list(limit: 200, by: principal).users
        let logins = Dictionary(uniqueKeysWithValues: owners.map { ($0.id, $0.login) })
        let language = context.language
        let formatter = TimeFormatter(language: language)
        return pages.render(
            "admin/tokens", titleKey: "admin.tokens.title",
            values: values + [
                "tokens": tokens.map { TokenRow($0, formatter: formatter, catalog: pages.catalog, language: language, owner: logins[$0.userID] ?? "#\($0.userID)").values },
                "has_tokens": !tokens.isEmpty,
            ],
            request: request, context: context, status: status, area: "admin")
    }
}
