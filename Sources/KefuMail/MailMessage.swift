import Foundation

/// A parsed mail message: the headers a helpdesk needs, the best plain text, and the files.
public struct MailMessage: Sendable {
    /// Every header of the top-level entity, in message order.
    public var headers: [MailHeader]
    public var from: MailAddress?
    public var to: [MailAddress]
    public var cc: [MailAddress]
    public var replyTo: [MailAddress]
    /// Decoded and unfolded; empty when the message has none.
    public var subject: String
    /// Without angle brackets.
    public var messageID: String?
    public var inReplyTo: [String]
    public var references: [String]
    public var date: Date?
    /// The text/plain body, or the HTML body made readable when there is no plain text; LF line ends.
    public var textBody: String
    public var htmlBody: String?
    /// Attachments, inline images and forwarded messages, in message order.
    public var attachments: [MailAttachment]
    public var kind: MailKind

    /// A message built by hand, for test doubles of code that consumes parsed mail.
    public init(
        headers: [MailHeader] = [], from: MailAddress? = nil, to: [MailAddress] = [], cc: [MailAddress] = [],
        replyTo: [MailAddress] = [], subject: String = "", messageID: String? = nil, inReplyTo: [String] = [],
        references: [String] = [], date: Date? = nil, textBody: String = "", htmlBody: String? = nil,
        attachments: [MailAttachment] = [], kind: MailKind = .regular
    ) {
        self.headers = headers
        self.from = from
        self.to = to
        self.cc = cc
        self.replyTo = replyTo
        self.subject = subject
        self.messageID = messageID
        self.inReplyTo = inReplyTo
        self.references = references
        self.date = date
        self.textBody = textBody
        self.htmlBody = htmlBody
        self.attachments = attachments
        self.kind = kind
    }

    /// The decoded value of the first header called `name` (case-insensitive).
    public func header(_ name: String) -> String? {
        headers.first(named: name)?.value
    }

    /// The decoded values of every header called `name` (case-insensitive), in message order.
    public func headerValues(_ name: String) -> [String] {
        headers.all(named: name).map(\.value)
    }

    /// The ids this message answers, for finding its ticket: In-Reply-To, then References, without repeats.
    public var threadReferences: [String] {
        var seen = Set<String>()
        return (inReplyTo + references).filter { seen.insert($0).inserted }
    }
}
