import Foundation
import KefuDomain

/// The message catalogs: every visible string, per language, from `Resources/messages/<lang>.json`.
public struct Catalog: Sendable {
    let messages: [Language: [String: String]]
    /// The same messages with dots in keys turned into underscores, for templates (`{{t.nav_admin}}`).
    let templateMessages: [Language: [String: String]]

    init(directory: URL) throws {
        var messages: [Language: [String: String]] = [:]
        for language in Language.allCases {
            let data = try Data(contentsOf: directory.appendingPathComponent("\(language.rawValue).json"))
            messages[language] = try JSONDecoder().decode([String: String].self, from: data)
        }
        self.messages = messages
        self.templateMessages = messages.mapValues { table in
            Dictionary(uniqueKeysWithValues: table.map { ($0.key.replacingOccurrences(of: ".", with: "_"), $0.value) })
        }
    }

    /// The bundled catalogs.
    public static func bundled() throws -> Catalog {
        try Catalog(directory: KefuResources.url("messages"))
    }

    /// The message for `key` in `language`, with `{name}` placeholders filled; falls back to the default
    /// language, then to the key itself so a missing entry is visible rather than blank.
    public func text(_ key: String, _ language: Language, _ arguments: [String: String] = [:]) -> String {
        var text = messages[language]?[key] ?? messages[.default]?[key] ?? key
        for (name, value) in arguments {
            text = text.replacingOccurrences(of: "{\(name)}", with: value)
        }
        return text
    }

    /// Whether the catalog has `key` (used to accept only known flash messages).
    public func has(_ key: String) -> Bool { messages[.default]?[key] != nil }

    public func table(for language: Language) -> [String: String] {
        templateMessages[language] ?? [:]
    }

    /// Every key of every language, for the test that keeps catalogs in step.
    public func keys(_ language: Language) -> Set<String> { Set(messages[language]?.keys ?? [:].keys) }

    /// The message for a field error.
    public func message(for error: FieldError, _ language: Language) -> String {
        text(error.code, language, error.arguments)
    }
}
