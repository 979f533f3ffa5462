import Foundation
import Hummingbird
import KefuDomain
import KefuServices

/// `/api/v1/me` and `/api/v1/users`.
struct UserAPIController {
    let services: Services

    func addRoutes(to router: Router<KefuRequestContext>) {
        router.get("api/v1/me", use: me)
        router.patch("api/v1/me", use: updateMe)
        router.post("api/v1/me/password", use: changePassword)
        router.get("api/v1/users", use: list)
        router.post("api/v1/users", use: create)
        router.get("api/v1/users/:id", use: show)
        router.patch("api/v1/users/:id", use: update)
        router.post("api/v1/users/:id/disable", use: disable)
        router.post("api/v1/users/:id/enable", use: enable)
        router.post("api/v1/users/:id/reset-password", use: resetPassword)
    }

    @Sendable func me(_ request: Request, context: KefuRequestContext) throws -> Response {
        guard let user = try context.requirePrincipal().user else { throw ServiceError.unauthenticated }
        return try KefuJSON.response(UserJSON(user, withPermissions: true))
    }

    struct Changes: Decodable {
        var displayName: String?
        var role: String?
        var department: String?
        var team: String?
        var level: String?
        var language: String?
        /// The version the caller read; a stale one is refused with 409.
        var version: Int64?
    }

    @Sendable func updateMe(_ request: Request, context: KefuRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        guard let user = principal.user else { throw ServiceError.unauthenticated }
        return try await apply(request, context, id: user.id, principal: principal)
    }

    struct PasswordChange: Decodable {
        var currentPassword: String?
        var newPassword: String?
    }

    @Sendable func changePassword(_ request: Request, context: KefuRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        var request = request
        let body = try await request.decodeJSON(PasswordChange.self, context: context)
        try await services.auth.changePassword(current: body.currentPassword ?? "", new: body.newPassword ?? "",
                                               keepSession: context.session?.id, by: principal)
        return Response(status: .noContent)
    }

    @Sendable func list(_ request: Request, context: KefuRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        let paging = try Paging(request)
        let query = request.uri.queryParameters
        var errors: [FieldError] = []
        let role = parse(query["role"].map(String.init), as: Role.self, field: "role", into: &errors)
        guard errors.isEmpty else { throw RequestError.badParameter(errors[0]) }
        let result = try await services.users.list(
            role: role, activeOnly: query["active"] == "true", query: query["q"].map(String.init),
            limit: paging.limit, offset: paging.offset, by: principal)
        return try KefuJSON.response(ListPage(items: result.users.map { UserJSON($0) }, total: result.total, limit: paging.limit, offset: paging.offset))
    }

    struct NewUser: Decodable {
        var login: String?
        var displayName: String?
        var role: String?
        var department: String?
        var team: String?
        var level: String?
        var language: String?
        var password: String?
    }

    @Sendable func create(_ request: Request, context: KefuRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        try principal.require(.usersManage)
        var request = request
        let body = try await request.decodeJSON(NewUser.self, context: context)
        var errors: [FieldError] = []
        let draft = UserDraft(
            login: body.login ?? "", displayName: body.displayName ?? "",
            role: parse(body.role, as: Role.self, field: "role", into: &errors),
            department: parse(body.department, as: Department.self, field: "department", into: &errors),
            team: body.team, level: parse(body.level, as: StaffLevel.self, field: "level", into: &errors),
            language: parse(body.language, as: Language.self, field: "language", into: &errors),
            password: body.password ?? "").normalized()
        var problems = draft.problems(policy: services.settings.passwordPolicy)
        problems.removeAll { problem in problem.field == "role" && errors.contains { $0.field == "role" } }
        errors += problems
        guard errors.isEmpty else { throw ServiceError.validation(errors) }
        let user = try await services.users.create(draft, by: principal)
        return try KefuJSON.response(UserJSON(user), status: .created, headers: [.location: "/api/v1/users/\(user.id)"])
    }

    @Sendable func show(_ request: Request, context: KefuRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        let id = try context.parameters.require("id", as: Int64.self)
        let user = try await services.users.get(id: id, by: principal)
        return try KefuJSON.response(UserJSON(user), headers: [.eTag: "\"\(user.version)\""])
    }

    @Sendable func update(_ request: Request, context: KefuRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        let id = try context.parameters.require("id", as: Int64.self)
        return try await apply(request, context, id: id, principal: principal)
    }

    private func apply(_ request: Request, _ context: KefuRequestContext, id: Int64, principal: Principal) async throws -> Response {
        var request = request
        let body = try await request.decodeJSON(Changes.self, context: context)
        var errors: [FieldError] = []
        let changes = UserChanges(
            displayName: body.displayName, role: parse(body.role, as: Role.self, field: "role", into: &errors),
            department: parse(body.department, as: Department.self, field: "department", into: &errors), team: body.team,
            level: parse(body.level, as: StaffLevel.self, field: "level", into: &errors),
            language: parse(body.language, as: Language.self, field: "language", into: &errors))
        guard errors.isEmpty else { throw ServiceError.validation(errors) }
        let version = body.version ?? request.ifMatchVersion
        let user = try await services.users.update(id: id, changes, expectedVersion: version, by: principal)
        return try KefuJSON.response(UserJSON(user), headers: [.eTag: "\"\(user.version)\""])
    }

    @Sendable func disable(_ request: Request, context: KefuRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        let id = try context.parameters.require("id", as: Int64.self)
        return try KefuJSON.response(UserJSON(try await services.users.setActive(id: id, false, by: principal)))
    }

    @Sendable func enable(_ request: Request, context: KefuRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        let id = try context.parameters.require("id", as: Int64.self)
        return try KefuJSON.response(UserJSON(try await services.users.setActive(id: id, true, by: principal)))
    }

    struct Reset: Decodable { var password: String? }

    @Sendable func resetPassword(_ request: Request, context: KefuRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        let id = try context.parameters.require("id", as: Int64.self)
        var request = request
        // The body is optional: without one a password is generated.
        let body = try await request.decodeOptionalJSON(Reset.self, context: context, empty: Reset())
        let password = try await services.users.resetPassword(id: id, to: body.password, by: principal)
        struct Result: Encodable { var password: String }
        return try KefuJSON.response(Result(password: password))
    }
}
