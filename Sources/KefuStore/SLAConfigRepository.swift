import Foundation
import KefuDomain

/// A business calendar as stored: its id and version with the calendar itself.
public struct StoredBusinessCalendar: Equatable, Sendable {
    public var id: Int64
    public var version: Int64
    public var calendar: BusinessCalendar
    public var createdAt: Date
    public var updatedAt: Date

    public init(id: Int64, version: Int64, calendar: BusinessCalendar, createdAt: Date, updatedAt: Date) {
        self.id = id
        self.version = version
        self.calendar = calendar
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }
}

/// An SLA policy as stored: its id, version and whether tickets are matched against it.
public struct StoredSLAPolicy: Equatable, Sendable {
    public var id: Int64
    public var version: Int64
    public var active: Bool
    public var policy: SLAPolicy
    public var createdAt: Date
    public var updatedAt: Date

    public init(id: Int64, version: Int64, active: Bool, policy: SLAPolicy, createdAt: Date, updatedAt: Date) {
        self.id = id
        self.version = version
        self.active = active
        self.policy = policy
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }
}

/// Business calendars and SLA policies (R-TKT-4). A repeated name is ``StoreError/duplicate(_:)``; an update
/// naming a version that is no longer current is ``StoreError/staleVersion(entity:id:current:)``.
public struct SLAConfigRepository: Sendable {
    public init() {}

    // MARK: Calendars

    /// Every calendar, oldest first.
    public func calendars(on connection: any SQLConnection) async throws -> [StoredBusinessCalendar] {
        try await connection.query("SELECT * FROM business_calendars ORDER BY id").map(Self.calendar)
    }

    public func calendar(id: Int64, on connection: any SQLConnection) async throws -> StoredBusinessCalendar? {
        try await connection.first("SELECT * FROM business_calendars WHERE id = \(id)").map(Self.calendar)
    }

    /// Saves a new calendar at version 1.
    public func insertCalendar(_ calendar: BusinessCalendar, at now: Date, on connection: any SQLConnection) async throws -> StoredBusinessCalendar {
        let row = try await connection.first(
            """
            INSERT INTO business_calendars (name, definition, version, created_at, updated_at)
            VALUES (\(calendar.name), \(try Self.definition(calendar)), 1, \(now), \(now)) RETURNING *
            """)
        return try Self.calendar(row!)
    }

    /// Replaces calendar `id` if `expectedVersion` is still current; the version goes up by one.
    public func updateCalendar(id: Int64, _ calendar: BusinessCalendar, expectedVersion: Int64, at now: Date,
                               on connection: any SQLConnection) async throws -> StoredBusinessCalendar {
        let row = try await connection.first(
            """
            UPDATE business_calendars SET name = \(calendar.name), definition = \(try Self.definition(calendar)),
                version = version + 1, updated_at = \(now)
            WHERE id = \(id) AND version = \(expectedVersion) RETURNING *
            """)
        if let row { return try Self.calendar(row) }
        throw try await Self.missedUpdate("business_calendars", entity: "calendar", id: id, on: connection)
    }

