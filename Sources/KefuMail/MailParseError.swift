import Foundation

/// Why a message could not be read; `code` is stable and label-safe, `message` is for people and logs.
///
/// Codes: `empty`, `no_headers`, `no_sender`, `too_large`, `broken_mime`. Messages never quote the
/// mail's content.
public struct MailParseError: Error, LocalizedError, Equatable, Sendable, CustomStringConvertible {
    public let code: String
    public let message: String

    /// An error with a stable `code` and an English `message`.
    public init(code: String, message: String) {
        self.code = code
        self.message = message
    }

    public var errorDescription: String? { message }
    public var description: String { "\(code): \(message)" }

    static let empty = MailParseError(code: "empty", message: "the message is empty")
    static let noHeaders = MailParseError(code: "no_headers", message: "the message has no header block")
    static let noSender = MailParseError(code: "no_sender", message: "the message has no From or Sender address")
    static let brokenMIME = MailParseError(
        code: "broken_mime", message: "the message is multipart but its boundary never occurs, so no body was found")

    static func tooLarge(size: Int, limit: Int) -> MailParseError {
        MailParseError(code: "too_large", message: "the message has \(size) bytes, more than the limit of \(limit)")
    }
}
