import Foundation
import Hummingbird
import KefuDomain
import KefuServices

/// Sign-in and sign-out pages.
struct WebAuthController {
    let services: Services
    let pages: Pages

    func addRoutes(to router: Router<KefuRequestContext>) {
        router.get("login", use: showLogin)
        router.post("login", use: login)
        router.post("logout", use: logout)
        router.post("language", use: switchLanguage)
    }

    struct LoginForm: Decodable {
        var login: String?
        var password: String?
        var next: String?
    }

    @Sendable func showLogin(_ request: Request, context: KefuRequestContext) -> Response {
        if context.principal != nil { return pages.redirect(to: "/") }
        return loginPage(request, context, login: "", next: request.uri.queryParameters["next"].map(String.init) ?? "", errorKey: nil)
    }

    @Sendable func login(_ request: Request, context: KefuRequestContext) async throws -> Response {
        var request = request
        let form = try await request.decodeForm(LoginForm.self, context: context)
        let login = form.login ?? ""
        do {
            let session = try await services.auth.signIn(
                login: login, password: form.password ?? "", address: context.address, userAgent: request.headers[.userAgent])
            var response = pages.redirect(to: Self.safeNext(form.next))
            response.setCookie(.init(
                name: IdentityMiddleware.sessionCookie, value: session.token, expires: session.expiresAt, path: "/",
                secure: pages.secureCookies, httpOnly: true, sameSite: .lax))
            response.setCookie(.init(name: CSRFMiddleware.preSessionCookie, value: "", maxAge: 0, path: "/", secure: pages.secureCookies, httpOnly: true, sameSite: .lax))
            return response
        } catch ServiceError.badCredentials {
            return loginPage(request, context, login: login, next: form.next ?? "", errorKey: "login.failed", status: .unauthorized)
        } catch ServiceError.throttled(let until) {
            var response = loginPage(request, context, login: login, next: form.next ?? "", errorKey: "login.throttled", status: .tooManyRequests)
            response.headers[.retryAfter] = "\(max(1, Int(until.timeIntervalSince(services.clock.now).rounded(.up))))"
            return response
        }
    }

    @Sendable func logout(_ request: Request, context: KefuRequestContext) async throws -> Response {
        if let session = context.session { try await services.auth.signOut(session) }
        var response = pages.redirect(to: "/login", flash: "flash.signed_out")
        response.setCookie(.init(name: IdentityMiddleware.sessionCookie, value: "", maxAge: 0, path: "/", secure: pages.secureCookies, httpOnly: true, sameSite: .lax))
        return response
    }

    struct LanguageForm: Decodable {
        var language: String?
        var back: String?
    }

    /// Switches the page language; for a signed-in person it is saved as their preference.
    @Sendable func switchLanguage(_ request: Request, context: KefuRequestContext) async throws -> Response {
        var request = request
        let form = try await request.decodeForm(LanguageForm.self, context: context)
        guard let language = form.language.flatMap(Language.init(rawValue:)) else {
            throw RequestError.badParameter(FieldError(field: "language", code: "error.unknown_value"))
        }
        if let principal = context.principal, let user = principal.user {
            _ = try await services.users.update(id: user.id, UserChanges(language: language), expectedVersion: nil, by: principal)
        }
        var response = pages.redirect(to: Self.safeNext(form.back))
        response.setCookie(.init(name: IdentityMiddleware.languageCookie, value: language.rawValue, maxAge: 365 * 86400, path: "/",
                                 secure: pages.secureCookies, httpOnly: true, sameSite: .lax))
        return response
    }

    private func loginPage(_ request: Request, _ context: KefuRequestContext, login: String, next: String, errorKey: String?,
                           status: HTTPResponse.Status = .ok) -> Response {
        // Double-submit token for the login form, which is posted before any session exists.
        let token = request.cookies[CSRFMiddleware.preSessionCookie]?.value ?? Secrets.random(bytes: 24)
        var context = context
        context.session = nil
        var values: [String: Any] = ["login_value": login, "next": next, "login_csrf": token]
        if let errorKey { values["error"] = pages.catalog.text(errorKey, context.language) }
        var response = pages.render("login", titleKey: "login.title", values: values, request: request, context: context, status: status)
        response.setCookie(.init(name: CSRFMiddleware.preSessionCookie, value: token, maxAge: 3600, path: "/",
                                 secure: pages.secureCookies, httpOnly: true, sameSite: .lax))
        return response
    }

    /// Only local paths are followed after sign-in, never another site.
    static func safeNext(_ next: String?) -> String {
        // Browsers drop tabs and newlines from URLs, so "/\t/evil" would become "//evil": refuse any of them.
        guard let next, next.hasPrefix("/"), !next.hasPrefix("//"), !next.contains("\\"),
              !next.unicodeScalars.contains(where: { CharacterSet.whitespacesAndNewlines.union(.controlCharacters).contains($0) })
        else { return "/" }
        return next
    }
}
