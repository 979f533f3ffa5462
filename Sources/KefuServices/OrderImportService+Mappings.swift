import Foundation
import KefuDomain
import KefuStore

extension OrderImportService {
    static let mappingEncoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.keyEncodingStrategy = .convertToSnakeCase
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }()

    static let mappingDecoder: JSONDecoder = {
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        return decoder
    }()

    /// Saves a mapping under a name for later imports; needs `settings.manage` (admins).
    public func saveMapping(name: String?, mapping: ImportMapping, by principal: Principal) async throws -> SavedImportMapping {
        try principal.require(.settingsManage)
        let name = (name ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        var problems: [FieldError] = []
        if name.isEmpty { problems.append(FieldError(field: "name", code: "error.required")) }
        if name.count > 80 { problems.append(FieldError(field: "name", code: "error.too_long", arguments: ["max": "80"])) }
        if mapping.channel == nil { problems.append(FieldError(field: "mapping.channel", code: "error.required")) }
        for (field, headers) in mapping.requiredColumns where headers.isEmpty && field != "customer_phone" {
            problems.append(FieldError(field: "mapping.\(field)", code: "error.required"))
        }
        guard problems.isEmpty, let channel = mapping.channel else { throw ServiceError.validation(problems) }
        let json = String(decoding: try Self.mappingEncoder.encode(mapping), as: UTF8.self)
        let now = clock.now
        do {
            return try await database.transaction { connection in
                let id = try await mappings.insert(name: name, channel: channel, json: json, createdBy: principal.user?.id, at: now, on: connection)
                try await events.append(principal.event("import_mapping.created", entity: "import_mapping", id: "\(id)",
                                                        after: Snapshot.json(["name": name, "channel": channel.rawValue]), at: now), on: connection)
                return SavedImportMapping(id: id, name: name, channel: channel, json: json, createdBy: principal.user?.id, createdAt: now)
            }
        } catch StoreError.duplicate {
            throw ServiceError.validation([FieldError(field: "name", code: "error.duplicate", arguments: ["value": name])])
        }
    }

    /// Saved mappings, by name.
    public func savedMappings(by principal: Principal) async throws -> [SavedImportMapping] {
        try principal.require(.ordersCreate)
        return try await database.read { try await mappings.list(on: $0) }
    }

    /// A saved mapping, decoded.
    public func mapping(id: Int64, by principal: Principal) async throws -> ImportMapping {
        try principal.require(.ordersCreate)
        guard let saved = try await database.read({ try await mappings.find(id: id, on: $0) }) else {
            throw ServiceError.notFound(entity: "import_mapping")
        }
        return try Self.decodeMapping(Data(saved.json.utf8))
    }

    /// A mapping from JSON (snake_case keys; a column is one header or a list of candidates).
    public static func decodeMapping(_ data: Data) throws -> ImportMapping {
        do {
            return try mappingDecoder.decode(ImportMapping.self, from: data)
        } catch {
            throw ServiceError.validation([FieldError(field: "mapping", code: "error.wrong_type")])
        }
    }
}
