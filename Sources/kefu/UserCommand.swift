import ArgumentParser
import Foundation
import KefuDomain
import KefuServices

/// `kefu user …`: staff accounts from the terminal.
struct UserCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "user", abstract: "Manage staff accounts.",
        subcommands: [Add.self, List.self, Disable.self, Enable.self, SetRole.self, ResetPassword.self]
    )

    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Create a staff account.")
        @OptionGroup var store: StoreOptions
        @Option(help: "Login name (lowercase letters, digits, . _ -).") var login: String
        @Option(help: "Display name, e.g. 张伟.") var name: String
        @Option(help: "Role: \(Role.allCases.map(\.rawValue).joined(separator: ", ")).") var role: String
        @Option(help: "Department, for the department role: \(Department.allCases.map(\.rawValue).joined(separator: ", ")).") var department: String?
        @Option(help: "Team name.") var team: String?
        @Option(help: "Level: \(StaffLevel.allCases.map(\.rawValue).joined(separator: ", ")).") var level: String = "junior"
        @Option(help: "Preferred language: zh-Hans or en.") var language: String?
        @Option(help: "Password; generated and printed when omitted (env KEFU_NEW_PASSWORD).") var password: String?

        func run() async throws {
            guard let role = Role(rawValue: role) else { throw ValidationError("unknown role '\(role)'") }
            guard let level = StaffLevel(rawValue: level) else { throw ValidationError("unknown level '\(level)'") }
            let department = try department.map { text -> Department in
                guard let value = Department(rawValue: text) else { throw ValidationError("unknown department '\(text)'") }
                return value
            }
            let chosen = password ?? ProcessInfo.processInfo.environment["KEFU_NEW_PASSWORD"]
            let password = chosen ?? Secrets.password()
            try await reportingErrors {
                let user = try await store.withServices { services in
                    try await services.users.create(
                        UserDraft(login: login, displayName: name, role: role, department: department, team: team, level: level,
                                  language: language.flatMap(Language.init(rawValue:)), password: password),
                        by: .cli())
                }
                print("Created \(user.login) (#\(user.id), \(user.role.rawValue)).")
                if chosen == nil { print("Password (shown once): \(password)") }
            }
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List staff accounts.")
        @OptionGroup var store: StoreOptions

        func run() async throws {
            try await reportingErrors {
                let users = try await store.withServices { try await $0.users.list(limit: 10_000, by: .cli()).users }
                print("ID\tLOGIN\tNAME\tROLE\tDEPARTMENT\tTEAM\tLEVEL\tACTIVE")
                for user in users {
                    print([String(user.id), user.login, user.displayName, user.role.rawValue, user.department?.rawValue ?? "-",
                           user.team ?? "-", user.level.rawValue, user.active ? "yes" : "no"].joined(separator: "\t"))
                }
            }
        }
    }

    struct Disable: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Disable an account: its sessions and tokens stop working at once.")
        @OptionGroup var store: StoreOptions
        @Argument(help: "Login of the account.") var login: String

        func run() async throws {
            try await UserCommand.setActive(false, login: login, store: store)
            print("Disabled \(login); their sessions and API tokens no longer work.")
        }
    }

    struct Enable: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Enable a disabled account again.")
        @OptionGroup var store: StoreOptions
        @Argument(help: "Login of the account.") var login: String

        func run() async throws {
            try await UserCommand.setActive(true, login: login, store: store)
            print("Enabled \(login).")
        }
    }

    static func setActive(_ active: Bool, login: String, store: StoreOptions) async throws {
        try await reportingErrors {
            try await store.withServices { services in
                let user = try await services.users.find(login: login, by: .cli())
                _ = try await services.users.setActive(id: user.id, active, by: .cli())
            }
        }
    }

    struct SetRole: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "set-role", abstract: "Change an account's role.")
        @OptionGroup var store: StoreOptions
        @Argument(help: "Login of the account.") var login: String
        @Argument(help: "New role: \(Role.allCases.map(\.rawValue).joined(separator: ", ")).") var role: String
        @Option(help: "Department, for the department role.") var department: String?

        func run() async throws {
            guard let role = Role(rawValue: role) else { throw ValidationError("unknown role '\(role)'") }
            let department = try department.map { text -> Department in
                guard let value = Department(rawValue: text) else { throw ValidationError("unknown department '\(text)'") }
                return value
            }
            try await reportingErrors {
                try await store.withServices { services in
                    let user = try await services.users.find(login: login, by: .cli())
                    _ = try await services.users.update(id: user.id, UserChanges(role: role, department: department), expectedVersion: nil, by: .cli())
                }
                print("\(login) is now \(role.rawValue).")
            }
        }
    }

    struct ResetPassword: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "reset-password", abstract: "Set a new password and end the account's sessions.")
        @OptionGroup var store: StoreOptions
        @Argument(help: "Login of the account.") var login: String
        @Option(help: "The new password; generated and printed when omitted (env KEFU_NEW_PASSWORD).") var password: String?

        func run() async throws {
            let chosen = password ?? ProcessInfo.processInfo.environment["KEFU_NEW_PASSWORD"]
            try await reportingErrors {
                let newPassword = try await store.withServices { services in
                    let user = try await services.users.find(login: login, by: .cli())
                    return try await services.users.resetPassword(id: user.id, to: chosen, by: .cli())
                }
                print(chosen == nil ? "New password for \(login) (shown once): \(newPassword)" : "Password for \(login) changed.")
            }
        }
    }
}
