import HTTPTypes
import Foundation
import Hummingbird
import KefuDomain
import KefuServices

/// Works out who is asking (bearer token or session cookie), from where, and in which language.
struct IdentityMiddleware: RouterMiddleware {
    typealias Context = KefuRequestContext
    let services: Services
    let configuration: HTTPConfiguration

    static let sessionCookie = "kefu_session"
    static let languageCookie = "kefu_lang"
    static let anonymousPrefixes = ["/health", "/ready", "/metrics", "/static/", "/api/v1/openapi.json"]

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var context = context
        context.address = clientAddress(request, context)
        // Probes and static files need no identity; a stray header must not turn them into errors.
        if Self.anonymousPrefixes.contains(where: request.uri.path.hasPrefix) {
            return try await next(request, context)
        }
        if let authorization = request.headers[.authorization] {
            guard authorization.lowercased().hasPrefix("bearer "),
                  let principal = try await services.auth.principal(bearer: String(authorization.dropFirst(7)).trimmingCharacters(in: .whitespaces),
                                                                    address: context.address)
            else {
                // A presented but unusable credential is an error, never a silent downgrade to anonymous.
                throw ServiceError.unauthenticated
            }
            context.principal = principal
        } else if let cookie = request.cookies[Self.sessionCookie]?.value,
                  let session = try await services.auth.session(token: cookie, address: context.address) {
            context.session = session
            context.principal = session.principal
        }
        context.language = context.principal?.user?.language
            ?? request.cookies[Self.languageCookie].flatMap { Language(rawValue: $0.value) }
            ?? Language.negotiate(acceptLanguage: request.headers[.acceptLanguage])
        return try await next(request, context)
    }

    private func clientAddress(_ request: Request, _ context: Context) -> String {
        if configuration.trustForwardedFor, let forwarded = request.headers[.xForwardedFor]?.split(separator: ",").first {
            return forwarded.trimmingCharacters(in: .whitespaces)
        }
        return context.remoteAddress?.ipAddress ?? "unknown"
    }
}

extension HTTPField.Name {
    static let xForwardedFor = Self("X-Forwarded-For")!
    static let xCSRFToken = Self("X-CSRF-Token")!
}
