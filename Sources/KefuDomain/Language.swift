import Foundation

/// The languages people can use Kefu in. Simplified Chinese is the default.
public enum Language: String, Codable, CaseIterable, Sendable {
    case zhHans = "zh-Hans"
    case en

    public static let `default`: Language = .zhHans

    /// Picks a language from an HTTP `Accept-Language` header, honouring q-values.
    /// Any `zh` variant maps to Simplified Chinese; unknown languages fall back to the default.
    public static func negotiate(acceptLanguage header: String?) -> Language {
        guard let header, !header.isEmpty else { return .default }
        var best: (Language, Double)?
        for part in header.split(separator: ",") {
            let pieces = part.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }
            guard let tag = pieces.first?.lowercased(), !tag.isEmpty else { continue }
            var quality = 1.0
            for parameter in pieces.dropFirst() where parameter.hasPrefix("q=") {
                quality = Double(parameter.dropFirst(2)) ?? 0
            }
            let language: Language?
            if tag == "zh" || tag.hasPrefix("zh-") {
                language = .zhHans
            } else if tag == "en" || tag.hasPrefix("en-") {
                language = .en
            } else {
                language = nil
            }
            if let language, quality > 0, quality > (best?.1 ?? -1) {
                best = (language, quality)
            }
        }
        return best?.0 ?? .default
    }
}
