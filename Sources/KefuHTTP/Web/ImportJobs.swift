import Foundation
import KefuDomain

/// Imports started from the browser, run in the background so the page can poll their progress.
/// Jobs live in this instance's memory for an hour; the orders they write are in the store like any others.
actor ImportJobs {
    struct Job: Sendable {
        enum State: String, Sendable { case running, done, failed }
        var owner: Int64?
        var state: State = .running
        var processedRows = 0
        var totalRows = 0
        var report: OrderImportReport?
        var errors: [FieldError] = []
        var started: Date
    }

    private var jobs: [String: Job] = [:]

    /// Registers a running job for `owner` and returns its id.
    func start(owner: Int64?, at now: Date) -> String {
        jobs = jobs.filter { now.timeIntervalSince($0.value.started) < 3600 }
        let id = UUID().uuidString.lowercased()
        jobs[id] = Job(owner: owner, started: now)
        return id
    }

    func progress(_ id: String, processed: Int, total: Int) {
        guard var job = jobs[id], job.state == .running else { return }
        job.processedRows = max(job.processedRows, processed)
        job.totalRows = total
        jobs[id] = job
    }

    func finish(_ id: String, report: OrderImportReport) {
        jobs[id]?.state = .done
        jobs[id]?.report = report
        jobs[id]?.processedRows = report.totalRows
        jobs[id]?.totalRows = report.totalRows
    }

    func fail(_ id: String, errors: [FieldError]) {
        jobs[id]?.state = .failed
        jobs[id]?.errors = errors
    }

    /// The job, only for the person who started it.
    func job(_ id: String, owner: Int64?) -> Job? {
        guard let job = jobs[id], job.owner == owner else { return nil }
        return job
    }
}
