import Foundation
import Logging

/// Background work that runs on a clock: today the daily close at 16:30 (R-ORD-15). Every instance runs it;
/// the work itself checks whether it is due and already done, so several instances do it once.
public struct Scheduler: Sendable {
    let services: Services
    let interval: Duration
    let logger: Logger

    public init(services: Services, interval: Duration = .seconds(60), logger: Logger = Logger(label: "kefu.scheduler")) {
        self.services = services
        self.interval = interval
        self.logger = logger
    }

    /// Runs until the task is cancelled.
    public func run() async {
        while !Task.isCancelled {
            do {
                if try await services.dailyClose.runIfDue() { logger.info("daily close produced") }
            } catch {
                logger.error("scheduled work failed", metadata: ["error": "\(error)"])
            }
            try? await Task.sleep(for: interval)
        }
    }
}
