import Foundation
import KefuDomain
import KefuServices
import KefuStore
import KefuTestSupport
import XCTest

/// Member profiles, search, history and merging on every test database.
final class MemberServiceTests: XCTestCase {
    struct Desk {
        let clock: FixedClock
        let services: Services
        let supervisor: Principal
        let agent: Principal
    }

    static func desk(_ database: any Database) async throws -> Desk {
        let clock = FixedClock(Date(timeIntervalSince1970: 1_795_000_000))
        let services = TestStores.services(database, clock: clock)
        let supervisor = try await TestStores.user(services, "zhou.lan", role: .supervisor)
        let agent = try await TestStores.user(services, "wang.fang", role: .agent)
        return Desk(clock: clock, services: services, supervisor: Principal(user: supervisor, channel: .session),
                    agent: Principal(user: agent, channel: .session))
    }

    static func draft(_ name: String, phones: [String] = [], emails: [String] = [], grade: String? = nil, tags: [String] = []) -> MemberDraft {
        MemberDraft(name: name, gender: "female", birthYear: 1990, phones: phones, emails: emails,
                    addresses: [.init(recipient: name, phone: phones.first ?? "13900000000", province: "上海市", city: "上海市",
                                      district: "浦东新区", line: "世纪大道100号")],
                    grade: grade, tags: tags)
    }

    // R-MEM-1: a profile is checked field by field, list entries by their place, nothing stored on a problem.
    func testEveryProblemIsReportedWithItsField_R_MEM_1() async throws {
        try await TestStores.each { database, name in
            let desk = try await Self.desk(database)
            let draft = MemberDraft(name: " ", gender: "other", birthYear: 1850, birthday: "02-30", idNumber: "123",
                                    phones: ["13912345678", "139-abc"], emails: ["chen@"],
                                    addresses: [.init(recipient: "陈静", phone: "", province: "上海市", city: "", district: nil, line: "路")],
                                    grade: "bronze", restHours: "lunch")
            do {
                _ = try await desk.services.members.create(draft, by: desk.supervisor)
                XCTFail(name)
            } catch ServiceError.validation(let errors) {
                XCTAssertEqual(Set(errors.map(\.field)), ["name", "gender", "grade", "birth_year", "birthday", "id_number", "rest_hours",
                                                          "phones[1]", "emails[0]", "addresses[0].city", "addresses[0].phone"], name)
            }
            do {
                _ = try await desk.services.members.create(MemberDraft(name: "陈静"), by: desk.supervisor)
                XCTFail(name)
            } catch ServiceError.validation(let errors) {
                XCTAssertEqual(errors.map(\.code), ["error.contact_required"], "\(name): a phone or an email")
            }
            do {
                _ = try await desk.services.members.create(Self.draft("陈静", phones: ["13912345678"]), by: desk.agent)
                XCTFail(name)
            } catch ServiceError.forbidden(let permission) { XCTAssertEqual(permission, .membersManage, name) }
            let value1 = try await desk.services.members.list(MemberFilter(), by: desk.supervisor).total
            XCTAssertEqual(value1, 0, name)
        }
    }

