import ArgumentParser
import Foundation
import KefuDomain
import KefuServices

/// `kefu mailgate --queue NAME`: one RFC 822 message on stdin becomes a ticket or a message on the ticket it
/// answers — the way Postfix hands mail to Request Tracker's rt-mailgate, e.g. in /etc/aliases:
///
///     service: "|/usr/local/bin/kefu mailgate --queue service --data-dir /var/lib/kefu"
///
/// Exit status follows sysexits(3), which mail servers understand: 0 taken (or deliberately ignored: auto-replies,
/// bounces, redeliveries), 65 the message cannot be read (the sender gets the reason), 75 try again later.
struct MailgateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "mailgate", abstract: "Turn one mail message on stdin into a ticket or a reply on one.")

    @OptionGroup var store: StoreOptions
    @Option(help: "The queue the address belongs to: service, complaints, suggestions, repair, after-sales, delivery.")
    var queue: String = "service"

    func run() async throws {
        let data = FileHandle.standardInput.readDataToEndOfFile()
        do {
            let outcome = try await store.withServices { services in
                try await services.tickets.receiveMail(data, queue: queue, by: .cli("mailgate"))
            }
            switch outcome {
            case .created(let ticket): print("created \(ticket.number)")
            case .threaded(let ticket): print("added to \(ticket.number)")
            case .ignored(let reason): print("ignored: \(reason)")
            case .duplicate(let number): print("already on \(number)")
            }
        } catch let error as ServiceError {
            if case .validation = error {
                FileHandle.standardError.write(Data("Rejected: \(error.terminalMessage)\n".utf8))
                throw ExitCode(65)
            }
            FileHandle.standardError.write(Data("Error: \(error.terminalMessage)\n".utf8))
            throw ExitCode(75)
        } catch {
            FileHandle.standardError.write(Data("Temporary failure: \(error)\n".utf8))
            throw ExitCode(75)
        }
    }
}
