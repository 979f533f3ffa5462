import Foundation
import KefuDomain

/// The script library (R-QA-1).
public struct ScriptRepository: Sendable {
    public init() {}

    static func decode(_ row: Row) throws -> Script {
        Script(id: try row.int("id"), situation: try row.value("situation"), title: try row.string("title"), body: try row.string("body"),
               note: row.optionalString("note"), position: Int(try row.int("position")), active: try row.bool("active"),
               version: try row.int("version"), createdAt: try row.date("created_at"), updatedAt: try row.date("updated_at"))
    }

    /// Saves a new phrase at version 1 and returns it with its id.
    public func insert(_ script: Script, on connection: any SQLConnection) async throws -> Script {
        let row = try await connection.first(
            """
            INSERT INTO scripts (situation, title, body, note, position, active, version, created_at, updated_at)
            VALUES (\(script.situation), \(script.title), \(script.body), \(script.note), \(script.position), \(script.active), 1,
                    \(script.createdAt), \(script.updatedAt))
            RETURNING *
            """)
        return try Self.decode(row!)
    }

    /// The phrase with this id, active or not.
    public func find(id: Int64, on connection: any SQLConnection) async throws -> Script? {
        try await connection.first("SELECT * FROM scripts WHERE id = \(id)").map(Self.decode)
    }

    /// The position after the last phrase of `situation`.
    public func nextPosition(in situation: Script.Situation, on connection: any SQLConnection) async throws -> Int {
        Int(try await connection.first("SELECT COALESCE(MAX(position), 0) + 1 AS p FROM scripts WHERE situation = \(situation)")?.int("p") ?? 1)
    }

    /// Phrases whose title or body contains `text` (any case; Chinese as typed), of one situation when given;
    /// inactive ones only with `includeInactive`. Ordered by position within a situation.
    public func search(text: String, situation: Script.Situation?, includeInactive: Bool, limit: Int,
                       on connection: any SQLConnection) async throws -> [Script] {
        var conditions: [SQL] = ["1 = 1"]
        if !text.isEmpty {
            let pattern = "%" + Self.likeEscaped(text.lowercased()) + "%"
            conditions.append("(LOWER(title) LIKE \(pattern) ESCAPE '\\' OR LOWER(body) LIKE \(pattern) ESCAPE '\\')")
        }
        if let situation { conditions.append("situation = \(situation)") }
        if !includeInactive { conditions.append("active = 1") }
        return try await connection.query(
            "SELECT * FROM scripts WHERE \(SQL.joined(conditions, separator: " AND ")) ORDER BY position, id LIMIT \(limit)"
        ).map(Self.decode)
    }

    /// `%`, `_` and the escape character itself match only themselves.
    static func likeEscaped(_ text: String) -> String {
        text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "%", with: "\\%").replacingOccurrences(of: "_", with: "\\_")
    }

    /// Saves every editable field if `expectedVersion` is still current; the version goes up by one. A phrase changed
    /// since it was read is ``StoreError/staleVersion(entity:id:current:)``.
    public func update(_ script: Script, expectedVersion: Int64, at now: Date, on connection: any SQLConnection) async throws -> Script {
        let row = try await connection.first(
            """
            UPDATE scripts SET situation = \(script.situation), title = \(script.title), body = \(script.body), note = \(script.note),
                position = \(script.position), active = \(script.active), version = version + 1, updated_at = \(now)
            WHERE id = \(script.id) AND version = \(expectedVersion) RETURNING *
            """)
        if let row { return try Self.decode(row) }
        guard let current = try await connection.first("SELECT version FROM scripts WHERE id = \(script.id)")?.int("version") else {
            throw StoreError.notFound(entity: "script", id: "\(script.id)")
        }
        throw StoreError.staleVersion(entity: "script", id: "\(script.id)", current: current)
    }
}
