import Foundation
import Logging

/// Where the data lives: a SQLite file under a data directory (the default) or a PostgreSQL URL.
public struct StoreConfiguration: Sendable, Equatable {
    public var dataDirectory: String
    public var databaseURL: String?

    public init(dataDirectory: String = "kefu-data", databaseURL: String? = nil) {
        self.dataDirectory = dataDirectory
        self.databaseURL = databaseURL?.isEmpty == true ? nil : databaseURL
    }

    /// The SQLite file used when no database URL is given.
    public var sqlitePath: String {
        (dataDirectory as NSString).appendingPathComponent("kefu.sqlite")
    }

    /// A human description with no secrets in it.
    public var summary: String {
        if let databaseURL { return PostgresStore.redacted(databaseURL) }
        return sqlitePath
    }

    /// Opens the configured database.
    public func open(logger: Logger = Logger(label: "kefu.store")) async throws -> any Database {
        if let databaseURL {
            return try await PostgresStore.connect(url: databaseURL, logger: logger)
        }
        return try await SQLiteStore.open(path: sqlitePath)
    }
}
