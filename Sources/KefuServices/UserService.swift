import Foundation
import KefuDomain
import KefuStore

/// Changes to a staff account. Nil fields stay as they are.
public struct UserChanges: Codable, Equatable, Sendable {
    public var displayName: String?
    public var role: Role?
    public var department: Department?
    public var team: String?
    public var level: StaffLevel?
    public var language: Language?

    public init(
        displayName: String? = nil, role: Role? = nil, department: Department? = nil, team: String? = nil,
        level: StaffLevel? = nil, language: Language? = nil
    ) {
        self.displayName = displayName
        self.role = role
        self.department = department
        self.team = team
        self.level = level
        self.language = language
    }

    /// Changes anyone may make to their own account.
    var isPersonal: Bool { role == nil && department == nil && team == nil && level == nil }
}

/// Staff accounts: create, change, disable, reset passwords (R-PERF-1, R-SEC-1, R-SEC-3).
public struct UserService: Sendable {
    let database: any Database
    let clock: any Clock
    let settings: PlatformSettings
    let hasher: PasswordHasher
    let users = UserRepository()
    let sessions = SessionRepository()
    let tokens = TokenRepository()
    let events = EventLog()
    let cache: CredentialCache

    init(database: any Database, clock: any Clock, settings: PlatformSettings, cache: CredentialCache) {
        self.database = database
        self.clock = clock
        self.settings = settings
        self.cache = cache
        self.hasher = PasswordHasher(cost: settings.bcryptCost)
    }

    /// Creates a staff account; every problem with the draft is reported at once.
    public func create(_ draft: UserDraft, by principal: Principal) async throws -> User {
        try principal.require(.usersManage)
        let draft = draft.normalized()
        let problems = draft.problems(policy: settings.passwordPolicy)
        guard problems.isEmpty else { throw ServiceError.validation(problems) }
        let hash = try await hasher.hash(draft.password)
        let now = clock.now
        let checked = draft
        do {
            return try await database.transaction { connection in
                let user = try await users.insert(checked, passwordHash: hash, at: now, on: connection)
                try await events.append(principal.event(EventKind.userCreated, entity: "user", id: "\(user.id)",
                                                        after: Snapshot.user(user), at: now), on: connection)
                return user
            }
        } catch StoreError.duplicate {
            throw ServiceError.validation([FieldError(field: "login", code: "error.login_taken")])
        }
    }

    public func list(role: Role? = nil, activeOnly: Bool = false, query: String? = nil, limit: Int = 50, offset: Int = 0,
                     by principal: Principal) async throws -> (users: [User], total: Int) {
        try principal.require(.usersView)
        return try await database.read {
            try await users.list(role: role, activeOnly: activeOnly, query: query, limit: limit, offset: offset, on: $0)
        }
    }

    /// One account: anyone may read their own; others need `users.view`.
    public func get(id: Int64, by principal: Principal) async throws -> User {
        if principal.user?.id != id { try principal.require(.usersView) }
        guard let stored = try await database.read({ try await users.find(id: id, on: $0) }) else {
            throw ServiceError.notFound(entity: "user")
        }
        return stored.user
    }

    public func find(login: String, by principal: Principal) async throws -> User {
        try principal.require(.usersView)
        guard let stored = try await database.read({ try await users.find(login: login.lowercased(), on: $0) }) else {
            throw ServiceError.notFound(entity: "user")
        }
        return stored.user
    }

