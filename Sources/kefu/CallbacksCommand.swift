import ArgumentParser
import Foundation
import KefuServices

/// `kefu callbacks generate`: one generation run, as the server makes every five minutes (R-CB-1), for cron-driven
/// setups and for measuring it.
struct CallbacksCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "callbacks", abstract: "Callback chores.", subcommands: [Generate.self])

    struct Generate: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Create the callbacks still missing for deliveries, services, complaints, occasions and new assignments, and share them out.")
        @OptionGroup var store: StoreOptions

        func run() async throws {
            try await reportingErrors {
                try await store.withServices { services in
                    let started = ContinuousClock.now
                    let run = try await services.callbacks.generate(by: .cli())
                    let elapsed = ContinuousClock.now - started
                    let milliseconds = Double(elapsed.components.seconds) * 1_000 + Double(elapsed.components.attoseconds) / 1e15
                    let added = run.added.sorted { $0.key.rawValue < $1.key.rawValue }.map { "\($0.key.rawValue) \($0.value)" }
                    print("added \(run.total)\(added.isEmpty ? "" : " (" + added.joined(separator: ", ") + ")"), assigned \(run.assigned) in \(String(format: "%.1f", milliseconds)) ms")
                }
            }
        }
    }
}
