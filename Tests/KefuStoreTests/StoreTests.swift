import Foundation
import KefuDomain
import KefuStore
import KefuTestSupport
import XCTest

/// Every test here runs on SQLite, and on PostgreSQL when KEFU_TEST_POSTGRES_URL is set.
final class StoreTests: XCTestCase {
    static let now = Date(timeIntervalSince1970: 1_795_000_000)

    static func draft(_ login: String) -> UserDraft {
        UserDraft(login: login, displayName: "张三", role: .agent, password: "unused-here-1")
    }

    func testMigrationsApplyOnceAndAreRecorded() async throws {
        try await TestStores.each(migrated: false) { database, name in
            let migrator = Migrator()
            let applied = try await migrator.migrate(database, at: 1)
            XCTAssertEqual(applied, Migrations.all.map(\.version), name)
            let again = try await migrator.migrate(database, at: 2)
            XCTAssertEqual(again, [], name)
            let current = try await migrator.currentVersion(of: database)
            XCTAssertEqual(current, migrator.latestVersion, name)
        }
    }

    func testADatabaseNewerThanTheProgramIsRefused() async throws {
        try await TestStores.each { database, name in
            let older = Migrator(migrations: [])
            do {
                try await older.migrate(database, at: 3)
                XCTFail("expected schemaTooNew on \(name)")
            } catch let error as StoreError {
                XCTAssertEqual(error, .schemaTooNew(database: Migrator().latestVersion, program: 0), name)
                XCTAssertTrue(error.description.contains("upgrade kefu"))
            }
        }
    }

    func testEventsAreAppendOnlyInTheDatabase() async throws {
        try await TestStores.each { database, name in
            let log = EventLog()
            let id = try await database.transaction { connection in
                try await log.append(Event(at: Self.now, actorID: nil, actorLogin: "system", kind: "test", entity: "x", entityID: "1"), on: connection)
            }
            for statement: SQL in ["UPDATE events SET kind = 'changed' WHERE id = \(id)", "DELETE FROM events WHERE id = \(id)"] {
                do {
                    try await database.transaction { try await $0.query(statement) }
                    XCTFail("\(name): the database let an event be changed")
                } catch {}
            }
            let events = try await database.read { try await log.list(EventFilter(kind: "test"), limit: 10, on: $0) }
            XCTAssertEqual(events.events.map(\.kind), ["test"], name)
        }
    }

    func testDuplicateLoginIsReportedAsDuplicate() async throws {
        try await TestStores.each { database, name in
            let users = UserRepository()
            _ = try await database.transaction { try await users.insert(Self.draft("zhang.san"), passwordHash: "h", at: Self.now, on: $0) }
            do {
                _ = try await database.transaction { try await users.insert(Self.draft("zhang.san"), passwordHash: "h", at: Self.now, on: $0) }
                XCTFail("\(name): duplicate accepted")
            } catch StoreError.duplicate {}
            let count = try await database.read { try await users.count(on: $0) }
            XCTAssertEqual(count, 1, name)
        }
    }

    func testStaleVersionIsRefusedAndLosesNothing() async throws {
        try await TestStores.each { database, name in
            let users = UserRepository()
            let user = try await database.transaction { try await users.insert(Self.draft("li.si"), passwordHash: "h", at: Self.now, on: $0) }
            var first = user
            first.displayName = "李四"
            let firstEdit = first
            let saved = try await database.transaction { try await users.update(firstEdit, expectedVersion: 1, at: Self.now, on: $0) }
            XCTAssertEqual(saved.version, 2, name)
            var second = user
            second.displayName = "李斯"
            let secondEdit = second
            do {
                _ = try await database.transaction { try await users.update(secondEdit, expectedVersion: 1, at: Self.now, on: $0) }
                XCTFail("\(name): stale update accepted")
            } catch let StoreError.staleVersion(_, _, current) {
                XCTAssertEqual(current, 2, name)
            }
            let stored = try await database.read { try await users.find(id: user.id, on: $0) }
            XCTAssertEqual(stored?.user.displayName, "李四", name)
        }
    }

    func testAFailedTransactionLeavesNothingBehind() async throws {
        try await TestStores.each { database, name in
            struct Boom: Error {}
            do {
                try await database.transaction { connection in
                    _ = try await UserRepository().insert(Self.draft("wang.wu"), passwordHash: "h", at: Self.now, on: connection)
                    throw Boom()
                }
            } catch is Boom {}
            let count = try await database.read { try await UserRepository().count(on: $0) }
            XCTAssertEqual(count, 0, name)
        }
    }

