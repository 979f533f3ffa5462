import Foundation
import KefuDomain
import KefuServices
import KefuStore

/// The databases store-level tests run on: SQLite always, PostgreSQL too when `KEFU_TEST_POSTGRES_URL` is set.
public enum TestStores {
    public static var postgresURL: String? {
        ProcessInfo.processInfo.environment["KEFU_TEST_POSTGRES_URL"].flatMap { $0.isEmpty ? nil : $0 }
    }

    /// Runs `body` once per database, each freshly created and migrated. The name says which, for messages.
    public static func each(migrated: Bool = true, _ body: (any Database, String) async throws -> Void) async throws {
        let sqlite = try await freshSQLite()
        try await run(sqlite, "sqlite", migrated: migrated, body)
        if let url = postgresURL {
            try await run(try await freshPostgres(url: url), "postgres", migrated: migrated, body)
        }
    }

    private static func run(_ database: any Database, _ name: String, migrated: Bool, _ body: (any Database, String) async throws -> Void) async throws {
        do {
            if migrated { try await Migrator().migrate(database, at: 0) }
            try await body(database, name)
        } catch {
            await database.close()
            throw error
        }
        await database.close()
    }

    /// A new, empty SQLite database in a temporary directory.
    public static func freshSQLite() async throws -> SQLiteStore {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("kefu-test-\(UUID().uuidString)")
        return try await SQLiteStore.open(path: directory.appendingPathComponent("kefu.sqlite").path, readers: 2)
    }

    /// The PostgreSQL test database with its public schema dropped and recreated.
    public static func freshPostgres(url: String) async throws -> PostgresStore {
        let store = try await PostgresStore.connect(url: url, maxConnections: 8)
        try await store.transaction { connection in
            try await connection.query("DROP SCHEMA public CASCADE")
            try await connection.query("CREATE SCHEMA public")
        }
        return store
    }

    /// Services with fast password hashing and a clock the test controls.
    public static func services(_ database: any Database, clock: any Clock = FixedClock(Date(timeIntervalSince1970: 1_795_000_000))) -> Services {
        var settings = PlatformSettings()
        settings.bcryptCost = 4
        return Services(database: database, clock: clock, settings: settings)
    }

    /// Creates an account with a known password, as the system.
    @discardableResult
    public static func user(_ services: Services, _ login: String, role: Role, department: Department? = nil,
                            password: String = "correct-horse-42") async throws -> User {
        try await services.users.create(
            UserDraft(login: login, displayName: login.capitalized, role: role, department: department, password: password), by: .system)
    }
}
