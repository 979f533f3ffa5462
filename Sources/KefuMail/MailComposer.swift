import Foundation

/// Writes an ``OutgoingMail`` as an RFC 5322 / MIME message for `sendmail -t`.
///
/// CRLF line ends; non-ASCII names and subjects as RFC 2047 UTF-8 words; bodies in UTF-8,
/// quoted-printable when mostly ASCII and base64 otherwise, lines of at most 76 characters;
/// random boundaries that cannot occur in either encoding.
public enum MailComposer {
    /// The message bytes.
    public static func compose(_ mail: OutgoingMail) -> Data {
        compose(mail, boundary: { "=_kefu_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased() })
    }

    /// A fresh, globally unique Message-ID (without angle brackets) at `domain`.
    public static func newMessageID(domain: String) -> String {
        let host = domain.filter { $0.isLetter || $0.isNumber || $0 == "." || $0 == "-" }
        return "kefu." + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased() + "@" + (host.isEmpty ? "localhost" : host)
    }

    static func compose(_ mail: OutgoingMail, boundary: @escaping () -> String) -> Data {
        var header = ""
        header += field("Date", MailDate.format(mail.date, timeZone: mail.timeZone))
        header += addressField("From", [mail.from])
        for (name, list) in [("To", mail.to), ("Cc", mail.cc), ("Bcc", mail.bcc), ("Reply-To", mail.replyTo)] where !list.isEmpty {
            header += addressField(name, list)
        }
        header += textField("Subject", mail.subject)
        header += idField("Message-ID", [mail.messageID])
        if !mail.inReplyTo.isEmpty { header += idField("In-Reply-To", mail.inReplyTo) }
        if !mail.references.isEmpty { header += idField("References", mail.references) }
        for (name, value) in mail.extraHeaders where isFieldName(name) { header += textField(name, value) }
        header += field("MIME-Version", "1.0")
        var output = [UInt8](header.utf8)
        MIMEPartWriter(boundary: boundary).write(MIMEPartWriter.body(of: mail), into: &output)
        return Data(output)
    }

    private static func field(_ name: String, _ value: String) -> String {
        var folder = HeaderFolder(name: name)
        folder.append(HeaderFolder.sanitized(value))
        return folder.text
    }

    private static func textField(_ name: String, _ value: String) -> String {
        var folder = HeaderFolder(name: name)
        folder.appendText(value)
        return folder.text
    }

    private static func idField(_ name: String, _ ids: [String]) -> String {
        var folder = HeaderFolder(name: name)
        for id in ids {
            let clean = String(id.unicodeScalars.filter { $0.value > 0x20 && $0.value < 0x7F && $0 != "<" && $0 != ">" })
            if !clean.isEmpty { folder.append("<" + clean + ">") }
        }
        return folder.text
    }

    private static func addressField(_ name: String, _ addresses: [MailAddress]) -> String {
        var folder = HeaderFolder(name: name)
        for (index, mailbox) in addresses.enumerated() {
            let address = String(HeaderFolder.sanitized(mailbox.address).unicodeScalars.filter {
                !$0.properties.isWhitespace && $0 != "<" && $0 != ">" && $0 != ","
            })
            let comma = index + 1 < addresses.count ? "," : ""
            let name = HeaderFolder.sanitized(mailbox.name ?? "").trimmingCharacters(in: .whitespaces)
            if name.isEmpty {
                folder.append(address + comma)
                continue
            }
            if HeaderFolder.needsEncoding(name) { folder.appendEncoded(name) } else { folder.append(quotedIfNeeded(name)) }
            folder.append("<" + address + ">" + comma)
        }
        return folder.text
    }

    /// A display name as an RFC 5322 phrase: bare when only atoms, otherwise a quoted string.
    private static func quotedIfNeeded(_ name: String) -> String {
        let specials = Set("()<>[]:;@\\,.\"")
        guard name.contains(where: { specials.contains($0) }) else { return name }
        return "\"" + name.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
    }

    private static func isFieldName(_ name: String) -> Bool {
        !name.isEmpty && name.unicodeScalars.allSatisfy { $0.value > 0x20 && $0.value < 0x7F && $0 != ":" }
    }
}
