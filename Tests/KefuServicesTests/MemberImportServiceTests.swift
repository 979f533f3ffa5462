import Foundation
import KefuDomain
import KefuFiles
@testable import KefuServices
import KefuStore
import KefuTestSupport
import XCTest

/// Importing members from CSV and XLSX on every test database (R-MEM-1, R-MEM-5).
final class MemberImportServiceTests: XCTestCase {
    static let chineseHeader = "姓名,性别,出生年份,生日,手机,邮箱,省,市,区,详细地址,会员等级,标签,注册渠道,偏好,备注,免打扰\n"

    static func setUp(_ database: any Database) async throws -> (Services, Principal) {
        let services = TestStores.services(database)
        let supervisor = try await TestStores.user(services, "zhou.lan", role: .supervisor)
        return (services, Principal(user: supervisor, channel: .session))
    }

    static func count(_ database: any Database, _ table: String, where condition: String = "1 = 1") async throws -> Int {
        Int(try await database.read { try await $0.first("SELECT COUNT(*) AS n FROM \(raw: table) WHERE \(raw: condition)")?.int("n") ?? 0 })
    }

    /// `count` good rows with phones 139000xxxxx; the row at `badLine` (if any) has no name.
    static func csv(count: Int, badLine: Int? = nil) -> String {
        var text = "name,phone,grade,tags\n"
        for index in 0..<count {
            let line = index + 2
            text += "\(line == badLine ? "" : "会员\(index)"),139\(String(format: "%08d", index)),gold,VIP;导入\n"
        }
        return text
    }

    // R-MEM-1: a file with Chinese headers becomes full profiles, each with an `imported` history entry.
    func testChineseHeadersImportFullProfiles_R_MEM_1() async throws {
        try await TestStores.each { database, name in
            let (services, supervisor) = try await Self.setUp(database)
            let file = Self.chineseHeader
                + "陈静,女,1990,3-7,13912345678/13800138000,chen@example.com,上海市,上海市,浦东新区,世纪大道100号,金卡,VIP、母婴,天猫,喜欢棉质,老客户,否\n"
                + "李强,男,,1985-11-02,021-55556666,,,,,,普通,,电话,,,是\n"
            let report = try await services.memberImports.importMembers(file: Data(file.utf8), by: supervisor)
            XCTAssertTrue(report.committed, name)
            XCTAssertEqual(report.badRows, [], name)
            XCTAssertEqual([report.totalRows, report.imported], [2, 2], name)
            let chenFound = try await services.members.list(MemberFilter(q: "13912345678"), by: supervisor).members.first
            let chen = try XCTUnwrap(chenFound, name)
            XCTAssertEqual(chen.name, "陈静")
            XCTAssertEqual(chen.gender, .female)
            XCTAssertEqual(chen.birthYear, 1990)
            XCTAssertEqual(chen.birthday, "03-07")
            XCTAssertEqual(chen.phones, ["13912345678", "13800138000"])
            XCTAssertEqual(chen.emails, ["chen@example.com"])
            XCTAssertEqual(chen.addresses.first?.formatted, "上海市上海市浦东新区世纪大道100号")
            XCTAssertEqual(chen.addresses.first?.recipient, "陈静")
            XCTAssertEqual(chen.grade, .gold)
            XCTAssertEqual(chen.tags.sorted(), ["VIP", "母婴"])
            XCTAssertEqual([chen.registrationChannel, chen.preferences, chen.notes], ["天猫", "喜欢棉质", "老客户"])
            XCTAssertFalse(chen.doNotCall)
            let liFound = try await services.members.list(MemberFilter(q: "李强"), by: supervisor).members.first
            let li = try XCTUnwrap(liFound, name)
            XCTAssertEqual(li.birthYear, 1985, "the year from a full birthday")
            XCTAssertEqual(li.birthday, "11-02")
            XCTAssertTrue(li.doNotCall)
            XCTAssertEqual(li.addresses, [])
            let history = try await services.members.history(id: chen.id, by: supervisor)
            XCTAssertEqual(history.map(\.action), ["imported"], name)
            XCTAssertEqual(history.first?.changedBy, supervisor.user?.id)
            XCTAssertTrue(history.first?.changes.contains { $0.field == "grade" && $0.after == "gold" } == true, name)
            let events = try await Self.count(database, "events", where: "kind = 'member.imported'")
            XCTAssertEqual(events, 1, name)
        }
    }

