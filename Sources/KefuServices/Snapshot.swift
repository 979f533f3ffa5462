import Foundation
import KefuDomain

/// JSON snapshots for the event log's before/after columns: stable key order, no secrets.
enum Snapshot {
    /// A flat JSON object of the present fields, keys sorted. Written by hand: every change writes one, and
    /// `JSONEncoder` was a tenth of the cost of entering a ticket.
    static func json(_ fields: [String: String?]) -> String {
        var text = "{"
        var first = true
        for (key, value) in fields.compactMapValues({ $0 }).sorted(by: { $0.key < $1.key }) {
            if !first { text += "," }
            first = false
            JSONText.appendQuoted(key, to: &text)
            text += ":"
            JSONText.appendQuoted(value, to: &text)
        }
        return text + "}"
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
