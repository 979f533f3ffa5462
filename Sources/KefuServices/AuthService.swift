import Foundation
import NIOConcurrencyHelpers
import KefuDomain
import HummingbirdBcrypt
import KefuStore

/// A new browser session: the cookie secret (shown once) and its CSRF token.
public struct NewSession: Sendable {
    public var token: String
    public var csrfToken: String
    public var user: User
    public var expiresAt: Date
}

/// A session found from its cookie.
public struct ActiveSession: Sendable {
    public var id: Int64
    public var csrfToken: String
    public var principal: Principal
}

/// A newly issued API token: the secret is in `secret` and is never shown again.
public struct IssuedToken: Sendable {
    public var secret: String
    public var token: APIToken
}

/// Sign-in, sessions, API tokens and password changes (R-SEC-1, R-SEC-3).
public struct AuthService: Sendable {
    let database: any Database
    let clock: any Clock
    let settings: PlatformSettings
    let hasher: PasswordHasher
    let users = UserRepository()
    let sessions = SessionRepository()
    let tokens = TokenRepository()
    let failures = LoginFailureRepository()
    let events = EventLog()
    let cache: CredentialCache
    /// A bcrypt hash of a random string, compared against when the login does not exist.
    let decoy: DecoyHash

    init(database: any Database, clock: any Clock, settings: PlatformSettings, cache: CredentialCache) {
        self.database = database
        self.clock = clock
        self.settings = settings
        self.cache = cache
        self.hasher = PasswordHasher(cost: settings.bcryptCost)
        self.decoy = DecoyHash(cost: settings.bcryptCost)
    }

    /// Checks a login and password, with throttling; every failure is counted and recorded as an event.
    func verifyCredentials(login rawLogin: String, password: String, address: String) async throws -> User {
        let login = rawLogin.trimmingCharacters(in: .whitespaces).lowercased()
        let now = clock.now
        let throttle = settings.throttle
        let recent = try await database.read { connection in
            try await failures.recent(login: login, address: address, since: throttle.windowStart(at: now), on: connection)
        }
        if let until = throttle.blockedUntil(loginFailures: recent.login, addressFailures: recent.address, now: now) {
            try await database.transaction { connection in
                try await events.append(
                    Event(at: now, actorID: nil, actorLogin: login, kind: EventKind.loginThrottled, entity: "login",
                          entityID: login, address: address), on: connection)
            }
            throw ServiceError.throttled(until: until)
        }
        let stored = try await database.read { try await users.find(login: login, on: $0) }
        // Hash even for unknown logins so timing does not reveal which logins exist.
        let verified = try await hasher.verify(password, hash: stored?.passwordHash ?? decoy.value())
        guard let stored, verified, stored.user.active else {
            let reason = stored == nil ? "unknown_login" : (stored!.user.active ? "wrong_password" : "disabled")
            try await database.transaction { connection in
                try await failures.record(login: login, address: address, at: now, on: connection)
                try await events.append(
                    Event(at: now, actorID: stored?.user.id, actorLogin: login, kind: EventKind.loginFailed, entity: "user",
                          entityID: stored.map { "\($0.user.id)" }, after: Snapshot.json(["reason": reason]), address: address),
                    on: connection)
            }
            throw ServiceError.badCredentials
        }
        return stored.user
    }


    /// Signs a person in from the web; creates a server-side session.
    public func signIn(login: String, password: String, address: String, userAgent: String?) async throws -> NewSession {
        let user = try await verifyCredentials(login: login, password: password, address: address)
        let now = clock.now
        let token = Secrets.random()
        let csrf = Secrets.random(bytes: 24)
        let expires = now.addingTimeInterval(settings.sessionMaximum)
        try await database.transaction { connection in
            let known = try await sessions.hasSignedIn(userID: user.id, from: address, on: connection)
            let sessionID = try await sessions.insert(
                tokenHash: Secrets.hash(token), userID: user.id, csrfToken: csrf, at: now, expiresAt: expires,
                address: address, userAgent: userAgent.map { String($0.prefix(256)) }, on: connection)
            try await failures.clear(login: user.login, on: connection)
            try await events.append(
                Event(at: now, actorID: user.id, actorLogin: user.login, kind: EventKind.loginSucceeded, entity: "user",
                      entityID: "\(user.id)",
                      after: Snapshot.json(["via": "web", "session": "\(sessionID)", "new_address": known ? nil : "true"]),
                      address: address), on: connection)
        }
        return NewSession(token: token, csrfToken: csrf, user: user, expiresAt: expires)
    }

