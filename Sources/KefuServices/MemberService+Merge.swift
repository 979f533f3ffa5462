import Foundation
import KefuDomain
import KefuStore

/// Duplicates, merging and saved segments (R-MEM-2, R-MEM-5).
extension MemberService {
    /// Live members sharing a phone or an email with this one.
    public func duplicates(id: Int64, by principal: Principal) async throws -> [Member] {
        try principal.require(.membersView)
        let found = try await database.read { connection -> [Member] in
            guard let member = try await members.find(id: id, on: connection) else { throw ServiceError.notFound(entity: "member") }
            return try await members.duplicates(of: member, on: connection)
        }
        return try await shown(found, to: principal)
    }

    /// Merges `merged` into `survivor`: contacts, addresses and tags join the survivor, blanks are filled, orders,
    /// tickets and callbacks move, the other is marked merged into the survivor, and both keep a history entry.
    /// Versions, when given, must be current (409 otherwise).
    public func merge(survivor survivorID: Int64, merged mergedID: Int64, survivorVersion: Int64? = nil, mergedVersion: Int64? = nil,
                      by principal: Principal) async throws -> Member {
        try principal.require(.membersManage)
        guard survivorID != mergedID else {
            throw ServiceError.validation([FieldError(field: "merged_id", code: "error.same_member")])
        }
        let now = clock.now
        let saved = try await database.transaction { connection -> Member in
            for id in [survivorID, mergedID].sorted() { try await members.lock(id: id, on: connection) }
            var missing: [FieldError] = []
            let survivor = try await members.find(id: survivorID, on: connection)
            let other = try await members.find(id: mergedID, on: connection)
            if survivor == nil { missing.append(FieldError(field: "survivor_id", code: "error.not_found")) }
            if other == nil { missing.append(FieldError(field: "merged_id", code: "error.not_found")) }
            guard let survivor, let other, missing.isEmpty else { throw ServiceError.validation(missing) }
            try Self.requireLive(survivor)
            try Self.requireLive(other)
            if let survivorVersion, survivorVersion != survivor.version {
                throw ServiceError.conflict(code: "error.stale_version", currentVersion: survivor.version)
            }
            if let mergedVersion, mergedVersion != other.version {
                throw ServiceError.conflict(code: "error.stale_version", currentVersion: other.version)
            }
            var after = survivor.absorbing(other)
            after.updatedAt = now
            var gone = other
            gone.phones = []
            gone.emails = []
            gone.addresses = []
            gone.tags = []
            gone.mergedIntoID = survivor.id
            gone.version = try await members.update(gone, expectedVersion: other.version, at: now, on: connection)
            after.version = try await members.update(after, expectedVersion: survivor.version, at: now, on: connection)
            let moved = try await members.moveRecords(from: other.id, into: survivor.id, on: connection)
            let reference = MemberFieldChange(field: "merged_from", before: nil, after: "#\(other.id)")
            try await members.addHistory(MemberHistoryEntry(id: 0, memberID: survivor.id, action: "merged_from",
                                                            changes: [reference] + after.changes(from: survivor),
                                                            changedBy: principal.user?.id, changedAt: now), on: connection)
            try await members.addHistory(MemberHistoryEntry(id: 0, memberID: other.id, action: "merged_into",
                                                            changes: [MemberFieldChange(field: "merged_into", before: nil, after: "#\(survivor.id)")]
                                                                + gone.changes(from: other),
                                                            changedBy: principal.user?.id, changedAt: now), on: connection)
            try await events.append(all: [
                principal.event("member.merged", entity: "member", id: "\(survivor.id)",
                                after: Snapshot.json(["merged": "\(other.id)", "orders": "\(moved.orders)", "tickets": "\(moved.tickets)",
                                                      "version": "\(after.version)"]), at: now),
                principal.event("member.merged_into", entity: "member", id: "\(other.id)",
                                after: Snapshot.json(["into": "\(survivor.id)", "version": "\(gone.version)"]), at: now),
            ], on: connection)
            try await members.backfill(member: after, on: connection)
            return after
        }
        return try await shown([saved], to: principal).first!
    }

    /// Saved segments, by name.
    public func segments(by principal: Principal) async throws -> [MemberSegment] {
        try principal.require(.membersView)
        return try await database.read { try await members.segments(on: $0) }
    }

    /// Saves a filter under a name; the name is required and the filter must not be empty.
    public func addSegment(name: String?, filter: MemberFilter, by principal: Principal) async throws -> MemberSegment {
        try principal.require(.membersManage)
        let name = (name ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        var problems: [FieldError] = []
        if name.isEmpty { problems.append(FieldError(field: "name", code: "error.required")) }
        if name.count > MemberSegment.nameLimit {
            problems.append(FieldError(field: "name", code: "error.too_long", arguments: ["max": "\(MemberSegment.nameLimit)"]))
        }
        if filter.isEmpty { problems.append(FieldError(field: "filter", code: "error.required")) }
        guard problems.isEmpty else { throw ServiceError.validation(problems) }
        let now = clock.now
        return try await database.transaction { connection in
            let segment = try await members.addSegment(name: name, filter: filter, by: principal.user?.id, at: now, on: connection)
            try await events.append(principal.event("member_segment.created", entity: "member_segment", id: "\(segment.id)",
                                                    after: Snapshot.json(["name": name]), at: now), on: connection)
            return segment
        }
    }
}