    /// The calendar as the API writes it, keys sorted so that the stored text is stable.
    public static func definition(_ calendar: BusinessCalendar) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(calendar), as: UTF8.self)
    }

    static func calendar(_ row: Row) throws -> StoredBusinessCalendar {
        let definition = try row.string("definition")
        var calendar: BusinessCalendar
        do {
            calendar = try JSONDecoder().decode(BusinessCalendar.self, from: Data(definition.utf8))
        } catch {
            throw StoreError.badValue(column: "definition", value: String(definition.prefix(80)))
        }
        calendar.name = try row.string("name")
        return StoredBusinessCalendar(id: try row.int("id"), version: try row.int("version"), calendar: calendar,
                                      createdAt: try row.date("created_at"), updatedAt: try row.date("updated_at"))
    }

    // MARK: Policies

    /// Every policy, active ones first, then by priority and name (the order people read them in).
    public func policies(activeOnly: Bool = false, on connection: any SQLConnection) async throws -> [StoredSLAPolicy] {
        let filter: SQL = activeOnly ? "WHERE active = 1" : ""
        return try await connection.query("SELECT * FROM sla_policies \(filter) ORDER BY active DESC, priority, name").map(Self.policy)
    }

    /// The policies tickets are matched against.
    public func activePolicies(on connection: any SQLConnection) async throws -> [StoredSLAPolicy] {
        try await policies(activeOnly: true, on: connection)
    }

    public func policy(id: Int64, on connection: any SQLConnection) async throws -> StoredSLAPolicy? {
        try await connection.first("SELECT * FROM sla_policies WHERE id = \(id)").map(Self.policy)
    }

    /// Saves a new policy at version 1.
    public func insertPolicy(_ policy: SLAPolicy, active: Bool, at now: Date, on connection: any SQLConnection) async throws -> StoredSLAPolicy {
        let conditions = policy.conditions
        let row = try await connection.first(
            """
            INSERT INTO sla_policies (name, calendar_id, condition_type, condition_severity, condition_channel, condition_member_grade,
                first_response_minutes, next_response_minutes, resolution_minutes, priority, active, version, created_at, updated_at)
            VALUES (\(policy.name), \(policy.calendarID), \(conditions.type), \(conditions.severity), \(conditions.channel),
                \(conditions.memberGrade), \(policy.firstResponseMinutes), \(policy.nextResponseMinutes), \(policy.resolutionMinutes),
                \(policy.priority), \(active), 1, \(now), \(now)) RETURNING *
            """)
        return try Self.policy(row!)
    }

    /// Replaces policy `id` if `expectedVersion` is still current; the version goes up by one.
    public func updatePolicy(id: Int64, _ policy: SLAPolicy, active: Bool, expectedVersion: Int64, at now: Date,
                             on connection: any SQLConnection) async throws -> StoredSLAPolicy {
        let conditions = policy.conditions
        let row = try await connection.first(
            """
            UPDATE sla_policies SET name = \(policy.name), calendar_id = \(policy.calendarID), condition_type = \(conditions.type),
                condition_severity = \(conditions.severity), condition_channel = \(conditions.channel),
                condition_member_grade = \(conditions.memberGrade), first_response_minutes = \(policy.firstResponseMinutes),
                next_response_minutes = \(policy.nextResponseMinutes), resolution_minutes = \(policy.resolutionMinutes),
                priority = \(policy.priority), active = \(active), version = version + 1, updated_at = \(now)
            WHERE id = \(id) AND version = \(expectedVersion) RETURNING *
            """)
        if let row { return try Self.policy(row) }
        throw try await Self.missedUpdate("sla_policies", entity: "sla_policy", id: id, on: connection)
    }

    static func policy(_ row: Row) throws -> StoredSLAPolicy {
        let conditions = SLAPolicy.Conditions(
            type: row.optionalString("condition_type"), severity: row.optionalString("condition_severity"),
            channel: row.optionalString("condition_channel"), memberGrade: row.optionalString("condition_member_grade"))
        let policy = SLAPolicy(
            name: try row.string("name"), calendarID: Int(try row.int("calendar_id")), conditions: conditions,
            firstResponseMinutes: row.optionalInt("first_response_minutes").map { Int($0) },
            nextResponseMinutes: row.optionalInt("next_response_minutes").map { Int($0) },
            resolutionMinutes: row.optionalInt("resolution_minutes").map { Int($0) }, priority: Int(try row.int("priority")))
        return StoredSLAPolicy(id: try row.int("id"), version: try row.int("version"), active: try row.bool("active"), policy: policy,
                               createdAt: try row.date("created_at"), updatedAt: try row.date("updated_at"))
    }

    // MARK: Both

    /// A number that grows with every change to calendars or policies (each insert or update adds to the
    /// versions, nothing is deleted): one cheap query tells a cache whether what it holds is still current.
    public func stamp(on connection: any SQLConnection) async throws -> Int64 {
        try await connection.first(
            """
            SELECT CAST((SELECT COALESCE(SUM(version), 0) FROM business_calendars)
                + (SELECT COALESCE(SUM(version), 0) FROM sla_policies) AS BIGINT) AS stamp
            """)?.int("stamp") ?? 0
    }

    /// Why an update by id and version changed no row: the row is gone or its version moved on.
    static func missedUpdate(_ table: String, entity: String, id: Int64, on connection: any SQLConnection) async throws -> StoreError {
        guard let current = try await connection.first("SELECT version FROM \(raw: table) WHERE id = \(id)")?.int("version") else {
            return StoreError.notFound(entity: entity, id: "\(id)")
        }
        return StoreError.staleVersion(entity: entity, id: "\(id)", current: current)
    }
}
