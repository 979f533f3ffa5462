import ArgumentParser

/// `kefu`: the Kefu customer-service system. `kefu serve` runs it; the other commands work on the same store.
@main
struct Kefu: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "kefu",
        abstract: "Kefu (客服) — customer-service management: orders, tickets, callbacks, members.",
        subcommands: [Serve.self, Migrate.self, UserCommand.self, TokenCommand.self, Backup.self, ImportCommand.self, MailgateCommand.self, SLACommand.self, CallbacksCommand.self]
    )
}
