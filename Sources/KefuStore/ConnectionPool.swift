import NIOConcurrencyHelpers

/// A fixed set of connections handed out one caller at a time; callers wait in order when all are busy.
final class ConnectionPool<Connection: Sendable>: @unchecked Sendable {
    private let lock = NIOLock()
    private var idle: [Connection]
    private var waiters: [CheckedContinuation<Connection, Never>] = []
    let all: [Connection]

    init(_ connections: [Connection]) {
        precondition(!connections.isEmpty, "a pool needs at least one connection")
        idle = connections
        all = connections
    }

    func withConnection<T>(_ body: (Connection) async throws -> T) async throws -> T {
        let connection = await acquire()
        defer { release(connection) }
        return try await body(connection)
    }

    private func acquire() async -> Connection {
        await withCheckedContinuation { continuation in
            let connection: Connection? = lock.withLock {
                if let connection = idle.popLast() { return connection }
                waiters.append(continuation)
                return nil
            }
            if let connection { continuation.resume(returning: connection) }
        }
    }

    private func release(_ connection: Connection) {
        let waiter: CheckedContinuation<Connection, Never>? = lock.withLock {
            if waiters.isEmpty {
                idle.append(connection)
                return nil
            }
            return waiters.removeFirst()
        }
        waiter?.resume(returning: connection)
    }
}
