import Foundation
import Hummingbird
import KefuServices

/// Every unsafe request made with a session cookie must carry the session's CSRF token, as the `_csrf` form
/// field or the `X-CSRF-Token` header. Before sign-in (the login form) the token is a double-submit cookie.
/// Bearer-token requests carry no ambient credential and need no token.
struct CSRFMiddleware: RouterMiddleware {
    typealias Context = KefuRequestContext
    static let preSessionCookie = "kefu_csrf"

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard ![.get, .head, .options].contains(request.method), context.principal?.channel != .token else {
            return try await next(request, context)
        }
        let isAPI = request.uri.path.hasPrefix("/api/")
        // API calls without any cookie credential are judged by the identity rules alone.
        if isAPI, context.session == nil { return try await next(request, context) }
        guard let expected = context.session?.csrfToken ?? request.cookies[Self.preSessionCookie]?.value, !expected.isEmpty else {
            throw RequestError.csrf
        }
        var request = request
        var presented = request.headers[.xCSRFToken]
        if presented == nil, request.headers[.contentType]?.hasPrefix("application/x-www-form-urlencoded") == true {
            let body = try await request.collectBody(upTo: context.maxUploadSize)
            presented = Self.formValue("_csrf", in: String(buffer: body))
        }
        guard let presented, Secrets.constantTimeEquals(presented, expected) else { throw RequestError.csrf }
        return try await next(request, context)
    }

    static func formValue(_ name: String, in body: String) -> String? {
        for pair in body.split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1)
            if parts.first == Substring(name) {
                return parts.count > 1 ? String(parts[1]).replacingOccurrences(of: "+", with: " ").removingPercentEncoding : ""
            }
        }
        return nil
    }
}
