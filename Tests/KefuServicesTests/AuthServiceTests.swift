import Foundation
import KefuDomain
import KefuServices
import KefuStore
import KefuTestSupport
import XCTest

/// Sign-in, sessions and tokens, on every test database.
final class AuthServiceTests: XCTestCase {
    static let start = Date(timeIntervalSince1970: 1_795_000_000)

    // R-SEC-1: repeated failures are throttled, and every failure is an event.
    func testRepeatedWrongPasswordsAreThrottledAndRecorded_R_SEC_1() async throws {
        try await TestStores.each { database, name in
            let clock = FixedClock(Self.start)
            let services = TestStores.services(database, clock: clock)
            try await TestStores.user(services, "zhang.wei", role: .agent)
            for _ in 0..<5 {
                do {
                    _ = try await services.auth.signIn(login: "zhang.wei", password: "wrong-password-1", address: "10.0.0.9", userAgent: nil)
                    XCTFail("\(name): wrong password accepted")
                } catch ServiceError.badCredentials {}
                clock.advance(by: 1)
            }
            do {
                _ = try await services.auth.signIn(login: "zhang.wei", password: "correct-horse-42", address: "10.0.0.9", userAgent: nil)
                XCTFail("\(name): not throttled")
            } catch ServiceError.throttled(let until) {
                XCTAssertEqual(until, Self.start.addingTimeInterval(900), name)
            }
            let failures = try await services.events.list(EventFilter(kind: EventKind.loginFailed), by: .system)
            XCTAssertEqual(failures.total, 5, name)
            XCTAssertEqual(failures.events.first?.address, "10.0.0.9", name)
            // Once the window has passed, the right password works again.
            clock.advance(by: 901)
            let session = try await services.auth.signIn(login: "zhang.wei", password: "correct-horse-42", address: "10.0.0.9", userAgent: nil)
            XCTAssertEqual(session.user.login, "zhang.wei", name)
        }
    }

    // R-SEC-1: sessions expire when idle.
    func testIdleSessionsExpire_R_SEC_1() async throws {
        try await TestStores.each { database, name in
            let clock = FixedClock(Self.start)
            let services = TestStores.services(database, clock: clock)
            try await TestStores.user(services, "li.na", role: .supervisor)
            let new = try await services.auth.signIn(login: "LI.NA ", password: "correct-horse-42", address: "127.0.0.1", userAgent: "test")
            let found = try await services.auth.session(token: new.token, address: nil)
            XCTAssertEqual(found?.principal.user?.login, "li.na", name)
            XCTAssertEqual(found?.csrfToken, new.csrfToken, name)
            clock.advance(by: services.settings.sessionIdle + 1)
            let expired = try await services.auth.session(token: new.token, address: nil)
            XCTAssertNil(expired, name)
        }
    }

    // R-SEC-1: logins from a new address are marked for admins.
    func testSignInFromANewAddressIsMarked_R_SEC_1() async throws {
        try await TestStores.each { database, name in
            let services = TestStores.services(database)
            try await TestStores.user(services, "chen.jing", role: .agent)
            _ = try await services.auth.signIn(login: "chen.jing", password: "correct-horse-42", address: "192.0.2.1", userAgent: nil)
            _ = try await services.auth.signIn(login: "chen.jing", password: "correct-horse-42", address: "192.0.2.1", userAgent: nil)
            let events = try await services.events.list(EventFilter(kind: EventKind.loginSucceeded), by: .system).events
            XCTAssertEqual(events.count, 2, name)
            XCTAssertEqual(events.last?.after?.contains("new_address"), true, name)
            XCTAssertEqual(events.first?.after?.contains("new_address"), false, name)
        }
    }

