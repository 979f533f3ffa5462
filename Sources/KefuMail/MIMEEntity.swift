import Foundation

/// One MIME entity of a message: its headers, where its body lies and, for a multipart, its parts.
///
/// Bodies stay byte ranges into the message; only the parts that become text are ever decoded.
struct MIMEEntity {
    /// Deeper nesting than this is left undivided (a guard against crafted messages, not a real limit).
    static let maximumDepth = 32

    var headers: [MailHeader]
    /// The lowercased `type/subtype`.
    var mimeType: String
    var contentType: HeaderParameters
    var body: Range<Int>
    var parts: [MIMEEntity] = []
    /// True for a multipart whose boundary never occurs, so its parts could not be found.
    var isBrokenMultipart = false

    var isMultipart: Bool { mimeType.hasPrefix("multipart/") }

    func header(_ name: String) -> String? { headers.first(named: name)?.rawValue }

    /// Reads the entity in `range`, and its parts when it is a multipart.
    static func read(_ bytes: MailBytes, in range: Range<Int>, defaultType: String = "text/plain", depth: Int = 0) -> MIMEEntity {
        let block = HeaderBlock.read(bytes, in: range, skippingMboxLine: depth == 0)
        let contentType = HeaderParameters(block.headers.first(named: "Content-Type")?.rawValue)
        let mimeType = contentType.value.contains("/") ? contentType.value : defaultType
        var entity = MIMEEntity(headers: block.headers, mimeType: mimeType, contentType: contentType,
                                body: block.bodyStart..<range.upperBound)
        guard entity.isMultipart, depth < maximumDepth else { return entity }
        let boundary = contentType["boundary"].map { Array($0.utf8) } ?? guessedBoundary(bytes, in: entity.body)
        guard let boundary, let ranges = MultipartBody.partRanges(bytes, in: entity.body, boundary: boundary) else {
            entity.isBrokenMultipart = true
            return entity
        }
        let partDefault = mimeType == "multipart/digest" ? "message/rfc822" : "text/plain"
        entity.parts = ranges.map { read(bytes, in: $0, defaultType: partDefault, depth: depth + 1) }
        return entity
    }

    /// The boundary of a multipart that forgot its `boundary` parameter: the first `--…` line.
    private static func guessedBoundary(_ bytes: MailBytes, in range: Range<Int>) -> [UInt8]? {
        var position = range.lowerBound
        while let line = bytes.line(at: position, limit: range.upperBound) {
            if line.end - line.start > 2, bytes[line.start] == 0x2D, bytes[line.start + 1] == 0x2D {
                var end = line.end
                while end > line.start + 2, MailBytes.isWhitespace(bytes[end - 1]) { end -= 1 }
                return Array(bytes.slice(line.start + 2..<end))
            }
            position = line.next
        }
        return nil
    }
}
