import Foundation
import KefuDomain
import KefuStore

/// Callbacks added by hand (预约回访).
extension CallbackService {
    /// Adds a callback for a live member, due within the draft's window (by default from now for
    /// ``CallbackSettings/manualDays``). It goes to the agent named, else the member's own agent, else the one adding
    /// it when they make calls, else to nobody (shared out with the next generation run). A member who asked not to
    /// be called gets an email or SMS task (R-CB-3). One transaction with its `callback.added` event.
    public func schedule(_ draft: CallbackScheduleDraft, by principal: Principal) async throws -> CallbackDetail {
        try principal.require(.callbacksManage)
        var problems = draft.problems()
        let note = draft.note?.trimmingCharacters(in: .whitespacesAndNewlines)
        guard problems.isEmpty, let memberID = draft.memberID else { throw ServiceError.validation(problems) }
        let now = clock.now
        let notBefore = draft.notBefore ?? now
        let dueBy = draft.dueBy ?? settings.window(for: .manual, from: notBefore).dueBy
        if dueBy <= now { problems.append(FieldError(field: "due_by", code: "error.in_the_past")) }
        guard problems.isEmpty else { throw ServiceError.validation(problems) }
        let id = try await database.transaction { connection -> Int64 in
            guard let member = try await MemberRepository().find(id: memberID, on: connection), !member.isErased, !member.isMerged else {
                throw ServiceError.validation([FieldError(field: "member_id", code: "error.not_found")])
            }
            if let orderID = draft.orderID, try await OrderRepository().find(id: orderID, on: connection) == nil {
                throw ServiceError.validation([FieldError(field: "order_id", code: "error.not_found")])
            }
            let users = UserRepository()
            func caller(_ id: Int64?) async throws -> Int64? {
                guard let id, let user = try await users.find(id: id, on: connection)?.user, user.active,
                      [.agent, .supervisor].contains(user.role) else { return nil }
                return id
            }
            var assignee: Int64?
            if let named = draft.assigneeID {
                guard let found = try await caller(named) else {
                    throw ServiceError.validation([FieldError(field: "assignee_id", code: "error.unknown_user")])
                }
                assignee = found
            } else if let own = try await caller(member.assignedAgentID) {
                assignee = own
            } else {
                assignee = try await caller(principal.user?.id)
            }
            let channel: Callback.Channel = member.doNotCall ? (member.emails.isEmpty ? .sms : .email) : .phone
            let callback = Callback(reason: .manual, memberID: memberID, orderID: draft.orderID, channel: channel, assigneeID: assignee,
                                    notBefore: notBefore, dueBy: dueBy, note: note?.isEmpty == false ? note : nil, createdAt: now)
            let id = try await repository.insert(callback, createdBy: principal.user?.id, on: connection)
            try await events.append(principal.event("callback.added", entity: "callback", id: "\(id)", after: Snapshot.json([
                "reason": Callback.Reason.manual.rawValue, "member_id": "\(memberID)", "assignee_id": assignee.map(String.init),
                "channel": channel.rawValue,
            ]), at: now), on: connection)
            return id
        }
        return try await get(id: id, by: principal)
    }
}
