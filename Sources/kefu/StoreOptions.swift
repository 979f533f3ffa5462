import ArgumentParser
import Foundation
import KefuServices
import KefuStore

/// Where the data lives; every command that touches data takes these.
struct StoreOptions: ParsableArguments {
    @Option(help: "Directory for the embedded SQLite database (env KEFU_DATA_DIR).")
    var dataDir: String = ProcessInfo.processInfo.environment["KEFU_DATA_DIR"] ?? "kefu-data"

    @Option(help: "postgres://user:password@host:port/db — use PostgreSQL instead of SQLite (env KEFU_DATABASE_URL).")
    var databaseURL: String? = ProcessInfo.processInfo.environment["KEFU_DATABASE_URL"]

    var configuration: StoreConfiguration {
        StoreConfiguration(dataDirectory: dataDir, databaseURL: databaseURL)
    }

    /// Opens the store, brings its schema up to date, runs `body`, and always closes the store.
    func withServices<T>(_ body: (Services) async throws -> T) async throws -> T {
        let database = try await configuration.open()
        do {
            let services = Services(database: database)
            _ = try await services.setup.migrate()
            let result = try await body(services)
            await database.close()
            return result
        } catch {
            await database.close()
            throw error
        }
    }
}

extension ServiceError {
    /// A one-line explanation for the terminal.
    var terminalMessage: String {
        switch self {
        case .validation(let errors):
            return "invalid input:\n" + errors.map { "  \($0.field): \($0.code)\($0.arguments.isEmpty ? "" : " \($0.arguments)")" }.joined(separator: "\n")
        default:
            return description
        }
    }
}

/// Runs a command body, turning service errors into clear messages and a failing exit code.
func reportingErrors(_ body: () async throws -> Void) async throws {
    do {
        try await body()
    } catch let error as ServiceError {
        throw ValidationError(error.terminalMessage)
    } catch let error as StoreError {
        throw ValidationError(error.description)
    }
}
