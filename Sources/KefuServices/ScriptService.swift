import Foundation
import KefuDomain
import KefuStore

/// The script library (R-QA-1): standard phrases per situation that everyone handling tickets can search and insert;
/// admins keep them up to date.
public struct ScriptService: Sendable {
    let database: any Database
    let clock: any Clock
    let repository = ScriptRepository()
    let events = EventLog()
    /// More phrases than any library holds; the search is not paged.
    public static let searchLimit = 500

    public init(database: any Database, clock: any Clock) {
        self.database = database
        self.clock = clock
    }

    /// Active phrases whose title or body contains `text`, of one situation when given, in conversation order
    /// (situation, then position). Inactive ones too with `includeInactive`, which needs what changing them needs.
    public func search(_ text: String = "", situation: Script.Situation? = nil, includeInactive: Bool = false,
                       by principal: Principal) async throws -> [Script] {
        try principal.require(.ticketsView)
        if includeInactive { try principal.require(.settingsManage) }
        let text = text.trimmingCharacters(in: .whitespacesAndNewlines)
        let found = try await database.read {
            try await repository.search(text: text, situation: situation, includeInactive: includeInactive, limit: Self.searchLimit, on: $0)
        }
        let order = Dictionary(uniqueKeysWithValues: Script.Situation.allCases.enumerated().map { ($1, $0) })
        return found.enumerated().sorted { (order[$0.element.situation]!, $0.offset) < (order[$1.element.situation]!, $1.offset) }.map(\.element)
    }

    /// One phrase, active or not; reading needs what the search needs.
    public func script(id: Int64, by principal: Principal) async throws -> Script {
        try principal.require(.ticketsView)
        guard let script = try await database.read({ try await repository.find(id: id, on: $0) }) else { throw ServiceError.notFound(entity: "script") }
        return script
    }

    /// Adds a phrase; situation, title and body are required. Without a position it goes last in its situation.
    public func create(_ fields: ScriptChanges, by principal: Principal) async throws -> Script {
        try principal.require(.settingsManage)
        let problems = fields.problems(creating: true)
        guard problems.isEmpty, let situation = fields.situation else { throw ServiceError.validation(problems) }
        let now = clock.now
        return try await database.transaction { connection in
            var position = fields.position
            if position == nil { position = try await repository.nextPosition(in: situation, on: connection) }
            let draft = fields.applied(to: Script(id: 0, situation: situation, title: "", body: "", note: nil, position: position ?? 1, active: true,
                                                  version: 1, createdAt: now, updatedAt: now))
            let script = try await repository.insert(draft, on: connection)
            try await events.append(principal.event("script.created", entity: "script", id: "\(script.id)",
                                                    after: Self.snapshot(script), at: now), on: connection)
            return script
        }
    }

    /// Changes a phrase. A stale `expectedVersion` (or a concurrent change) is a conflict that writes nothing; without
    /// one the change applies to whatever is current. A change that alters nothing returns the phrase as it is (no new
    /// version, no event). The event says what changed: `script.deactivated`, `script.activated` or `script.updated`,
    /// with the changed fields before and after.
    public func update(id: Int64, _ changes: ScriptChanges, expectedVersion: Int64?, by principal: Principal) async throws -> Script {
        try principal.require(.settingsManage)
        let problems = changes.problems(creating: false)
        guard problems.isEmpty else { throw ServiceError.validation(problems) }
        let now = clock.now
        do {
            return try await database.transaction { connection in
                guard let before = try await repository.find(id: id, on: connection) else { throw ServiceError.notFound(entity: "script") }
                if let expectedVersion, expectedVersion != before.version {
                    throw ServiceError.conflict(code: "error.stale_version", currentVersion: before.version)
                }
                let after = changes.applied(to: before)
                guard after != before else { return before }
                let saved = try await repository.update(after, expectedVersion: before.version, at: now, on: connection)
                let kind = before.active == saved.active ? "script.updated" : saved.active ? "script.activated" : "script.deactivated"
                let difference = Self.difference(from: before, to: saved)
                try await events.append(principal.event(kind, entity: "script", id: "\(id)", before: difference.before, after: difference.after,
                                                        at: now), on: connection)
                return saved
            }
        } catch let StoreError.staleVersion(_, _, current) {
            throw ServiceError.conflict(code: "error.stale_version", currentVersion: current)
        }
    }

    /// Takes a phrase out of the library; it stays for the record and can be activated again.
    public func deactivate(id: Int64, expectedVersion: Int64?, by principal: Principal) async throws -> Script {
        try await update(id: id, ScriptChanges(active: false), expectedVersion: expectedVersion, by: principal)
    }

    static func fields(_ script: Script) -> [String: String?] {
        ["situation": script.situation.rawValue, "title": script.title, "body": script.body, "note": script.note ?? "",
         "position": "\(script.position)", "active": script.active ? "true" : "false"]
    }

    static func snapshot(_ script: Script) -> String { Snapshot.json(fields(script)) }

    /// The fields that differ, as event snapshots: old values and new ones (no note is an empty `note`).
    static func difference(from old: Script, to new: Script) -> (before: String, after: String) {
        let oldFields = fields(old), newFields = fields(new)
        let changed = newFields.keys.filter { oldFields[$0]! != newFields[$0]! }
        return (Snapshot.json(oldFields.filter { changed.contains($0.key) }), Snapshot.json(newFields.filter { changed.contains($0.key) }))
    }
}
