import Foundation

/// An API token as admins see it: never the secret, only its prefix.
public struct APIToken: Codable, Equatable, Sendable {
    public var id: Int64
    public var name: String
    public var prefix: String
    public var userID: Int64
    public var createdAt: Date
    public var expiresAt: Date?
    public var lastUsedAt: Date?
    public var revokedAt: Date?

    public init(
        id: Int64, name: String, prefix: String, userID: Int64, createdAt: Date, expiresAt: Date? = nil,
        lastUsedAt: Date? = nil, revokedAt: Date? = nil
    ) {
        self.id = id
        self.name = name
        self.prefix = prefix
        self.userID = userID
        self.createdAt = createdAt
        self.expiresAt = expiresAt
        self.lastUsedAt = lastUsedAt
        self.revokedAt = revokedAt
    }
}
