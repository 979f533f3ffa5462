import Foundation
import KefuDomain
import KefuStore

/// The hook the member import updates stored members through: the same checks, history, event, contact-change
/// notice and links as ``MemberService/update(id:expectedVersion:by:_:)`` (R-MEM-5), inside the import's transaction.
extension MemberService {
    /// What one import update came to.
    enum ImportUpdate: Sendable {
        case changed(Member)
        case unchanged
        /// The row applied to the member as it is now breaks the member rules.
        case problems([FieldError])
        /// The member was merged away or erased since the file was checked.
        case gone
    }

    /// Applies `change` to the member's current draft and saves it with history, in the caller's transaction.
    func importUpdate(id: Int64, by principal: Principal, at now: Date, currentYear: Int, on connection: any SQLConnection,
                      _ change: (inout MemberDraft) -> Void) async throws -> ImportUpdate {
        try await members.lock(id: id, on: connection)
        guard let before = try await members.find(id: id, on: connection), !before.isErased, !before.isMerged else { return .gone }
        var draft = before.draft
        change(&draft)
        let problems = draft.problems(currentYear: currentYear)
        guard problems.isEmpty else { return .problems(problems) }
        var after = draft.member(id: id, version: before.version, createdAt: before.createdAt, updatedAt: now)
        after.assignedAgentID = before.assignedAgentID
        after.assignedAt = before.assignedAt
        let changes = after.changes(from: before)
        guard !changes.isEmpty else { return .unchanged }
        after.version = try await members.update(after, expectedVersion: before.version, at: now, on: connection)
        try await record(after, before: before, changes: changes, action: "updated", by: principal, at: now, on: connection)
        return .changed(after)
    }
}
