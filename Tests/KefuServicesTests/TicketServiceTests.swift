import Foundation
import KefuDomain
import KefuServices
import KefuStore
import KefuTestSupport
import XCTest

/// The ticket service on every test database, with a clock the test moves.
final class TicketServiceTests: XCTestCase {
    struct Desk {
        let clock: FixedClock
        let services: Services
        let agent: Principal
        let supervisor: Principal
    }

    /// Wednesday 2026-11-18 09:00 in Shanghai: the opening of a working day on the seeded 中国大陆工作日 calendar
    /// (Mon–Fri 09:00–18:00, lunch 12:00–13:30).
    static let wednesdayNine = Date(timeIntervalSince1970: 1_794_963_600)

    static func desk(_ database: any Database) async throws -> Desk {
        let clock = FixedClock(wednesdayNine)
        let services = TestStores.services(database, clock: clock)
        func make(_ login: String, _ role: Role) async throws -> Principal {
            let user = try await services.users.create(UserDraft(login: login, displayName: login, role: role, team: "east",
                                                                 password: "correct-horse-42"), by: .system)
            return Principal(user: user, channel: .session)
        }
        return Desk(clock: clock, services: services, agent: try await make("zhang.wei", .agent), supervisor: try await make("li.na", .supervisor))
    }

    static func inquiry(_ subject: String = "订单什么时候发货") -> TicketDraft {
        TicketDraft(type: .inquiry, channel: .phone, subject: subject, body: "客户询问发货时间",
                    customer: .init(name: "张三", phone: "13800138000"), severity: .simple)
    }

    // R-TKT-4: due instants come from the seeded general policy (240 business minutes to the first response, 1440 to
    // resolution) on the working-day calendar; the sweep marks "at risk" (80 %) and "breached" exactly once each, as
    // events, and tells the owner and the supervisor.
    func testSweepMarksAtRiskAndBreachedOnce_R_TKT_4() async throws {
        try await TestStores.each { database, name in
            let desk = try await Self.desk(database)
            let tickets = desk.services.tickets
            let late = try await tickets.create(Self.inquiry(), by: desk.agent)
            // 09:00 + 240 business minutes: 180 before lunch, 60 after it → 14:30 Shanghai (06:30Z).
            XCTAssertEqual(late.firstResponseDueAt, Self.wednesdayNine.addingTimeInterval(5.5 * 3600), name)
            // 1440 minutes at 450 a day: Wed, Thu, Fri, then 90 minutes on Monday → Monday 23rd 10:30 Shanghai.
            XCTAssertEqual(late.resolutionDueAt, Self.wednesdayNine.addingTimeInterval(5 * 86400 + 1.5 * 3600), name)
            XCTAssertEqual(late.slaState, .onTrack, name)
            XCTAssertEqual(late.ownerID, desk.agent.user?.id, name)
            // A second ticket answered in time never turns at risk on its first response.
            let answered = try await tickets.create(Self.inquiry("发票抬头"), by: desk.agent)
            desk.clock.advance(by: 3600)
            _ = try await tickets.addMessage(id: answered.id, kind: .reply, body: "您好，已为您处理。", by: desk.agent)
            // A note on the late one is not a response (R-TKT-8).
            _ = try await tickets.addMessage(id: late.id, kind: .note, body: "仓库还没回复", by: desk.agent)

            // 10:00: nothing is due yet.
            var report = try await tickets.sweepSLA()
            XCTAssertEqual(report.atRisk + report.breached, 0, name)

            // 14:00: past 80 % of the first-response target (13:42), not yet due.
            desk.clock.advance(by: 4 * 3600)
            report = try await tickets.sweepSLA()
            XCTAssertEqual(report.atRisk, 1, name)
            XCTAssertEqual(report.breached, 0, name)
            report = try await tickets.sweepSLA()
            XCTAssertEqual(report.atRisk + report.breached, 0, "\(name): a second sweep marks nothing again")
            let atRisk = try await tickets.list(TicketFilter(sla: .atRisk), by: desk.supervisor)
            XCTAssertEqual(atRisk.tickets.map(\.id), [late.id], name)

            // 15:00: past due.
            desk.clock.advance(by: 3600)
            report = try await tickets.sweepSLA()
            XCTAssertEqual(report.breached, 1, name)
            XCTAssertEqual(report.atRisk, 0, name)
            report = try await tickets.sweepSLA()
            XCTAssertEqual(report.atRisk + report.breached, 0, "\(name): a second sweep marks nothing again")
            let breached = try await tickets.list(TicketFilter(sla: .breached), by: desk.supervisor)
            XCTAssertEqual(breached.tickets.map(\.id), [late.id], name)
            let standing = try await tickets.get(id: late.id, by: desk.agent).ticket.slaState
            XCTAssertEqual(standing, .breached, name)

            let kinds = try await tickets.history(id: late.id, by: desk.supervisor).map(\.kind)
            XCTAssertEqual(kinds.filter { $0 == "ticket.sla_at_risk" }.count, 1, "\(name): \(kinds)")
            XCTAssertEqual(kinds.filter { $0 == "ticket.sla_breached" }.count, 1, "\(name): \(kinds)")
            let quiet = try await tickets.history(id: answered.id, by: desk.supervisor).map(\.kind)
            XCTAssertFalse(quiet.contains { $0.hasPrefix("ticket.sla_") }, "\(name): \(quiet)")

            for person in [desk.agent, desk.supervisor] {
                let notes = try await tickets.notifications(by: person).filter { $0.entityID == "\(late.id)" }.map(\.kind)
                XCTAssertEqual(notes.filter { $0 == "ticket.sla_at_risk" }.count, 1, "\(name) \(person.user?.login ?? ""): \(notes)")
                XCTAssertEqual(notes.filter { $0 == "ticket.sla_breached" }.count, 1, "\(name) \(person.user?.login ?? ""): \(notes)")
                let other = try await tickets.notifications(by: person).filter { $0.entityID == "\(answered.id)" }
                XCTAssertEqual(other.count, 0, name)
            }

            // Much later, the resolution clock turns at risk and then breached, each once too.
            desk.clock.advance(by: 7 * 86400)
            report = try await tickets.sweepSLA()
            report = try await tickets.sweepSLA()
            XCTAssertEqual(report.atRisk + report.breached, 0, name)
            let all = try await tickets.history(id: late.id, by: desk.supervisor).map(\.kind)
            XCTAssertEqual(all.filter { $0 == "ticket.sla_breached" }.count, 2, "\(name): first response and resolution, \(all)")
        }
    }
}
