import Foundation
import Hummingbird
import KefuDomain
import KefuServices

/// `GET /api/v1/events`: the audit trail, newest first, paged by cursor. There is no route that changes it.
struct EventAPIController {
    let services: Services

    func addRoutes(to router: Router<KefuRequestContext>) {
        router.get("api/v1/events", use: list)
    }

    @Sendable func list(_ request: Request, context: KefuRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        let query = try EventQuery(request)
        let result = try await services.events.list(query.filter, beforeID: query.beforeID, limit: query.limit, by: principal)
        let next = result.events.count == query.limit ? result.events.last.map { "\($0.id)" } : nil
        return try KefuJSON.response(ListPage(items: result.events, total: result.total, limit: query.limit, nextCursor: next))
    }
}