    /// Applies `changes` if `expectedVersion` (when given) is still current. People may change their own
    /// name and language; everything else needs `users.manage`.
    public func update(id: Int64, _ changes: UserChanges, expectedVersion: Int64?, by principal: Principal) async throws -> User {
        if !(principal.user?.id == id && changes.isPersonal) { try principal.require(.usersManage) }
        var fieldProblems: [FieldError] = []
        if let name = changes.displayName?.trimmingCharacters(in: .whitespaces), name.isEmpty || name.count > 64 {
            fieldProblems.append(FieldError(field: "display_name", code: name.isEmpty ? "error.required" : "error.too_long", arguments: ["max": "64"]))
        }
        let now = clock.now
        let nameProblems = fieldProblems
        defer { cache.invalidate() }
        return try await database.transaction { connection in
            guard let before = try await users.find(id: id, on: connection)?.user else { throw ServiceError.notFound(entity: "user") }
            if let expectedVersion, expectedVersion != before.version {
                throw ServiceError.conflict(code: "error.stale_version", currentVersion: before.version)
            }
            var problems = nameProblems
            var after = before
            if let name = changes.displayName { after.displayName = name.trimmingCharacters(in: .whitespaces) }
            if let role = changes.role { after.role = role }
            if let department = changes.department { after.department = department }
            if changes.role != nil, after.role != .department { after.department = changes.department }
            if let team = changes.team { after.team = team.isEmpty ? nil : team }
            if let level = changes.level { after.level = level }
            if let language = changes.language { after.language = language }
            if after.role.requiresDepartment, after.department == nil {
                problems.append(FieldError(field: "department", code: "error.required_for_department_role"))
            }
            if before.id == principal.user?.id, before.role == .admin, after.role != .admin {
                problems.append(FieldError(field: "role", code: "error.cannot_demote_self"))
            }
            guard problems.isEmpty else { throw ServiceError.validation(problems) }
            guard after != before else { return before }
            let saved = try await users.update(after, expectedVersion: before.version, at: now, on: connection)
            let kind = before.role != after.role ? EventKind.userRoleChanged : EventKind.userChanged
            try await events.append(principal.event(kind, entity: "user", id: "\(id)", before: Snapshot.user(before),
                                                    after: Snapshot.user(saved), at: now), on: connection)
            return saved
        }
    }

    /// Disables or re-enables an account. Disabling ends every session and revokes every token in the same
    /// transaction, so access stops at once on every instance (R-SEC-3).
    public func setActive(id: Int64, _ active: Bool, expectedVersion: Int64? = nil, by principal: Principal) async throws -> User {
        try principal.require(.usersManage)
        if !active, principal.user?.id == id {
            throw ServiceError.validation([FieldError(field: "active", code: "error.cannot_disable_self")])
        }
        let now = clock.now
        defer { cache.invalidate() }
        return try await database.transaction { connection in
            guard let before = try await users.find(id: id, on: connection)?.user else { throw ServiceError.notFound(entity: "user") }
            if let expectedVersion, expectedVersion != before.version {
                throw ServiceError.conflict(code: "error.stale_version", currentVersion: before.version)
            }
            guard before.active != active else { return before }
            var after = before
            after.active = active
            let saved = try await users.update(after, expectedVersion: before.version, at: now, on: connection)
            var detail = Snapshot.user(saved)
            if !active {
                let endedSessions = try await sessions.endAll(userID: id, at: now, on: connection)
                let revokedTokens = try await tokens.revokeAll(userID: id, at: now, on: connection)
                detail = Snapshot.json(["active": "false", "sessions_ended": "\(endedSessions)", "tokens_revoked": "\(revokedTokens)"])
            }
            try await events.append(principal.event(active ? EventKind.userEnabled : EventKind.userDisabled, entity: "user",
                                                    id: "\(id)", before: Snapshot.user(before), after: detail, at: now), on: connection)
            return saved
        }
    }

    /// Sets a new password for someone else (or generates one when `password` is nil) and ends their sessions.
    /// Returns the password so it can be handed over once.
    public func resetPassword(id: Int64, to password: String?, by principal: Principal) async throws -> String {
        try principal.require(.usersManage)
        let user = try await get(id: id, by: principal)
        let newPassword = password ?? Secrets.password()
        let problems = settings.passwordPolicy.problems(password: newPassword, login: user.login)
        guard problems.isEmpty else { throw ServiceError.validation(problems) }
        let hash = try await hasher.hash(newPassword)
        let now = clock.now
        try await database.transaction { connection in
            try await users.setPassword(userID: id, hash: hash, at: now, on: connection)
            try await sessions.endAll(userID: id, at: now, on: connection)
            try await events.append(principal.event(EventKind.userPasswordReset, entity: "user", id: "\(id)", at: now), on: connection)
        }
        cache.invalidate()
        return newPassword
    }
}
