import Foundation
import Hummingbird
import KefuDomain
import KefuServices

/// `/api/v1/scripts`: the script library (R-QA-1). The list is compact enough for the ticket page's picker.
struct ScriptAPIController {
    let services: Services

    func addRoutes(to router: Router<KefuRequestContext>) {
        router.get("api/v1/scripts", use: list)
        router.post("api/v1/scripts", use: create)
        router.patch("api/v1/scripts/:id", use: update)
    }

    @Sendable func list(_ request: Request, context: KefuRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        let query = request.uri.queryParameters
        var situation: Script.Situation?
        if let text = query["situation"].map(String.init), !text.isEmpty {
            guard let value = Script.Situation(rawValue: text) else {
                throw RequestError.badParameter(FieldError(field: "situation", code: "error.unknown_value", arguments: ["value": text]))
            }
            situation = value
        }
        let includeInactive = try QueryFlag.parse(query["include_inactive"], field: "include_inactive")
        let scripts = try await services.scripts.search(query["q"].map(String.init) ?? "", situation: situation,
                                                        includeInactive: includeInactive, by: principal)
        return try KefuJSON.response(ListPage(items: scripts, total: scripts.count, limit: ScriptService.searchLimit))
    }

    struct Fields: Decodable {
        var situation: String?
        var title: String?
        var body: String?
        var note: String?
        var position: Int?
        var active: Bool?
        /// The version the caller read (changes only); a stale one is refused with 409.
        var version: Int64?
    }

    private func changes(_ body: Fields) throws -> ScriptChanges {
        var errors: [FieldError] = []
        let situation = parse(body.situation, as: Script.Situation.self, field: "situation", into: &errors)
        guard errors.isEmpty else { throw ServiceError.validation(errors) }
        return ScriptChanges(situation: situation, title: body.title, body: body.body, note: body.note, position: body.position, active: body.active)
    }

    @Sendable func create(_ request: Request, context: KefuRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        var request = request
        let body = try await request.decodeJSON(Fields.self, context: context)
        let script = try await services.scripts.create(try changes(body), by: principal)
        return try KefuJSON.response(script, status: .created, headers: [.eTag: "\"\(script.version)\""])
    }

    @Sendable func update(_ request: Request, context: KefuRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        let id = try context.parameters.require("id", as: Int64.self)
        var request = request
        let body = try await request.decodeJSON(Fields.self, context: context)
        let script = try await services.scripts.update(id: id, try changes(body), expectedVersion: body.version ?? request.ifMatchVersion, by: principal)
        return try KefuJSON.response(script, headers: [.eTag: "\"\(script.version)\""])
    }
}