    // R-SEC-3: disabling an account ends its sessions and tokens at once.
    func testDisablingEndsSessionsAndTokensAtOnce_R_SEC_3() async throws {
        try await TestStores.each { database, name in
            let services = TestStores.services(database)
            let admin = try await TestStores.user(services, "boss", role: .admin)
            let agent = try await TestStores.user(services, "liu.yang", role: .agent)
            let session = try await services.auth.signIn(login: "liu.yang", password: "correct-horse-42", address: "a", userAgent: nil)
            let token = try await services.auth.issueToken(login: "liu.yang", password: "correct-horse-42", name: "sync", expiresIn: nil, address: "a")
            let before = try await services.auth.principal(bearer: token.secret, address: nil)
            XCTAssertNotNil(before, name)
            let principal = Principal(user: admin, channel: .session)
            _ = try await services.users.setActive(id: agent.id, false, by: principal)
            let afterSession = try await services.auth.session(token: session.token, address: nil)
            let afterToken = try await services.auth.principal(bearer: token.secret, address: nil)
            XCTAssertNil(afterSession, name)
            XCTAssertNil(afterToken, name)
            // Re-enabling does not bring old credentials back.
            _ = try await services.users.setActive(id: agent.id, true, by: principal)
            let revived = try await services.auth.principal(bearer: token.secret, address: nil)
            XCTAssertNil(revived, name)
            let disabled = try await services.events.list(EventFilter(kind: EventKind.userDisabled), by: .system).events
            XCTAssertEqual(disabled.first?.actorLogin, "boss", name)
            XCTAssertEqual(disabled.first?.after?.contains(#""tokens_revoked":"1""#), true, name)
        }
    }

    func testTokensExpireAndCanBeRevoked() async throws {
        try await TestStores.each { database, name in
            let clock = FixedClock(Self.start)
            let services = TestStores.services(database, clock: clock)
            try await TestStores.user(services, "shop.sync", role: .integration)
            let short = try await services.auth.issueToken(login: "shop.sync", password: "correct-horse-42", name: nil, expiresIn: 60, address: "a")
            let long = try await services.auth.issueToken(login: "shop.sync", password: "correct-horse-42", name: "taobao", expiresIn: nil, address: "a")
            clock.advance(by: 61)
            let expired = try await services.auth.principal(bearer: short.secret, address: nil)
            XCTAssertNil(expired, name)
            let principal = try await services.auth.principal(bearer: long.secret, address: nil)
            XCTAssertEqual(principal?.user?.login, "shop.sync", name)
            try await services.auth.revokeToken(id: long.token.id, by: principal!)
            let revoked = try await services.auth.principal(bearer: long.secret, address: nil)
            XCTAssertNil(revoked, name)
            do {
                try await services.auth.revokeToken(id: long.token.id, by: .system)
                XCTFail("\(name): revoked twice")
            } catch ServiceError.conflict {}
        }
    }

    func testChangingPasswordChecksTheCurrentOneAndEndsOtherSessions() async throws {
        try await TestStores.each { database, name in
            let services = TestStores.services(database)
            try await TestStores.user(services, "wu.xia", role: .afterSales)
            let first = try await services.auth.signIn(login: "wu.xia", password: "correct-horse-42", address: "a", userAgent: nil)
            let second = try await services.auth.signIn(login: "wu.xia", password: "correct-horse-42", address: "b", userAgent: nil)
            let current = try await services.auth.session(token: second.token, address: nil)!
            do {
                try await services.auth.changePassword(current: "nope", new: "short", keepSession: current.id, by: current.principal)
                XCTFail("\(name): accepted")
            } catch ServiceError.validation(let errors) {
                XCTAssertEqual(errors.map(\.field), ["current_password", "new_password", "new_password"], name)
            }
            try await services.auth.changePassword(current: "correct-horse-42", new: "battery-staple-77", keepSession: current.id, by: current.principal)
            let firstAfter = try await services.auth.session(token: first.token, address: nil)
            let secondAfter = try await services.auth.session(token: second.token, address: nil)
            XCTAssertNil(firstAfter, name)
            XCTAssertNotNil(secondAfter, name)
            _ = try await services.auth.signIn(login: "wu.xia", password: "battery-staple-77", address: "a", userAgent: nil)
        }
    }
}

final class SecretsTests: XCTestCase {
    func testHashIsLowercaseHexSHA256() {
        XCTAssertEqual(Secrets.hash("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        XCTAssertEqual(Secrets.random().count, 43)
        XCTAssertNotEqual(Secrets.random(), Secrets.random())
        XCTAssertTrue(Secrets.constantTimeEquals("same", "same"))
        XCTAssertFalse(Secrets.constantTimeEquals("same", "sane"))
    }
}

/// Two instances (or the CLI and a server) sharing one database.
final class CredentialCacheTests: XCTestCase {
    // R-SEC-3: access ended by another instance stops here within the epoch re-check interval.
    func testAnotherInstanceDisablingAUserIsNoticed_R_SEC_3() async throws {
        try await TestStores.each { database, name in
            let clock = FixedClock(AuthServiceTests.start)
            let here = TestStores.services(database, clock: clock)
            let there = TestStores.services(database, clock: clock)
            try await TestStores.user(here, "zhao.lei", role: .supervisor)
            let token = try await here.auth.issueToken(login: "zhao.lei", password: "correct-horse-42", name: nil, expiresIn: nil, address: "a")
            let session = try await here.auth.signIn(login: "zhao.lei", password: "correct-horse-42", address: "a", userAgent: nil)
            let warmToken = try await here.auth.principal(bearer: token.secret, address: nil)
            let warmSession = try await here.auth.session(token: session.token, address: nil)
            XCTAssertNotNil(warmToken, name)
            XCTAssertNotNil(warmSession, name)
            let user = try await there.users.find(login: "zhao.lei", by: .system)
            _ = try await there.users.setActive(id: user.id, false, by: .cli())
            clock.advance(by: 0.3)
            let tokenAfter = try await here.auth.principal(bearer: token.secret, address: nil)
            let sessionAfter = try await here.auth.session(token: session.token, address: nil)
            XCTAssertNil(tokenAfter, name)
            XCTAssertNil(sessionAfter, name)
        }
    }

    func testRoleChangesReachCachedSessionsAtOnceInTheSameInstance() async throws {
        try await TestStores.each { database, name in
            let services = TestStores.services(database)
            let agent = try await TestStores.user(services, "liu.yang", role: .agent)
            let session = try await services.auth.signIn(login: "liu.yang", password: "correct-horse-42", address: "a", userAgent: nil)
            let before = try await services.auth.session(token: session.token, address: nil)
            XCTAssertEqual(before?.principal.user?.role, .agent, name)
            _ = try await services.users.update(id: agent.id, UserChanges(role: .supervisor), expectedVersion: nil, by: .cli())
            let after = try await services.auth.session(token: session.token, address: nil)
            XCTAssertEqual(after?.principal.user?.role, .supervisor, name)
        }
    }
}
