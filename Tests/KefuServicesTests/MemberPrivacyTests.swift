import Foundation
import KefuDomain
import KefuServices
import KefuStore
import KefuTestSupport
import XCTest

/// Confidential member data (R-MEM-4, R-SEC-2), duplicates and merging, erasure and the data export.
final class MemberPrivacyTests: XCTestCase {
    typealias Desk = MemberServiceTests.Desk

    static func events(_ services: Services, kind: String, member: Int64) async throws -> [Event] {
        try await services.events.list(EventFilter(kind: kind, entity: "member", entityID: "\(member)"), by: .system).events
    }

    // R-MEM-4, R-SEC-2: without `pii.view` phones, emails, addresses and ID numbers come masked; with it, each full view
    // is logged.
    func testContactsAreMaskedWithoutPIIViewAndFullViewsAreLogged_R_MEM_4_R_SEC_2() async throws {
        try await TestStores.each { database, name in
            let desk = try await MemberServiceTests.desk(database)
            let integration = Principal(user: try await TestStores.user(desk.services, "shop.bot", role: .integration), channel: .token)
            var draft = MemberServiceTests.draft("陈静", phones: ["13912345678"], emails: ["chen.jing@example.com"])
            draft.idNumber = "110101199003071234"
            let member = try await desk.services.members.create(draft, by: .system)
            let listed = try await desk.services.members.list(MemberFilter(q: "尾号 5678"), by: integration).members
            let shown = try await desk.services.members.get(id: member.id, by: integration)
            for masked in [try XCTUnwrap(listed.first, name), shown] {
                XCTAssertEqual(masked.phones, ["139****5678"], name)
                XCTAssertEqual(masked.emails, ["c***@example.com"], name)
                XCTAssertEqual(masked.addresses[0].phone, "139****5678", name)
                XCTAssertEqual(masked.addresses[0].line, "世纪****", name)
                XCTAssertEqual(masked.idNumber, "110***********1234", name)
            }
            let history = try await desk.services.members.history(id: member.id, by: integration)
            XCTAssertFalse(history.flatMap(\.changes).contains { ($0.after ?? "").contains("13912345678") }, name)
            var viewed = try await Self.events(desk.services, kind: "pii.viewed", member: member.id)
            XCTAssertTrue(viewed.isEmpty, "\(name): masked views are not full views")

            let full = try await desk.services.members.get(id: member.id, by: desk.supervisor)
            XCTAssertEqual(full.phones, ["13912345678"], name)
            _ = try await desk.services.members.list(MemberFilter(q: "陈"), by: desk.supervisor)
            viewed = try await Self.events(desk.services, kind: "pii.viewed", member: member.id)
            XCTAssertEqual(viewed.count, 2, "\(name): the profile and the list each logged")
            XCTAssertEqual(viewed[0].actorLogin, "zhou.lan", name)
        }
    }

    // R-MEM-4: a list shown in full is logged as one `pii.viewed` event per response, naming every member shown; a
    // single member's event keeps its id as the entity.
    func testAListShownInFullIsOneEventNamingEveryMember_R_MEM_4() async throws {
        try await TestStores.each { database, name in
            let desk = try await MemberServiceTests.desk(database)
            let members = desk.services.members
            var created: [Member] = []
            for (person, phone) in [("陈静", "13912345678"), ("陈红", "13912340001"), ("陈明", "13912340002")] {
                created.append(try await members.create(MemberServiceTests.draft(person, phones: [phone]), by: .system))
            }
            let all = { try await desk.services.events.list(EventFilter(kind: "pii.viewed", entity: "member"), by: .system).events }
            let listed = try await members.list(MemberFilter(q: "陈"), by: desk.supervisor).members
            XCTAssertEqual(listed.count, 3, name)
            var viewed = try await all()
            XCTAssertEqual(viewed.count, 1, "\(name): one event for the whole page")
            XCTAssertNil(viewed[0].entityID, name)
            XCTAssertEqual(viewed[0].after, "{\"member_ids\":\"\(listed.map { "\($0.id)" }.joined(separator: ","))\"}", name)
            XCTAssertEqual(Set(listed.map(\.id)), Set(created.map(\.id)), name)
            XCTAssertEqual(viewed[0].actorLogin, "zhou.lan", name)

            _ = try await members.get(id: created[0].id, by: desk.supervisor)
            viewed = try await all()
            XCTAssertEqual(viewed.count, 2, name)
            let single = try XCTUnwrap(viewed.first { $0.entityID == "\(created[0].id)" }, name)
            XCTAssertEqual(single.after, "{\"member_ids\":\"\(created[0].id)\"}", name)

            _ = try await members.list(MemberFilter(q: "陈"), by: desk.agent)
            viewed = try await all()
            XCTAssertEqual(viewed.count, 2, "\(name): a masked list is no full view")
        }
    }

