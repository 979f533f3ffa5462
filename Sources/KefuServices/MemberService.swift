import Foundation
import KefuDomain
import KefuStore

/// Members (R-MEM-1, 2, 4, 5): profiles with contacts, grade and tags, searched by name or phone suffix, edited
/// with a version and a history, contacts masked for roles without `pii.view` and every full view logged.
public struct MemberService: Sendable {
    let database: any Database
    let clock: any Clock
    let timeZone: TimeZone
    let mail: MailSettings
    /// Days an agent has to contact a member newly assigned to them (R-MEM-3; the callbacks' setting).
    let firstContactDays: Int
    let members = MemberRepository()
    let events = EventLog()

    public init(database: any Database, clock: any Clock, timeZone: TimeZone, mail: MailSettings = MailSettings(),
                firstContactDays: Int = CallbackSettings().firstContactDays) {
        self.database = database
        self.clock = clock
        self.timeZone = timeZone
        self.mail = mail
        self.firstContactDays = firstContactDays
    }

    /// Where a list total stops counting ("1000+").
    public static let countCap = MemberRepository.countCap

    /// The year now, in the business time zone (birth years end there).
    public var currentYear: Int {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        return calendar.component(.year, from: clock.now)
    }

    /// Creates a member; every problem is reported at once with its field (`phones[1]`). Orders and tickets with
    /// the member's phone or email (and no other member's) are linked to it.
    public func create(_ draft: MemberDraft, by principal: Principal) async throws -> Member {
        try principal.require(.membersManage)
        let problems = draft.problems(currentYear: currentYear)
        guard problems.isEmpty else { throw ServiceError.validation(problems) }
        let now = clock.now
        let entered = draft.member(createdAt: now, updatedAt: now)
        let saved = try await database.transaction { connection -> Member in
            var member = entered
            member.id = try await members.insert(member, on: connection)
            try await members.addHistory(MemberHistoryEntry(id: 0, memberID: member.id, action: "created", changes: member.creationChanges,
                                                            changedBy: principal.user?.id, changedAt: now), on: connection)
            let linked = try await members.backfill(member: member, on: connection)
            // Events are kept for ever and cannot be erased: they name the fields, never personal values.
            try await events.append(principal.event("member.created", entity: "member", id: "\(member.id)",
                                                    after: Snapshot.json(["grade": member.grade.rawValue,
                                                                          "linked_orders": "\(linked.orders)",
                                                                          "linked_tickets": "\(linked.tickets)"]), at: now),
                                    on: connection)
            return member
        }
        // What the caller just sent is not a view of data held: masked or not, nothing to log.
        return saved.visible(to: principal.permissions)
    }

    /// One member, masked unless the caller holds `pii.view` (whose full view is logged).
    public func get(id: Int64, by principal: Principal) async throws -> Member {
        try principal.require(.membersView)
        guard let member = try await database.read({ try await members.find(id: id, on: $0) }) else {
            throw ServiceError.notFound(entity: "member")
        }
        return try await shown([member], to: principal).first!
    }

    /// Live members matching the filter and the saved segment, newest first, with a total counted up to
    /// ``MemberRepository/countCap``; `assignedTo` keeps one agent's members or the unassigned (R-MEM-3).
    public func list(_ filter: MemberFilter, segment: Int64? = nil, assignedTo: MemberAssignee? = nil, limit: Int = 50, offset: Int = 0,
                     by principal: Principal) async throws
        -> (members: [Member], total: Int)
    {
        try principal.require(.membersView)
        let result = try await database.read { connection -> (members: [Member], total: Int) in
            var filter = filter
            if let segment {
                guard let saved = try await members.segment(id: segment, on: connection) else {
                    throw ServiceError.validation([FieldError(field: "segment", code: "error.not_found")])
                }
                filter = filter.adding(saved.filter)
            }
            return try await members.list(filter, assignedTo: assignedTo, limit: limit, offset: offset, on: connection)
        }
        return (try await shown(result.members, to: principal), result.total)
    }

