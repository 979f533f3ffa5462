import Foundation
import Hummingbird
import KefuDomain
import KefuServices

/// `POST /api/v1/auth/token` and API-token management.
struct AuthAPIController {
    let services: Services

    func addRoutes(to router: Router<KefuRequestContext>) {
        router.post("api/v1/auth/token", use: issue)
        router.get("api/v1/tokens", use: list)
        router.post("api/v1/tokens", use: create)
        router.delete("api/v1/tokens/:id", use: revoke)
    }

    struct Credentials: Decodable {
        var login: String?
        var password: String?
        var name: String?
        /// Seconds until the token expires; none means it lasts until revoked.
        var expiresIn: Int?
    }

    struct IssuedJSON: Encodable {
        var token: String
        var tokenType = "Bearer"
        var id: Int64
        var name: String
        var prefix: String
        var expiresAt: Date?
        var user: UserJSON?
    }

    @Sendable func issue(_ request: Request, context: KefuRequestContext) async throws -> Response {
        var request = request
        let body = try await request.decodeJSON(Credentials.self, context: context)
        var errors: [FieldError] = []
        if (body.login ?? "").isEmpty { errors.append(FieldError(field: "login", code: "error.required")) }
        if (body.password ?? "").isEmpty { errors.append(FieldError(field: "password", code: "error.required")) }
        guard errors.isEmpty else { throw ServiceError.validation(errors) }
        let issued = try await services.auth.issueToken(
            login: body.login!, password: body.password!, name: body.name, expiresIn: body.expiresIn.map(TimeInterval.init),
            address: context.address)
        let user = try await services.users.get(id: issued.token.userID, by: Principal(user: nil, channel: .system))
        return try KefuJSON.response(
            IssuedJSON(token: issued.secret, id: issued.token.id, name: issued.token.name, prefix: issued.token.prefix,
                       expiresAt: issued.token.expiresAt, user: UserJSON(user, withPermissions: true)),
            status: .created)
    }

    @Sendable func list(_ request: Request, context: KefuRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        var userID = principal.user?.id
        if let text = request.uri.queryParameters["user_id"] {
            guard let id = Int64(String(text)) else { throw RequestError.badParameter(FieldError(field: "user_id", code: "error.wrong_type")) }
            userID = id
        } else if request.uri.queryParameters["all"] == "true" {
            userID = nil
        }
        let tokens = try await services.auth.listTokens(userID: userID, by: principal)
        return try KefuJSON.response(ListPage(items: tokens, total: tokens.count, limit: tokens.count))
    }

    struct NewToken: Decodable {
        var userId: Int64?
        var name: String?
        var expiresIn: Int?
    }

    @Sendable func create(_ request: Request, context: KefuRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        var request = request
        let body = try await request.decodeJSON(NewToken.self, context: context)
        guard let userID = body.userId ?? principal.user?.id else {
            throw ServiceError.validation([FieldError(field: "user_id", code: "error.required")])
        }
        let issued = try await services.auth.createToken(
            for: userID, name: body.name ?? "", expiresIn: body.expiresIn.map(TimeInterval.init), by: principal)
        return try KefuJSON.response(
            IssuedJSON(token: issued.secret, id: issued.token.id, name: issued.token.name, prefix: issued.token.prefix,
                       expiresAt: issued.token.expiresAt),
            status: .created)
    }

    @Sendable func revoke(_ request: Request, context: KefuRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        let id = try context.parameters.require("id", as: Int64.self)
        try await services.auth.revokeToken(id: id, by: principal)
        return Response(status: .noContent)
    }
}
