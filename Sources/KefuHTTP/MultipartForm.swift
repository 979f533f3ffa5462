import Hummingbird
import Foundation

/// A `multipart/form-data` body (RFC 7578) read whole: text fields and uploaded files, by field name.
struct MultipartForm: Sendable {
    struct Part: Sendable {
        var name: String
        var filename: String?
        var contentType: String?
        var body: Data
    }

    /// Why a body is not usable multipart data; reported as a 400.
    struct Malformed: Error, Equatable {
        var reason: String
    }

    var parts: [Part]

    /// The first part called `name`.
    func part(_ name: String) -> Part? { parts.first { $0.name == name } }

    /// A text field's value (UTF-8), or nil when absent.
    func text(_ name: String) -> String? { part(name).map { String(decoding: $0.body, as: UTF8.self) } }

    /// The boundary parameter of a `multipart/form-data` content type, unquoted.
    static func boundary(contentType: String) -> String? {
        let pieces = contentType.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }
        guard pieces.first?.lowercased() == "multipart/form-data" else { return nil }
        for piece in pieces.dropFirst() {
            let pair = piece.split(separator: "=", maxSplits: 1)
            guard pair.count == 2, pair[0].trimmingCharacters(in: .whitespaces).lowercased() == "boundary" else { continue }
            let value = pair[1].trimmingCharacters(in: CharacterSet(charactersIn: "\" "))
            return (1...70).contains(value.utf8.count) ? value : nil
        }
        return nil
    }

    init(parts: [Part]) {
        self.parts = parts
    }

    /// Parses `bytes` delimited by `boundary`. The preamble and epilogue are ignored.
    init(bytes: [UInt8], boundary: String) throws(Malformed) {
        let delimiter = Array("--\(boundary)".utf8)
        let nextDelimiter = Array("\r\n--\(boundary)".utf8)
        guard var position = Self.find(delimiter, in: bytes, from: 0) else { throw Malformed(reason: "no boundary in the body") }
        position += delimiter.count
        var parts: [Part] = []
        while true {
            if Self.matches([0x2D, 0x2D], in: bytes, at: position) { break }  // "--": the closing delimiter
            guard Self.matches([0x0D, 0x0A], in: bytes, at: position) else { throw Malformed(reason: "bad delimiter line") }
            position += 2
            guard let headerEnd = Self.find([0x0D, 0x0A, 0x0D, 0x0A], in: bytes, from: position) else {
                throw Malformed(reason: "part headers never end")
            }
            let headers = Self.headers(String(decoding: bytes[position..<headerEnd], as: UTF8.self))
            let bodyStart = headerEnd + 4
            guard let bodyEnd = Self.find(nextDelimiter, in: bytes, from: bodyStart) else { throw Malformed(reason: "part never ends") }
            guard let disposition = headers["content-disposition"], let name = Self.parameter("name", in: disposition) else {
                throw Malformed(reason: "part without a name")
            }
            parts.append(Part(name: name, filename: Self.parameter("filename", in: disposition), contentType: headers["content-type"],
                              body: Data(bytes[bodyStart..<bodyEnd])))
            position = bodyEnd + nextDelimiter.count
        }
        self.parts = parts
    }

    static func headers(_ text: String) -> [String: String] {
        var result: [String: String] = [:]
        for line in text.components(separatedBy: "\r\n") {
            guard let colon = line.firstIndex(of: ":") else { continue }
            result[line[..<colon].trimmingCharacters(in: .whitespaces).lowercased()] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        }
        return result
    }

    /// A parameter of a header value (`name="file"`), quotes and backslash escapes removed.
    static func parameter(_ name: String, in header: String) -> String? {
        var rest = Substring(header)
        while let semicolon = rest.firstIndex(of: ";") {
            rest = rest[rest.index(after: semicolon)...].drop { $0 == " " }
            guard let equals = rest.firstIndex(of: "=") else { return nil }
            let key = rest[..<equals].trimmingCharacters(in: .whitespaces).lowercased()
            var value = rest[rest.index(after: equals)...]
            var parsed = ""
            if value.first == "\"" {
                value = value.dropFirst()
                var escaped = false
                var end = value.endIndex
                for index in value.indices {
                    let character = value[index]
                    if escaped { parsed.append(character); escaped = false; continue }
                    if character == "\\" { escaped = true; continue }
                    if character == "\"" { end = index; break }
                    parsed.append(character)
                }
                rest = end < value.endIndex ? value[value.index(after: end)...] : value[value.endIndex...]
            } else {
                let end = value.firstIndex(of: ";") ?? value.endIndex
                parsed = value[..<end].trimmingCharacters(in: .whitespaces)
                rest = value[end...]
            }
            if key == name { return parsed }
        }
        return nil
    }

    static func matches(_ pattern: [UInt8], in bytes: [UInt8], at position: Int) -> Bool {
        guard position + pattern.count <= bytes.count else { return false }
        for offset in pattern.indices where bytes[position + offset] != pattern[offset] { return false }
        return true
    }

    /// The first position of `pattern` at or after `start`.
    static func find(_ pattern: [UInt8], in bytes: [UInt8], from start: Int) -> Int? {
        guard let first = pattern.first, bytes.count >= pattern.count else { return nil }
        return bytes.withUnsafeBufferPointer { buffer -> Int? in
            var index = start
            let last = buffer.count - pattern.count
            while index <= last {
                if buffer[index] == first {
                    var offset = 1
                    while offset < pattern.count, buffer[index + offset] == pattern[offset] { offset += 1 }
                    if offset == pattern.count { return index }
                }
                index += 1
            }
            return nil
        }
    }
}

extension Request {
    /// Reads a `multipart/form-data` body of at most `limit` bytes; a wrong content type or a broken body is a 400,
    /// a larger one a 413.
    mutating func multipartForm(upTo limit: Int) async throws -> MultipartForm {
        guard let boundary = headers[.contentType].flatMap(MultipartForm.boundary(contentType:)) else {
            throw RequestError.malformedBody(field: nil, detail: "multipart/form-data with a boundary is expected")
        }
        let buffer: ByteBuffer
        do { buffer = try await collectBody(upTo: limit) } catch { throw RequestError.tooLarge }
        do {
            return try MultipartForm(bytes: Array(buffer.readableBytesView), boundary: boundary)
        } catch {
            throw RequestError.malformedBody(field: nil, detail: "the multipart body could not be read: \(error.reason)")
        }
    }
}
