import Foundation
import Logging

/// Background work that runs on a clock: the daily close at 16:30 (R-ORD-15), the SLA sweep (R-TKT-4), callback
/// generation (R-CB-1) and mail to customers. Every instance runs it; the work itself checks what is due and claims it,
/// so several instances do it once.
public struct Scheduler: Sendable {
    let services: Services
    let interval: Duration
    let logger: Logger

    public init(services: Services, interval: Duration = .seconds(30), logger: Logger = Logger(label: "kefu.scheduler")) {
        self.services = services
        self.interval = interval
        self.logger = logger
    }

    /// How often callbacks are generated.
    static let callbackInterval: Duration = .seconds(300)

    /// Runs until the task is cancelled.
    public func run() async {
        await withTaskGroup(of: Void.self) { group in
            group.addTask { await indexSearch() }
            group.addTask { await runChores() }
        }
    }

    /// What customers and agents write reaches the search index within a second, in batches.
    func indexSearch() async {
        while !Task.isCancelled {
            do {
                _ = try await services.tickets.indexSearch()
            } catch {
                logger.error("search indexing failed", metadata: ["error": "\(error)"])
            }
            try? await Task.sleep(for: .seconds(1))
        }
    }

    func runChores() async {
        var callbacksGenerated: ContinuousClock.Instant?
        while !Task.isCancelled {
            // Callbacks from new deliveries, resolutions and assignments (R-CB-1), every few minutes: due in days, not seconds.
            if callbacksGenerated.map({ ContinuousClock.now - $0 >= Self.callbackInterval }) ?? true {
                callbacksGenerated = ContinuousClock.now
                do {
                    let run = try await services.callbacks.generate()
                    if run.total > 0 { logger.info("callbacks generated", metadata: ["added": "\(run.total)", "assigned": "\(run.assigned)"]) }
                } catch {
                    logger.error("callback generation failed", metadata: ["error": "\(error)"])
                }
            }
            do {
                if try await services.dailyClose.runIfDue() { logger.info("daily close produced") }
            } catch {
                logger.error("scheduled work failed", metadata: ["error": "\(error)"])
            }
            do {
                let sweep = try await services.tickets.sweepSLA()
                if sweep.atRisk + sweep.breached > 0 {
                    logger.info("SLA sweep", metadata: ["at_risk": "\(sweep.atRisk)", "breached": "\(sweep.breached)"])
                }
            } catch {
                logger.error("SLA sweep failed", metadata: ["error": "\(error)"])
            }
            do {
                let mail = try await services.tickets.deliverMail()
                if mail.failed > 0 { logger.warning("mail not delivered", metadata: ["failed": "\(mail.failed)", "sent": "\(mail.sent)"]) }
            } catch {
                logger.error("mail delivery failed", metadata: ["error": "\(error)"])
            }
            try? await Task.sleep(for: interval)
        }
    }
}
