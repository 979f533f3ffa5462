import Foundation

/// Failed sign-ins, counted for throttling (R-SEC-1). Each failure is also an event.
public struct LoginFailureRepository: Sendable {
    public init() {}

    public func record(login: String, address: String, at now: Date, on connection: any SQLConnection) async throws {
        try await connection.query("INSERT INTO login_failures (login, address, at) VALUES (\(login), \(address), \(now))")
    }

    /// Failure instants since `start` for a login and for an address.
    public func recent(login: String, address: String, since start: Date, on connection: any SQLConnection) async throws
        -> (login: [Date], address: [Date])
    {
        let byLogin = try await connection.query(
            "SELECT at FROM login_failures WHERE login = \(login) AND at > \(start) ORDER BY at"
        ).map { try $0.date("at") }
        let byAddress = try await connection.query(
            "SELECT at FROM login_failures WHERE address = \(address) AND at > \(start) ORDER BY at"
        ).map { try $0.date("at") }
        return (byLogin, byAddress)
    }

    /// Forgets the failures of a login after it signs in successfully.
    public func clear(login: String, on connection: any SQLConnection) async throws {
        try await connection.query("DELETE FROM login_failures WHERE login = \(login)")
    }
}
