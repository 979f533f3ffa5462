import Foundation
import KefuDomain
import KefuStore

extension Snapshot {
    /// What the event log keeps of a calendar: its whole JSON, as stored.
    static func calendar(_ calendar: BusinessCalendar) throws -> String {
        try SLAConfigRepository.definition(calendar)
    }

    /// What the event log keeps of a policy: its JSON as the API writes it, with `active`.
    static func policy(_ policy: SLAPolicy, active: Bool) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(PolicyState(policy: policy, active: active)), as: UTF8.self)
    }

    private struct PolicyState: Encodable {
        var policy: SLAPolicy
        var active: Bool
        enum Key: String, CodingKey { case active }

        func encode(to encoder: Encoder) throws {
            try policy.encode(to: encoder)
            var container = encoder.container(keyedBy: Key.self)
            try container.encode(active, forKey: .active)
        }
    }

    /// Of two JSON objects, the top-level members that differ, as a before and an after object (a member
    /// present on one side only appears on that side).
    static func difference(from old: String, to new: String) -> (before: String, after: String) {
        func object(_ text: String) -> [String: Any] {
            (try? JSONSerialization.jsonObject(with: Data(text.utf8))) as? [String: Any] ?? [:]
        }
        func text(_ value: Any) -> String {
            (try? JSONSerialization.data(withJSONObject: value, options: [.fragmentsAllowed, .sortedKeys, .withoutEscapingSlashes]))
                .map { String(decoding: $0, as: UTF8.self) } ?? ""
        }
        let before = object(old), after = object(new)
        var changedBefore: [String: Any] = [:], changedAfter: [String: Any] = [:]
        for key in Set(before.keys).union(after.keys) {
            let left = before[key].map(text), right = after[key].map(text)
            guard left != right else { continue }
            changedBefore[key] = before[key]
            changedAfter[key] = after[key]
        }
        return (text(changedBefore), text(changedAfter))
    }
}