    // R-MEM-4: reveal is for supervisors and above and for the agent who holds a ticket, order or callback for the
    // member; it writes exactly one event.
    func testRevealIsForSupervisorsAndAgentsWithWorkAndWritesOneEvent_R_MEM_4() async throws {
        try await TestStores.each { database, name in
            let desk = try await MemberServiceTests.desk(database)
            let members = desk.services.members
            let member = try await members.create(MemberServiceTests.draft("陈静", phones: ["13912345678"]), by: .system)
            do {
                _ = try await members.reveal(id: member.id, by: desk.agent)
                XCTFail("\(name): an agent with no work for the member")
            } catch ServiceError.forbidden {}
            var revealed = try await Self.events(desk.services, kind: EventKind.piiRevealed, member: member.id)
            XCTAssertTrue(revealed.isEmpty, name)

            let full = try await members.reveal(id: member.id, by: desk.supervisor)
            XCTAssertEqual(full.phones, ["13912345678"], name)
            revealed = try await Self.events(desk.services, kind: EventKind.piiRevealed, member: member.id)
            XCTAssertEqual(revealed.count, 1, "\(name): exactly one event")
            XCTAssertEqual(revealed[0].actorLogin, "zhou.lan", name)
            XCTAssertEqual(revealed[0].at, desk.clock.now, name)

            // The agent takes a ticket from the member: now they may dial them.
            _ = try await desk.services.tickets.create(
                TicketDraft(type: .inquiry, channel: .phone, subject: "回电", body: "请回电", customer: .init(name: "陈静", phone: "13912345678")),
                by: desk.agent)
            let canReveal = try await members.canReveal(id: member.id, by: desk.agent)
            XCTAssertTrue(canReveal, name)
            _ = try await members.reveal(id: member.id, by: desk.agent)
            revealed = try await Self.events(desk.services, kind: EventKind.piiRevealed, member: member.id)
            XCTAssertEqual(revealed.count, 2, name)

            // A callback assigned to another agent lets that agent reveal too.
            let li = try await TestStores.user(desk.services, "li.na", role: .agent)
            let other = Principal(user: li, channel: .session)
            let before = try await members.canReveal(id: member.id, by: other)
            XCTAssertFalse(before, name)
            try await database.transaction { connection in
                try await connection.query(
                    """
                    INSERT INTO callbacks (reason, member_id, channel, status, assignee_id, not_before, due_by, created_at, updated_at)
                    VALUES ('manual', \(member.id), 'phone', 'open', \(li.id), 0, 1, 0, 0)
                    """)
            }
            let after = try await members.canReveal(id: member.id, by: other)
            XCTAssertTrue(after, name)
        }
    }

