import ArgumentParser
import Foundation
import KefuServices

/// `kefu token …`: API tokens for integrations.
struct TokenCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "token", abstract: "Manage API tokens.", subcommands: [Create.self, Revoke.self, List.self])

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Issue a bearer token for an account; the secret is printed once.")
        @OptionGroup var store: StoreOptions
        @Option(help: "Login of the account the token acts as.") var login: String
        @Option(help: "What the token is for, e.g. 'taobao sync'.") var name: String
        @Option(help: "Days until it expires; omit for no expiry.") var expiresDays: Int?

        func run() async throws {
            try await reportingErrors {
                let issued = try await store.withServices { services in
                    let user = try await services.users.find(login: login, by: .cli())
                    return try await services.auth.createToken(
                        for: user.id, name: name, expiresIn: expiresDays.map { TimeInterval($0) * 86400 }, by: .cli())
                }
                print("Token #\(issued.token.id) for \(login): \(issued.secret)")
            }
        }
    }

    struct Revoke: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Revoke a token by its number.")
        @OptionGroup var store: StoreOptions
        @Argument(help: "Token number (see 'kefu token list').") var id: Int64

        func run() async throws {
            try await reportingErrors {
                try await store.withServices { try await $0.auth.revokeToken(id: id, by: .cli()) }
                print("Revoked token #\(id).")
            }
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List tokens (never their secrets).")
        @OptionGroup var store: StoreOptions

        func run() async throws {
            try await reportingErrors {
                let tokens = try await store.withServices { try await $0.auth.listTokens(userID: nil, by: .cli()) }
                print("ID\tUSER\tNAME\tPREFIX\tEXPIRES\tREVOKED")
                for token in tokens {
                    print(["\(token.id)", "\(token.userID)", token.name, token.prefix,
                           token.expiresAt.map { "\($0)" } ?? "-", token.revokedAt.map { "\($0)" } ?? "-"].joined(separator: "\t"))
                }
            }
        }
    }
}
