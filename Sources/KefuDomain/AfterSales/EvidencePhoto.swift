import Foundation

/// A photo attached to an after-sales case as evidence (R-AS-2).
public struct EvidencePhoto: Codable, Equatable, Sendable {
    public var id: Int64
    public var caseID: Int64
    public var filename: String
    public var contentType: String
    public var size: Int
    public var uploadedBy: Int64?
    public var uploadedAt: Date

    public init(id: Int64, caseID: Int64, filename: String, contentType: String, size: Int, uploadedBy: Int64?, uploadedAt: Date) {
        self.id = id
        self.caseID = caseID
        self.filename = filename
        self.contentType = contentType
        self.size = size
        self.uploadedBy = uploadedBy
        self.uploadedAt = uploadedAt
    }

    /// The largest photo accepted, and how many a case may hold.
    public static let maximumSize = 5 * 1024 * 1024
    public static let maximumPerCase = 10

    /// The image type told by the file's first bytes (never by its name or the browser's claim), or nil when
    /// it is not a JPEG, PNG, GIF or WebP image.
    public static func imageType(of bytes: Data) -> String? {
        let head = Array(bytes.prefix(12))
        if head.starts(with: [0xFF, 0xD8, 0xFF]) { return "image/jpeg" }
        if head.starts(with: [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) { return "image/png" }
        if head.starts(with: Array("GIF8".utf8)) { return "image/gif" }
        if head.count == 12, head.starts(with: Array("RIFF".utf8)), Array(head[8..<12]) == Array("WEBP".utf8) { return "image/webp" }
        return nil
    }
}