    /// Finds the session for a cookie value; nil when unknown, ended, idle too long, past its maximum, or its user disabled.
    public func session(token: String, address: String?) async throws -> ActiveSession? {
        let now = clock.now
        let key = "s:" + Secrets.hash(token)
        var entry = try await cache.entry(key, now: now, database: database)
        if entry == nil {
            guard let (session, user) = try await database.read({ try await sessions.find(tokenHash: String(key.dropFirst(2)), on: $0) })
            else { return nil }
            entry = CredentialCache.Entry(principal: Principal(user: user, channel: .session), id: session.id,
                                          csrfToken: session.csrfToken, lastSeenAt: session.lastSeenAt, expiresAt: session.expiresAt)
        }
        guard var entry else { return nil }
        if now >= entry.expiresAt ?? .distantFuture || now.timeIntervalSince(entry.lastSeenAt) > settings.sessionIdle {
            let id = entry.id
            try await database.transaction { try await sessions.end(id: id, at: now, on: $0) }
            cache.remove(key)
            return nil
        }
        if now.timeIntervalSince(entry.lastSeenAt) > settings.touchInterval {
            let id = entry.id
            try await database.transaction { try await sessions.touch(id: id, at: now, on: $0) }
            entry.lastSeenAt = now
        }
        cache.store(key, entry)
        var principal = entry.principal
        principal.address = address
        return ActiveSession(id: entry.id, csrfToken: entry.csrfToken ?? "", principal: principal)
    }

    /// Ends a session (sign out).
    public func signOut(_ session: ActiveSession) async throws {
        let now = clock.now
        try await database.transaction { connection in
            try await sessions.end(id: session.id, at: now, on: connection)
            try await events.append(session.principal.event(EventKind.logout, entity: "user", id: session.principal.user.map { "\($0.id)" }, at: now), on: connection)
        }
        cache.invalidate()
    }

    /// Exchanges a login and password for a bearer token (`POST /api/v1/auth/token`).
    public func issueToken(login: String, password: String, name: String?, expiresIn: TimeInterval?, address: String) async throws -> IssuedToken {
        let user = try await verifyCredentials(login: login, password: password, address: address)
        let principal = Principal(user: user, channel: .token, address: address)
        return try await createToken(for: user.id, name: name ?? "api", expiresIn: expiresIn, by: principal, signIn: true)
    }

    /// Issues a token for `userID`. People may issue their own; others need `tokens.manage`.
    public func createToken(for userID: Int64, name: String, expiresIn: TimeInterval?, by principal: Principal, signIn: Bool = false) async throws -> IssuedToken {
        if principal.user?.id != userID { try principal.require(.tokensManage) }
        let trimmed = name.trimmingCharacters(in: .whitespaces)
        guard !trimmed.isEmpty, trimmed.count <= 64 else {
            throw ServiceError.validation([FieldError(field: "name", code: trimmed.isEmpty ? "error.required" : "error.too_long", arguments: ["max": "64"])])
        }
        if let expiresIn, expiresIn <= 0 {
            throw ServiceError.validation([FieldError(field: "expires_in", code: "error.must_be_positive")])
        }
        let now = clock.now
        let prefix = String(Secrets.random(bytes: 6).prefix(8))
        let secret = "kefu_\(prefix)_\(Secrets.random())"
        let token = try await database.transaction { connection -> APIToken in
            guard let owner = try await users.find(id: userID, on: connection), owner.user.active else {
                throw ServiceError.notFound(entity: "user")
            }
            let token = try await tokens.insert(
                tokenHash: Secrets.hash(secret), prefix: prefix, name: trimmed, userID: userID, createdBy: principal.user?.id,
                at: now, expiresAt: expiresIn.map { now.addingTimeInterval($0) }, on: connection)
            if signIn {
                try await events.append(principal.event(EventKind.loginSucceeded, entity: "user", id: "\(userID)",
                                                        after: Snapshot.json(["via": "api"]), at: now), on: connection)
            }
            try await events.append(principal.event(EventKind.tokenIssued, entity: "api_token", id: "\(token.id)",
                                                    after: Snapshot.json(["name": trimmed, "prefix": prefix, "user_id": "\(userID)"]), at: now),
                                    on: connection)
            return token
        }
        return IssuedToken(secret: secret, token: token)
    }