    // R-MEM-1: English headers, a GBK file saved by Chinese Excel, and an XLSX workbook read alike.
    func testEnglishHeadersGBKAndXLSX_R_MEM_1() async throws {
        try await TestStores.each { database, name in
            let (services, supervisor) = try await Self.setUp(database)
            let english = "Name,Gender,Birthday,Phone,Email,Address,Grade,Tags,Do Not Call\n"
                + "Wang Fang,female,12-25,13700137000,wang@example.com,广东省深圳市南山区科技园1号,platinum,\"new, vip\",no\n"
            let first = try await services.memberImports.importMembers(file: Data(english.utf8), by: supervisor)
            XCTAssertEqual(first.imported, 1, name)
            let gbkText = "姓名,手机,会员等级,备注\r\n赵敏,13600136000,钻石,从旧系统导入\r\n"
            let gbk = try XCTUnwrap(gbkText.data(using: TextDecoding.gb18030))
            XCTAssertNil(String(data: gbk, encoding: .utf8), "the fixture really is GBK")
            let second = try await services.memberImports.importMembers(file: gbk, by: supervisor)
            XCTAssertEqual(second.imported, 1, name)
            let sheet = XLSXSheet(name: "会员", header: ["姓名", "手机", "生日", "出生年份"],
                                  rows: [["周杰", .integer(13500135000), .date(Date(timeIntervalSince1970: 631_152_000), timeZone: TimeZone(identifier: "UTC")!), 1990]])
            let third = try await services.memberImports.importMembers(file: try XLSXWriter(sheets: [sheet]).data(), by: supervisor)
            XCTAssertEqual(third.imported, 1, name)

            let wangFound = try await services.members.list(MemberFilter(q: "13700137000"), by: supervisor).members.first
            let wang = try XCTUnwrap(wangFound, name)
            XCTAssertEqual(wang.addresses.first?.district, "南山区")
            XCTAssertEqual(wang.grade, .platinum)
            XCTAssertEqual(wang.tags.sorted(), ["new", "vip"])
            let zhaoFound = try await services.members.list(MemberFilter(q: "13600136000"), by: supervisor).members.first
            let zhao = try XCTUnwrap(zhaoFound, name)
            XCTAssertEqual(zhao.name, "赵敏")
            XCTAssertEqual(zhao.grade, .diamond)
            XCTAssertEqual(zhao.notes, "从旧系统导入")
            let zhouFound = try await services.members.list(MemberFilter(q: "13500135000"), by: supervisor).members.first
            let zhou = try XCTUnwrap(zhouFound, name)
            XCTAssertEqual(zhou.birthday, "01-01", "an XLSX date cell")
            XCTAssertEqual(zhou.birthYear, 1990)
        }
    }

    // R-MEM-1: every bad row is reported with its line and column, and nothing at all is stored.
    func testBadRowsAreReportedAndNothingIsStored_R_MEM_1() async throws {
        try await TestStores.each { database, name in
            let (services, supervisor) = try await Self.setUp(database)
            let file = Self.chineseHeader
                + "陈静,女,1990,3-7,13912345678,,,,,,金卡,,,,,否\n"
                + ",未知性别,1850,2-30,12,bad@,,,,,青铜,,,,,也许\n"
                + "李强,男,,,13912345678,,,,,,,,,,,\n"
            let report = try await services.memberImports.importMembers(file: Data(file.utf8), by: supervisor)
            XCTAssertFalse(report.committed, name)
            XCTAssertEqual(report.imported, 0, name)
            XCTAssertEqual(report.badRows.map(\.line), [3, 4], name)
            let third = Set(report.badRows[0].errors.map(\.field))
            XCTAssertEqual(third, ["name", "gender", "birth_year", "birthday", "phone", "email", "grade", "do_not_call"], name)
            XCTAssertEqual(report.badRows[1].errors, [FieldError(field: "phone", code: "error.duplicate_in_file",
                                                                 arguments: ["value": "13912345678", "line": "2"])], name)
            XCTAssertEqual(report.columns["phone"], "手机", name)
            let stored = try await Self.count(database, "members")
            let events = try await Self.count(database, "events", where: "kind = 'member.imported'")
            XCTAssertEqual([stored, events], [0, 0], name)
        }
    }