    // R-MEM-2, R-MEM-5: duplicates share a phone or an email; merging moves contacts, tags, orders and tickets to the
    // survivor, marks the other merged, and keeps history on both.
    func testDuplicatesMergeIntoTheSurvivorWithHistoryOnBoth_R_MEM_2_R_MEM_5() async throws {
        try await TestStores.each { database, name in
            let desk = try await OrderServiceTests.desk(database)
            let services = desk.services
            let supervisor = Principal(user: try await TestStores.user(services, "zhou.lan", role: .supervisor), channel: .session)
            let survivor = try await services.members.create(MemberServiceTests.draft("陈静", phones: ["13912345678"], grade: "silver",
                                                                                         tags: ["VIP"]), by: supervisor)
            let other = try await services.members.create(MemberServiceTests.draft("陈静", phones: ["13800138000", "13912345678"],
                                                                                      emails: ["chen@example.com"], grade: "gold", tags: ["老客户"]),
                                                          by: supervisor)
            let order = try await services.orders.create(OrderServiceTests.draft(external: "TB9"), by: desk.clerk)
            let duplicates = try await services.members.duplicates(id: survivor.id, by: supervisor)
            XCTAssertEqual(duplicates.map(\.id), [other.id], name)
            do {
                _ = try await services.members.merge(survivor: survivor.id, merged: survivor.id, by: supervisor)
                XCTFail(name)
            } catch ServiceError.validation(let errors) { XCTAssertEqual(errors.map(\.code), ["error.same_member"], name) }
            do {
                _ = try await services.members.merge(survivor: survivor.id, merged: other.id, mergedVersion: 7, by: supervisor)
                XCTFail(name)
            } catch ServiceError.conflict {}

            let merged = try await services.members.merge(survivor: survivor.id, merged: other.id, survivorVersion: 1, mergedVersion: 1,
                                                          by: supervisor)
            XCTAssertEqual(merged.phones, ["13912345678", "13800138000"], name)
            XCTAssertEqual(merged.emails, ["chen@example.com"], name)
            XCTAssertEqual(merged.tags.sorted(), ["VIP", "老客户"], name)
            XCTAssertEqual(merged.grade, .gold, "\(name): the higher grade")
            let gone = try await services.members.get(id: other.id, by: supervisor)
            XCTAssertEqual(gone.mergedIntoID, survivor.id, name)
            XCTAssertTrue(gone.phones.isEmpty, name)
            let orderMember = try await database.read { connection in
                try await connection.first("SELECT member_id FROM orders WHERE id = \(order.id)")?.optionalInt("member_id")
            }
            XCTAssertEqual(orderMember, survivor.id, "\(name): the order moved")
            let listed = try await services.members.list(MemberFilter(q: "陈静"), by: supervisor).members.map(\.id)
            XCTAssertEqual(listed, [survivor.id], "\(name): the merged one is not listed")
            let survivorHistory = try await services.members.history(id: survivor.id, by: supervisor)
            let otherHistory = try await services.members.history(id: other.id, by: supervisor)
            XCTAssertEqual(survivorHistory.first?.action, "merged_from", name)
            XCTAssertEqual(survivorHistory.first?.changes.first, MemberFieldChange(field: "merged_from", before: nil, after: "#\(other.id)"), name)
            XCTAssertEqual(otherHistory.first?.action, "merged_into", name)
            do {
                _ = try await services.members.update(id: other.id, expectedVersion: gone.version, by: supervisor) { $0.notes = "x" }
                XCTFail(name)
            } catch ServiceError.invalidState(let current, _) { XCTAssertEqual(current, "merged", name) }
        }
    }

