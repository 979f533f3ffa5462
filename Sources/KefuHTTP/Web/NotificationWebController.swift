import Foundation
import Hummingbird
import KefuDomain
import KefuServices

/// `/notifications`: what was addressed to the signed-in person — a major complaint for managers (R-TKT-6), a
/// solution waiting for approval, an assignment, an SLA clock at risk or breached (R-TKT-4), a department's answer.
/// The unread count sits next to the navigation entry.
struct NotificationWebController {
    let services: Services
    let pages: Pages

    func addRoutes(to router: Router<KefuRequestContext>) {
        router.get("notifications", use: index)
        router.get("notifications/:id", use: open)
        router.post("notifications/read", use: markAll)
    }

    @Sendable func index(_ request: Request, context: KefuRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        let notifications = try await services.tickets.notifications(limit: 100, by: principal)
        let formatter = TimeFormatter(language: context.language, timeZone: services.timeZone)
        let catalog = pages.catalog
        let items = notifications.map { notification -> [String: Any] in
            let key = "notification." + notification.kind
            return ["id": notification.id, "kind": catalog.has(key) ? catalog.text(key, context.language) : notification.kind,
                    "summary": notification.summary, "at": formatter.string(notification.at), "unread": notification.readAt == nil]
        }
        return pages.render("notifications", titleKey: "notifications.title",
                            values: ["notifications": items, "has_unread": notifications.contains { $0.readAt == nil }],
                            request: request, context: context, area: "notifications")
    }

    /// Marks one read and goes to what it is about.
    @Sendable func open(_ request: Request, context: KefuRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        let notification = try await services.tickets.openNotification(id: try context.parameters.require("id", as: Int64.self), by: principal)
        let target = notification.entity == "ticket" ? "/tickets/\(notification.entityID)" : "/notifications"
        return pages.redirect(to: target)
    }

    @Sendable func markAll(_ request: Request, context: KefuRequestContext) async throws -> Response {
        try await services.tickets.markNotificationsRead(ids: nil, by: try context.requirePrincipal())
        return pages.redirect(to: "/notifications", flash: "flash.notifications_read")
    }
}
