import Foundation
import Hummingbird
import KefuDomain
import KefuServices

/// `/api/v1/members`: member profiles (R-MEM-1, 2, 5), search, reveal, merge, erasure and the data export (R-MEM-4,
/// R-SEC-2); `/api/v1/member-segments`: saved filters.
struct MemberAPIController {
    let services: Services
    let catalog: Catalog

    func addRoutes(to router: Router<KefuRequestContext>) {
        router.get("api/v1/members", use: list)
        router.post("api/v1/members", use: create)
        router.post("api/v1/members/merge", use: merge)
        router.get("api/v1/members/:id", use: show)
        router.patch("api/v1/members/:id", use: update)
        router.get("api/v1/members/:id/history", use: history)
        router.get("api/v1/members/:id/duplicates", use: duplicates)
        router.post("api/v1/members/:id/reveal", use: reveal)
        router.post("api/v1/members/:id/erase", use: erase)
        router.get("api/v1/members/:id/export", use: export)
        router.get("api/v1/member-segments", use: segments)
        router.post("api/v1/member-segments", use: addSegment)
    }

    /// `q`, `tag`, `grade` and `segment` from a query string; a wrong grade or segment is a 400 naming it.
    static func filter(_ query: [String: String]) throws -> (filter: MemberFilter, segment: Int64?) {
        let text = { (key: String) -> String? in query[key].flatMap { $0.trimmingCharacters(in: .whitespaces).isEmpty ? nil : $0 } }
        var grade: MemberGrade?
        if let value = text("grade") {
            guard let parsed = MemberGrade(rawValue: value) else {
                throw RequestError.badParameter(FieldError(field: "grade", code: "error.unknown_value", arguments: ["value": value]))
            }
            grade = parsed
        }
        var segment: Int64?
        if let value = text("segment") {
            guard let parsed = Int64(value) else { throw RequestError.badParameter(FieldError(field: "segment", code: "error.number_format")) }
            segment = parsed
        }
        return (MemberFilter(q: text("q"), tag: text("tag"), grade: grade), segment)
    }

    /// A list with a total counted up to a cap: `total_capped` says the total is "at least".
    struct MemberPage: Encodable, JSONWritable {
        var items: [MemberJSON]
        var total: Int
        var totalCapped: Bool
        var limit: Int
        var offset: Int

        func write(to output: inout JSONOutput) {
            output.beginObject()
            output.field("items", items)
            output.field("total", total)
            output.field("total_capped", totalCapped)
            output.field("limit", limit)
            output.field("offset", offset)
            output.endObject()
        }
    }

    @Sendable func list(_ request: Request, context: KefuRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        let paging = try Paging(request, defaultLimit: 50)
        var query: [String: String] = [:]
        for (key, value) in request.uri.queryParameters { query[String(key)] = String(value) }
        let (filter, segment) = try Self.filter(query)
        let assignee = try MemberAssignmentAPIController.assignee(query["assigned_to"], for: principal)
        let result = try await services.members.list(filter, segment: segment, assignedTo: assignee, limit: paging.limit, offset: paging.offset,
                                                     by: principal)
        return try KefuJSON.response(MemberPage(items: result.members.map { MemberJSON($0, for: principal) }, total: result.total,
                                                totalCapped: result.total >= MemberService.countCap, limit: paging.limit,
                                                offset: paging.offset))
    }

    @Sendable func create(_ request: Request, context: KefuRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        var request = request
        let body = try await request.decodeJSON(MemberFields.self, context: context)
        let member = try await services.members.create(body.draft, by: principal)
        return try KefuJSON.response(MemberJSON(member, for: principal), status: .created,
                                     headers: [.location: "/api/v1/members/\(member.id)", .eTag: "\"\(member.version)\""])
    }

    @Sendable func show(_ request: Request, context: KefuRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        let id = try context.parameters.require("id", as: Int64.self)
        let member = try await services.members.get(id: id, by: principal)
        return try KefuJSON.response(MemberJSON(member, for: principal), headers: [.eTag: "\"\(member.version)\""])
    }

