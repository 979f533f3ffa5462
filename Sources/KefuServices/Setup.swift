import Foundation
import KefuDomain
import KefuStore

/// What happened when the store was prepared for use.
public struct SetupReport: Sendable {
    /// Migration versions applied now.
    public var applied: [Int]
    /// Set when this start created the `admin` account with a generated password (print it once).
    public var generatedAdminPassword: String?
    public var createdAdmin: Bool
}

/// Brings a store into service: migrations, then the first `admin` account on an empty database.
public struct Setup: Sendable {
    let database: any Database
    let clock: any Clock
    let settings: PlatformSettings

    public init(database: any Database, clock: any Clock, settings: PlatformSettings) {
        self.database = database
        self.clock = clock
        self.settings = settings
    }

    public func migrate() async throws -> [Int] {
        try await Migrator().migrate(database, at: clock.now.milliseconds)
    }

    /// Migrates and creates `admin` if there are no users. The password comes from `adminPassword`
    /// (`KEFU_ADMIN_PASSWORD`) or is generated.
    public func prepare(adminPassword: String?) async throws -> SetupReport {
        let applied = try await migrate()
        let count = try await database.read { try await UserRepository().count(on: $0) }
        guard count == 0 else { return SetupReport(applied: applied, generatedAdminPassword: nil, createdAdmin: false) }
        let password = adminPassword.flatMap { $0.isEmpty ? nil : $0 } ?? Secrets.password()
        let services = Services(database: database, clock: clock, settings: settings)
        do {
            _ = try await services.users.create(
                UserDraft(login: "admin", displayName: "系统管理员", role: .admin, level: .manager, password: password),
                by: .system)
        } catch ServiceError.validation(let problems) where problems.contains(where: { $0.field == "login" }) {
            // Another instance created it first.
            return SetupReport(applied: applied, generatedAdminPassword: nil, createdAdmin: false)
        }
        return SetupReport(applied: applied, generatedAdminPassword: adminPassword == nil ? password : nil, createdAdmin: true)
    }
}
