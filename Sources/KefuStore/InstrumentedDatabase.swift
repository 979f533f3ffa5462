import Dispatch
import Metrics

/// Wraps a database to report how it is used at `/metrics`: operations and their latency by kind,
/// failures, and how many are in flight (a rising in-flight count means the pool is the bottleneck).
public struct InstrumentedDatabase: Database {
    let base: any Database
    private let inFlight: Meter
    private let readTimer: Timer
    private let writeTimer: Timer
    private let failures: Counter

    public init(_ base: any Database) {
        self.base = base
        let dialect = [("database", base.dialect.rawValue)]
        inFlight = Meter(label: "kefu_db_operations_in_flight", dimensions: dialect)
        readTimer = Timer(label: "kefu_db_operation_duration_seconds", dimensions: dialect + [("kind", "read")], preferredDisplayUnit: .seconds)
        writeTimer = Timer(label: "kefu_db_operation_duration_seconds", dimensions: dialect + [("kind", "transaction")], preferredDisplayUnit: .seconds)
        failures = Counter(label: "kefu_db_operation_failures_total", dimensions: dialect)
    }

    public var dialect: SQLDialect { base.dialect }

    public func read<T: Sendable>(_ body: @Sendable (any SQLConnection) async throws -> T) async throws -> T {
        try await measure(readTimer) { try await base.read(body) }
    }

    public func transaction<T: Sendable>(_ body: @Sendable (any SQLConnection) async throws -> T) async throws -> T {
        try await measure(writeTimer) { try await base.transaction(body) }
    }

    public func statement<T: Sendable>(_ body: @Sendable (any SQLConnection) async throws -> T) async throws -> T {
        try await measure(writeTimer) { try await base.statement(body) }
    }

    public func ping() async -> Bool { await base.ping() }

    public func close() async { await base.close() }

    private func measure<T>(_ timer: Timer, _ operation: () async throws -> T) async throws -> T {
        let start = DispatchTime.now().uptimeNanoseconds
        inFlight.increment()
        defer {
            inFlight.decrement()
            timer.recordNanoseconds(Int64(DispatchTime.now().uptimeNanoseconds - start))
        }
        do {
            return try await operation()
        } catch {
            failures.increment()
            throw error
        }
    }
}