    // R-MEM-1, R-MEM-2: members are found by a Chinese name or part of it, by a phone's last digits ("尾号 5678"), the
    // whole phone or the email; tags, grades and saved segments narrow the list.
    func testSearchByNamePartPhoneSuffixTagGradeAndSegment_R_MEM_1_R_MEM_2() async throws {
        try await TestStores.each { database, name in
            let desk = try await Self.desk(database)
            let members = desk.services.members
            let chen = try await members.create(Self.draft("陈静", phones: ["139 1234 5678"], emails: ["Chen.Jing@Example.com"], grade: "gold",
                                                           tags: ["VIP"]), by: desk.supervisor)
            XCTAssertEqual(chen.phones, ["13912345678"], "\(name): digits only")
            XCTAssertEqual(chen.emails, ["chen.jing@example.com"], name)
            let xiaoming = try await members.create(Self.draft("陈小明", phones: ["13800005678"], tags: ["老客户"]), by: desk.supervisor)
            let wang = try await members.create(Self.draft("王静", emails: ["wang@example.com"], grade: "gold"), by: desk.supervisor)
            let smith = try await members.create(Self.draft("John Smith", phones: ["13700001111"]), by: desk.supervisor)
            func expect(_ filter: MemberFilter, _ expected: [Int64], _ message: String, line: UInt = #line) async throws {
                let found = try await members.list(filter, by: desk.supervisor).members.map(\.id)
                XCTAssertEqual(found, expected, message, line: line)
            }
            try await expect(MemberFilter(q: "陈静"), [chen.id], name)
            try await expect(MemberFilter(q: "陈"), [xiaoming.id, chen.id], "\(name): the surname, newest first")
            try await expect(MemberFilter(q: "静"), [wang.id, chen.id], "\(name): a character inside the name")
            try await expect(MemberFilter(q: "小明"), [xiaoming.id], name)
            try await expect(MemberFilter(q: "陈小明"), [xiaoming.id], name)
            try await expect(MemberFilter(q: "尾号 5678"), [xiaoming.id, chen.id], name)
            try await expect(MemberFilter(q: "尾号5678"), [xiaoming.id, chen.id], name)
            try await expect(MemberFilter(q: "*5678"), [xiaoming.id, chen.id], name)
            try await expect(MemberFilter(q: "5678"), [xiaoming.id, chen.id], name)
            try await expect(MemberFilter(q: "45678"), [chen.id], "\(name): five digits narrow it")
            try await expect(MemberFilter(q: "139-1234-5678"), [chen.id], name)
            try await expect(MemberFilter(q: "CHEN.JING@example.com"), [chen.id], name)
            try await expect(MemberFilter(q: "smi"), [smith.id], "\(name): the start of a word")
            try await expect(MemberFilter(q: "赵"), [], name)
            try await expect(MemberFilter(q: "?"), [], "\(name): nothing searchable finds nothing")
            try await expect(MemberFilter(tag: "VIP"), [chen.id], name)
            try await expect(MemberFilter(grade: .gold), [wang.id, chen.id], name)
            try await expect(MemberFilter(q: "静", grade: .gold), [wang.id, chen.id], name)
            try await expect(MemberFilter(q: "陈", tag: "VIP"), [chen.id], name)
            let value2 = try await members.list(MemberFilter(), limit: 2, by: desk.supervisor).total
            XCTAssertEqual(value2, 4, "\(name): counted past the page")

            let segment = try await members.addSegment(name: "金卡会员", filter: MemberFilter(grade: .gold), by: desk.supervisor)
            let value3 = try await members.segments(by: desk.agent).map(\.name)
            XCTAssertEqual(value3, ["金卡会员"], name)
            let value4 = try await members.list(MemberFilter(), segment: segment.id, by: desk.agent).members.map(\.id)
            XCTAssertEqual(value4, [wang.id, chen.id], name)
            let value5 = try await members.list(MemberFilter(q: "陈"), segment: segment.id, by: desk.agent).members.map(\.id)
            XCTAssertEqual(value5, [chen.id], name)
            do {
                _ = try await members.addSegment(name: "", filter: MemberFilter(), by: desk.supervisor)
                XCTFail(name)
            } catch ServiceError.validation(let errors) { XCTAssertEqual(errors.map(\.field), ["name", "filter"], name) }
            do {
                _ = try await members.list(MemberFilter(), segment: 999, by: desk.agent)
                XCTFail(name)
            } catch ServiceError.validation(let errors) { XCTAssertEqual(errors.map(\.field), ["segment"], name) }
            let value6 = try await members.tags(by: desk.agent).sorted()
            XCTAssertEqual(value6, ["VIP", "老客户"], name)
        }
    }

