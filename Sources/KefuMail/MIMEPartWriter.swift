import Foundation

/// Lays out and writes the MIME body of an outgoing message.
///
/// Text alone is one part; with HTML it becomes multipart/alternative (HTML inside a
/// multipart/related when inline images carry content IDs); other files make a multipart/mixed.
struct MIMEPartWriter {
    /// One part to write: its header fields (each ending in CRLF) and encoded body, or its parts.
    indirect enum Part {
        case leaf(headers: String, body: [UInt8])
        case multipart(subtype: String, parts: [Part])
    }

    let boundary: () -> String

    /// The part tree for `mail`'s body and files.
    static func body(of mail: OutgoingMail) -> Part {
        let text = textPart(mail.textBody, subtype: "plain")
        guard let html = mail.htmlBody else { return mixed(text, mail.attachments) }
        let related = mail.attachments.filter { $0.isInline && $0.contentID?.isEmpty == false }
        let others = mail.attachments.filter { !($0.isInline && $0.contentID?.isEmpty == false) }
        var htmlPart = textPart(html, subtype: "html")
        if !related.isEmpty { htmlPart = .multipart(subtype: "related", parts: [htmlPart] + related.map(attachmentPart)) }
        return mixed(.multipart(subtype: "alternative", parts: [text, htmlPart]), others)
    }

    /// Appends `part`, headers first, to `output`; the top-level multipart gets a preamble for
    /// readers that know no MIME.
    func write(_ part: Part, into output: inout [UInt8], isTopLevel: Bool = true) {
        switch part {
        case .leaf(let headers, let body):
            output += Array(headers.utf8)
            output += [MailBytes.carriageReturn, MailBytes.lineFeed]
            output += body
        case .multipart(let subtype, let parts):
            let marker = boundary()
            output += Array("Content-Type: multipart/\(subtype);\r\n boundary=\"\(marker)\"\r\n\r\n".utf8)
            if isTopLevel { output += Array("This is a multi-part message in MIME format.\r\n".utf8) }
            for (index, child) in parts.enumerated() {
                let delimiter = (index == 0 && !isTopLevel ? "" : "\r\n") + "--\(marker)\r\n"
                output += Array(delimiter.utf8)
                write(child, into: &output, isTopLevel: false)
            }
            output += Array("\r\n--\(marker)--\r\n".utf8)
        }
    }

    private static func mixed(_ body: Part, _ attachments: [MailAttachment]) -> Part {
        attachments.isEmpty ? body : .multipart(subtype: "mixed", parts: [body] + attachments.map(attachmentPart))
    }

    private static func textPart(_ text: String, subtype: String) -> Part {
        let (encoding, body) = BodyEncoder.encodeText(text)
        let headers = "Content-Type: text/\(subtype); charset=utf-8\r\nContent-Transfer-Encoding: \(encoding)\r\n"
        return .leaf(headers: headers, body: body)
    }

    private static func attachmentPart(_ attachment: MailAttachment) -> Part {
        let type = attachment.contentType.isEmpty ? "application/octet-stream" : sanitizedType(attachment.contentType)
        let filename = HeaderFolder.sanitized(attachment.filename)
        var headers = ParameterWriter.field("Content-Type", value: type, name: "name", parameter: filename, legacyEncodedWords: true)
        headers += ParameterWriter.field("Content-Disposition", value: attachment.isInline ? "inline" : "attachment",
                                         name: "filename", parameter: filename, legacyEncodedWords: false)
        if let contentID = attachment.contentID, !contentID.isEmpty {
            headers += "Content-ID: <" + contentID.unicodeScalars.filter { $0.value > 0x20 && $0.value < 0x7F && $0 != "<" && $0 != ">" }
                .map(String.init).joined() + ">\r\n"
        }
        if type == "message/rfc822", let message = BodyEncoder.eightBitMessage(attachment.data) {
            return .leaf(headers: headers + "Content-Transfer-Encoding: 8bit\r\n", body: message)
        }
        return .leaf(headers: headers + "Content-Transfer-Encoding: base64\r\n", body: BodyEncoder.base64(attachment.data))
    }

    private static func sanitizedType(_ type: String) -> String {
        let clean = type.lowercased().filter { $0.isASCII && ($0.isLetter || $0.isNumber || "/.+-_".contains($0)) }
        return clean.split(separator: "/").count == 2 ? clean : "application/octet-stream"
    }
}
