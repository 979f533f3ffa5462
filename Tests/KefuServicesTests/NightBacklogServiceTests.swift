import Foundation
import KefuDomain
import KefuServices
import KefuStore
import KefuTestSupport
import XCTest

/// The night-shift backlog (R-TKT-11) on every test database.
final class NightBacklogServiceTests: XCTestCase {
    static let png = Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13])

    static func draft(_ category: String, _ customer: String, order: String? = nil, description: String = "快递显示签收，客户说没收到",
                      todo: String = "联系快递核实") -> NightBacklogDraft {
        NightBacklogDraft(category: category, customerName: customer, customerPhone: "13800138000", orderNumber: order, description: description, todo: todo)
    }

    static func outcome<T: Sendable>(_ body: @Sendable () async throws -> T) async -> Result<T, any Error> {
        do { return .success(try await body()) } catch { return .failure(error) }
    }

    // R-TKT-11: the evening shift records items by category with customer, order (validated and linked), description
    // and to-do; the list groups them by category, open items first; filters by category, state and day.
    func testItemsAreRecordedAndListedByCategoryOpenFirst_R_TKT_11() async throws {
        try await TestStores.each { database, name in
            let desk = try await OrderServiceTests.desk(database)
            let services = desk.services, clock = desk.clock
            let order = try await services.orders.create(OrderServiceTests.draft(), by: desk.clerk)
            let evening = Principal(user: try await TestStores.user(services, "wang.fang", role: .agent), channel: .session)
            let morning = Principal(user: try await TestStores.user(services, "li.na", role: .afterSales), channel: .session)
            do {
                _ = try await services.nightBacklog.record(NightBacklogDraft(category: "courier", customerName: "张三", orderNumber: "O-19990101-0001",
                                                                             ticketNumber: "T-19990101-0001", description: " ", todo: "查件"), by: evening)
                XCTFail("\(name): invalid item recorded")
            } catch ServiceError.validation(let errors) {
                XCTAssertEqual(errors.map(\.field), ["category", "description", "order_number", "ticket_number"], name)
                XCTAssertEqual(errors.map(\.code).suffix(2), ["error.unknown_order", "error.unknown_ticket"], name)
            }
            let ticket = try await services.tickets.create(TicketServiceTests.inquiry(), by: evening)
            var withTicket = Self.draft("carrier", "张三", order: order.number.lowercased())
            withTicket.ticketNumber = ticket.number
            let linked = try await services.nightBacklog.record(withTicket, by: evening)
            XCTAssertEqual(linked.orderID, order.id, "\(name): linked to the order by id")
            XCTAssertEqual(linked.ticketID, ticket.id, "\(name): and to the ticket")
            XCTAssertEqual(linked.ticketNumber, ticket.number, name)
            XCTAssertEqual(linked.orderNumber, order.number, name)
            XCTAssertEqual(linked.state, .open, name)
            XCTAssertEqual(linked.recordedByName, evening.user?.displayName, name)
            XCTAssertEqual(linked.version, 1, name)
            clock.advance(by: 600)
            let distribution = try await services.nightBacklog.record(Self.draft("distribution", "分销商A", todo: "联系分销确认地址"), by: evening)
            clock.advance(by: 600)
            let afterSales = try await services.nightBacklog.record(Self.draft("after_sales", "李四", todo: "售后换 37 码"), by: evening)
            clock.advance(by: 600)
            let handled = try await services.nightBacklog.record(Self.draft("carrier", "王五"), by: evening)
            _ = try await services.nightBacklog.pickUp(id: handled.id, note: nil, by: morning)
            clock.advance(by: 600)
            let later = try await services.nightBacklog.record(Self.draft("carrier", "赵六"), by: evening)

            let all = try await services.nightBacklog.list(by: morning)
            XCTAssertEqual(all.items.map(\.id), [linked.id, later.id, handled.id, afterSales.id, distribution.id],
                           "\(name): by category (carrier, after-sales, external, distribution), open first, oldest open first")
            XCTAssertEqual(all.total, 5, name)
            let carrierOpen = try await services.nightBacklog.list(NightBacklogFilter(category: .carrier, state: .open), by: morning)
            XCTAssertEqual(carrierOpen.items.map(\.id), [linked.id, later.id], name)
            let picked = try await services.nightBacklog.list(NightBacklogFilter(state: .pickedUp), by: morning)
            XCTAssertEqual(picked.items.map(\.id), [handled.id], name)
            let page = try await services.nightBacklog.list(limit: 2, offset: 2, by: morning)
            XCTAssertEqual(page.items.map(\.id), [handled.id, afterSales.id], name)
            let tz = services.nightBacklog.timeZone
            let today = NightBacklogFilter.lastNight(now: clock.now, timeZone: tz).to
            let range = NightBacklogFilter.instants(from: today.adding(days: 1), to: nil, timeZone: tz)
            let tomorrow = try await services.nightBacklog.list(NightBacklogFilter(recordedFrom: range.from), by: morning)
            XCTAssertEqual(tomorrow.total, 0, "\(name): nothing recorded tomorrow")
            let lastNight = services.nightBacklog.lastNight
            let window = NightBacklogFilter.instants(from: lastNight.from, to: lastNight.to, timeZone: tz)
            let morningView = try await services.nightBacklog.list(NightBacklogFilter(state: .open, recordedFrom: window.from, recordedBefore: window.before),
                                                                   by: morning)
            XCTAssertEqual(morningView.total, 4, name)

            let events = try await services.events.list(EventFilter(entity: "night_backlog", entityID: "\(linked.id)"), by: .system).events
            XCTAssertEqual(events.map(\.kind), ["night_backlog.recorded"], name)
            XCTAssertEqual(events[0].after, #"{"category":"carrier","customer":"张三","order":"\#(order.number)","ticket":"\#(ticket.number)"}"#, name)

            let clerk = Principal(user: try await TestStores.user(services, "yang.xue", role: .orderClerk), channel: .session)
            do {
                _ = try await services.nightBacklog.list(by: clerk)
                XCTFail("\(name): order clerks do not see the backlog")
            } catch ServiceError.forbidden(let permission) { XCTAssertEqual(permission, .ticketsView, name) }
            do {
                _ = try await services.nightBacklog.record(Self.draft("carrier", "x"), by: clerk)
                XCTFail(name)
            } catch ServiceError.forbidden(let permission) { XCTAssertEqual(permission, .ticketsManage, name) }
        }
    }

    // R-TKT-11: whoever picks an item up fills the receipt (who, when, note), once: a second pick-up, even at the
    // same moment, is a conflict that overwrites nothing; then the item is marked done with a result. Every step is an event.
    func testReceiptOnceEvenConcurrentlyThenDone_R_TKT_11() async throws {
        try await TestStores.each { database, name in
            let clock = FixedClock(Date(timeIntervalSince1970: 1_795_444_200))
            let services = TestStores.services(database, clock: clock)
            let evening = Principal(user: try await TestStores.user(services, "wang.fang", role: .agent), channel: .session)
            let li = Principal(user: try await TestStores.user(services, "li.na", role: .afterSales), channel: .session)
            let zhou = Principal(user: try await TestStores.user(services, "zhou.jie", role: .agent), channel: .session)
            let item = try await services.nightBacklog.record(Self.draft("after_sales", "李四", todo: "售后换 37 码"), by: evening)
            do {
                _ = try await services.nightBacklog.complete(id: item.id, result: "已换", by: li)
                XCTFail("\(name): done before it was picked up")
            } catch ServiceError.invalidState(let current, let allowed) {
                XCTAssertEqual(current, "open", name)
                XCTAssertEqual(allowed, ["receipt"], name)
            }
            clock.advance(by: 11 * 3600)
            async let first = Self.outcome { try await services.nightBacklog.pickUp(id: item.id, note: "李娜接手", by: li) }
            async let second = Self.outcome { try await services.nightBacklog.pickUp(id: item.id, note: "周杰接手", by: zhou) }
            let results = await [first, second]
            let winners = results.compactMap { try? $0.get() }
            XCTAssertEqual(winners.count, 1, "\(name): exactly one pick-up wins")
            for case .failure(let error) in results {
                guard case ServiceError.conflict(let code, _) = error else { return XCTFail("\(name): \(error)") }
                XCTAssertEqual(code, "error.already_picked_up", name)
            }
            let stored = try await services.nightBacklog.item(id: item.id, by: li)
            XCTAssertEqual(stored.state, .pickedUp, name)
            XCTAssertEqual(stored.receiptBy, winners.first?.receiptBy, "\(name): the winner's receipt stays")
            XCTAssertEqual(stored.receiptNote, winners.first?.receiptNote, name)
            XCTAssertEqual(stored.receiptAt, clock.now, name)
            XCTAssertEqual(stored.version, 2, name)
            do {
                _ = try await services.nightBacklog.pickUp(id: item.id, note: "再接一次", by: li)
                XCTFail(name)
            } catch ServiceError.conflict(let code, let version) {
                XCTAssertEqual(code, "error.already_picked_up", name)
                XCTAssertEqual(version, 2, name)
            }
            do {
                _ = try await services.nightBacklog.complete(id: item.id, result: " ", by: li)
                XCTFail(name)
            } catch ServiceError.validation(let errors) { XCTAssertEqual(errors.map(\.field), ["result"], name) }
            do {
                _ = try await services.nightBacklog.complete(id: item.id, result: "已换", expectedVersion: 1, by: li)
                XCTFail(name)
            } catch ServiceError.conflict(let code, let version) {
                XCTAssertEqual(code, "error.stale_version", name)
                XCTAssertEqual(version, 2, name)
            }
            clock.advance(by: 1800)
            let done = try await services.nightBacklog.complete(id: item.id, result: "已联系售后，换货单已建", expectedVersion: 2, by: li)
            XCTAssertEqual(done.state, .done, name)
            XCTAssertEqual(done.doneByName, li.user?.displayName, name)
            XCTAssertEqual(done.result, "已联系售后，换货单已建", name)
            XCTAssertEqual(done.age(at: clock.now.addingTimeInterval(3600)), 11.5 * 3600, name)
            do {
                _ = try await services.nightBacklog.complete(id: item.id, result: "again", by: li)
                XCTFail(name)
            } catch ServiceError.conflict(let code, _) { XCTAssertEqual(code, "error.already_done", name) }
            do {
                _ = try await services.nightBacklog.pickUp(id: 999_999, note: nil, by: li)
                XCTFail(name)
            } catch ServiceError.notFound(let entity) { XCTAssertEqual(entity, "night_backlog_item", name) }

            let events = try await services.events.list(EventFilter(entity: "night_backlog", entityID: "\(item.id)"), by: .system).events
            XCTAssertEqual(events.map(\.kind), ["night_backlog.done", "night_backlog.picked_up", "night_backlog.recorded"], name)
            XCTAssertEqual(events[0].before, #"{"state":"picked_up"}"#, name)
            XCTAssertEqual(events[0].after, #"{"result":"已联系售后，换货单已建","state":"done"}"#, name)
            XCTAssertEqual(events[1].actorID, winners.first?.receiptBy, name)
        }
    }

    // R-TKT-11: images attach to an item, checked by their bytes; the files live in the database like after-sales photos.
    func testImagesAttachAndAreCheckedByTheirBytes_R_TKT_11() async throws {
        try await TestStores.each { database, name in
            let services = TestStores.services(database)
            let evening = Principal(user: try await TestStores.user(services, "wang.fang", role: .agent), channel: .session)
            do {
                _ = try await services.nightBacklog.record(Self.draft("external", "tb_小明"), images: [
                    NightBacklogUpload(filename: "ok.png", data: Self.png), NightBacklogUpload(filename: "x.png", data: Data("<svg/>".utf8)),
                ], by: evening)
                XCTFail("\(name): a fake image was taken")
            } catch ServiceError.validation(let errors) {
                XCTAssertEqual(errors, [FieldError(field: "images[1]", code: "error.backlog_image_type")], name)
            }
            let listed = try await services.nightBacklog.list(by: evening)
            XCTAssertEqual(listed.total, 0, "\(name): nothing kept when an image is refused")
            let item = try await services.nightBacklog.record(Self.draft("external", "tb_小明"), images: [
                NightBacklogUpload(filename: "C:\\photos\\破损.png", data: Self.png),
            ], by: evening)
            XCTAssertEqual(item.images.map(\.filename), ["破损.png"], name)
            XCTAssertEqual(item.images.map(\.contentType), ["image/png"], name)
            do {
                _ = try await services.nightBacklog.addImage(itemID: item.id, NightBacklogUpload(filename: "a.jpg", data: Data("GIF89a......".utf8)), by: evening)
                XCTFail(name)
            } catch ServiceError.validation(let errors) { XCTAssertEqual(errors.map(\.field), ["file"], name) }
            let jpeg = Data([0xFF, 0xD8, 0xFF, 0xE0, 1, 2, 3])
            let added = try await services.nightBacklog.addImage(itemID: item.id, NightBacklogUpload(filename: "b.jpg", data: jpeg), by: evening)
            let (image, bytes) = try await services.nightBacklog.image(id: added.id, itemID: item.id, by: evening)
            XCTAssertEqual(image.contentType, "image/jpeg", name)
            XCTAssertEqual(bytes, jpeg, name)
            let reloaded = try await services.nightBacklog.item(id: item.id, by: evening)
            XCTAssertEqual(reloaded.images.count, 2, name)
            XCTAssertEqual(reloaded.version, 2, "\(name): an added image is a change of the item")
            do {
                _ = try await services.nightBacklog.image(id: added.id, itemID: item.id + 1, by: evening)
                XCTFail(name)
            } catch ServiceError.notFound {}
            let kinds = try await services.events.list(EventFilter(entity: "night_backlog", entityID: "\(item.id)"), by: .system).events.map(\.kind)
            XCTAssertEqual(kinds, ["night_backlog.image_added", "night_backlog.recorded"], name)
        }
    }
}
