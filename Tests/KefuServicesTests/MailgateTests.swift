import Foundation
import KefuDomain
import KefuMail
import KefuServices
import KefuStore
import KefuTestSupport
import XCTest

/// `kefu mailgate` over the corpus of real-world-shaped messages kept with the mail tests: each gives the right
/// ticket, is threaded, ignored, or rejected with a reason (issue 4, R-TKT-1, R-QA-4).
final class MailgateTests: XCTestCase {
    static let corpus = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("KefuMailTests/Corpus")

    func message(_ name: String) throws -> Data { try Data(contentsOf: Self.corpus.appendingPathComponent(name + ".eml")) }

    struct NotCreated: Error { var outcome: TicketService.MailOutcome }

    /// Receives `data` and returns the ticket it created; anything else fails the test.
    func created(_ tickets: TicketService, _ data: Data, queue: String = "service") async throws -> Ticket {
        let outcome = try await tickets.receiveMail(data, queue: queue, by: .system)
        guard case .created(let ticket) = outcome else { throw NotCreated(outcome: outcome) }
        return ticket
    }

    func testCorpusGivesTheRightTicketsOrReasons_R_TKT_1() async throws {
        try await TestStores.each { database, _ in
            let services = TestStores.services(database)
            let tickets = services.tickets
            // Plain UTF-8: an inquiry from the sender, with the acknowledgement queued as an auto-reply.
            let plain = try await created(tickets, try message("plain-utf8"), queue: "service")
            XCTAssertEqual(plain.type, .inquiry)
            XCTAssertEqual(plain.channel, .email)
            XCTAssertEqual(plain.subject, "订单还没有发货")
            XCTAssertEqual(plain.customer.email, "li.lei@example.com")
            XCTAssertEqual(plain.customer.name, "李雷")
            XCTAssertNil(plain.ownerID, "nobody owns a mailed ticket until someone takes it (R-TKT-2)")
            let agent = Principal(user: try await TestStores.user(services, "zhang.wei", role: .agent), channel: .session)
            var detail = try await tickets.get(id: plain.id, by: agent)
            XCTAssertEqual(detail.messages.map(\.kind), [.customer, .autoReply])
            XCTAssertNil(detail.ticket.firstResponseAt, "R-QA-4: the acknowledgement is not a response")

            // GBK subject, GB2312 quoted-printable, Big5 bodies: decoded text on the ticket.
            let gbk = try await created(tickets, try message("gbk-subject-b"), queue: "service")
            XCTAssertTrue(gbk.subject.hasPrefix("退款申请"), gbk.subject)
            XCTAssertEqual(gbk.customer.name, "张三")
            let big5 = try await created(tickets, try message("big5-base64"), queue: "complaints")
            XCTAssertEqual(big5.type, .complaint, "the complaints queue files complaints")
            XCTAssertEqual(big5.complaintStage, .received)

            // Nested multipart with an inline image and an attachment: both kept.
            let nested = try await created(tickets, try message("nested-multipart"), queue: "service")
            detail = try await tickets.get(id: nested.id, by: agent)
            XCTAssertGreaterThanOrEqual(detail.attachments.count, 2)
            XCTAssertTrue(detail.attachments.contains { $0.contentType == "image/png" })

            // A forwarded message is kept as an .eml attachment; the outer text is the ticket's.
            let forwarded = try await created(tickets, try message("forwarded"), queue: "service")
            detail = try await tickets.get(id: forwarded.id, by: agent)
            XCTAssertTrue(detail.attachments.contains { $0.filename.hasSuffix(".eml") })

            // Auto-replies and bounces never open tickets.
            for name in ["outlook-auto-reply", "vacation-precedence", "bounce-dsn"] {
                let outcome = try await tickets.receiveMail(try message(name), queue: "service", by: .system)
                guard case .ignored = outcome else { return XCTFail("\(name) must be ignored, got \(outcome)") }
            }

            // Broken messages are refused with the reason, and the next message still goes in.
            for (name, reason) in [("broken-boundary", "broken_mime"), ("no-from", "no_sender"), ("empty", "empty")] {
                do {
                    _ = try await tickets.receiveMail(try message(name), queue: "service", by: .system)
                    XCTFail("\(name) must be refused")
                } catch ServiceError.validation(let errors) {
                    XCTAssertEqual(errors.first?.field, "message")
                    XCTAssertEqual(errors.first?.code, "error.mail_unreadable")
                    XCTAssertNotNil(errors.first?.arguments["reason"], "\(name): \(reason)")
                }
            }
            _ = try await created(tickets, try message("html-only"))

            // The customer's answer threads onto their ticket by References, reopening nothing new.
            let total = try await tickets.list(TicketFilter(), by: agent).total
            let reply = try await tickets.receiveMail(try message("reply-with-tag"), queue: "service", by: .system)
            guard case .threaded(let threaded) = reply else { return XCTFail("expected threading, got \(reply)") }
            XCTAssertEqual(threaded.id, plain.id)
            let after = try await tickets.list(TicketFilter(), by: agent).total
            XCTAssertEqual(after, total)
            // A redelivery of the same message changes nothing.
            let again = try await tickets.receiveMail(try message("reply-with-tag"), queue: "service", by: .system)
            XCTAssertEqual(again, .duplicate(ticketNumber: plain.number))
            detail = try await tickets.get(id: plain.id, by: agent)
            XCTAssertEqual(detail.messages.map(\.kind), [.customer, .autoReply, .customer])
        }
    }

