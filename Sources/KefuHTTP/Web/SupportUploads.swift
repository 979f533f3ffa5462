import Foundation
import KefuDomain
import KefuServices

/// Files customers attach on the web form and the status page: up to three images or PDFs of 5 MB each, their type
/// told by their first bytes (never by the name or the browser's claim), like after-sales photos.
enum SupportUploads {
    static let field = "attachments"
    static let maxFiles = 3
    static let maxBytes = 5 * 1024 * 1024
    /// The whole form: the files and room for the text (below ``CSRFMiddleware/maxMultipartSize``).
    static let maxBodySize = maxFiles * maxBytes + 512 * 1024

    /// The chosen files of `form` as uploads, or what is wrong with them. An empty file input sends an empty part:
    /// it is no file.
    static func read(_ form: MultipartForm) -> (uploads: [TicketUpload], problems: [FieldError]) {
        let parts = form.parts.filter { $0.name == field && !($0.body.isEmpty && ($0.filename ?? "").isEmpty) }
        var uploads: [TicketUpload] = []
        var problems: [FieldError] = []
        if parts.count > maxFiles {
            problems.append(FieldError(field: field, code: "error.too_many_files", arguments: ["max": "\(maxFiles)"]))
        }
        for part in parts.prefix(maxFiles) {
            if part.body.count > maxBytes {
                problems.append(FieldError(field: field, code: "error.file_too_large", arguments: ["max": "\(maxBytes / 1024 / 1024) MB"]))
            } else if let contentType = contentType(of: part.body) {
                uploads.append(TicketUpload(filename: filename(part.filename), contentType: contentType, data: part.body))
            } else {
                problems.append(FieldError(field: field, code: "error.attachment_type"))
            }
        }
        return (uploads, problems)
    }

    /// JPEG, PNG, GIF, WebP or PDF, by the bytes.
    static func contentType(of data: Data) -> String? {
        EvidencePhoto.imageType(of: data) ?? (data.starts(with: Array("%PDF-".utf8)) ? "application/pdf" : nil)
    }

    /// The file's own name without any folder the browser sent, shortened.
    static func filename(_ name: String?) -> String {
        let last = (name ?? "").split(whereSeparator: { "/\\".contains($0) }).last.map(String.init) ?? ""
        return String((last.isEmpty ? "attachment" : last).prefix(120))
    }
}
