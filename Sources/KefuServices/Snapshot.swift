import Foundation
import KefuDomain

/// JSON snapshots for the event log's before/after columns: stable key order, no secrets.
enum Snapshot {
    static func json(_ fields: [String: String?]) -> String {
        let present = fields.compactMapValues { $0 }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return (try? String(decoding: encoder.encode(present), as: UTF8.self)) ?? "{}"
    }

    static func user(_ user: User) -> String {
        json([
            "login": user.login, "display_name": user.displayName, "role": user.role.rawValue,
            "department": user.department?.rawValue, "team": user.team, "level": user.level.rawValue,
            "language": user.language?.rawValue, "active": user.active ? "true" : "false",
        ])
    }

    /// A value of a snapshot written by ``json(_:)``.
    static func value(_ key: String, in snapshot: String?) -> String? {
        guard let snapshot, let object = try? JSONDecoder().decode([String: String].self, from: Data(snapshot.utf8)) else { return nil }
        return object[key]
    }
}
