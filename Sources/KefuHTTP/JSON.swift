import Foundation
import Hummingbird
import KefuServices

/// The API's JSON conventions: snake_case keys, RFC 3339 instants.
enum KefuJSON {
    static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.keyEncodingStrategy = .convertToSnakeCase
        encoder.dateEncodingStrategy = .iso8601
        // Key order carries no meaning in JSON; sorting every object's keys costs a tenth of a list response.
        encoder.outputFormatting = [.withoutEscapingSlashes]
        return encoder
    }()

    static let decoder: JSONDecoder = {
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        decoder.dateDecodingStrategy = .iso8601
        return decoder
    }()

    /// A JSON response with `status`.
    static func response(_ value: some Encodable, status: HTTPResponse.Status = .ok, headers extra: HTTPFields = [:]) throws -> Response {
        let body: ByteBuffer
        if let writable = value as? any JSONWritable {
            var output = JSONOutput()
            writable.write(to: &output)
            body = ByteBuffer(bytes: output.bytes)
        } else {
            body = ByteBuffer(bytes: try encoder.encode(value))
        }
        var headers: HTTPFields = [.contentType: "application/json; charset=utf-8"]
        headers.append(contentsOf: extra)
        return Response(status: status, headers: headers, body: .init(byteBuffer: body))
    }

    /// The dotted path of a coding path, `items[2].quantity` style, in snake_case as integrators write it.
    static func path(_ codingPath: [any CodingKey]) -> String {
        var result = ""
        for key in codingPath {
            if let index = key.intValue {
                result += "[\(index)]"
            } else {
                if !result.isEmpty { result += "." }
                result += snakeCase(key.stringValue)
            }
        }
        return result
    }

    static func snakeCase(_ name: String) -> String {
        var result = ""
        for character in name {
            if character.isUppercase {
                result += "_" + character.lowercased()
            } else {
                result.append(character)
            }
        }
        return result
    }
}

extension Request {
    /// Decodes a JSON body; bad JSON or a wrong type is a 400 that says where.
    mutating func decodeJSON<T: Decodable>(_ type: T.Type, context: KefuRequestContext) async throws -> T {
        let buffer: ByteBuffer
        do {
            buffer = try await collectBody(upTo: context.maxUploadSize)
        } catch {
            throw RequestError.tooLarge
        }
        guard buffer.readableBytes > 0 else { throw RequestError.malformedBody(field: nil, detail: "empty body; a JSON object is expected") }
        do {
            return try KefuJSON.decoder.decode(T.self, from: Data(buffer.readableBytesView))
        } catch let DecodingError.typeMismatch(_, context), let DecodingError.valueNotFound(_, context) {
            let field = KefuJSON.path(context.codingPath)
            throw RequestError.malformedBody(field: field, detail: "wrong type at \(field.isEmpty ? "the top level" : field)")
        } catch let DecodingError.dataCorrupted(context) {
            let field = KefuJSON.path(context.codingPath)
            throw RequestError.malformedBody(field: field.isEmpty ? nil : field,
                                             detail: field.isEmpty ? "the body is not valid JSON" : "invalid value at \(field)")
        } catch let DecodingError.keyNotFound(key, context) {
            let field = KefuJSON.path(context.codingPath + [key])
            throw RequestError.malformedBody(field: field, detail: "missing \(field)")
        }
    }

    /// Decodes a JSON body when there is one, else returns `empty` (actions whose body is optional).
    mutating func decodeOptionalJSON<T: Decodable>(_ type: T.Type, context: KefuRequestContext, empty: T) async throws -> T {
        let hasBody = (headers[.contentLength].flatMap(Int.init) ?? 0) > 0 || headers[.transferEncoding] != nil
        return hasBody ? try await decodeJSON(type, context: context) : empty
    }

    /// The version in an `If-Match` header (`"3"` or `W/"3"`), for optimistic concurrency.
    var ifMatchVersion: Int64? {
        headers[.ifMatch].flatMap { Int64($0.trimmingCharacters(in: CharacterSet(charactersIn: "\"W/"))) }
    }

    /// Decodes an `application/x-www-form-urlencoded` body.
    mutating func decodeForm<T: Decodable>(_ type: T.Type, context: KefuRequestContext) async throws -> T {
        let buffer = try await collectBody(upTo: context.maxUploadSize)
        let text = String(buffer: buffer)
        do {
            return try URLEncodedFormDecoder().decode(T.self, from: text)
        } catch {
            throw RequestError.malformedBody(field: nil, detail: "the form could not be read")
        }
    }
}

/// The body of an action on one resource (`POST /api/v1/{things}/{id}/{action}`): optional, with a version for
/// optimistic concurrency that may also come as `If-Match`.
protocol ActionBody: Decodable {
    init()
    var version: Int64? { get set }
}

extension Request {
    /// The principal, the `id` in the path and the action's body.
    func action<Body: ActionBody>(_ type: Body.Type, context: KefuRequestContext) async throws -> (Principal, Int64, Body) {
        let principal = try context.requirePrincipal()
        let id = try context.parameters.require("id", as: Int64.self)
        var request = self
        var body = try await request.decodeOptionalJSON(Body.self, context: context, empty: Body())
        body.version = body.version ?? request.ifMatchVersion
        return (principal, id, body)
    }
}

/// A page of a list, as every list endpoint returns it.
struct ListPage<Item: Encodable>: Encodable {
    var items: [Item]
    var total: Int
    var limit: Int
    var offset: Int?
    var nextCursor: String?
}

/// Reads `limit` (1…200, default 50) and `offset` (≥ 0) from the query string.
struct Paging {
    var limit: Int
    var offset: Int

    init(_ request: Request, defaultLimit: Int = 50) throws {
        let query = request.uri.queryParameters
        limit = defaultLimit
        offset = 0
        if let text = query["limit"] {
            guard let value = Int(String(text)), (1...200).contains(value) else {
                throw RequestError.badParameter(.init(field: "limit", code: "error.range", arguments: ["min": "1", "max": "200"]))
            }
            limit = value
        }
        if let text = query["offset"] {
            guard let value = Int(String(text)), value >= 0 else {
                throw RequestError.badParameter(.init(field: "offset", code: "error.range", arguments: ["min": "0", "max": "∞"]))
            }
            offset = value
        }
    }
}
