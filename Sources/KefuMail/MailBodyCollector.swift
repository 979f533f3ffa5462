import Foundation

/// Walks the MIME tree and gathers the text, HTML and files a ticket needs.
///
/// In a multipart/alternative the plain-text branch gives the text and the last HTML branch the
/// HTML; elsewhere parts are taken in order. Forwarded messages (message/rfc822) stay whole as
/// `.eml` attachments: nothing inside them becomes the outer message's text.
struct MailBodyCollector {
    let bytes: MailBytes
    var texts = [String]()
    var htmls = [String]()
    /// Attachments in order; an empty file name is filled in by ``finishedAttachments()``.
    var attachments = [MailAttachment]()
    var hasDeliveryStatus = false
    var hasBrokenMultipart = false

    init(bytes: MailBytes) { self.bytes = bytes }

    var foundNothing: Bool { texts.isEmpty && htmls.isEmpty && attachments.isEmpty }

    mutating func collect(_ entity: MIMEEntity, insideRelated: Bool = false) {
        if entity.isBrokenMultipart { hasBrokenMultipart = true }
        if entity.mimeType == "multipart/alternative", !entity.parts.isEmpty {
            collectAlternatives(entity.parts)
        } else if entity.isMultipart {
            for part in entity.parts { collect(part, insideRelated: entity.mimeType == "multipart/related") }
        } else {
            collectLeaf(entity, insideRelated: insideRelated)
        }
    }

    /// The attachments with generated names where the sender gave none.
    func finishedAttachments() -> [MailAttachment] {
        attachments.enumerated().map { offset, attachment in
            var named = attachment
            if named.filename.isEmpty { named.filename = MailAttachment.generatedName(number: offset + 1, contentType: named.contentType) }
            return named
        }
    }

    private mutating func collectAlternatives(_ parts: [MIMEEntity]) {
        let branches = parts.map { part -> MailBodyCollector in
            var branch = MailBodyCollector(bytes: bytes)
            branch.collect(part)
            return branch
        }
        let plain = branches.first { !$0.texts.isEmpty }
        let html = branches.last { !$0.htmls.isEmpty }
        texts += plain?.texts ?? []
        htmls += html?.htmls ?? []
        for branch in branches {
            attachments += branch.attachments
            hasDeliveryStatus = hasDeliveryStatus || branch.hasDeliveryStatus
            hasBrokenMultipart = hasBrokenMultipart || branch.hasBrokenMultipart
        }
    }

    private mutating func collectLeaf(_ entity: MIMEEntity, insideRelated: Bool) {
        let disposition = HeaderParameters(entity.header("Content-Disposition"))
        let givenName = disposition["filename"] ?? entity.contentType["name"]
        let type = entity.mimeType
        let decoded = TransferEncoding.decode(bytes.slice(entity.body), encoding: entity.header("Content-Transfer-Encoding"))
        if type == "message/delivery-status" || type == "message/global-delivery-status" { hasDeliveryStatus = true }
        if type == "text/plain" || type == "text/html", disposition.value != "attachment", givenName == nil {
            let text = MailText.normalizedLineEnds(Charset.decode(decoded, charset: entity.contentType["charset"]))
            if type == "text/plain" { texts.append(text) } else { htmls.append(text) }
            return
        }
        var filename = givenName.map(MailAttachment.sanitized) ?? ""
        if filename.isEmpty, type == "message/rfc822" || type == "message/global" {
            filename = Self.forwardedMessageName(decoded)
        }
        let contentID = entity.header("Content-ID").map {
            String($0.unicodeScalars.filter { $0 != "<" && $0 != ">" && !$0.properties.isWhitespace })
        }
        let isInline = disposition.value == "inline" || (disposition.value.isEmpty && insideRelated)
        attachments.append(MailAttachment(filename: filename, contentType: type, data: decoded,
                                          contentID: contentID?.isEmpty == false ? contentID : nil, isInline: isInline))
    }

    /// `<subject>.eml` for a forwarded message, from its own Subject header; empty when it has none.
    private static func forwardedMessageName(_ message: Data) -> String {
        let subject = MailBytes.with(message) { inner in
            HeaderBlock.read(inner, in: 0..<inner.count).headers.first(named: "Subject")?.value ?? ""
        }
        let portable = String(subject.map { ":*?\"<>|/\\".contains($0) ? "_" : $0 })
        let name = MailAttachment.sanitized(portable)
        return name.isEmpty ? "" : String(name.prefix(120)) + ".eml"
    }
}