    @Sendable func update(_ request: Request, context: KefuRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        let id = try context.parameters.require("id", as: Int64.self)
        var request = request
        let body = try await request.decodeJSON(MemberFields.self, context: context)
        guard let version = body.version ?? request.ifMatchVersion else {
            throw ServiceError.validation([FieldError(field: "version", code: "error.required")])
        }
        let member = try await services.members.update(id: id, expectedVersion: version, by: principal) { body.apply(to: &$0) }
        return try KefuJSON.response(MemberJSON(member, for: principal), headers: [.eTag: "\"\(member.version)\""])
    }

    @Sendable func history(_ request: Request, context: KefuRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        let id = try context.parameters.require("id", as: Int64.self)
        let entries = try await services.members.history(id: id, by: principal).map(MemberHistoryJSON.init)
        return try KefuJSON.response(ListPage(items: entries, total: entries.count, limit: entries.count))
    }

    @Sendable func duplicates(_ request: Request, context: KefuRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        let id = try context.parameters.require("id", as: Int64.self)
        let found = try await services.members.duplicates(id: id, by: principal)
        return try KefuJSON.response(ListPage(items: found.map { MemberJSON($0, for: principal) }, total: found.count, limit: found.count))
    }

    /// The member's contacts unmasked, for those allowed; writes one access event.
    @Sendable func reveal(_ request: Request, context: KefuRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        let id = try context.parameters.require("id", as: Int64.self)
        let member = try await services.members.reveal(id: id, by: principal)
        return try KefuJSON.response(MemberJSON(revealed: member))
    }

    struct MergeBody: Decodable {
        var survivorId: Int64?
        var mergedId: Int64?
        var survivorVersion: Int64?
        var mergedVersion: Int64?
    }

    @Sendable func merge(_ request: Request, context: KefuRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        var request = request
        let body = try await request.decodeJSON(MergeBody.self, context: context)
        var missing: [FieldError] = []
        if body.survivorId == nil { missing.append(FieldError(field: "survivor_id", code: "error.required")) }
        if body.mergedId == nil { missing.append(FieldError(field: "merged_id", code: "error.required")) }
        guard let survivor = body.survivorId, let merged = body.mergedId else { throw ServiceError.validation(missing) }
        let member = try await services.members.merge(survivor: survivor, merged: merged, survivorVersion: body.survivorVersion,
                                                      mergedVersion: body.mergedVersion, by: principal)
        return try KefuJSON.response(MemberJSON(member, for: principal), headers: [.eTag: "\"\(member.version)\""])
    }

    @Sendable func erase(_ request: Request, context: KefuRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        let id = try context.parameters.require("id", as: Int64.self)
        let member = try await services.members.erase(id: id, anonymousName: Self.anonymousName(id, catalog), by: principal)
        return try KefuJSON.response(MemberJSON(member, for: principal))
    }

    /// The name an erased member keeps, in the catalog's default language (it is data, seen by everyone alike).
    static func anonymousName(_ id: Int64, _ catalog: Catalog) -> String {
        catalog.text("member.erased_name", .default, ["id": "\(id)"])
    }

    /// Everything held about the member as one JSON file (`member-{id}.json`).
    @Sendable func export(_ request: Request, context: KefuRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        let id = try context.parameters.require("id", as: Int64.self)
        let export = try await services.members.export(id: id, by: principal)
        return try KefuJSON.response(export, headers: [.contentDisposition: "attachment; filename=\"member-\(id).json\""])
    }

    @Sendable func segments(_ request: Request, context: KefuRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        let segments = try await services.members.segments(by: principal)
        return try KefuJSON.response(ListPage(items: segments, total: segments.count, limit: segments.count))
    }

    struct NewSegment: Decodable {
        var name: String?
        var filter: Filter?

        struct Filter: Decodable {
            var q: String?
            var tag: String?
            var grade: String?
        }
    }

    @Sendable func addSegment(_ request: Request, context: KefuRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        var request = request
        let body = try await request.decodeJSON(NewSegment.self, context: context)
        var errors: [FieldError] = []
        let grade = parse(body.filter?.grade.flatMap { $0.isEmpty ? nil : $0 }, as: MemberGrade.self, field: "filter.grade", into: &errors)
        guard errors.isEmpty else { throw ServiceError.validation(errors) }
        let segment = try await services.members.addSegment(
            name: body.name, filter: MemberFilter(q: body.filter?.q, tag: body.filter?.tag, grade: grade), by: principal)
        return try KefuJSON.response(segment, status: .created)
    }
}
