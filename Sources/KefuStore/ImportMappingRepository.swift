import Foundation
import KefuDomain

/// A column mapping an admin saved for order imports.
public struct SavedImportMapping: Codable, Equatable, Sendable {
    public var id: Int64
    public var name: String
    public var channel: OrderChannel
    /// The mapping as JSON (snake_case keys), decoded by the service.
    public var json: String
    public var createdBy: Int64?
    public var createdAt: Date

    public init(id: Int64, name: String, channel: OrderChannel, json: String, createdBy: Int64?, createdAt: Date) {
        self.id = id
        self.name = name
        self.channel = channel
        self.json = json
        self.createdBy = createdBy
        self.createdAt = createdAt
    }
}

/// Saved import mappings; a repeated name is ``StoreError/duplicate(_:)``.
public struct ImportMappingRepository: Sendable {
    public init() {}

    public func insert(name: String, channel: OrderChannel, json: String, createdBy: Int64?, at now: Date,
                       on connection: any SQLConnection) async throws -> Int64 {
        let row = try await connection.first(
            """
            INSERT INTO import_mappings (name, channel, mapping_json, created_by, created_at)
            VALUES (\(name), \(channel), \(json), \(createdBy), \(now))
            RETURNING id
            """)
        return try row?.int("id") ?? 0
    }

    public func list(on connection: any SQLConnection) async throws -> [SavedImportMapping] {
        try await connection.query("SELECT * FROM import_mappings ORDER BY name").map(Self.decode)
    }

    public func find(id: Int64, on connection: any SQLConnection) async throws -> SavedImportMapping? {
        try await connection.first("SELECT * FROM import_mappings WHERE id = \(id)").map(Self.decode)
    }

    static func decode(_ row: Row) throws -> SavedImportMapping {
        SavedImportMapping(id: try row.int("id"), name: try row.string("name"), channel: try row.value("channel"),
                           json: try row.string("mapping_json"), createdBy: row.optionalInt("created_by"), createdAt: try row.date("created_at"))
    }
}
