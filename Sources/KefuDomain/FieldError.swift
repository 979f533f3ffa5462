/// One thing wrong with an input: which field (or row/line) and a message key from the catalogs.
public struct FieldError: Codable, Equatable, Sendable {
    /// The field path as integrators send it, e.g. `login` or `items[2].quantity`.
    public var field: String
    /// A message-catalog key, e.g. `error.required`.
    public var code: String
    /// Values the message interpolates, e.g. the minimum length.
    public var arguments: [String: String]

    public init(field: String, code: String, arguments: [String: String] = [:]) {
        self.field = field
        self.code = code
        self.arguments = arguments
    }
}