    /// Finds the principal for a bearer token; nil when unknown, revoked, expired, or its user disabled.
    public func principal(bearer secret: String, address: String?) async throws -> Principal? {
        let now = clock.now
        let key = "t:" + Secrets.hash(secret)
        var entry = try await cache.entry(key, now: now, database: database)
        if entry == nil {
            guard let (token, user) = try await database.read({ try await tokens.find(tokenHash: String(key.dropFirst(2)), on: $0) })
            else { return nil }
            entry = CredentialCache.Entry(principal: Principal(user: user, channel: .token), id: token.id, csrfToken: nil,
                                          lastSeenAt: token.lastUsedAt ?? .distantPast, expiresAt: token.expiresAt)
        }
        guard var entry else { return nil }
        if let expires = entry.expiresAt, now >= expires {
            cache.remove(key)
            return nil
        }
        if now.timeIntervalSince(entry.lastSeenAt) > settings.touchInterval {
            let id = entry.id
            try await database.transaction { try await tokens.touch(id: id, at: now, on: $0) }
            entry.lastSeenAt = now
        }
        cache.store(key, entry)
        var principal = entry.principal
        principal.address = address
        return principal
    }

    /// Revokes a token. Its owner may revoke it; others need `tokens.manage`.
    public func revokeToken(id: Int64, by principal: Principal) async throws {
        let now = clock.now
        try await database.transaction { connection in
            guard let token = try await tokens.find(id: id, on: connection) else { throw ServiceError.notFound(entity: "api_token") }
            if principal.user?.id != token.userID { try principal.require(.tokensManage) }
            guard try await tokens.revoke(id: id, at: now, on: connection) else {
                throw ServiceError.conflict(code: "error.token_already_revoked", currentVersion: nil)
            }
            try await events.append(principal.event(EventKind.tokenRevoked, entity: "api_token", id: "\(id)",
                                                    before: Snapshot.json(["name": token.name, "prefix": token.prefix]), at: now), on: connection)
        }
        cache.invalidate()
    }

    /// Tokens of one user (own, or anyone's with `tokens.manage`), or of everyone when `userID` is nil.
    public func listTokens(userID: Int64?, by principal: Principal) async throws -> [APIToken] {
        if userID == nil || principal.user?.id != userID { try principal.require(.tokensManage) }
        return try await database.read { try await tokens.list(userID: userID, on: $0) }
    }

    /// Changes one's own password after checking the current one; ends the person's other sessions.
    public func changePassword(current: String, new: String, keepSession: Int64?, by principal: Principal) async throws {
        guard let user = principal.user else { throw ServiceError.unauthenticated }
        var problems = settings.passwordPolicy.problems(password: new, login: user.login, field: "new_password")
        if current == new { problems.append(FieldError(field: "new_password", code: "error.password_unchanged")) }
        let stored = try await database.read { try await users.find(id: user.id, on: $0) }
        guard let stored else { throw ServiceError.notFound(entity: "user") }
        if !(try await hasher.verify(current, hash: stored.passwordHash)) {
            problems.insert(FieldError(field: "current_password", code: "error.password_wrong"), at: 0)
        }
        guard problems.isEmpty else { throw ServiceError.validation(problems) }
        let hash = try await hasher.hash(new)
        let now = clock.now
        try await database.transaction { connection in
            try await users.setPassword(userID: user.id, hash: hash, at: now, on: connection)
            try await sessions.endAll(userID: user.id, except: keepSession, at: now, on: connection)
            try await events.append(principal.event(EventKind.userPasswordChanged, entity: "user", id: "\(user.id)", at: now), on: connection)
        }
        cache.invalidate()
    }
}

/// A hash to check an unknown login's password against, so that unknown and known logins take as long. Made on
/// first use: a bcrypt hash costs a tenth of a second, which every `kefu` command (a mail gate run) would pay.
final class DecoyHash: @unchecked Sendable {
    private let lock = NIOLock()
    private var hash: String?
    let cost: UInt8

    init(cost: UInt8) {
        self.cost = cost
    }

    func value() -> String {
        lock.withLock {
            if let hash { return hash }
            let made = Bcrypt.hash(Secrets.random(), cost: cost)
            hash = made
            return made
        }
    }
}
