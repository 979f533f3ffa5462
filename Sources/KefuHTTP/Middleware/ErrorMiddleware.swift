import Foundation
import Hummingbird
import KefuDomain
import KefuServices
import Logging

/// Turns every error into one response (``IdentityMiddleware`` uses the same rendering for its own errors): a problem document under `/api/`, a page (or a redirect to sign-in)
/// elsewhere. Internal errors are logged with the request id and shown without detail.
struct ErrorMiddleware: RouterMiddleware {
    typealias Context = KefuRequestContext
    let pages: Pages
    let clock: any Clock

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch {
            return render(error, request: request, context: context)
        }
    }

    /// The response for `error`, in the language of `context`.
    func render(_ error: any Error, request: Request, context: Context) -> Response {
        let failure = Failure(error, clock: clock)
        if failure.isInternal {
            context.logger.error("request failed", metadata: ["error": "\(String(reflecting: error))", "path": "\(request.uri.path)"])
        }
        if request.uri.path.hasPrefix("/api/") {
            return failure.problem(pages.catalog, context.language).response(headers: failure.headers)
        }
        if failure.status == .unauthorized, request.method == .get {
            let next = request.uri.path == "/" ? "" : "?next=" + (request.uri.path.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")
            return pages.redirect(to: "/login" + next)
        }
        var response = pages.render(
            "error", titleKey: failure.titleKey,
            values: [
                "status": Int(failure.status.code),
                "message": pages.catalog.text(failure.titleKey, context.language),
                "detail": failure.isInternal ? nil : failure.detail as Any?,
                "request_id": context.id,
            ] as [String: Any] + pages.errorValues(failure.fieldErrors, context.language),
            request: request, context: context, status: failure.status
        )
        response.headers.append(contentsOf: failure.headers)
        return response
    }
}

func + (lhs: [String: Any], rhs: [String: Any]) -> [String: Any] {
    lhs.merging(rhs) { _, new in new }
}
