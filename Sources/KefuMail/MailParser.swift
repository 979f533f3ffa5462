import Foundation

/// Reads one RFC 822 / MIME message, as `kefu mailgate` receives it on standard input.
///
/// Lenient where real mail is sloppy (LF line ends, folded and 8-bit headers, missing final
/// boundaries, bad padding); it throws only when the message is unusable. It never traps on input.
public enum MailParser {
    /// The default largest message accepted: 25 MiB, the usual limit of mail providers.
    public static let defaultMaxBytes = 25 * 1024 * 1024

    /// Parses `data`, refusing messages larger than `maxBytes`.
    public static func parse(_ data: Data, maxBytes: Int = defaultMaxBytes) throws(MailParseError) -> MailMessage {
        guard data.contains(where: { !MailBytes.isWhitespace($0) }) else { throw .empty }
        guard data.count <= maxBytes else { throw .tooLarge(size: data.count, limit: maxBytes) }
        let result: Result<MailMessage, MailParseError> = MailBytes.with(data) { bytes in
            Result { () throws(MailParseError) in try message(from: bytes) }
        }
        return try result.get()
    }

    private static func message(from bytes: MailBytes) throws(MailParseError) -> MailMessage {
        var start = 0
        while start < bytes.count, bytes[start] == MailBytes.lineFeed || bytes[start] == MailBytes.carriageReturn { start += 1 }
        let root = MIMEEntity.read(bytes, in: start..<bytes.count)
        guard !root.headers.isEmpty else { throw .noHeaders }
        let headers = root.headers
        func addresses(_ name: String) -> [MailAddress] {
            headers.all(named: name).flatMap { MailAddress.parseList($0.rawValue) }
        }
        guard let from = addresses("From").first ?? addresses("Sender").first else { throw .noSender }
        var collector = MailBodyCollector(bytes: bytes)
        collector.collect(root)
        if collector.foundNothing, collector.hasBrokenMultipart { throw .brokenMIME }
        let subject = headers.first(named: "Subject")?.value ?? ""
        let text = collector.texts.joined(separator: "\n")
        let html = collector.htmls.isEmpty ? nil : collector.htmls.joined(separator: "\n")
        let kind = MailKind.detect(headers: headers, from: from, subject: subject,
                                   topContentType: root.contentType, hasDeliveryStatus: collector.hasDeliveryStatus)
        return MailMessage(
            headers: headers, from: from, to: addresses("To"), cc: addresses("Cc"), replyTo: addresses("Reply-To"),
            subject: subject, messageID: MessageIDList.parse(headers.first(named: "Message-ID")?.rawValue).first,
            inReplyTo: MessageIDList.parse(headers.first(named: "In-Reply-To")?.rawValue),
            references: MessageIDList.parse(headers.first(named: "References")?.rawValue),
            date: headers.first(named: "Date").flatMap { MailDate.parse($0.rawValue) },
            textBody: MailText.isBlank(text) ? html.map(HTMLText.plainText) ?? text : text,
            htmlBody: html, attachments: collector.finishedAttachments(), kind: kind)
    }
}
