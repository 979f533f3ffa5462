import Foundation
import KefuDomain
import KefuMail
import KefuStore

/// Mail in and out, the way Request Tracker's mail gate works: one RFC 822 message in becomes a new ticket or
/// a message on the ticket it answers; replies go out through a sendmail-compatible command, threaded.
extension TicketService {
    /// What became of one incoming message.
    public enum MailOutcome: Sendable, Equatable {
        case created(Ticket)
        case threaded(Ticket)
        /// Auto-replies and bounces never open or touch tickets.
        case ignored(reason: String)
        /// The same Message-ID arrived before (a redelivery): nothing changed.
        case duplicate(ticketNumber: String)
    }

    /// The ticket type a mail queue files new tickets as: `complaints` → complaint, `repair` → repair, …
    public static func ticketType(forQueue queue: String) -> TicketType {
        let name = queue.lowercased().replacingOccurrences(of: "-", with: "_")
        if name.hasPrefix("complaint") || name == "tousu" { return .complaint }
        if name.hasPrefix("suggestion") { return .suggestion }
        if name.hasPrefix("repair") { return .repair }
        if name.hasPrefix("after_sales") || name.hasPrefix("aftersales") || name == "returns" { return .afterSales }
        if name.hasPrefix("delivery") || name.hasPrefix("shipping") { return .deliveryQuery }
        return .inquiry
    }

    /// Takes one message. A malformed one is a validation error naming why (`message`), and nothing is stored.
    public func receiveMail(_ data: Data, queue: String, by principal: Principal) async throws -> MailOutcome {
        if principal.channel != .system && principal.channel != .cli { try principal.require(.ticketsManage) }
        let message: MailMessage
        do {
            message = try MailParser.parse(data)
        } catch {
            throw ServiceError.validation([FieldError(field: "message", code: "error.mail_unreadable", arguments: ["reason": error.message])])
        }
        switch message.kind {
        case .autoReply: return .ignored(reason: "auto-reply")
        case .bounce: return .ignored(reason: "bounce")
        case .regular: break
        }
        guard let sender = message.from else {
            throw ServiceError.validation([FieldError(field: "message", code: "error.mail_unreadable", arguments: ["reason": "no sender"])])
        }
        let uploads = message.attachments.filter { $0.data.count <= TicketUpload.maxBytes }.map {
            TicketUpload(filename: $0.filename, contentType: $0.contentType, data: $0.data)
        }
        var body = message.textBody.trimmingCharacters(in: .whitespacesAndNewlines)
        let dropped = message.attachments.count - uploads.count
        if dropped > 0 { body += "\n\n[\(dropped) attachment(s) over \(TicketUpload.maxBytes / 1_048_576) MB not kept]" }
        if body.isEmpty { body = uploads.isEmpty ? "(no text)" : "(see attachments)" }
        let references = message.threadReferences
        let number = MailSubjectTag.ticketNumber(in: message.subject)
        let existing: (duplicate: Ticket?, thread: Ticket?) = try await database.read { connection in
            if let id = message.messageID, let ticketID = try await records.ticketID(forMessageIDs: [id], on: connection) {
                return (try await tickets.find(id: ticketID, on: connection), nil)
            }
            if let ticketID = try await records.ticketID(forMessageIDs: references, on: connection) {
                return (nil, try await tickets.find(id: ticketID, on: connection))
            }
            return (nil, try await number.asyncMap { try await tickets.find(number: $0, on: connection) } ?? nil)
        }
        if let duplicate = existing.duplicate { return .duplicate(ticketNumber: duplicate.number) }
        if let thread = existing.thread, !(thread.type == .complaint && thread.stateCategory == .closed) {
            let result = try await addCustomerMessage(id: thread.id, body: body, channel: .email, messageID: message.messageID, uploads: uploads,
                                                      by: .system)
            return .threaded(result.ticket)
        }
        let subject = message.subject.trimmingCharacters(in: .whitespacesAndNewlines)
        let draft = TicketDraft(type: Self.ticketType(forQueue: queue), channel: .email,
                                subject: subject.isEmpty ? String(body.prefix(40)) : String(subject.prefix(200)), body: body,
                                customer: .init(name: sender.name ?? sender.localPart, email: sender.address))
        let ticket = try await create(draft, source: .customer(messageID: message.messageID), uploads: uploads, by: .system)
        return .created(ticket)
    }

