import Foundation
import KefuDomain
import XCTest

/// Reading member import rows: headers in both languages, cells as people type them, updates that only add (R-MEM-1, 5).
final class MemberImportTests: XCTestCase {
    // R-MEM-1: Chinese and English headers name the same fields; a BOM and spacing do not matter.
    func testHeadersInBothLanguagesFindTheSameFields_R_MEM_1() {
        let chinese = MemberImportLayout.read(header: ["\u{FEFF}姓名", "性别", "出生年份", "生日", "手机", "邮箱", "地址", "会员等级", "标签",
                                                       "注册渠道", "偏好", "备注", "免打扰"])
        let english = MemberImportLayout.read(header: ["Name", "gender", "Birth Year", "birthday", "phone", "email", "address", "grade",
                                                       "tags", "registration-channel", "preferences", "notes", "do_not_call"])
        XCTAssertEqual(chinese.problems, [])
        XCTAssertEqual(english.problems, [])
        XCTAssertEqual(chinese.layout.positions, english.layout.positions)
        XCTAssertEqual(chinese.layout.headers["name"], "姓名")
        XCTAssertEqual(english.layout.headers["birth_year"], "Birth Year")
        XCTAssertEqual(chinese.layout.column(for: "city"), "地址", "an address part points at the one address column")
    }

    func testMissingNameOrContactColumnsAreReported() {
        let (_, problems) = MemberImportLayout.read(header: ["性别", "备注"])
        XCTAssertEqual(problems.map(\.code), ["error.import_missing_column", "error.import_missing_column"])
        XCTAssertEqual(problems.compactMap { $0.arguments["field"] }, ["name", "phone"])
        XCTAssertEqual(MemberImportLayout.read(header: ["姓名", "email"]).problems, [], "an email column alone is enough")
    }

    // R-MEM-1: cells as typed: 男/女, 金卡, lists split on ; / , 、, dates in several forms, 是/否, one address column.
    func testRowReadsCellsAsPeopleTypeThem_R_MEM_1() {
        let layout = MemberImportLayout.read(header: ["姓名", "性别", "生日", "电话", "邮箱", "地址", "会员等级", "标签", "免打扰"]).layout
        let row = layout.row(["陈静", "女", "1990年3月7日", "139-1234-5678; 13800138000/021-55556666", "Chen@Example.com",
                              "浙江省杭州市西湖区文三路100号", "金卡", "VIP、老客户, 母婴", "是"], line: 2)
        XCTAssertEqual(row.cellProblems, [])
        XCTAssertEqual(row.draft.gender, "female")
        XCTAssertEqual(row.draft.birthday, "03-07")
        XCTAssertEqual(row.draft.birthYear, 1990, "a full birthday gives the year when no year column is filled")
        XCTAssertEqual(row.draft.phones, ["139-1234-5678", "13800138000", "021-55556666"])
        XCTAssertEqual(row.draft.grade, "gold")
        XCTAssertEqual(row.draft.tags, ["VIP", "老客户", "母婴"])
        XCTAssertTrue(row.draft.doNotCall)
        XCTAssertEqual(row.draft.addresses, [.init(recipient: "陈静", phone: "139-1234-5678", province: "浙江省", city: "杭州市",
                                                   district: "西湖区", line: "文三路100号")])
        XCTAssertEqual(row.contacts.phones, ["13912345678", "13800138000", "02155556666"])
        XCTAssertEqual(row.contacts.emails, ["chen@example.com"])
        XCTAssertEqual(row.problems(currentYear: 2026), [])
    }

