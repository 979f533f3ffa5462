import Foundation
import Hummingbird
import KefuDomain
import KefuServices

/// One's own account: language, password, personal API tokens.
struct AccountController {
    let services: Services
    let pages: Pages

    func addRoutes(to router: Router<KefuRequestContext>) {
        router.get("account", use: show)
        router.post("account/password", use: changePassword)
        router.post("account/tokens", use: createToken)
        router.post("account/tokens/:id/revoke", use: revokeToken)
    }

    @Sendable func show(_ request: Request, context: KefuRequestContext) async throws -> Response {
        try await page(request, context, values: [:])
    }

    struct PasswordForm: Decodable {
        var currentPassword: String?
        var newPassword: String?
        var confirmPassword: String?

        enum CodingKeys: String, CodingKey {
            case currentPassword = "current_password", newPassword = "new_password", confirmPassword = "confirm_password"
        }
    }

    @Sendable func changePassword(_ request: Request, context: KefuRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        var request = request
        let form = try await request.decodeForm(PasswordForm.self, context: context)
        do {
            if form.newPassword != form.confirmPassword {
                throw ServiceError.validation([FieldError(field: "confirm_password", code: "error.password_mismatch")])
            }
            try await services.auth.changePassword(current: form.currentPassword ?? "", new: form.newPassword ?? "",
                                                   keepSession: context.session?.id, by: principal)
            return pages.redirect(to: "/account", flash: "flash.password_changed")
        } catch ServiceError.validation(let errors) {
            return try await page(request, context, values: pages.errorValues(errors, context.language), status: .unprocessableContent)
        }
    }

    struct TokenForm: Decodable {
        var name: String?
        var expiresInDays: Int?
        enum CodingKeys: String, CodingKey { case name, expiresInDays = "expires_in_days" }
    }

    @Sendable func createToken(_ request: Request, context: KefuRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        guard let user = principal.user else { throw ServiceError.unauthenticated }
        var request = request
        let form = try await request.decodeForm(TokenForm.self, context: context)
        do {
            let issued = try await services.auth.createToken(
                for: user.id, name: form.name ?? "", expiresIn: form.expiresInDays.map { TimeInterval($0) * 86400 }, by: principal)
            return try await page(request, context, values: ["new_token": issued.secret])
        } catch ServiceError.validation(let errors) {
            return try await page(request, context, values: pages.errorValues(errors, context.language), status: .unprocessableContent)
        }
    }

    @Sendable func revokeToken(_ request: Request, context: KefuRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        let id = try context.parameters.require("id", as: Int64.self)
        try await services.auth.revokeToken(id: id, by: principal)
        return pages.redirect(to: "/account", flash: "flash.token_revoked")
    }

    private func page(_ request: Request, _ context: KefuRequestContext, values: [String: Any], status: HTTPResponse.Status = .ok) async throws -> Response {
        let principal = try context.requirePrincipal()
        guard let user = principal.user else { throw ServiceError.unauthenticated }
        let language = context.language
        let formatter = TimeFormatter(language: language)
        let tokens = try await services.auth.listTokens(userID: user.id, by: principal)
        return pages.render(
            "account", titleKey: "account.title",
            values: values + [
                "user": ["display_name": user.displayName, "login": user.login, "team": user.team ?? "",
                         "role": pages.catalog.text("role.\(user.role.rawValue)", language),
                         "level": pages.catalog.text("level.\(user.level.rawValue)", language)],
                "tokens": tokens.map { TokenRow($0, formatter: formatter, catalog: pages.catalog, language: language).values },
                "has_tokens": !tokens.isEmpty,
                "password_min": services.settings.passwordPolicy.minimumLength,
            ],
            request: request, context: context)
    }
}

/// An API token as a table row.
struct TokenRow {
    let values: [String: Any]

    init(_ token: APIToken, formatter: TimeFormatter, catalog: Catalog, language: Language, owner: String? = nil) {
        values = [
            "id": token.id, "name": token.name, "prefix": token.prefix, "owner": owner ?? "",
            "created_at": formatter.string(token.createdAt),
            "expires_at": token.expiresAt.map(formatter.string) ?? catalog.text("token.never", language),
            "last_used_at": token.lastUsedAt.map(formatter.string) ?? "—",
            "revoked": token.revokedAt != nil,
            "revoked_at": token.revokedAt.map(formatter.string) ?? "",
        ]
    }
}
