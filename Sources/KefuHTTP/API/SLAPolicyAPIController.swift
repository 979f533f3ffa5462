import Foundation
import Hummingbird
import KefuDomain
import KefuServices

/// `/api/v1/sla-policies`: which tickets get which time limits, on which calendar (R-TKT-4).
struct SLAPolicyAPIController {
    let services: Services

    func addRoutes(to router: Router<KefuRequestContext>) {
        router.get("api/v1/sla-policies", use: list)
        router.post("api/v1/sla-policies", use: create)
        router.get("api/v1/sla-policies/:id", use: show)
        router.patch("api/v1/sla-policies/:id", use: update)
    }

    /// A policy as sent. For a change a member left out stays as it is; a target sent as null is removed.
    struct PolicyBody: Decodable {
        struct Conditions: Decodable {
            var type: String?
            var severity: String?
            var channel: String?
            var memberGrade: String?
        }

        var draft: SLAPolicyDraft
        /// The version the caller read; a stale one is refused with 409.
        var version: Int64?

        enum CodingKeys: String, CodingKey {
            case name, calendarId, conditions, firstResponseMinutes, nextResponseMinutes, resolutionMinutes, priority, active, version
        }

        init(from decoder: Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            func target(_ key: CodingKeys) throws -> Int?? {
                container.contains(key) ? .some(try container.decodeIfPresent(Int.self, forKey: key)) : nil
            }
            let conditions = try container.decodeIfPresent(Conditions.self, forKey: .conditions)
            draft = SLAPolicyDraft(
                name: try container.decodeIfPresent(String.self, forKey: .name),
                calendarID: try container.decodeIfPresent(Int.self, forKey: .calendarId),
                conditions: conditions.map { .init(type: $0.type, severity: $0.severity, channel: $0.channel, memberGrade: $0.memberGrade) },
                firstResponseMinutes: try target(.firstResponseMinutes), nextResponseMinutes: try target(.nextResponseMinutes),
                resolutionMinutes: try target(.resolutionMinutes), priority: try container.decodeIfPresent(Int.self, forKey: .priority),
                active: try container.decodeIfPresent(Bool.self, forKey: .active))
            version = try container.decodeIfPresent(Int64.self, forKey: .version)
        }
    }

    @Sendable func list(_ request: Request, context: KefuRequestContext) async throws -> Response {
        let policies = try await services.slaConfig.policies(by: try context.requirePrincipal()).map(SLAPolicyJSON.init)
        return try KefuJSON.response(ListPage(items: policies, total: policies.count, limit: policies.count))
    }

    @Sendable func create(_ request: Request, context: KefuRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        var request = request
        let body = try await request.decodeJSON(PolicyBody.self, context: context)
        let stored = try await services.slaConfig.createPolicy(body.draft, by: principal)
        return try KefuJSON.response(SLAPolicyJSON(stored), status: .created, headers: [.eTag: "\"\(stored.version)\""])
    }

    @Sendable func show(_ request: Request, context: KefuRequestContext) async throws -> Response {
        let stored = try await services.slaConfig.policy(id: try context.parameters.require("id", as: Int64.self), by: try context.requirePrincipal())
        return try KefuJSON.response(SLAPolicyJSON(stored), headers: [.eTag: "\"\(stored.version)\""])
    }

    @Sendable func update(_ request: Request, context: KefuRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        let id = try context.parameters.require("id", as: Int64.self)
        var request = request
        let body = try await request.decodeJSON(PolicyBody.self, context: context)
        let stored = try await services.slaConfig.updatePolicy(id: id, body.draft, expectedVersion: body.version ?? request.ifMatchVersion, by: principal)
        return try KefuJSON.response(SLAPolicyJSON(stored), headers: [.eTag: "\"\(stored.version)\""])
    }
}