    func testCellValueForms() {
        XCTAssertEqual(MemberImportValue.gender("Male"), .male)
        XCTAssertEqual(MemberImportValue.gender("男"), .male)
        XCTAssertNil(MemberImportValue.gender("其他"))
        for (text, grade) in [("普通", MemberGrade.normal), ("银卡会员", .silver), ("Gold", .gold), ("铂金", .platinum), ("钻石卡", .diamond)] {
            XCTAssertEqual(MemberImportValue.grade(text), grade, text)
        }
        XCTAssertNil(MemberImportValue.grade("青铜"))
        XCTAssertEqual(MemberImportValue.yesNo("否"), false)
        XCTAssertEqual(MemberImportValue.yesNo("YES"), true)
        XCTAssertEqual(MemberImportValue.yesNo("0"), false)
        XCTAssertNil(MemberImportValue.yesNo("maybe"))
        XCTAssertEqual(MemberImportValue.birthday("3-7")?.monthDay, "03-07")
        XCTAssertEqual(MemberImportValue.birthday("12/25")?.monthDay, "12-25")
        XCTAssertEqual(MemberImportValue.birthday("1988-11-02 00:00:00")?.year, 1988, "an XLSX date cell")
        XCTAssertEqual(MemberImportValue.birthday("19880229")?.monthDay, "02-29")
        XCTAssertNil(MemberImportValue.birthday("1989-02-29"), "not a leap year")
        XCTAssertNil(MemberImportValue.birthday("13-01"))
        XCTAssertNil(MemberImportValue.birthday("next week"))
    }

    // R-MEM-1: a bad cell is named by its column; the draft's rules name list entries by the column too.
    func testProblemsAreNamedByImportColumn_R_MEM_1() {
        let layout = MemberImportLayout.read(header: ["name", "gender", "birthday", "phone", "province", "city", "line", "grade", "do_not_call"]).layout
        let row = layout.row(["", "x", "2-30", "12", "上海市", "", "世纪大道1号", "bronze", "maybe"], line: 7)
        let problems = row.problems(currentYear: 2026)
        XCTAssertEqual(Set(problems.map(\.field)), ["gender", "birthday", "grade", "do_not_call", "name", "phone", "city", "recipient", "address_phone"])
        XCTAssertEqual(problems.first { $0.field == "gender" }?.code, "error.member_import_gender")
        XCTAssertEqual(problems.filter { $0.field == "grade" }.map(\.code), ["error.member_import_grade"], "no second problem from the draft")
        XCTAssertEqual(problems.first { $0.field == "phone" }?.code, "error.phone_format")
        XCTAssertEqual(MemberImportRow.importField(FieldError(field: "addresses[0].phone", code: "x")).field, "address_phone")
        XCTAssertEqual(MemberImportRow.importField(FieldError(field: "emails[3]", code: "x")).field, "email")
        XCTAssertEqual(MemberImportRow.importField(FieldError(field: "tags[1]", code: "x")).field, "tags")
    }

    // R-MEM-5: updating a stored member replaces filled cells only and adds contacts, addresses and tags.
    func testUpdateReplacesFilledCellsAndOnlyAddsContacts_R_MEM_5() {
        let existing = MemberDraft(name: "陈静", gender: "female", birthYear: 1990, phones: ["13912345678"], emails: ["chen@example.com"],
                                   addresses: [.init(recipient: "陈静", phone: "13912345678", province: "上海市", city: "上海市",
                                                     district: "浦东新区", line: "世纪大道100号")],
                                   grade: "silver", tags: ["VIP"], notes: "老客户")
        let layout = MemberImportLayout.read(header: ["姓名", "手机", "等级", "标签", "备注", "性别"]).layout
        let row = layout.row(["陈静", "139 1234 5678/13800138000", "钻石", "VIP;母婴", "", ""], line: 3)
        let updated = row.applied(to: existing)
        XCTAssertEqual(updated.phones, ["13912345678", "13800138000"])
        XCTAssertEqual(updated.emails, ["chen@example.com"])
        XCTAssertEqual(updated.grade, "diamond")
        XCTAssertEqual(updated.tags, ["VIP", "母婴"])
        XCTAssertEqual(updated.notes, "老客户", "a blank cell keeps the member's value")
        XCTAssertEqual(updated.gender, "female")
        XCTAssertEqual(updated.addresses.count, 1)
        XCTAssertEqual(row.applied(to: updated), updated, "applying the same row twice changes nothing more")
    }
}
