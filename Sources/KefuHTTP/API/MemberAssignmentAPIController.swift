import Foundation
import Hummingbird
import KefuDomain
import KefuServices

/// `/api/v1/members/assign`: a supervisor shares members among agents, balancing counts and experience (R-MEM-3), as a
/// dry run or for real; `/api/v1/members/{id}/agent`: one member's agent set or cleared.
struct MemberAssignmentAPIController {
    let services: Services

    func addRoutes(to router: Router<KefuRequestContext>) {
        router.post("api/v1/members/assign", use: assign)
        router.put("api/v1/members/:id/agent", use: setAgent)
    }

    /// `assigned_to` of a member list: `me`, an agent's id, or `none`; nil when absent. Anything else is a 400.
    static func assignee(_ value: String?, for principal: Principal) throws -> MemberAssignee? {
        guard let value = value?.trimmingCharacters(in: .whitespaces), !value.isEmpty else { return nil }
        switch value {
        case "none": return .nobody
        case "me":
            guard let user = principal.user else {
                throw RequestError.badParameter(FieldError(field: "assigned_to", code: "error.unknown_value", arguments: ["value": value]))
            }
            return .agent(user.id)
        default:
            guard let id = Int64(value) else {
                throw RequestError.badParameter(FieldError(field: "assigned_to", code: "error.unknown_value", arguments: ["value": value]))
            }
            return .agent(id)
        }
    }

    struct AssignBody: Decodable {
        var memberIds: [Int64]?
        var filter: Filter?
        var agentIds: [Int64]?
        var dryRun: Bool?
        var reassign: Bool?

        struct Filter: Decodable {
            var q: String?
            var tag: String?
            var grade: String?
        }
    }

    struct PlanJSON: Encodable {
        struct Assignment: Encodable {
            var memberId: Int64
            var agentId: Int64
            var previousAgentId: Int64?
            var levelMet: Bool
        }

        struct Load: Encodable {
            var agentId: Int64
            var before: Int
            var after: Int
        }

        var assignments: [Assignment]
        var loads: [Load]
        var skipped: [Int64]
        var applied: Bool

        init(_ plan: MemberAssignmentPlan) {
            assignments = plan.entries.map {
                Assignment(memberId: $0.memberID, agentId: $0.to, previousAgentId: $0.from, levelMet: $0.levelMet)
            }
            loads = plan.loads.map { Load(agentId: $0.agentID, before: $0.before, after: $0.after) }
            skipped = plan.skipped
            applied = plan.applied
        }
    }

    /// The plan; written unless `dry_run` is true (the default, so that an empty body never assigns everyone).
    @Sendable func assign(_ request: Request, context: KefuRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        var request = request
        let body = try await request.decodeJSON(AssignBody.self, context: context)
        var errors: [FieldError] = []
        let grade = parse(body.filter?.grade.flatMap { $0.isEmpty ? nil : $0 }, as: MemberGrade.self, field: "filter.grade", into: &errors)
        guard errors.isEmpty else { throw ServiceError.validation(errors) }
        let selection = MemberSelection(memberIDs: body.memberIds, filter: MemberFilter(q: body.filter?.q, tag: body.filter?.tag, grade: grade),
                                        agentIDs: body.agentIds, reassigning: body.reassign ?? false)
        let plan = body.dryRun ?? true
            ? try await services.members.assignmentPlan(selection, by: principal)
            : try await services.members.assign(selection, by: principal)
        return try KefuJSON.response(PlanJSON(plan))
    }

    struct AgentBody: Decodable {
        var agentId: Int64?
        var version: Int64?
    }

    /// Gives the member to `agent_id`, or to nobody with null; `version` (or `If-Match`) must be current.
    @Sendable func setAgent(_ request: Request, context: KefuRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        let id = try context.parameters.require("id", as: Int64.self)
        var request = request
        let body = try await request.decodeJSON(AgentBody.self, context: context)
        guard let version = body.version ?? request.ifMatchVersion else {
            throw ServiceError.validation([FieldError(field: "version", code: "error.required")])
        }
        let member = try await services.members.reassign(memberID: id, to: body.agentId, expectedVersion: version, by: principal)
        return try KefuJSON.response(MemberJSON(member, for: principal), headers: [.eTag: "\"\(member.version)\""])
    }
}
