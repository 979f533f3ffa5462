import ArgumentParser
import Foundation
import KefuServices

/// `kefu sla sweep`: one pass of the SLA sweep the server runs every 30 seconds (R-TKT-4), for cron-driven setups
/// and for measuring it.
struct SLACommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "sla", abstract: "SLA chores.", subcommands: [Sweep.self])

    struct Sweep: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Mark tickets whose SLA clocks turned at risk or breached (once each), and tell their people.")
        @OptionGroup var store: StoreOptions
        @Option(help: "The most tickets to look at in one pass.") var limit: Int = 1_000

        func run() async throws {
            try await reportingErrors {
                try await store.withServices { services in
                    let started = ContinuousClock.now
                    let report = try await services.tickets.sweepSLA(limit: limit)
                    let elapsed = ContinuousClock.now - started
                    let milliseconds = Double(elapsed.components.seconds) * 1_000 + Double(elapsed.components.attoseconds) / 1e15
                    print("looked at \(report.looked), at risk \(report.atRisk), breached \(report.breached) in \(String(format: "%.1f", milliseconds)) ms")
                }
            }
        }
    }
}