    // R-MEM-1: with good_rows the good rows are stored and the bad ones still reported.
    func testGoodRowsModeStoresTheGoodRows_R_MEM_1() async throws {
        try await TestStores.each { database, name in
            let (services, supervisor) = try await Self.setUp(database)
            let report = try await services.memberImports.importMembers(
                file: Data(Self.csv(count: 5, badLine: 4).utf8), options: .init(mode: .goodRows), by: supervisor)
            XCTAssertTrue(report.committed, name)
            XCTAssertEqual(report.imported, 4, name)
            XCTAssertEqual(report.badRows.map(\.line), [4], name)
            XCTAssertEqual(report.badRows.first?.errors.map(\.field), ["name"], name)
            let stored = try await Self.count(database, "members")
            XCTAssertEqual(stored, 4, name)
        }
    }

    func testImportNeedsMembersManageAndNamedColumns() async throws {
        try await TestStores.each { database, name in
            let (services, _) = try await Self.setUp(database)
            let agent = Principal(user: try await TestStores.user(services, "wang.fang", role: .agent), channel: .session)
            do {
                _ = try await services.memberImports.importMembers(file: Data(Self.csv(count: 1).utf8), by: agent)
                XCTFail("agents cannot import members")
            } catch ServiceError.forbidden(let permission) {
                XCTAssertEqual(permission, .membersManage, name)
            }
            do {
                _ = try await services.memberImports.importMembers(file: Data("性别,备注\n男,x\n".utf8), by: .system)
                XCTFail("a file without name and contact columns is refused")
            } catch ServiceError.validation(let problems) {
                XCTAssertEqual(problems.compactMap { $0.arguments["field"] }, ["name", "phone"], name)
            }
        }
    }

    // Speed: 10,000 rows go in through the batch path on both databases (ten chunks, ten `member.imported` events).
    func testTenThousandRowsImportInChunks_R_MEM_1() async throws {
        try await TestStores.each { database, name in
            let (services, supervisor) = try await Self.setUp(database)
            let report = try await services.memberImports.importMembers(file: Data(Self.csv(count: 10_000).utf8), by: supervisor)
            XCTAssertEqual(report.imported, 10_000, name)
            let members = try await Self.count(database, "members")
            let phones = try await Self.count(database, "member_phones")
            let tags = try await Self.count(database, "member_tags")
            let history = try await Self.count(database, "member_history", where: "action = 'imported'")
            let events = try await Self.count(database, "events", where: "kind = 'member.imported'")
            XCTAssertEqual([members, phones, tags, history, events], [10_000, 10_000, 20_000, 10_000, 10], name)
            let found = try await services.members.list(MemberFilter(q: "会员9999"), by: supervisor).members
            XCTAssertEqual(found.map(\.phones), [["13900009999"]], "search terms are written for imported names")
            let next = try await services.members.create(MemberDraft(name: "新会员", phones: ["13700000001"]), by: supervisor)
            XCTAssertGreaterThan(next.id, found.first?.id ?? 0, "ids keep growing after reserved ones")
        }
    }

    // R-MEM-1: tickets taken before the member existed join the imported member's record, by phone or by email.
    func testImportedMembersPickUpTheirTickets_R_MEM_1() async throws {
        try await TestStores.each { database, name in
            let desk = try await TicketServiceTests.desk(database)
            let byPhone = try await desk.services.tickets.create(TicketServiceTests.inquiry(), by: desk.agent)
            var mailed = TicketServiceTests.inquiry("发票")
            mailed.customer = .init(name: "李四", phone: nil, email: "li.si@example.com")
            let byMail = try await desk.services.tickets.create(mailed, by: desk.agent)
            XCTAssertNil(byPhone.memberID, name)
            let file = "姓名,手机,邮箱\n张三,138-0013-8000,\n李四,,LI.SI@example.com\n"
            let report = try await desk.services.memberImports.importMembers(file: Data(file.utf8), by: desk.supervisor)
            XCTAssertEqual(report.imported, 2, name)
            let members = try await desk.services.members.list(MemberFilter(), by: desk.supervisor).members
            for (ticket, member) in [(byPhone, "张三"), (byMail, "李四")] {
                let stored = try await desk.services.tickets.get(id: ticket.id, by: desk.agent).ticket
                XCTAssertEqual(stored.memberID, members.first { $0.name == member }?.id, name)
            }
        }
    }
}
