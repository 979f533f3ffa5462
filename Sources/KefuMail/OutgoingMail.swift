import Foundation

/// A message for ``MailComposer`` to write: a reply to a customer, an acknowledgement, a notification.
public struct OutgoingMail: Sendable {
    public var from: MailAddress
    public var to: [MailAddress]
    public var cc: [MailAddress]
    /// Written as a `Bcc` header, which `sendmail -t` reads and removes.
    public var bcc: [MailAddress]
    public var replyTo: [MailAddress]
    public var subject: String
    public var textBody: String
    /// When set, the body becomes multipart/alternative with the text first.
    public var htmlBody: String?
    /// Without angle brackets; see ``MailComposer/newMessageID(domain:)``.
    public var messageID: String
    public var inReplyTo: [String]
    public var references: [String]
    public var date: Date
    /// The zone the `Date` header is written in (UTC unless set).
    public var timeZone: TimeZone
    /// More header fields, in order (`Auto-Submitted: auto-replied`); non-ASCII values are encoded.
    public var extraHeaders: [(String, String)]
    /// Files; inline ones with a content ID go beside the HTML in a multipart/related.
    public var attachments: [MailAttachment]

    /// A message to compose; `date` comes from the caller's clock.
    public init(
        from: MailAddress, to: [MailAddress], cc: [MailAddress] = [], bcc: [MailAddress] = [],
        replyTo: [MailAddress] = [], subject: String, textBody: String, htmlBody: String? = nil,
        messageID: String, inReplyTo: [String] = [], references: [String] = [], date: Date,
        timeZone: TimeZone = TimeZone(secondsFromGMT: 0) ?? .current, extraHeaders: [(String, String)] = [],
        attachments: [MailAttachment] = []
    ) {
        self.from = from
        self.to = to
        self.cc = cc
        self.bcc = bcc
        self.replyTo = replyTo
        self.subject = subject
        self.textBody = textBody
        self.htmlBody = htmlBody
        self.messageID = messageID
        self.inReplyTo = inReplyTo
        self.references = references
        self.date = date
        self.timeZone = timeZone
        self.extraHeaders = extraHeaders
        self.attachments = attachments
    }
}
