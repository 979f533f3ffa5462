import Foundation
import KefuDomain
import KefuServices
import KefuStore
import KefuTestSupport
import XCTest

final class HandoverServiceTests: XCTestCase {
    // R-TKT-12: the outgoing shift writes the items; the incoming shift acknowledges each, never the writer; the
    // handover is complete when every item is; every step is an event.
    func testIncomingShiftAcknowledgesEachItem_R_TKT_12() async throws {
        try await TestStores.each { database, name in
            let clock = FixedClock(Date(timeIntervalSince1970: 1_795_417_200))
            let services = TestStores.services(database, clock: clock)
            let wang = try await TestStores.user(services, "wang.fang", role: .agent), li = try await TestStores.user(services, "li.na", role: .agent)
            let outgoing = Principal(user: wang, channel: .session), incoming = Principal(user: li, channel: .session)
            do {
                _ = try await services.handovers.write(HandoverDraft(shift: "", items: [.init(content: nil, reference: "O-20261123-0001")]), by: outgoing)
                XCTFail("\(name): incomplete")
            } catch ServiceError.validation(let errors) {
                XCTAssertEqual(errors.map(\.field), ["shift", "items[0].content"], name)
            }
            let handover = try await services.handovers.write(HandoverDraft(shift: "早班", note: "系统下午升级", items: [
                .init(content: "客户要求改收货地址，已通知仓库，等回复", reference: "O-20261123-0001"),
                .init(content: "回访李女士（投诉处理结果）"),
            ]), by: outgoing)
            XCTAssertEqual(handover.items.map(\.position), [1, 2], name)
            XCTAssertEqual(handover.writtenByName, wang.displayName, name)
            XCTAssertFalse(handover.isComplete, name)
            let first = handover.items[0].id, second = handover.items[1].id

            do {
                _ = try await services.handovers.acknowledge(handover: handover.id, item: first, by: outgoing)
                XCTFail("\(name): the writer cannot acknowledge their own item")
            } catch ServiceError.forbidden {}
            clock.advance(by: 8 * 3600)
            let half = try await services.handovers.acknowledge(handover: handover.id, item: first, by: incoming)
            XCTAssertEqual(half.items[0].acknowledgedByName, li.displayName, name)
            XCTAssertEqual(half.items[0].acknowledgedAt, clock.now, name)
            XCTAssertNil(half.items[1].acknowledgedAt, "\(name): one by one")
            XCTAssertFalse(half.isComplete, name)
            do {
                _ = try await services.handovers.acknowledge(handover: handover.id, item: first, by: incoming)
                XCTFail("\(name): once")
            } catch ServiceError.conflict(let code, _) { XCTAssertEqual(code, "error.already_done", name) }
            do {
                _ = try await services.handovers.acknowledge(handover: handover.id, item: 999_999, by: incoming)
                XCTFail(name)
            } catch ServiceError.notFound {}
            let done = try await services.handovers.acknowledge(handover: handover.id, item: second, by: incoming)
            XCTAssertTrue(done.isComplete, name)

            let events = try await services.events.list(EventFilter(entity: "handover", entityID: "\(handover.id)"), by: .system).events
            XCTAssertEqual(events.map(\.kind), ["handover.item_acknowledged", "handover.item_acknowledged", "handover.written"], name)
            XCTAssertEqual(events[0].after, #"{"complete":"true","item":"\#(second)"}"#, name)
            XCTAssertEqual(events[1].after, #"{"item":"\#(first)"}"#, name)
            XCTAssertEqual(events[1].actorLogin, "li.na", name)
            XCTAssertEqual(events[2].after, #"{"items":"2","shift":"早班"}"#, name)
        }
    }

    // R-TKT-12: the list shows open handovers first (newest first), then complete ones; people without tickets cannot see it.
    func testOpenHandoversComeFirst_R_TKT_12() async throws {
        try await TestStores.each { database, name in
            let clock = FixedClock(Date(timeIntervalSince1970: 1_795_417_200))
            let services = TestStores.services(database, clock: clock)
            let day = Principal(user: try await TestStores.user(services, "wang.fang", role: .agent), channel: .session)
            let night = Principal(user: try await TestStores.user(services, "li.na", role: .supervisor), channel: .session)
            let older = try await services.handovers.write(HandoverDraft(shift: "早班", items: [.init(content: "未完成的回访 3 个")]), by: day)
            clock.advance(by: 3600)
            let finished = try await services.handovers.write(HandoverDraft(shift: "晚班", items: [.init(content: "退款已提交财务")]), by: day)
            _ = try await services.handovers.acknowledge(handover: finished.id, item: finished.items[0].id, by: night)
            clock.advance(by: 3600)
            let newest = try await services.handovers.write(HandoverDraft(shift: "夜班", items: [.init(content: "系统告警，已报修")]), by: night)

            let all = try await services.handovers.list(by: day)
            XCTAssertEqual(all.handovers.map(\.id), [newest.id, older.id, finished.id], name)
            XCTAssertEqual(all.total, 3, name)
            let open = try await services.handovers.list(openOnly: true, by: day)
            XCTAssertEqual(open.handovers.map(\.id), [newest.id, older.id], name)
            XCTAssertEqual(open.total, 2, name)
            let page = try await services.handovers.list(limit: 1, offset: 1, by: day)
            XCTAssertEqual(page.handovers.map(\.id), [older.id], name)

            let clerk = Principal(user: try await TestStores.user(services, "yang.min", role: .orderClerk), channel: .session)
            do {
                _ = try await services.handovers.list(by: clerk)
                XCTFail("\(name): order clerks do not take part")
            } catch ServiceError.forbidden(let permission) { XCTAssertEqual(permission, .ticketsView, name) }
            do {
                _ = try await services.handovers.write(HandoverDraft(shift: "早班", items: [.init(content: "x")]), by: clerk)
                XCTFail(name)
            } catch ServiceError.forbidden(let permission) { XCTAssertEqual(permission, .ticketsManage, name) }
        }
    }
}
