/// What sort of message arrived, so the mail gateway can avoid answering machines.
public enum MailKind: String, Sendable, Equatable {
    /// Written by a person: create or update a ticket and acknowledge it.
    case regular
    /// An out-of-office, vacation or other automatic answer (RFC 3834); never answer it.
    case autoReply
    /// A delivery failure report; never answer it.
    case bounce
}