    func testTenMegabyteAttachmentIsKept() async throws {
        try await TestStores.each { database, _ in
            let services = TestStores.services(database)
            let payload = Data((0..<(10 * 1_048_576)).map { UInt8(truncatingIfNeeded: $0 &* 31) })
            let mail = OutgoingMail(from: MailAddress(name: "赵六", address: "zhao.liu@example.com"), to: [MailAddress(address: "service@kefu.test")],
                                    subject: "发票扫描件", textBody: "附件是发票。", messageID: "big-1@example.com", date: Date(),
                                    attachments: [MailAttachment(filename: "发票.pdf", contentType: "application/pdf", data: payload)])
            let ticket = try await created(services.tickets, MailComposer.compose(mail), queue: "service")
            let admin = Principal(user: try await TestStores.user(services, "boss", role: .admin), channel: .session)
            let detail = try await services.tickets.get(id: ticket.id, by: admin)
            XCTAssertEqual(detail.attachments.first?.filename, "发票.pdf")
            XCTAssertEqual(detail.attachments.first?.size, payload.count)
        }
    }

    // R-TKT-8, R-QA-4: a reply to a mailed ticket goes out by mail, threaded with the customer's message and tagged
    // with the ticket number; a note never does.
    func testRepliesGoOutThreadedAndNotesStayInside_R_TKT_8() async throws {
        try await TestStores.each { database, _ in
            let services = TestStores.services(database)
            let ticket = try await created(services.tickets, try message("plain-utf8"), queue: "service")
            let agent = Principal(user: try await TestStores.user(services, "zhang.wei", role: .agent), channel: .session)
            _ = try await services.tickets.addMessage(id: ticket.id, kind: .note, body: "仓库说明天发", by: agent)
            let reply = try await services.tickets.addMessage(id: ticket.id, kind: .reply, body: "您好，您的订单明天发出。", by: agent)
            XCTAssertEqual(reply.ticket.ownerID, agent.user?.id, "the first to reply owns it (R-TKT-2)")
            XCTAssertNotNil(reply.ticket.firstResponseAt)
            let queued = try await database.read { try await OutboundMailRepository().list(ticketID: ticket.id, on: $0) }
            XCTAssertEqual(queued.count, 2, "the acknowledgement and the reply; the note is not mailed")
            let sent = try MailParser.parse(queued[1].content)
            XCTAssertEqual(sent.to.first?.address, "li.lei@example.com")
            XCTAssertEqual(MailSubjectTag.ticketNumber(in: sent.subject), ticket.number)
            XCTAssertEqual(sent.inReplyTo, ["plain-1@example.com"])
            XCTAssertTrue(sent.textBody.contains("您好，您的订单明天发出。"))
            XCTAssertFalse(sent.textBody.contains("仓库说明天发"))
            XCTAssertEqual(reply.message.messageID, sent.messageID, "the customer's answer will thread back by it")
            let acknowledgement = try MailParser.parse(queued[0].content)
            XCTAssertEqual(acknowledgement.kind, .autoReply, "marked Auto-Submitted so that other systems do not answer it")
        }
    }

    // Delivery through a sendmail-compatible command: each message on its stdin, marked sent; a failing command
    // leaves it failed with the reason, to be tried again.
    func testQueuedMailGoesThroughTheSendmailCommand() async throws {
        try await TestStores.each { database, _ in
            let directory = FileManager.default.temporaryDirectory.appendingPathComponent("kefu-sendmail-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(at: directory) }
            let script = directory.appendingPathComponent("sendmail")
            try "#!/bin/sh\ncat > \"\(directory.path)/out-$$.eml\"\n".write(to: script, atomically: true, encoding: .utf8)
            try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: script.path)
            var settings = PlatformSettings()
            settings.bcryptCost = 4
            settings.mail = MailSettings(from: "service@kefu.test", sendmail: [script.path, "-t", "-i"])
            let services = Services(database: database, clock: FixedClock(Date(timeIntervalSince1970: 1_795_000_000)), settings: settings)
            _ = try await services.setup.migrate()
            _ = try await services.tickets.receiveMail(try message("plain-utf8"), queue: "service", by: .system)
            let result = try await services.tickets.deliverMail()
            XCTAssertEqual(result.sent, 1)
            let files = try FileManager.default.contentsOfDirectory(atPath: directory.path).filter { $0.hasSuffix(".eml") }
            XCTAssertEqual(files.count, 1)
            let written = try MailParser.parse(try Data(contentsOf: directory.appendingPathComponent(files[0])))
            XCTAssertEqual(written.from?.address, "service@kefu.test")
            let second = try await services.tickets.deliverMail()
            XCTAssertEqual(second.sent, 0, "sent once")

            settings.mail = MailSettings(from: "service@kefu.test", sendmail: ["/bin/false"])
            let failing = Services(database: database, clock: FixedClock(Date(timeIntervalSince1970: 1_795_000_000)), settings: settings)
            _ = try await failing.tickets.receiveMail(try message("gbk-subject-b"), queue: "service", by: .system)
            let failed = try await failing.tickets.deliverMail()
            XCTAssertEqual(failed.failed, 1)
            let failedCount = try await database.read { try await OutboundMailRepository().count(status: "failed", on: $0) }
            XCTAssertEqual(failedCount, 1)
        }
    }
}
