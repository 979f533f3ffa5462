import Hummingbird
import KefuDomain
import KefuServices

/// Puts the counts people act on next to the navigation of every page: orders waiting for review for those
/// who review, and everyone's unread notifications (one indexed count). Counts come from the order service's short-lived cache, so a busy page costs no extra scans.
struct NavigationBadgesMiddleware: RouterMiddleware {
    typealias Context = KefuRequestContext
    let services: Services

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var context = context
        if request.method == .get, !request.uri.path.hasPrefix("/api/"), !request.uri.path.hasPrefix("/static/"),
           let principal = context.principal, principal.can(.ordersReview),
           let counts = try? await services.orders.counts(by: principal) {
            context.navigationBadges["orders"] = counts[.review]
        }
        if request.method == .get, !request.uri.path.hasPrefix("/api/"), !request.uri.path.hasPrefix("/static/"),
           let principal = context.principal, principal.user != nil,
           let unread = try? await services.tickets.unreadNotifications(by: principal) {
            context.navigationBadges["notifications"] = unread
        }
        return try await next(request, context)
    }
}
