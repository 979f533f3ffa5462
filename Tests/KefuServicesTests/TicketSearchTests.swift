import Foundation
import KefuDomain
@testable import KefuServices
import KefuStore
import KefuTestSupport
import XCTest

/// Full-text search over tickets in Chinese and other text, the same on SQLite (FTS5) and PostgreSQL (tsvector).
final class TicketSearchTests: XCTestCase {
    func testChinesePhrasesNamesNumbersAndNotesAreFound() async throws {
        try await TestStores.each { database, _ in
            let services = TestStores.services(database)
            let agent = Principal(user: try await TestStores.user(services, "zhang.wei", role: .agent), channel: .session)
            func ticket(_ subject: String, _ body: String, name: String = "陈静", phone: String = "13912345678") async throws -> Ticket {
                try await services.tickets.create(TicketDraft(type: .inquiry, channel: .phone, subject: subject, body: body,
                                                              customer: .init(name: name, phone: phone)), by: agent)
            }
            let refund = try await ticket("退款申请", "客户申请退款，订单O-20261120-0008 的杯子碎了。")
            let delivery = try await ticket("发货查询", "什么时候发货？", name: "王芳", phone: "13800001111")
            let english = try await ticket("Invoice question", "Please resend the invoice PDF.", name: "Li Lei")
            _ = try await services.tickets.addMessage(id: delivery.id, kind: .note, body: "仓库说明天补发", by: agent)

            func found(_ query: String) async throws -> [Int64] { try await services.tickets.search(query, by: agent).map(\.id) }
            let refundQuery = try await found("退款")
            XCTAssertEqual(refundQuery, [refund.id])
            let phrase = try await found("杯子碎了")
            XCTAssertEqual(phrase, [refund.id])
            let wrongOrder = try await found("碎杯子")
            XCTAssertEqual(wrongOrder, [], "a phrase matches in order")
            let byName = try await found("王芳")
            XCTAssertEqual(byName, [delivery.id])
            let byNote = try await found("补发")
            XCTAssertEqual(byNote, [delivery.id], "staff find their notes too")
            let byOrder = try await found("O-20261120-0008")
            XCTAssertEqual(byOrder, [refund.id])
            let byPhone = try await found("13800001111")
            XCTAssertEqual(byPhone, [delivery.id])
            let byNumber = try await found(refund.number)
            XCTAssertEqual(byNumber, [refund.id])
            let byWord = try await found("INVOICE pdf")
            XCTAssertEqual(byWord, [english.id])
            let oneCharacter = try await found("发")
            XCTAssertEqual(Set(oneCharacter), [delivery.id], "one character searches as a prefix")
            let nothing = try await found("，。")
            XCTAssertEqual(nothing, [])
        }
    }
}

final class SnapshotTests: XCTestCase {
    func testSnapshotsAreValidJSONWithSortedKeys() throws {
        let text = Snapshot.json(["b": "引号\"斜杠\\换行\n\t\u{1}", "a": "1", "c": nil])
        XCTAssertTrue(text.hasPrefix(#"{"a":"1","b":"#))
        let object = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: String])
        XCTAssertEqual(object, ["a": "1", "b": "引号\"斜杠\\换行\n\t\u{1}"])
        XCTAssertEqual(Snapshot.value("b", in: text), "引号\"斜杠\\换行\n\t\u{1}")
        XCTAssertEqual(Snapshot.json([:]), "{}")
    }
}

final class CountCacheTests: XCTestCase {
    func testOneCallerRecountsWhileTheOthersKeepTheOldTotal() {
        let cache = CountCache(lifetime: 2)
        let filter = OrderFilter(list: .review)
        let start = Date(timeIntervalSince1970: 1_000)
        XCTAssertNil(cache.value(for: filter, now: start))
        cache.store(10, for: filter, now: start)
        XCTAssertEqual(cache.value(for: filter, now: start.addingTimeInterval(1)), 10)
        XCTAssertNil(cache.value(for: filter, now: start.addingTimeInterval(3)), "expired: this caller counts again")
        XCTAssertEqual(cache.value(for: filter, now: start.addingTimeInterval(3.1)), 10, "the others keep the old total meanwhile")
        cache.store(12, for: filter, now: start.addingTimeInterval(3.2))
        XCTAssertEqual(cache.value(for: filter, now: start.addingTimeInterval(3.3)), 12)
        XCTAssertNil(cache.value(for: filter, now: start.addingTimeInterval(20)), "too old to serve at all")
        cache.invalidate()
        XCTAssertNil(cache.value(for: filter, now: start.addingTimeInterval(3.3)))
    }
}
