import Foundation
import KefuDomain
import XCTest

/// Member rules without a database: search input, name terms, masking, changes, merging, erasure.
final class MemberRuleTests: XCTestCase {
    let now = Date(timeIntervalSince1970: 1_795_000_000)

    // R-MEM-1: what people type for a customer.
    func testSearchBoxUnderstandsPhoneSuffixPhoneEmailAndNames_R_MEM_1() {
        XCTAssertEqual(MemberQuery("尾号 5678"), .phoneSuffix("5678"))
        XCTAssertEqual(MemberQuery("尾号5678"), .phoneSuffix("5678"))
        XCTAssertEqual(MemberQuery("*5678"), .phoneSuffix("5678"))
        XCTAssertEqual(MemberQuery(" 5678 "), .phoneSuffix("5678"))
        XCTAssertEqual(MemberQuery("139 1234 5678"), .phone("13912345678"))
        XCTAssertEqual(MemberQuery("Chen@Example.com"), .email("chen@example.com"))
        XCTAssertEqual(MemberQuery("陈静"), .name(["陈静"]))
        XCTAssertEqual(MemberQuery("陈"), .name(["陈"]))
        XCTAssertEqual(MemberQuery("欧阳娜娜"), .name(["欧阳", "阳娜", "娜娜"]))
        XCTAssertEqual(MemberQuery("123"), .nothing, "too few digits to mean anything")
        XCTAssertEqual(MemberQuery("  "), .nothing)
    }

    func testNameTermsCoverEveryCharacterAndPairAndWordPrefixes() {
        XCTAssertEqual(MemberSearchTerms.document("陈静"), ["陈", "静", "陈静"])
        XCTAssertEqual(MemberSearchTerms.document("欧阳娜娜"), ["欧", "阳", "娜", "欧阳", "阳娜", "娜娜"])
        XCTAssertEqual(MemberSearchTerms.document("Li Na"), ["l", "li", "n", "na"])
    }

    // R-MEM-1: field errors by place; contacts normalised.
    func testDraftReportsListEntriesByPlaceAndNormalises_R_MEM_1() {
        let draft = MemberDraft(name: "陈静", birthday: "3-7", phones: ["+86 139-1234-5678", "abc"], emails: ["Chen@Example.COM"],
                                tags: ["VIP", "VIP"], restHours: "12:00-14:00, 21:00-09:00")
        XCTAssertEqual(draft.problems(currentYear: 2026).map(\.field), ["phones[1]"])
        var fixed = draft
        fixed.phones.removeLast()
        let member = fixed.member(createdAt: now, updatedAt: now)
        XCTAssertEqual(member.phones, ["13912345678"])
        XCTAssertEqual(member.emails, ["chen@example.com"])
        XCTAssertEqual(member.birthday, "03-07")
        XCTAssertEqual(member.tags, ["VIP"])
        XCTAssertEqual(member.restHours, "12:00-14:00,21:00-09:00")
        XCTAssertNil(MemberDraft.monthDay("02-30"))
        XCTAssertEqual(MemberDraft.monthDay("02-29"), "02-29")
    }

    // R-MEM-4: masked for roles without `pii.view`.
    func testMaskingHidesContactsAddressesAndIDNumbers_R_MEM_4() {
        let member = Member(id: 1, name: "陈静", idNumber: "110101199003071234", phones: ["13912345678"], emails: ["chen@example.com"],
                            addresses: [MemberAddress(recipient: "陈静", phone: "13912345678", province: "上海市", city: "上海市",
                                                      district: "浦东新区", line: "世纪大道100号")], createdAt: now, updatedAt: now)
        let masked = member.visible(to: Role.integration.permissions)
        XCTAssertEqual(masked.phones, ["139****5678"])
        XCTAssertEqual(masked.emails, ["c***@example.com"])
        XCTAssertEqual(masked.addresses[0].phone, "139****5678")
        XCTAssertEqual(masked.addresses[0].line, "世纪****")
        XCTAssertEqual(masked.idNumber, "110***********1234")
        XCTAssertEqual(member.visible(to: Role.supervisor.permissions), member)
        XCTAssertTrue(MemberAccess.oversees(.supervisor))
        XCTAssertFalse(MemberAccess.oversees(.agent))
    }

    // R-MEM-5: the history holds each changed field before and after; personal values are masked for others.
    func testChangesListEachFieldBeforeAndAfter_R_MEM_5() {
        let before = Member(id: 1, name: "陈静", phones: ["13912345678"], grade: .silver, createdAt: now, updatedAt: now)
        var after = before
        after.phones = ["13987654321"]
        after.grade = .gold
        let changes = after.changes(from: before)
        XCTAssertEqual(changes, [MemberFieldChange(field: "phones", before: "13912345678", after: "13987654321"),
                                 MemberFieldChange(field: "grade", before: "silver", after: "gold")])
        XCTAssertEqual(changes.filter(\.isContact).map(\.field), ["phones"])
        let entry = MemberHistoryEntry(id: 1, memberID: 1, action: "updated", changes: changes, changedBy: nil, changedAt: now)
        XCTAssertEqual(entry.visible(to: Role.integration.permissions).changes[0], MemberFieldChange(field: "phones", before: "****", after: "****"))
    }

    // R-MEM-2: a merge keeps the survivor's data first and fills its blanks.
    func testMergeJoinsContactsAndFillsBlanks_R_MEM_2() {
        let survivor = Member(id: 1, name: "陈静", phones: ["13912345678"], grade: .silver, tags: ["VIP"], notes: "老客户", createdAt: now, updatedAt: now)
        let other = Member(id: 2, name: "陈静", gender: .female, birthYear: 1990, phones: ["13800000000", "13912345678"], emails: ["c@example.com"],
                           grade: .gold, tags: ["VIP", "团购"], notes: "喜欢周末送货", doNotCall: true, createdAt: now, updatedAt: now)
        let merged = survivor.absorbing(other)
        XCTAssertEqual(merged.phones, ["13912345678", "13800000000"])
        XCTAssertEqual(merged.emails, ["c@example.com"])
        XCTAssertEqual(merged.tags, ["VIP", "团购"])
        XCTAssertEqual(merged.gender, .female)
        XCTAssertEqual(merged.birthYear, 1990)
        XCTAssertEqual(merged.grade, .gold)
        XCTAssertTrue(merged.doNotCall)
        XCTAssertEqual(merged.notes, "老客户\n喜欢周末送货")
    }

    // R-MEM-4 (PIPL): erasure removes what identifies the member and keeps what statistics need.
    func testErasureRemovesPersonalDataKeepsStatistics_R_MEM_4() {
        let member = Member(id: 7, name: "陈静", gender: .female, birthYear: 1990, birthday: "03-07", idNumber: "110101199003071234",
                            phones: ["13912345678"], emails: ["c@example.com"], grade: .gold, tags: ["VIP"], registrationChannel: "taobao",
                            notes: "住三楼", createdAt: now, updatedAt: now)
        let erased = member.erased(name: "已注销会员 #7", at: now)
        XCTAssertEqual(erased.name, "已注销会员 #7")
        XCTAssertTrue(erased.phones.isEmpty && erased.emails.isEmpty && erased.tags.isEmpty)
        XCTAssertNil(erased.birthday)
        XCTAssertNil(erased.idNumber)
        XCTAssertEqual(erased.notes, "")
        XCTAssertEqual(erased.grade, .gold)
        XCTAssertEqual(erased.birthYear, 1990)
        XCTAssertEqual(erased.registrationChannel, "taobao")
        XCTAssertTrue(erased.isErased)
    }
}
