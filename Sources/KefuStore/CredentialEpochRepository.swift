/// The credential epoch: a single counter that moves whenever access is ended or narrowed anywhere.
public struct CredentialEpochRepository: Sendable {
    public init() {}

    public func current(on connection: any SQLConnection) async throws -> Int64 {
        try await connection.first("SELECT value FROM credential_epoch WHERE id = 1")?.int("value") ?? 0
    }

    /// Moves the epoch in the caller's transaction, so the change and the signal commit together.
    public func bump(on connection: any SQLConnection) async throws {
        try await connection.query("UPDATE credential_epoch SET value = value + 1 WHERE id = 1")
    }
}
