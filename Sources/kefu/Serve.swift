import ArgumentParser
import Foundation
import Hummingbird
import KefuHTTP
import KefuServices
import KefuStore
import Logging
import Metrics
import Prometheus

/// `kefu serve`: runs the web application and the API.
struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Run the Kefu web application and JSON API.")

    @OptionGroup var store: StoreOptions

    @Option(help: "Address to listen on (env KEFU_HOST).")
    var host: String = ProcessInfo.processInfo.environment["KEFU_HOST"] ?? "127.0.0.1"

    @Option(help: "Port to listen on (env KEFU_PORT).")
    var port: Int = Int(ProcessInfo.processInfo.environment["KEFU_PORT"] ?? "") ?? 8080

    @Flag(help: "Fill an empty database with realistic demo data.")
    var demo = false

    @Flag(help: "Mark cookies Secure (serve over TLS or behind a TLS proxy) (env KEFU_SECURE_COOKIES=1).")
    var secureCookies = ProcessInfo.processInfo.environment["KEFU_SECURE_COOKIES"] == "1"

    @Flag(help: "Trust X-Forwarded-For for client addresses (only behind your own proxy) (env KEFU_TRUST_PROXY=1).")
    var trustProxy = ProcessInfo.processInfo.environment["KEFU_TRUST_PROXY"] == "1"

    func run() async throws {
        var logger = Logger(label: "kefu")
        logger.logLevel = Logger.Level(rawValue: ProcessInfo.processInfo.environment["KEFU_LOG_LEVEL"] ?? "info") ?? .info
        let registry = PrometheusCollectorRegistry()
        MetricsSystem.bootstrap(PrometheusMetricsFactory(registry: registry))

        let database = InstrumentedDatabase(try await store.configuration.open(logger: logger))
        let services = Services(database: database)
        do {
            let report = try await services.setup.prepare(adminPassword: ProcessInfo.processInfo.environment["KEFU_ADMIN_PASSWORD"])
            if !report.applied.isEmpty { logger.info("migrated", metadata: ["versions": "\(report.applied)"]) }
            if let password = report.generatedAdminPassword {
                print("Created the admin account. Sign in as 'admin' with password: \(password)")
                print("(shown once; set KEFU_ADMIN_PASSWORD to choose it yourself)")
            }
            if demo {
                let created = try await DemoData(services: services).fill()
                if !created.isEmpty {
                    print("Demo data added: \(created.joined(separator: ", ")). Staff password: '\(DemoData.staffPassword)'.")
                }
            }
            let app = try await buildApplication(
                services: services,
                options: ServerOptions(host: host, port: port, http: HTTPConfiguration(secureCookies: secureCookies, trustForwardedFor: trustProxy)),
                registry: registry, logger: logger)
            print("Kefu is serving http://\(host):\(port) with data in \(store.configuration.summary)")
            let scheduler = Task { await Scheduler(services: services, logger: logger).run() }
            defer { scheduler.cancel() }
            try await app.runService()
        } catch {
            await database.close()
            throw error
        }
        await database.close()
    }
}

/// `kefu migrate`: applies pending schema migrations and exits.
struct Migrate: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Apply pending database migrations.")

    @OptionGroup var store: StoreOptions

    func run() async throws {
        try await reportingErrors {
            let applied = try await store.withServices { try await $0.setup.migrate() }
            print(applied.isEmpty ? "The database is up to date." : "Applied migrations: \(applied.map(String.init).joined(separator: ", "))")
        }
    }
}

/// `kefu backup --to FILE`: a consistent copy of the SQLite database while the server keeps running.
struct Backup: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Write a consistent copy of the database to a file.")

    @OptionGroup var store: StoreOptions

    @Option(help: "The file to write; it must not exist yet.")
    var to: String

    func run() async throws {
        if let url = store.databaseURL {
            FileHandle.standardError.write(Data("""
                Kefu is using PostgreSQL (\(KefuStore.PostgresStore.redacted(url))); back it up with pg_dump, e.g.
                  pg_dump --format=custom --file=kefu.dump '<database URL>'

                """.utf8))
            throw ExitCode.failure
        }
        guard !FileManager.default.fileExists(atPath: to) else { throw ValidationError("\(to) already exists; choose a new file") }
        let database = try await KefuStore.SQLiteStore.open(path: store.configuration.sqlitePath, readers: 1)
        do {
            try await database.backup(to: to)
        } catch {
            await database.close()
            throw ValidationError("backup failed: \(error)")
        }
        await database.close()
        print("Backed up \(store.configuration.sqlitePath) to \(to)")
    }
}