    func testChineseTextAndInstantsRoundTrip() async throws {
        try await TestStores.each { database, name in
            let instant = Date(milliseconds: 1_795_000_123_456)
            let id = try await database.transaction {
                try await EventLog().append(Event(at: instant, actorID: 7, actorLogin: "王芳", kind: "k", entity: "e", entityID: nil,
                                                  after: #"{"备注":"退款"}"#), on: $0)
            }
            let event = try await database.read { try await EventLog().list(EventFilter(), limit: 1, on: $0).events.first }
            XCTAssertEqual(event?.id, id, name)
            XCTAssertEqual(event?.at, instant, name)
            XCTAssertEqual(event?.actorLogin, "王芳", name)
            XCTAssertEqual(event?.after, #"{"备注":"退款"}"#, name)
            XCTAssertNil(event?.entityID, name)
        }
    }

    /// A reused statement is prepared once per connection and per parameter types: a NULL where a number was before
    /// (and the other way round) still binds right, and the values of each call are the ones read back.
    func testAReusedStatementBindsEachCallsValuesWhateverTheirTypes() async throws {
        try await TestStores.each { database, name in
            let values: [Int64?] = [7, nil, 8, nil, 9, 10, 11, 12]
            for (index, value) in values.enumerated() {
                let row = try await database.read { connection in
                    try await connection.first(
                        ("SELECT CAST(\(value) AS BIGINT) AS n, CAST(\("第\(index)次") AS TEXT) AS label, \(Int64(index)) + 1 AS next" as SQL)
                            .reused())
                }
                XCTAssertEqual(row?.optionalInt("n"), value, "\(name) call \(index)")
                XCTAssertEqual(try row?.string("label"), "第\(index)次", name)
                XCTAssertEqual(try row?.int("next"), Int64(index) + 1, name)
            }
            // A failing reused statement reports its error and leaves the connection usable: one that cannot be prepared,
            // and on PostgreSQL one prepared before that fails on a value.
            var failing: [SQL] = [("SELECT n FROM no_such_table WHERE n = \(Int64(1))" as SQL).reused()]
            if database.dialect == .postgres {
                failing.append(("SELECT CAST(\("12") AS BIGINT) AS n" as SQL).reused())
                failing.append(("SELECT CAST(\("x") AS BIGINT) AS n" as SQL).reused())
            }
            for (index, statement) in failing.enumerated() {
                do {
                    _ = try await database.read { try await $0.query(statement) }
                    if index != 1 { XCTFail("expected an error on \(name)") }
                } catch is StoreError {
                    if index == 1 { XCTFail("the valid value failed on \(name)") }
                }
            }
            let after = try await database.read { try await $0.first(("SELECT \(Int64(5)) + 1 AS n" as SQL).reused()) }
            XCTAssertEqual(try after?.int("n"), 6, name)
        }
    }

    func testSQLiteBackupIsAConsistentCopy() async throws {
        let database = try await TestStores.freshSQLite()
        try await Migrator().migrate(database, at: 0)
        _ = try await database.transaction { try await UserRepository().insert(Self.draft("zhao.liu"), passwordHash: "h", at: Self.now, on: $0) }
        let target = FileManager.default.temporaryDirectory.appendingPathComponent("kefu-backup-\(UUID().uuidString).sqlite").path
        try await database.backup(to: target)
        await database.close()
        let copy = try await SQLiteStore.open(path: target, readers: 1)
        let login = try await copy.read { try await UserRepository().find(login: "zhao.liu", on: $0)?.user.login }
        await copy.close()
        XCTAssertEqual(login, "zhao.liu")
    }

    static func writeUsersWithEvents(_ database: SQLiteStore, count: Int) async throws {
        for index in 0..<count {
            let login = "user.\(index)"
            try await database.transaction { connection in
                _ = try await UserRepository().insert(Self.draft(login), passwordHash: "h", at: Self.now, on: connection)
                try await EventLog().append(Event(at: Self.now, actorID: nil, actorLogin: "t", kind: "user.created", entity: "user", entityID: login), on: connection)
            }
        }
    }

    func testBackupWhileWritesContinueIsConsistent() async throws {
        let database = try await TestStores.freshSQLite()
        try await Migrator().migrate(database, at: 0)
        let target = FileManager.default.temporaryDirectory.appendingPathComponent("kefu-backup-\(UUID().uuidString).sqlite").path
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await StoreTests.writeUsersWithEvents(database, count: 300) }
            group.addTask {
                try await Task.sleep(for: .milliseconds(20))
                try await database.backup(to: target)
            }
            try await group.waitForAll()
        }
        await database.close()
        // Each user was written with its event in one transaction, so a consistent copy has as many of each.
        let copy = try await SQLiteStore.open(path: target, readers: 1)
        let users = try await copy.read { try await UserRepository().count(on: $0) }
        let events = try await copy.read { try await $0.first("SELECT COUNT(*) AS n FROM events")?.int("n") ?? -1 }
        await copy.close()
        XCTAssertEqual(Int64(users), events)
        XCTAssertGreaterThan(users, 0)
    }
}
