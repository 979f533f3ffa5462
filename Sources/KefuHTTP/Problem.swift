import Foundation
import Hummingbird
import KefuDomain

/// An RFC 9457 problem document, the body of every API error.
struct Problem: Encodable, Sendable {
    struct FieldProblem: Encodable, Sendable {
        var field: String
        var code: String
        var message: String
    }

    var type: String
    var title: String
    var status: Int
    var detail: String?
    var errors: [FieldProblem]?
    /// For 409s on versioned entities: the version now stored.
    var currentVersion: Int64?
    /// For illegal state changes: the state now and what can be done from it.
    var currentState: String?
    var allowedActions: [String]?

    enum CodingKeys: String, CodingKey {
        case type, title, status, detail, errors
        case currentVersion = "current_version"
        case currentState = "current_state"
        case allowedActions = "allowed_actions"
    }

    func response(headers extra: HTTPFields = [:]) -> Response {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let data = (try? encoder.encode(self)) ?? Data("{}".utf8)
        var headers: HTTPFields = [.contentType: "application/problem+json; charset=utf-8"]
        headers.append(contentsOf: extra)
        return Response(status: .init(code: status), headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }
}