    // R-MEM-4 (PIPL): erasure anonymises the member but keeps the row, its orders and statistics; only supervisors and
    // above; an erased member can be neither revealed nor edited.
    func testErasureAnonymisesButKeepsOrders_R_MEM_4() async throws {
        try await TestStores.each { database, name in
            let desk = try await OrderServiceTests.desk(database)
            let services = desk.services
            let supervisor = Principal(user: try await TestStores.user(services, "zhou.lan", role: .supervisor), channel: .session)
            let agent = Principal(user: try await TestStores.user(services, "wang.fang", role: .agent), channel: .session)
            let order = try await services.orders.create(OrderServiceTests.draft(external: "TB7"), by: desk.clerk)
            var draft = MemberServiceTests.draft("张三", phones: ["13800138000"], emails: ["zhang@example.com"])
            draft.notes = "住在三楼"
            draft.birthday = "03-07"
            let member = try await services.members.create(draft, by: supervisor)
            _ = try await services.members.update(id: member.id, expectedVersion: 1, by: supervisor) { $0.phones = ["13800138000", "13700000000"] }
            do {
                _ = try await services.members.erase(id: member.id, anonymousName: "已注销会员 #\(member.id)", by: agent)
                XCTFail(name)
            } catch ServiceError.forbidden {}
            let erased = try await services.members.erase(id: member.id, anonymousName: "已注销会员 #\(member.id)", by: supervisor)
            XCTAssertEqual(erased.name, "已注销会员 #\(member.id)", name)
            XCTAssertTrue(erased.phones.isEmpty && erased.emails.isEmpty && erased.addresses.isEmpty, name)
            XCTAssertNil(erased.birthday, name)
            XCTAssertEqual(erased.notes, "", name)
            XCTAssertEqual(erased.birthYear, 1990, "\(name): kept for statistics")
            XCTAssertNotNil(erased.erasedAt, name)
            let orderMember = try await database.read { connection in
                try await connection.first("SELECT member_id FROM orders WHERE id = \(order.id)")?.optionalInt("member_id")
            }
            XCTAssertEqual(orderMember, member.id, "\(name): the order stays with the (anonymous) member")
            let history = try await services.members.history(id: member.id, by: supervisor)
            XCTAssertEqual(history.map(\.action), ["erased", "updated", "created"], name)
            XCTAssertTrue(history.allSatisfy(\.changes.isEmpty), "\(name): no personal values left in the history")
            let found = try await services.members.list(MemberFilter(q: "13800138000"), by: supervisor).members
            XCTAssertTrue(found.isEmpty, name)
            do {
                _ = try await services.members.reveal(id: member.id, by: supervisor)
                XCTFail(name)
            } catch ServiceError.invalidState(let current, _) { XCTAssertEqual(current, "erased", name) }
            do {
                _ = try await services.members.update(id: member.id, expectedVersion: erased.version, by: supervisor) { $0.name = "张三" }
                XCTFail(name)
            } catch ServiceError.invalidState {}
            do {
                _ = try await services.members.erase(id: member.id, anonymousName: "x", by: supervisor)
                XCTFail(name)
            } catch ServiceError.conflict {}
        }
    }

    // R-MEM-4 (PIPL): a member's export holds everything about them in one file, needs `pii.export` and is logged.
    func testExportHoldsEverythingAndIsLogged_R_MEM_4() async throws {
        try await TestStores.each { database, name in
            let desk = try await OrderServiceTests.desk(database)
            let services = desk.services
            let supervisor = Principal(user: try await TestStores.user(services, "zhou.lan", role: .supervisor), channel: .session)
            let agent = Principal(user: try await TestStores.user(services, "wang.fang", role: .agent), channel: .session)
            let member = try await services.members.create(MemberServiceTests.draft("张三", phones: ["13800138000"]), by: supervisor)
            _ = try await services.orders.create(OrderServiceTests.draft(external: "TB5"), by: desk.clerk)
            let ticket = try await services.tickets.create(
                TicketDraft(type: .inquiry, channel: .phone, subject: "发货时间", body: "什么时候发货？", customer: .init(name: "张三", phone: "13800138000")),
                by: agent)
            _ = try await services.tickets.addMessage(id: ticket.id, kind: .note, body: "内部备注：客户语气急", by: agent)
            do {
                _ = try await services.members.export(id: member.id, by: agent)
                XCTFail(name)
            } catch ServiceError.forbidden(let permission) { XCTAssertEqual(permission, .piiExport, name) }
            let export = try await services.members.export(id: member.id, by: supervisor)
            XCTAssertEqual(export.member.phones, ["13800138000"], name)
            XCTAssertEqual(export.orders.map { $0["customer_phone"] }, ["13800138000"], name)
            XCTAssertEqual(export.orderItems.map { $0["sku"] }, ["SKU-1"], name)
            XCTAssertEqual(export.tickets.map { $0["number"] }, [ticket.number], name)
            XCTAssertEqual(export.messages.map { $0["body"] }, ["什么时候发货？"], "\(name): internal notes are not the customer's")
            XCTAssertEqual(export.history.map(\.action), ["created"], name)
            XCTAssertTrue(export.callbacks.isEmpty, name)
            XCTAssertTrue(export.tickets[0]["created_at"]?.contains("T") == true, "\(name): instants readable")
            let logged = try await Self.events(services, kind: "member.exported", member: member.id)
            XCTAssertEqual(logged.count, 1, name)
        }
    }
}