    /// Changes a member: `change` edits the member's current draft (the API sends only some fields). A stale
    /// `expectedVersion` is a 409 that changes nothing. Records the history with before and after (R-MEM-5), an
    /// event naming the fields, and a notice to the member when a phone or email changed.
    public func update(id: Int64, expectedVersion: Int64, by principal: Principal,
                       _ change: @escaping @Sendable (inout MemberDraft) -> Void) async throws -> Member {
        try principal.require(.membersManage)
        let now = clock.now
        let year = currentYear
        do {
            let saved = try await database.transaction { connection -> Member in
                try await members.lock(id: id, on: connection)
                guard let before = try await members.find(id: id, on: connection) else { throw ServiceError.notFound(entity: "member") }
                try Self.requireLive(before)
                guard before.version == expectedVersion else {
                    throw ServiceError.conflict(code: "error.stale_version", currentVersion: before.version)
                }
                var draft = before.draft
                change(&draft)
                let problems = draft.problems(currentYear: year)
                guard problems.isEmpty else { throw ServiceError.validation(problems) }
                var after = draft.member(id: id, version: before.version, createdAt: before.createdAt, updatedAt: now)
                after.assignedAgentID = before.assignedAgentID
                after.assignedAt = before.assignedAt
                let changes = after.changes(from: before)
                guard !changes.isEmpty else { return before }
                after.version = try await members.update(after, expectedVersion: expectedVersion, at: now, on: connection)
                try await record(after, before: before, changes: changes, action: "updated", by: principal, at: now, on: connection)
                return after
            }
            return try await shown([saved], to: principal).first!
        } catch let StoreError.staleVersion(_, _, current) {
            throw ServiceError.conflict(code: "error.stale_version", currentVersion: current)
        }
    }

    /// History, event, contact-change notices and links for a saved change.
    func record(_ after: Member, before: Member, changes: [MemberFieldChange], action: String, by principal: Principal, at now: Date,
                on connection: any SQLConnection) async throws {
        try await members.addHistory(MemberHistoryEntry(id: 0, memberID: after.id, action: action, changes: changes,
                                                        changedBy: principal.user?.id, changedAt: now), on: connection)
        try await events.append(principal.event("member.\(action)", entity: "member", id: "\(after.id)",
                                                before: Snapshot.json(["version": "\(before.version)"]),
                                                after: Snapshot.json(["version": "\(after.version)",
                                                                      "fields": changes.map(\.field).joined(separator: ",")]), at: now),
                                on: connection)
        let contacts = changes.filter(\.isContact).map(\.field)
        if !contacts.isEmpty {
            try await notifyContactChange(before: before, after: after, fields: contacts, at: now, on: connection)
        }
        if Set(after.phones) != Set(before.phones) || Set(after.emails) != Set(before.emails) {
            try await members.backfill(member: after, on: connection)
        }
    }

    /// The member's history, newest first; personal values masked without `pii.view`. With it, old contacts shown in
    /// full are a view of personal data and logged (`pii.viewed`) unless `logged` says the page already did.
    public func history(id: Int64, logged: Bool = false, by principal: Principal) async throws -> [MemberHistoryEntry] {
        try principal.require(.membersView)
        let entries = try await database.read { connection in
            guard try await members.find(id: id, on: connection) != nil else { throw ServiceError.notFound(entity: "member") }
            return try await members.history(memberID: id, on: connection)
        }
        if principal.can(.piiView), !logged, entries.contains(where: { $0.changes.contains(where: \.isPersonal) }) {
            let now = clock.now
            try await database.transaction { connection in
                try await events.append(principal.event("pii.viewed", entity: "member", id: "\(id)", at: now), on: connection)
            }
        }
        return entries.map { $0.visible(to: principal.permissions) }
    }

    /// Tags in use, most used first.
    public func tags(by principal: Principal) async throws -> [String] {
        try principal.require(.membersView)
        return try await database.read { try await members.tags(on: $0) }
    }

    static func requireLive(_ member: Member) throws {
        if member.isErased { throw ServiceError.invalidState(current: "erased", allowed: []) }
        if member.isMerged { throw ServiceError.invalidState(current: "merged", allowed: []) }
    }
}
