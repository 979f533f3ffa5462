import Foundation

/// A read-only view of a message's bytes, with the line and search helpers the parser needs.
///
/// Everything works on byte offsets into one buffer, so a large attachment is never copied line by
/// line nor turned into a `String`; lines end in LF or CRLF.
struct MailBytes {
    static let lineFeed: UInt8 = 0x0A, carriageReturn: UInt8 = 0x0D, space: UInt8 = 0x20, tab: UInt8 = 0x09

    /// One line: `start..<end` is its content without the line break, `next` where the following line starts.
    struct Line {
        let start: Int
        let end: Int
        let next: Int
        var isEmpty: Bool { start == end }
    }

    let buffer: UnsafeBufferPointer<UInt8>

    var count: Int { buffer.count }

    subscript(index: Int) -> UInt8 { buffer[index] }

    /// Runs `body` with a view of `data`'s bytes.
    static func with<Result>(_ data: Data, _ body: (MailBytes) -> Result) -> Result {
        data.withUnsafeBytes { raw in body(MailBytes(buffer: raw.bindMemory(to: UInt8.self))) }
    }

    /// The line starting at `start`, which must lie before `limit`; nil when `start` is at `limit`.
    func line(at start: Int, limit: Int) -> Line? {
        guard start < limit, let base = buffer.baseAddress else { return nil }
        guard let hit = memchr(base + start, Int32(Self.lineFeed), limit - start) else {
            let end = buffer[limit - 1] == Self.carriageReturn ? limit - 1 : limit
            return Line(start: start, end: max(start, end), next: limit)
        }
        let lineFeed = UnsafeRawPointer(hit).assumingMemoryBound(to: UInt8.self) - base
        let end = lineFeed > start && buffer[lineFeed - 1] == Self.carriageReturn ? lineFeed - 1 : lineFeed
        return Line(start: start, end: end, next: lineFeed + 1)
    }

    /// The first offset of `byte` in `range`, found with `memchr`.
    func firstIndex(of byte: UInt8, in range: Range<Int>) -> Int? {
        guard !range.isEmpty, let base = buffer.baseAddress,
              let hit = memchr(base + range.lowerBound, Int32(byte), range.count) else { return nil }
        return UnsafeRawPointer(hit).assumingMemoryBound(to: UInt8.self) - base
    }

    /// Whether the bytes at `offset` equal `prefix`, compared without regard to ASCII case when asked.
    func hasPrefix(_ prefix: [UInt8], at offset: Int, limit: Int, ignoringCase: Bool = false) -> Bool {
        guard offset + prefix.count <= limit else { return false }
        for (index, expected) in prefix.enumerated() {
            let actual = buffer[offset + index]
            if actual == expected { continue }
            guard ignoringCase, Self.lowercased(actual) == Self.lowercased(expected) else { return false }
        }
        return true
    }

    /// A copy of the bytes in `range`.
    func data(_ range: Range<Int>) -> Data {
        guard !range.isEmpty else { return Data() }
        return Data(UnsafeBufferPointer(rebasing: buffer[range]))
    }

    /// The bytes in `range` without a copy, for decoders.
    func slice(_ range: Range<Int>) -> UnsafeBufferPointer<UInt8> {
        UnsafeBufferPointer(rebasing: buffer[range])
    }

    static func isWhitespace(_ byte: UInt8) -> Bool {
        byte == space || byte == tab || byte == lineFeed || byte == carriageReturn
    }

    static func lowercased(_ byte: UInt8) -> UInt8 {
        (0x41...0x5A).contains(byte) ? byte + 0x20 : byte
    }
}
