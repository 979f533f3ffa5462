import Foundation
import Hummingbird
import KefuDomain
import KefuServices

/// "My work": the first page after sign-in.
struct HomeController {
    let services: Services
    let pages: Pages

    func addRoutes(to router: Router<KefuRequestContext>) {
        router.get("/", use: home)
    }

    @Sendable func home(_ request: Request, context: KefuRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        guard let user = principal.user else { throw ServiceError.unauthenticated }
        let language = context.language
        let recent = try await services.events.recent(by: principal)
        let formatter = TimeFormatter(language: language)
        return pages.render(
            "home", titleKey: "home.title",
            values: [
                "greeting": pages.catalog.text("home.greeting", language, ["name": user.displayName]),
                "team": user.team ?? "",
                "level": pages.catalog.text("level.\(user.level.rawValue)", language),
                "permissions": user.permissions.sorted().map { pages.catalog.text("permission.\($0.rawValue)", language) },
                "recent": recent.map { event -> [String: Any] in
                    ["at": formatter.string(event.at), "kind": pages.catalog.text("event.\(event.kind)", language),
                     "entity": event.entity, "entity_id": event.entityID ?? ""]
                },
                "has_recent": !recent.isEmpty,
            ],
            request: request, context: context, area: "home")
    }
}

/// Shows instants in the business time zone (default Asia/Shanghai), the way people read them.
struct TimeFormatter {
    let formatter: DateFormatter

    init(language: Language, timeZone: TimeZone = TimeZone(identifier: ProcessInfo.processInfo.environment["KEFU_TIME_ZONE"] ?? "Asia/Shanghai") ?? .current) {
        formatter = DateFormatter()
        formatter.timeZone = timeZone
        formatter.locale = Locale(identifier: language == .zhHans ? "zh_CN" : "en_GB")
        formatter.dateFormat = "yyyy-MM-dd HH:mm:ss"
    }

    func string(_ date: Date) -> String { formatter.string(from: date) }
}
