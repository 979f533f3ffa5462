import Foundation
import KefuDomain
@testable import KefuServices
import KefuStore
import KefuTestSupport
import XCTest

/// Import rows whose phone or email belongs to a stored member: reported, skipped or updated with history — never a
/// silent second record (R-MEM-1, R-MEM-5).
final class MemberImportDuplicateTests: XCTestCase {
    static let file = "姓名,手机,邮箱,会员等级,标签\n"
        + "陈静,139-1234-5678,chen.new@example.com,钻石,母婴\n"
        + "王芳,13700137000,,普通,\n"

    static func setUp(_ database: any Database) async throws -> (Services, Principal, Member) {
        let services = TestStores.services(database)
        let supervisor = Principal(user: try await TestStores.user(services, "zhou.lan", role: .supervisor), channel: .session)
        let chen = try await services.members.create(
            MemberDraft(name: "陈静", phones: ["13912345678"], emails: ["chen@example.com"], grade: "silver", tags: ["VIP"]), by: supervisor)
        return (services, supervisor, chen)
    }

    static func count(_ database: any Database, _ table: String, where condition: String = "1 = 1") async throws -> Int {
        Int(try await database.read { try await $0.first("SELECT COUNT(*) AS n FROM \(raw: table) WHERE \(raw: condition)")?.int("n") ?? 0 })
    }

    // R-MEM-1: by default a stored member's phone is a bad row naming that member, and nothing is stored.
    func testDuplicatesAreReportedWithTheMembersID_R_MEM_1() async throws {
        try await TestStores.each { database, name in
            let (services, supervisor, chen) = try await Self.setUp(database)
            let report = try await services.memberImports.importMembers(file: Data(Self.file.utf8), by: supervisor)
            XCTAssertFalse(report.committed, name)
            XCTAssertEqual(report.badRows, [.init(line: 2, errors: [
                FieldError(field: "phone", code: "error.member_duplicate", arguments: ["value": "13912345678", "id": "\(chen.id)"]),
            ])], name)
            XCTAssertEqual(report.duplicates, [.init(line: 2, memberID: chen.id, field: "phone", action: .reported)], name)
            let stored = try await Self.count(database, "members")
            XCTAssertEqual(stored, 1, name)
        }
    }

    // R-MEM-5: skip leaves the stored member as it was; update changes it through the member service, with history,
    // an event and a notice of the new email; importing the same file again changes nothing.
    func testSkipThenUpdateWithHistory_R_MEM_5() async throws {
        try await TestStores.each { database, name in
            let (services, supervisor, chen) = try await Self.setUp(database)
            let skipped = try await services.memberImports.importMembers(file: Data(Self.file.utf8), options: .init(duplicates: .skip),
                                                                         by: supervisor)
            XCTAssertEqual([skipped.imported, skipped.skipped, skipped.updated], [1, 1, 0], name)
            XCTAssertEqual(skipped.duplicates, [.init(line: 2, memberID: chen.id, field: "phone", action: .skipped)], name)
            let untouched = try await services.members.get(id: chen.id, by: supervisor)
            XCTAssertEqual(untouched.version, 1, name)

            let updated = try await services.memberImports.importMembers(file: Data(Self.file.utf8), options: .init(duplicates: .update),
                                                                         by: supervisor)
            XCTAssertEqual([updated.imported, updated.updated, updated.unchanged, updated.skipped], [0, 1, 1, 0], name)
            XCTAssertEqual(updated.duplicates.map(\.action), [.updated, .unchanged], name)
            let after = try await services.members.get(id: chen.id, by: supervisor)
            XCTAssertEqual(after.version, 2, name)
            XCTAssertEqual(after.grade, .diamond, name)
            XCTAssertEqual(after.phones, ["13912345678"], "the same phone, written differently, is not added twice")
            XCTAssertEqual(after.emails, ["chen@example.com", "chen.new@example.com"], name)
            XCTAssertEqual(after.tags.sorted(), ["VIP", "母婴"], name)
            let history = try await services.members.history(id: chen.id, by: supervisor)
            XCTAssertEqual(history.map(\.action), ["updated", "created"], name)
            XCTAssertEqual(Set(history[0].changes.map(\.field)), ["emails", "grade", "tags"], name)
            XCTAssertEqual(history[0].changedBy, supervisor.user?.id, name)
            let events = try await Self.count(database, "events", where: "kind = 'member.updated' AND entity_id = '\(chen.id)'")
            XCTAssertEqual(events, 1, name)
            let notices = try await database.read { try await MemberRepository().notices(memberID: chen.id, on: $0) }
            XCTAssertEqual(notices.count, 1, "the member is told of the new email (R-MEM-5)")

            let again = try await services.memberImports.importMembers(file: Data(Self.file.utf8), options: .init(duplicates: .update),
                                                                       by: supervisor)
            XCTAssertEqual([again.imported, again.updated, again.unchanged], [0, 0, 2], name)
            let members = try await Self.count(database, "members")
            XCTAssertEqual(members, 2, "never a second record")
        }
    }

    // R-MEM-5: an update must name one member, once: a row matching two members, or a member already updated by an
    // earlier row, is a bad row.
    func testUpdateNeedsOneMemberOnce_R_MEM_5() async throws {
        try await TestStores.each { database, name in
            let (services, supervisor, chen) = try await Self.setUp(database)
            let wang = try await services.members.create(MemberDraft(name: "王芳", phones: ["13700137000"]), by: supervisor)
            let several = "姓名,手机,邮箱\n王芳,13700137000,chen@example.com\n"
            let ambiguous = try await services.memberImports.importMembers(file: Data(several.utf8), options: .init(duplicates: .update),
                                                                        by: supervisor)
            XCTAssertEqual(ambiguous.badRows.first?.errors.map(\.code), ["error.member_duplicate_several"], name)
            XCTAssertEqual(ambiguous.badRows.first?.errors.first?.arguments["ids"], "#\(wang.id), #\(chen.id)", "the phone's member, then the email's")

            let twice = "姓名,手机,邮箱\n陈静,13912345678,\n陈静,,chen@example.com\n"
            let repeated = try await services.memberImports.importMembers(file: Data(twice.utf8), options: .init(duplicates: .update),
                                                                       by: supervisor)
            XCTAssertEqual(repeated.badRows.map(\.line), [3], name)
            XCTAssertEqual(repeated.badRows.first?.errors, [FieldError(field: "email", code: "error.member_duplicate_in_file",
                                                                    arguments: ["id": "\(chen.id)", "line": "2"])], name)
        }
    }
}
