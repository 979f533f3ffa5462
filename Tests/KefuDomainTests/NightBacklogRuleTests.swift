import Foundation
import KefuDomain
import XCTest

final class NightBacklogRuleTests: XCTestCase {
    // 2026-11-23 14:30 UTC = 22:30 in Shanghai: the evening shift records before 23:30.
    static let at = Date(timeIntervalSince1970: 1_795_444_200)
    static let shanghai = TimeZone(identifier: "Asia/Shanghai")!

    // R-TKT-11: the categories of seed 003 (联系快递, 联系售后, 联系外网, 联系分销), in the order the list groups them.
    func testCategoriesFollowTheSeed_R_TKT_11() {
        XCTAssertEqual(NightBacklogItem.Category.allCases.map(\.rawValue), ["carrier", "after_sales", "external", "distribution"])
        XCTAssertEqual(NightBacklogItem.State.allCases.map(\.rawValue), ["open", "picked_up", "done"])
    }

    // R-TKT-11: category, customer, description and to-do are required; every bad field is reported at once, by name.
    func testDraftNeedsCategoryCustomerDescriptionAndToDo_R_TKT_11() {
        let empty = NightBacklogDraft(category: nil, customerName: " ", description: "", todo: nil)
        XCTAssertEqual(empty.problems.map(\.field), ["category", "customer_name", "description", "todo"])
        XCTAssertEqual(Set(empty.problems.map(\.code)), ["error.required"])
        let wrong = NightBacklogDraft(category: "courier", customerName: "tb_张三", customerPhone: "call me", orderNumber: String(repeating: "O", count: 41),
                                      description: String(repeating: "长", count: NightBacklogDraft.descriptionLimit + 1), todo: "联系快递查件")
        XCTAssertEqual(wrong.problems.map(\.field), ["category", "customer_phone", "order_number", "description"])
        XCTAssertEqual(wrong.problems.map(\.code), ["error.unknown_value", "error.phone_format", "error.too_long", "error.too_long"])
        XCTAssertEqual(wrong.problems.first?.arguments, ["value": "courier"])

        let draft = NightBacklogDraft(category: " carrier ", customerName: " 张三 ", customerPhone: " ", orderNumber: " o-20261123-0001 ",
                                      ticketNumber: "", description: " 快递显示签收，客户说没收到 ", todo: " 联系中通核实签收人 ")
        XCTAssertEqual(draft.problems, [])
        XCTAssertEqual(draft.orderReference, "O-20261123-0001", "order numbers are looked up as printed")
        XCTAssertNil(draft.ticketReference)
        let item = draft.item(orderID: 5, ticketID: nil, recordedBy: 3, at: Self.at)
        XCTAssertEqual(item.category, .carrier)
        XCTAssertEqual(item.state, .open)
        XCTAssertEqual(item.customerName, "张三")
        XCTAssertNil(item.customerPhone)
        XCTAssertEqual(item.orderNumber, "O-20261123-0001")
        XCTAssertEqual(item.description, "快递显示签收，客户说没收到")
        XCTAssertEqual(item.todo, "联系中通核实签收人")
        XCTAssertEqual(NightBacklogDraft.closingProblems(" ", field: "result", required: true).map(\.code), ["error.required"])
        XCTAssertEqual(NightBacklogDraft.closingProblems(nil, field: "note", required: false), [])
    }

    // R-TKT-11: an item is picked up once, and marked done only after it was picked up.
    func testReceiptOnceThenDone_R_TKT_11() {
        var item = NightBacklogItem(id: 1, category: .afterSales, customerName: "李四", customerPhone: "13912345678", description: "客户要求换码",
                                    todo: "售后确认换 37 码", recordedBy: 2, recordedAt: Self.at)
        XCTAssertEqual(item.pickUp, .allowed)
        XCTAssertEqual(item.completion, .notPickedUp)
        item.state = .pickedUp
        XCTAssertEqual(item.pickUp, .alreadyPickedUp, "a second pick-up is refused")
        XCTAssertEqual(item.completion, .allowed)
        item.state = .done
        item.doneAt = Self.at.addingTimeInterval(11 * 3600)
        XCTAssertEqual(item.pickUp, .alreadyDone)
        XCTAssertEqual(item.completion, .alreadyDone)
        XCTAssertEqual(item.age(at: Self.at.addingTimeInterval(86400)), 11 * 3600, "a done item's age stops when it was done")
    }

    // R-TKT-11: images are JPEG, PNG or WebP by their bytes, within the size limit.
    func testImagesAreCheckedByTheirBytes_R_TKT_11() {
        let png = Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 0])
        XCTAssertEqual(NightBacklogImage.imageType(of: png), "image/png")
        XCTAssertEqual(NightBacklogImage.imageType(of: Data([0xFF, 0xD8, 0xFF, 0xE0])), "image/jpeg")
        XCTAssertEqual(NightBacklogImage.imageType(of: Data("RIFF\0\0\0\0WEBP".utf8)), "image/webp")
        XCTAssertNil(NightBacklogImage.imageType(of: Data("GIF89a".utf8)), "GIF is not taken")
        XCTAssertEqual(NightBacklogImage.problems(Data("<svg/>".utf8), field: "file").map(\.code), ["error.backlog_image_type"])
        XCTAssertEqual(NightBacklogImage.problems(Data(), field: "file").map(\.code), ["error.required"])
        var large = png
        large.append(Data(count: NightBacklogImage.maximumSize))
        XCTAssertEqual(NightBacklogImage.problems(large, field: "images[0]").map(\.field), ["images[0]"])
        XCTAssertEqual(NightBacklogImage.problems(large, field: "images[0]").map(\.code), ["error.file_too_large"])
    }

    // R-TKT-11: the morning shift's default view is what is open from last night: since the start of yesterday.
    func testLastNightIsSinceTheStartOfYesterday_R_TKT_11() {
        let morning = Self.at.addingTimeInterval(11 * 3600)  // 09:30 the next day in Shanghai
        let night = NightBacklogFilter.lastNight(now: morning, timeZone: Self.shanghai)
        XCTAssertEqual(night.from, LocalDate("2026-11-23"))
        XCTAssertEqual(night.to, LocalDate("2026-11-24"))
        let range = NightBacklogFilter.instants(from: night.from, to: night.to, timeZone: Self.shanghai)
        XCTAssertEqual(range.from, Date(timeIntervalSince1970: 1_795_363_200))  // 2026-11-23 00:00 +08:00
        XCTAssertEqual(range.before, Date(timeIntervalSince1970: 1_795_536_000))  // 2026-11-25 00:00 +08:00
        XCTAssertTrue(range.from! <= Self.at && Self.at < range.before!)
    }
}