    /// Writes the mail for a reply (or an acknowledgement) and queues it in the caller's transaction; returns
    /// its Message-ID, which the conversation keeps so the customer's answer threads back.
    func queueMail(ticket: Ticket, body: String, autoSubmitted: Bool, at now: Date, on connection: any SQLConnection) async throws -> String? {
        guard let address = ticket.customer.email else { return nil }
        let history = try await records.messages(ticketID: ticket.id, on: connection)
        let ids = history.compactMap(\.messageID)
        let lastCustomer = history.last { $0.kind == .customer && $0.messageID != nil }?.messageID
        let chinese = (ticket.subject + (history.first?.body ?? "")).unicodeScalars.contains { (0x4E00...0x9FFF).contains($0.value) }
        let footer = chinese
            ? "\n\n——\n回复本邮件即可继续沟通，请保留主题中的工单号 [#\(ticket.number)]。"
            : "\n\n--\nReply to this mail to continue; please keep [#\(ticket.number)] in the subject."
        let messageID = MailComposer.newMessageID(domain: mail.domain)
        let prefix = autoSubmitted ? (chinese ? "已收到：" : "Received: ") : "Re: "
        let subject = MailSubjectTag.tagged(ticket.subject.hasPrefix("Re:") ? ticket.subject : prefix + ticket.subject, number: ticket.number)
        let outgoing = OutgoingMail(
            from: MailAddress(name: chinese ? "客服中心" : "Customer service", address: mail.from),
            to: [MailAddress(name: ticket.customer.name, address: address)], subject: subject, textBody: body + footer,
            messageID: messageID, inReplyTo: lastCustomer.map { [$0] } ?? [], references: ids, date: now, timeZone: timeZone,
            extraHeaders: autoSubmitted ? [("Auto-Submitted", "auto-replied"), ("X-Kefu-Ticket", ticket.number)] : [("X-Kefu-Ticket", ticket.number)])
        _ = try await OutboundMailRepository().queue(ticketID: ticket.id, messageID: messageID, recipients: [address],
                                                     content: MailComposer.compose(outgoing), at: now, on: connection)
        return messageID
    }

    /// Hands queued mail to the sendmail command (`KEFU_SENDMAIL`), each message on its stdin. Without a
    /// command configured, mail stays queued. Returns how many went and how many failed.
    public func deliverMail(limit: Int = 100) async throws -> (sent: Int, failed: Int) {
        guard let executable = mail.sendmail.first else { return (0, 0) }
        let outbox = OutboundMailRepository()
        let now = clock.now
        let claimed = try await database.transaction { try await outbox.claim(limit: limit, at: now, on: $0) }
        var sent = 0, failed = 0
        for message in claimed {
            let result = Self.run(executable, Array(mail.sendmail.dropFirst()), input: message.content)
            let finished = clock.now
            try await database.transaction { connection in
                if let error = result {
                    try await outbox.markFailed(id: message.id, error: error, on: connection)
                } else {
                    try await outbox.markSent(id: message.id, at: finished, on: connection)
                }
            }
            if result == nil { sent += 1 } else { failed += 1 }
        }
        return (sent, failed)
    }

    /// Runs a command with `input` on stdin; nil when it exits 0, else what went wrong.
    static func run(_ executable: String, _ arguments: [String], input: Data) -> String? {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        let stdin = Pipe(), stderr = Pipe()
        process.standardInput = stdin
        process.standardError = stderr
        process.standardOutput = FileHandle.nullDevice
        do {
            try process.run()
        } catch {
            return "cannot run \(executable): \(error.localizedDescription)"
        }
        stdin.fileHandleForWriting.write(input)
        try? stdin.fileHandleForWriting.close()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            let text = String(decoding: stderr.fileHandleForReading.readDataToEndOfFile().prefix(500), as: UTF8.self)
            return "\(executable) exited with \(process.terminationStatus): \(text)"
        }
        return nil
    }
}