    // R-MEM-5: a stale version is refused and loses nothing; every change is kept with before and after.
    func testStaleEditIsRefusedAndHistoryKeepsBeforeAndAfter_R_MEM_5() async throws {
        try await TestStores.each { database, name in
            let desk = try await Self.desk(database)
            let members = desk.services.members
            let member = try await members.create(Self.draft("陈静", phones: ["13912345678"]), by: desk.supervisor)
            XCTAssertEqual(member.version, 1, name)
            desk.clock.advance(by: 60)
            let first = try await members.update(id: member.id, expectedVersion: 1, by: desk.supervisor) {
                $0.grade = "platinum"
                $0.notes = "喜欢晚上收货"
            }
            XCTAssertEqual(first.version, 2, name)
            do {
                _ = try await members.update(id: member.id, expectedVersion: 1, by: desk.supervisor) { $0.name = "陈晶" }
                XCTFail(name)
            } catch ServiceError.conflict(let code, let current) {
                XCTAssertEqual(code, "error.stale_version", name)
                XCTAssertEqual(current, 2, name)
            }
            let now = try await members.get(id: member.id, by: desk.supervisor)
            XCTAssertEqual(now.name, "陈静", "\(name): the stale edit changed nothing")
            XCTAssertEqual(now.grade, .platinum, "\(name): the first edit is kept")
            XCTAssertEqual(now.version, 2, name)
            let unchanged = try await members.update(id: member.id, expectedVersion: 2, by: desk.supervisor) { $0.notes = "喜欢晚上收货" }
            XCTAssertEqual(unchanged.version, 2, "\(name): saving the same data is no change")

            let history = try await members.history(id: member.id, by: desk.supervisor)
            XCTAssertEqual(history.map(\.action), ["updated", "created"], name)
            XCTAssertEqual(history[0].changes, [MemberFieldChange(field: "grade", before: "normal", after: "platinum"),
                                                MemberFieldChange(field: "notes", before: nil, after: "喜欢晚上收货")], name)
            XCTAssertEqual(history[0].changedByName, "Zhou.Lan", name)
            XCTAssertTrue(history[1].changes.contains(MemberFieldChange(field: "phones", before: nil, after: "13912345678")), name)
            let events = try await desk.services.events.list(EventFilter(entity: "member", entityID: "\(member.id)"), by: .system).events
            let updated = try XCTUnwrap(events.first { $0.kind == "member.updated" }, name)
            XCTAssertEqual(updated.after, #"{"fields":"grade,notes","version":"2"}"#, "\(name): the event names fields, never values")
            XCTAssertTrue(events.contains { $0.kind == "member.created" }, name)
        }
    }

    // R-MEM-5: a contact change tells the member through a channel they still have: mail to a kept email goes to the
    // outbound queue; with a phone only, the text message is recorded as pending (no gateway: nothing is sent).
    func testContactChangeNotifiesTheMember_R_MEM_5() async throws {
        try await TestStores.each { database, name in
            let desk = try await Self.desk(database)
            let members = desk.services.members
            let both = try await members.create(Self.draft("陈静", phones: ["13912345678"], emails: ["chen@example.com"]), by: desk.supervisor)
            _ = try await members.update(id: both.id, expectedVersion: 1, by: desk.supervisor) { $0.phones = ["13987654321"] }
            var notices = try await members.notices(id: both.id, by: desk.supervisor)
            XCTAssertEqual(notices.map(\.channel), ["email"], name)
            XCTAssertEqual(notices[0].recipient, "chen@example.com", name)
            XCTAssertEqual(notices[0].status, "queued", name)
            let mailID = try XCTUnwrap(notices[0].outboundMailID, name)
            let mail = try await database.read { connection in
                try await connection.query("SELECT recipients, status FROM outbound_mail WHERE id = \(mailID)")
            }
            XCTAssertEqual(try mail.first?.string("recipients"), "chen@example.com", name)
            XCTAssertEqual(try mail.first?.string("status"), "queued", name)

            let phoneOnly = try await members.create(Self.draft("王静", phones: ["13800001111"]), by: desk.supervisor)
            _ = try await members.update(id: phoneOnly.id, expectedVersion: 1, by: desk.supervisor) { $0.phones = ["13800002222"] }
            notices = try await members.notices(id: phoneOnly.id, by: desk.supervisor)
            XCTAssertEqual(notices.map(\.channel), ["sms"], name)
            XCTAssertEqual(notices[0].recipient, "13800001111", "\(name): the old number hears of the change")
            XCTAssertEqual(notices[0].status, "pending", name)
            _ = try await members.update(id: phoneOnly.id, expectedVersion: 2, by: desk.supervisor) { $0.notes = "无关的修改" }
            let value7 = try await members.notices(id: phoneOnly.id, by: desk.supervisor).count
            XCTAssertEqual(value7, 1, "\(name): only contact changes notify")
        }
    }

    // R-MEM-1: orders and tickets point at the member whose phone or email they carry — when exactly one has it.
    func testOrdersAndTicketsAreLinkedByPhoneAndEmail_R_MEM_1() async throws {
        try await TestStores.each { database, name in
            let desk = try await OrderServiceTests.desk(database)
            let services = desk.services
            let before = try await services.orders.create(OrderServiceTests.draft(external: "TB1"), by: desk.clerk)
            let member = try await services.members.create(Self.draft("张三", phones: ["13800138000"], emails: ["zhang@example.com"]), by: .system)
            let after = try await services.orders.create(OrderServiceTests.draft(external: "TB2"), by: desk.clerk)
            let ticket = try await services.tickets.create(
                TicketDraft(type: .inquiry, channel: .email, subject: "发货时间", body: "什么时候发货？",
                            customer: .init(name: "张三", email: "Zhang@Example.com")), by: .system)
            XCTAssertEqual(ticket.memberID, member.id, name)
            let linked = try await database.read { connection in
                try await connection.query("SELECT id, member_id FROM orders ORDER BY id").map { (try $0.int("id"), $0.optionalInt("member_id")) }
            }
            XCTAssertEqual(linked.map(\.0), [before.id, after.id], name)
            XCTAssertEqual(linked.map(\.1), [member.id, member.id], "\(name): the earlier order by backfill, the later at entry")

            _ = try await services.members.create(Self.draft("张三丰", phones: ["13800138000"]), by: .system)
            let ambiguous = try await services.orders.create(OrderServiceTests.draft(external: "TB3"), by: desk.clerk)
            let memberID = try await database.read { connection in
                try await connection.first("SELECT member_id FROM orders WHERE id = \(ambiguous.id)")?.optionalInt("member_id")
            }
            XCTAssertNil(memberID, "\(name): two members share the phone: no guess")
        }
    }
}
