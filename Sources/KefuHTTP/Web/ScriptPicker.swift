import Foundation
import KefuDomain

/// The script library as templates show it: phrases grouped by situation in conversation order, each group with its
/// label in the reader's language. `scripts/picker.mustache` reads these values under `script_picker`; a page that
/// includes the picker (the ticket reply box) puts them there with ``values(_:catalog:language:)``.
enum ScriptPicker {
    /// One entry per situation that has phrases: `situation`, `label` and `scripts` (`id`, `title`, `body`, `note`).
    static func groups(_ scripts: [Script], catalog: Catalog, language: Language,
                       item: (Script) -> [String: Any] = { _ in [:] }) -> [[String: Any]] {
        let bySituation = Dictionary(grouping: scripts, by: \.situation)
        return Script.Situation.allCases.compactMap { situation -> [String: Any]? in
            guard let group = bySituation[situation], !group.isEmpty else { return nil }
            return [
                "situation": situation.rawValue, "label": catalog.text("script_situation.\(situation.rawValue)", language),
                "scripts": group.map { script -> [String: Any] in
                    ["id": script.id, "situation": script.situation.rawValue, "title": script.title, "body": script.body,
                     "note": script.note, "active": script.active] + item(script)
                },
            ]
        }
    }

    /// The values `scripts/picker.mustache` needs: active phrases (as ``ScriptService/search(_:situation:includeInactive:by:)``
    /// returns them) under `script_picker`.
    static func values(_ scripts: [Script], catalog: Catalog, language: Language) -> [String: Any] {
        ["script_picker": groups(scripts.filter(\.active), catalog: catalog, language: language)]
    }

    /// The situations as select options, `selected` marking one.
    static func situationOptions(selected: String?, catalog: Catalog, language: Language) -> [[String: Any]] {
        Script.Situation.allCases.map {
            ["value": $0.rawValue, "label": catalog.text("script_situation.\($0.rawValue)", language), "selected": $0.rawValue == selected]
        }
    }
}
