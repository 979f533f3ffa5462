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
    let errors: ErrorMiddleware

    static let sessionCookie = "kefu_session"
    static let languageCookie = "kefu_lang"
    static let anonymousPrefixes = ["/health", "/ready", "/metrics", "/static/", "/api/v1/openapi.json"]
    /// The customers' own pages (web form, status page, rating): nobody signs in there, and a staff member's
    /// session is not used on them, so their forms always carry the double-submit token.
    static let customerPaths = ["/support", "/satisfaction"]

    static func isCustomerPage(_ path: String) -> Bool {
        customerPaths.contains { path == $0 || path.hasPrefix($0 + "/") }
    }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var context = context
        context.address = clientAddress(request, context)
        context.language = Self.requestLanguage(request)
        // Probes, static files and the customers' pages need no identity; a stray header must not turn them into errors.
        if Self.anonymousPrefixes.contains(where: request.uri.path.hasPrefix) || Self.isCustomerPage(request.uri.path) {
            return try await next(request, context)
        }
        do {
            try await identify(request, &context)
        } catch {
            return errors.render(error, request: request, context: context)
        }
        context.language = context.principal?.user?.language ?? context.language
        return try await next(request, context)
    }

    /// Sets the principal from a bearer token or a session cookie. A presented but unusable token is an error,
    /// never a silent downgrade to anonymous.
    private func identify(_ request: Request, _ context: inout Context) async throws {
        if let authorization = request.headers[.authorization] {
            guard authorization.lowercased().hasPrefix("bearer "),
                  let principal = try await services.auth.principal(bearer: String(authorization.dropFirst(7)).trimmingCharacters(in: .whitespaces),
                                                                    address: context.address)
            else { throw ServiceError.unauthenticated }
            context.principal = principal
        } else if let cookie = request.cookies[Self.sessionCookie]?.value,
                  let session = try await services.auth.session(token: cookie, address: context.address) {
            context.session = session
            context.principal = session.principal
        }
    }

    /// The language before knowing who asks: the language cookie, else `Accept-Language`.
    static func requestLanguage(_ request: Request) -> Language {
        request.cookies[languageCookie].flatMap { Language(rawValue: $0.value) }
            ?? Language.negotiate(acceptLanguage: request.headers[.acceptLanguage])
    }

    private func clientAddress(_ request: Request, _ context: Context) -> String {
        if configuration.trustForwardedFor, let forwarded = request.headers[.xForwardedFor]?.split(separator: ",").first {
            return forwarded.trimmingCharacters(in: .whitespaces)
        }
        return context.remoteAddress?.ipAddress ?? "unknown"
    }
}

extension HTTPField.Name {
    public static let xForwardedFor = Self("X-Forwarded-For")!
    public static let xCSRFToken = Self("X-CSRF-Token")!
}
