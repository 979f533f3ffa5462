import ArgumentParser
import Foundation
import KefuDomain
import KefuHTTP
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

/// The terminal's language: `KEFU_LANG`, else `LANG`/`LC_ALL` starting with `zh`, else English.
let terminalLanguage: Language = {
    let environment = ProcessInfo.processInfo.environment
    if let chosen = environment["KEFU_LANG"].flatMap(Language.init(rawValue:)) { return chosen }
    let locale = environment["LC_ALL"] ?? environment["LANG"] ?? ""
    return locale.hasPrefix("zh") ? .zhHans : .en
}()

extension ServiceError {
    /// An explanation for the terminal, in its language, one line per problem.
    var terminalMessage: String {
        let catalog = try? Catalog.bundled()
        switch self {
        case .validation(let errors):
            return errors.map { error in
                "  \(error.field): " + (catalog?.message(for: error, terminalLanguage) ?? error.code)
            }.joined(separator: "\n")
        case .notFound(let entity):
            return "\(entity) not found"
        default:
            return description
        }
    }
}

/// Runs a command body; service and store errors become a clear message on stderr and exit status 1.
func reportingErrors(_ body: () async throws -> Void) async throws {
    do {
        try await body()
    } catch let error as ServiceError {
        FileHandle.standardError.write(Data("Error:\n\(error.terminalMessage)\n".utf8))
        throw ExitCode.failure
    } catch let error as StoreError {
        FileHandle.standardError.write(Data("Error: \(error.description)\n".utf8))
        throw ExitCode.failure
    }
}
