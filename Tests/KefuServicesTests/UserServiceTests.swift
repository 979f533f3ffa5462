import Foundation
import KefuDomain
import KefuServices
import KefuStore
import KefuTestSupport
import XCTest

final class UserServiceTests: XCTestCase {
    // R-SEC-2: an agent may not create staff; nothing is stored.
    func testOnlyUserManagersCreateAccounts_R_SEC_2() async throws {
        try await TestStores.each { database, name in
            let services = TestStores.services(database)
            let agent = try await TestStores.user(services, "zhang.wei", role: .agent)
            do {
                _ = try await services.users.create(
                    UserDraft(login: "mallory", displayName: "M", role: .admin, password: "correct-horse-42"),
                    by: Principal(user: agent, channel: .token))
                XCTFail("\(name): agent created a user")
            } catch ServiceError.forbidden(let permission) {
                XCTAssertEqual(permission, .usersManage, name)
            }
            let count = try await database.read { try await UserRepository().count(on: $0) }
            XCTAssertEqual(count, 1, name)
        }
    }

    func testCreateReportsEveryProblemAtOnceAndTakenLogins() async throws {
        try await TestStores.each { database, name in
            let services = TestStores.services(database)
            do {
                _ = try await services.users.create(UserDraft(login: "x", displayName: "", role: .department, password: "abc"), by: .system)
                XCTFail("accepted")
            } catch ServiceError.validation(let errors) {
                XCTAssertEqual(Set(errors.map(\.field)), ["login", "display_name", "department", "password"], name)
            }
            try await TestStores.user(services, "yang.min", role: .orderClerk)
            do {
                try await TestStores.user(services, " Yang.Min", role: .agent)
                XCTFail("duplicate accepted")
            } catch ServiceError.validation(let errors) {
                XCTAssertEqual(errors, [FieldError(field: "login", code: "error.login_taken")], name)
            }
        }
    }

    // R-PERF-1: teams and levels; every change is an event with before and after.
    func testChangesAreVersionedAndRecorded_R_PERF_1() async throws {
        try await TestStores.each { database, name in
            let services = TestStores.services(database)
            let admin = Principal(user: try await TestStores.user(services, "boss", role: .admin), channel: .session)
            let agent = try await TestStores.user(services, "huang.qiang", role: .agent)
            let promoted = try await services.users.update(
                id: agent.id, UserChanges(role: .supervisor, team: "售前一组", level: .senior), expectedVersion: agent.version, by: admin)
            XCTAssertEqual(promoted.role, .supervisor, name)
            XCTAssertEqual(promoted.version, agent.version + 1, name)
            // A second editor still holding the old version loses, and nothing changes.
            do {
                _ = try await services.users.update(id: agent.id, UserChanges(team: "售后组"), expectedVersion: agent.version, by: admin)
                XCTFail("\(name): stale edit accepted")
            } catch ServiceError.conflict(_, let current) {
                XCTAssertEqual(current, promoted.version, name)
            }
            let stored = try await services.users.get(id: agent.id, by: admin)
            XCTAssertEqual(stored.team, "售前一组", name)
            let history = try await services.events.list(EventFilter(entity: "user", entityID: "\(agent.id)"), by: admin).events
            XCTAssertEqual(history.map(\.kind), [EventKind.userRoleChanged, EventKind.userCreated], name)
            XCTAssertEqual(history.first?.before?.contains(#""role":"agent""#), true, name)
            XCTAssertEqual(history.first?.after?.contains(#""role":"supervisor""#), true, name)
        }
    }

    func testConcurrentEditsWithTheSameVersionHaveOneWinner() async throws {
        try await TestStores.each { database, name in
            let services = TestStores.services(database)
            let admin = Principal(user: try await TestStores.user(services, "boss", role: .admin), channel: .session)
            let agent = try await TestStores.user(services, "zhou.jie", role: .agent)
            let outcomes = await withTaskGroup(of: Bool.self) { group in
                for team in ["甲组", "乙组", "丙组", "丁组"] {
                    group.addTask {
                        (try? await services.users.update(id: agent.id, UserChanges(team: team), expectedVersion: agent.version, by: admin)) != nil
                    }
                }
                return await group.reduce(into: [Bool]()) { $0.append($1) }
            }
            XCTAssertEqual(outcomes.filter { $0 }.count, 1, name)
            let changes = try await services.events.list(EventFilter(kind: EventKind.userChanged), by: admin)
            XCTAssertEqual(changes.total, 1, name)
        }
    }

    func testPeopleMayChangeTheirOwnNameAndLanguageButNotTheirRole() async throws {
        try await TestStores.each { database, name in
            let services = TestStores.services(database)
            let agent = try await TestStores.user(services, "liu.yang", role: .agent)
            let me = Principal(user: agent, channel: .session)
            let changed = try await services.users.update(id: agent.id, UserChanges(displayName: "刘洋", language: .en), expectedVersion: nil, by: me)
            XCTAssertEqual(changed.language, .en, name)
            do {
                _ = try await services.users.update(id: agent.id, UserChanges(role: .admin), expectedVersion: nil, by: me)
                XCTFail("\(name): self-promotion accepted")
            } catch ServiceError.forbidden {}
        }
    }

    func testSetupCreatesTheAdminOnceWithTheGivenPassword() async throws {
        try await TestStores.each(migrated: false) { database, name in
            let services = TestStores.services(database)
            let first = try await services.setup.prepare(adminPassword: "Kefu-first-pass-1")
            XCTAssertTrue(first.createdAdmin, name)
            XCTAssertNil(first.generatedAdminPassword, name)
            let second = try await services.setup.prepare(adminPassword: "Kefu-other-pass-2")
            XCTAssertFalse(second.createdAdmin, name)
            XCTAssertEqual(second.applied, [], name)
            let session = try await services.auth.signIn(login: "admin", password: "Kefu-first-pass-1", address: "a", userAgent: nil)
            XCTAssertEqual(session.user.role, .admin, name)
            let empty = try await TestStores.freshSQLite()
            let generated = try await TestStores.services(empty).setup.prepare(adminPassword: nil)
            await empty.close()
            XCTAssertNotNil(generated.generatedAdminPassword)
        }
    }

    func testDemoDataCoversEveryRoleAndIsIdempotent() async throws {
        try await TestStores.each(migrated: false) { database, name in
            let services = TestStores.services(database)
            _ = try await services.setup.prepare(adminPassword: "Kefu-first-pass-1")
            let created = try await DemoData(services: services).fill()
            XCTAssertFalse(created.isEmpty, name)
            let again = try await DemoData(services: services).fill()
            XCTAssertEqual(again, [], name)
            let roles = Set(try await services.users.list(limit: 200, by: .system).users.map(\.role))
            XCTAssertEqual(roles, Set(Role.allCases), name)
        }
    }

    func testResetPasswordEndsSessionsAndIsRecorded() async throws {
        try await TestStores.each { database, name in
            let services = TestStores.services(database)
            let admin = Principal(user: try await TestStores.user(services, "boss", role: .admin), channel: .session)
            let agent = try await TestStores.user(services, "he.ji", role: .department, department: .secondLine)
            let session = try await services.auth.signIn(login: "he.ji", password: "correct-horse-42", address: "a", userAgent: nil)
            let password = try await services.users.resetPassword(id: agent.id, to: nil, by: admin)
            XCTAssertEqual(password.count, 16, name)
            let ended = try await services.auth.session(token: session.token, address: nil)
            XCTAssertNil(ended, name)
            _ = try await services.auth.signIn(login: "he.ji", password: password, address: "a", userAgent: nil)
        }
    }
}
