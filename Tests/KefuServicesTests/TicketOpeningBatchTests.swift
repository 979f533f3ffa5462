import Foundation
import KefuDomain
import KefuServices
import KefuStore
import KefuTestSupport
import XCTest

/// Tickets opened at the same moment are written together on PostgreSQL (one statement for a batch). Every ticket
/// must still get exactly its own rows, and one ticket that cannot be saved must not take the others with it.
final class TicketOpeningBatchTests: XCTestCase {
    static func draft(_ index: Int) -> TicketDraft {
        TicketDraft(type: .inquiry, channel: .chat, subject: "第\(index)号咨询", body: "正文\(index)：包裹破损",
                    customer: .init(name: "客户\(index)", phone: String(format: "139%08d", index)), severity: .simple)
    }

    // R-TKT-1, R-TKT-2: each ticket opened in a burst has its own number, owner, first message, first state, SLA terms
    // and creation event, and is found by search.
    func testTicketsOpenedTogetherEachGetTheirOwnRows_R_TKT_1_R_TKT_2() async throws {
        try await TestStores.each { database, name in
            let desk = try await TicketServiceTests.desk(database)
            let tickets = desk.services.tickets
            let count = 40
            let created = try await withThrowingTaskGroup(of: (Int, Ticket).self) { group in
                for index in 0..<count {
                    group.addTask { (index, try await tickets.create(Self.draft(index), by: desk.agent)) }
                }
                return try await group.reduce(into: [Int: Ticket]()) { $0[$1.0] = $1.1 }
            }
            XCTAssertEqual(Set(created.values.map(\.number)).count, count, "\(name): numbers are distinct")
            XCTAssertEqual(Set(created.values.map(\.id)).count, count, "\(name): ids are distinct")
            for (index, ticket) in created {
                let detail = try await tickets.get(id: ticket.id, by: desk.agent)
                XCTAssertEqual(detail.ticket.number, ticket.number, name)
                XCTAssertEqual(detail.ticket.subject, "第\(index)号咨询", "\(name): ticket \(ticket.number) is the one asked for")
                XCTAssertEqual(detail.ticket.ownerID, desk.agent.user?.id, name)
                XCTAssertEqual(detail.messages.map(\.body), ["正文\(index)：包裹破损"], "\(name): its own first message")
                XCTAssertEqual(detail.ticket.firstResponseDueAt, ticket.firstResponseDueAt, name)
                XCTAssertNotNil(detail.ticket.firstResponseDueAt, "\(name): SLA terms written")
            }
            let events = try await desk.services.events.list(EventFilter(kind: "ticket.created"), limit: 100, by: .system).events
            XCTAssertEqual(events.count, count, name)
            XCTAssertEqual(Set(events.compactMap(\.entityID)), Set(created.values.map { "\($0.id)" }), "\(name): one event each")
            _ = try await tickets.indexSearch()
            let found = try await tickets.search("破损", by: desk.agent)
            XCTAssertEqual(found.count, count, name)
        }
    }

    // A ticket whose row the database refuses (its owner does not exist) fails alone; those opened with it are saved.
    func testOneRefusedTicketDoesNotFailTheOthersOpenedWithIt() async throws {
        try await TestStores.each { database, name in
            let desk = try await TicketServiceTests.desk(database)
            let tickets = desk.services.tickets
            var ghost = desk.agent.user!
            ghost.id = 999_999
            let stranger = Principal(user: ghost, channel: .session)
            let results = await withTaskGroup(of: (Int, Result<Ticket, any Error>).self) { group in
                for index in 0..<24 {
                    group.addTask {
                        do { return (index, .success(try await tickets.create(Self.draft(index), by: index == 11 ? stranger : desk.agent))) }
                        catch { return (index, .failure(error)) }
                    }
                }
                return await group.reduce(into: [Int: Result<Ticket, any Error>]()) { $0[$1.0] = $1.1 }
            }
            for (index, result) in results {
                switch result {
                case .success(let ticket):
                    XCTAssertNotEqual(index, 11, "\(name): the ghost's ticket was refused")
                    let detail = try await tickets.get(id: ticket.id, by: desk.agent)
                    XCTAssertEqual(detail.ticket.subject, "第\(index)号咨询", name)
                    XCTAssertEqual(detail.messages.count, 1, name)
                case .failure(let error):
                    XCTAssertEqual(index, 11, "\(name): ticket \(index) failed: \(error)")
                }
            }
            let listed = try await tickets.list(TicketFilter(), by: desk.supervisor)
            XCTAssertEqual(listed.tickets.count, 23, "\(name): nothing half-written")
        }
    }
}
