import KefuDomain

/// A `true`/`false` query parameter (`?open=true`): absent or empty is false; anything else is a 400.
enum QueryFlag {
    static func parse(_ text: Substring?, field: String) throws -> Bool {
        switch text {
        case nil, "", "false": return false
        case "true": return true
        default: throw RequestError.badParameter(FieldError(field: field, code: "error.unknown_value", arguments: ["value": String(text ?? "")]))
        }
    }
}
