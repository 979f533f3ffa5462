import Foundation

/// A file carried by a message: a real attachment, an inline image, or a forwarded message (`.eml`).
public struct MailAttachment: Sendable, Equatable {
    /// The decoded file name; generated (`attachment-1.bin`) when the sender gave none.
    public var filename: String
    /// The lowercased `type/subtype` (`application/pdf`, `message/rfc822`).
    public var contentType: String
    /// The decoded bytes.
    public var data: Data
    /// The `Content-ID` without angle brackets, which HTML refers to as `cid:…`.
    public var contentID: String?
    /// True for parts meant to be shown in the body (inline images of a multipart/related).
    public var isInline: Bool

    /// An attachment to send; `contentType` should be a lowercased `type/subtype`.
    public init(filename: String, contentType: String, data: Data, contentID: String? = nil, isInline: Bool = false) {
        self.filename = filename
        self.contentType = contentType
        self.data = data
        self.contentID = contentID
        self.isInline = isInline
    }
}

extension MailAttachment {
    private static let extensions: [String: String] = [
        "application/pdf": "pdf", "application/zip": "zip", "application/json": "json",
        "image/png": "png", "image/jpeg": "jpg", "image/jpg": "jpg", "image/gif": "gif", "image/webp": "webp",
        "image/bmp": "bmp", "image/heic": "heic", "text/plain": "txt", "text/html": "html", "text/csv": "csv",
        "text/calendar": "ics", "message/rfc822": "eml", "message/delivery-status": "txt",
        "text/rfc822-headers": "txt", "application/pkcs7-signature": "p7s",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": "xlsx",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "docx",
        "application/vnd.ms-excel": "xls", "application/msword": "doc",
    ]

    /// The name given to the `number`th attachment when the sender named none.
    static func generatedName(number: Int, contentType: String) -> String {
        "attachment-\(number).\(extensions[contentType] ?? "bin")"
    }

    /// A sender's file name made safe to store: no directories, control characters or surrounding blanks.
    static func sanitized(_ name: String) -> String {
        let lastComponent = name.split(whereSeparator: { $0 == "/" || $0 == "\\" }).last.map(String.init) ?? ""
        let cleaned = String(lastComponent.unicodeScalars.filter { $0.value >= 0x20 && $0.value != 0x7F })
        let trimmed = cleaned.trimmingCharacters(in: .whitespaces)
        return trimmed == "." || trimmed == ".." ? "" : String(trimmed.prefix(200))
    }
}
