import Foundation
import KefuDomain
import KefuServices
import KefuStore
import KefuTestSupport
import XCTest

/// The live queue feed, read from the event log on every test database.
final class TicketFeedTests: XCTestCase {
    /// Collects a stream's updates in the background until stopped.
    final class Collector: @unchecked Sendable {
        private let lock = NSLock()
        private var received: [TicketQueueUpdate] = []
        private var task: Task<Void, Never>?

        init(_ updates: AsyncStream<TicketQueueUpdate>) {
            task = Task { [weak self] in
                for await update in updates { self?.append(update) }
            }
        }

        private func append(_ update: TicketQueueUpdate) { lock.withLock { received.append(update) } }
        var updates: [TicketQueueUpdate] { lock.withLock { received } }
        func stop() { task?.cancel() }

        /// Waits up to `seconds` for an update that satisfies `match`.
        func wait(_ seconds: Double = 8, for match: (TicketQueueUpdate) -> Bool) async throws -> TicketQueueUpdate? {
            let deadline = Date().addingTimeInterval(seconds)
            while Date() < deadline {
                if let found = updates.first(where: match) { return found }
                try await Task.sleep(for: .milliseconds(100))
            }
            return nil
        }
    }

    static func waitForNoListeners(_ feed: TicketFeed) async throws -> Int {
        for _ in 0..<50 {
            if await feed.listenerCount == 0 {
                await feed.settled()
                return 0
            }
            try await Task.sleep(for: .milliseconds(100))
        }
        return await feed.listenerCount
    }

    func testAnAssignmentReachesTheAssigneesQueueAndNobodyElsesMine() async throws {
        try await TestStores.each { database, name in
            let desk = try await TicketServiceTests.desk(database)
            let other = try await TestStores.user(desk.services, "wang.qiang", role: .agent)
            let feed = desk.services.ticketFeed
            let ticket = try await desk.services.tickets.create(TicketServiceTests.inquiry(), by: desk.supervisor)
            let mine = Collector(try await feed.updates(.mine, after: nil, by: desk.agent))
            let othersMine = Collector(try await feed.updates(.mine, after: nil, by: Principal(user: other, channel: .session)))
            let assigned = try await desk.services.tickets.assign(id: ticket.id, to: desk.agent.user!.id, expectedVersion: nil, by: desk.supervisor)
            let update = try await mine.wait { $0.ticket.id == ticket.id }
            XCTAssertEqual(update?.kind, .entered, name)
            XCTAssertEqual(update?.cause, "ticket.assigned", name)
            XCTAssertEqual(update?.ticket.assigneeID, desk.agent.user?.id, name)
            XCTAssertEqual(update?.ticket.version, assigned.version, name)
            // Given to someone else, it leaves my queue.
            _ = try await desk.services.tickets.assign(id: ticket.id, to: other.id, expectedVersion: nil, by: desk.supervisor)
            let left = try await mine.wait { $0.kind == .left }
            XCTAssertEqual(left?.ticket.id, ticket.id, name)
            XCTAssertGreaterThan(left?.eventID ?? 0, update?.eventID ?? .max, "event ids increase")
            let arrived = try await othersMine.wait { $0.ticket.id == ticket.id }
            XCTAssertEqual(arrived?.kind, .entered, name)
            XCTAssertEqual(othersMine.updates.count, 1, "the first assignment was not theirs")
            mine.stop()
            othersMine.stop()
            let remaining = try await Self.waitForNoListeners(feed)
            XCTAssertEqual(remaining, 0, "a stopped stream leaves nothing listening (\(name))")
        }
    }

    // R-TKT-6: an attitude complaint about an agent never reaches that agent, not even as a live update.
    func testAComplaintAboutMeNeverReachesMyQueues_R_TKT_6() async throws {
        try await TestStores.each { database, name in
            let desk = try await TicketServiceTests.desk(database)
            let team = Collector(try await desk.services.ticketFeed.updates(.team, after: nil, by: desk.agent))
            let supervisorTeam = Collector(try await desk.services.ticketFeed.updates(.team, after: nil, by: desk.supervisor))
            let complaint = try await desk.services.tickets.create(
                TicketDraft(type: .complaint, channel: .phone, subject: "坐席态度差", body: "客户投诉张伟态度不好",
                            customer: .init(name: "王先生", phone: "13900001111"), category: "service_attitude", aboutUserID: desk.agent.user?.id),
                by: desk.supervisor)
            let marker = try await desk.services.tickets.create(TicketServiceTests.inquiry("之后的工单"), by: desk.supervisor)
            let seenMarker = try await team.wait { $0.ticket.id == marker.id }
            XCTAssertNotNil(seenMarker, name)
            let supervisorSaw = try await supervisorTeam.wait { $0.ticket.id == complaint.id }
            XCTAssertNotNil(supervisorSaw, "the supervisor's team queue has it (\(name))")
            XCTAssertFalse(team.updates.contains { $0.ticket.id == complaint.id }, name)
            team.stop()
            supervisorTeam.stop()
            _ = try await Self.waitForNoListeners(desk.services.ticketFeed)
        }
    }

    /// Two server instances on one database: a change made through one reaches the streams of the other, since
    /// both read the event log rather than signals in memory.
    func testAChangeMadeOnOneInstanceReachesTheStreamsOfAnother() async throws {
        try await TestStores.each { database, name in
            let desk = try await TicketServiceTests.desk(database)
            let otherInstance = TestStores.services(database, clock: desk.clock)
            let team = Collector(try await otherInstance.ticketFeed.updates(.team, after: nil, by: desk.agent))
            let ticket = try await desk.services.tickets.create(TicketServiceTests.inquiry("另一台服务器上录入"), by: desk.supervisor)
            let arrived = try await team.wait { $0.ticket.id == ticket.id }
            XCTAssertEqual(arrived?.cause, "ticket.created", name)
            team.stop()
            _ = try await Self.waitForNoListeners(otherInstance.ticketFeed)
        }
    }

    /// A stream that comes back with the last id it saw gets what it missed, and only that.
    func testAStreamResumesAfterTheLastEventItSaw() async throws {
        try await TestStores.each { database, name in
            let desk = try await TicketServiceTests.desk(database)
            let first = try await desk.services.tickets.create(TicketServiceTests.inquiry("第一张"), by: desk.agent)
            let seen = try await desk.services.ticketFeed.latestEventID()
            let second = try await desk.services.tickets.create(TicketServiceTests.inquiry("第二张"), by: desk.agent)
            let resumed = Collector(try await desk.services.ticketFeed.updates(.mine, after: seen, by: desk.agent))
            let missed = try await resumed.wait { $0.ticket.id == second.id }
            XCTAssertEqual(missed?.cause, "ticket.created", name)
            XCTAssertFalse(resumed.updates.contains { $0.ticket.id == first.id }, "what it saw is not sent again (\(name))")
            resumed.stop()
            _ = try await Self.waitForNoListeners(desk.services.ticketFeed)
            let department = try await TestStores.user(desk.services, "cang.ku", role: .department, department: .warehouse)
            do {
                _ = try await desk.services.ticketFeed.updates(.team, after: nil, by: Principal(user: department, channel: .session))
                XCTFail("a department account has no queue")
            } catch ServiceError.forbidden(let permission) {
                XCTAssertEqual(permission, .ticketsView, name)
            }
        }
    }
}
