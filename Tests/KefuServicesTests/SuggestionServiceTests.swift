import Foundation
import KefuDomain
import KefuServices
import KefuStore
import KefuTestSupport
import XCTest

/// Suggestions (R-TKT-7) on every test database: forward, decide, tell the member, resolve.
final class SuggestionServiceTests: XCTestCase {
    static func suggestion(_ subject: String = "建议增加大码服装", channel: TicketChannel = .email) -> TicketDraft {
        TicketDraft(type: .suggestion, channel: channel, subject: subject, body: "希望T恤能有XXL码",
                    customer: .init(name: "王女士", phone: channel == .email ? nil : "13800001111", email: channel == .email ? "wang@example.com" : nil))
    }

    func expectInvalid(_ name: String, _ current: String, _ allowed: [String], file: StaticString = #filePath, line: UInt = #line,
                       _ body: () async throws -> Void) async {
        do {
            try await body()
            XCTFail("\(name): expected \(current)", file: file, line: line)
        } catch ServiceError.invalidState(let found, let possible) {
            XCTAssertEqual(found, current, name, file: file, line: line)
            XCTAssertEqual(possible, allowed, name, file: file, line: line)
        } catch {
            XCTFail("\(name): \(error)", file: file, line: line)
        }
    }

    // R-TKT-7: classified and forwarded (the owner keeps it), decided by the department with a reason, the member told
    // by a reply that goes out by mail, and only then resolved; each step once, each an event.
    func testForwardDecideNotifyResolve_R_TKT_7() async throws {
        try await TestStores.each { database, name in
            let desk = try await TicketServiceTests.desk(database)
            let tickets = desk.services.tickets
            let supplier = Principal(user: try await TestStores.user(desk.services, "gao.gong", role: .department, department: .supplier), channel: .session)
            let warehouse = Principal(user: try await TestStores.user(desk.services, "xu.cang", role: .department, department: .warehouse), channel: .session)
            let ticket = try await tickets.create(Self.suggestion(), by: desk.agent)
            let due = desk.clock.now.addingTimeInterval(3 * 86_400)

            await expectInvalid(name, "suggestion_received", ["suggestion_forward"]) {
                _ = try await tickets.decideSuggestion(id: ticket.id, decision: "adopted", reason: "好", expectedVersion: nil, by: desk.supervisor)
            }
            do {
                _ = try await tickets.forwardSuggestion(id: ticket.id, category: nil, department: nil, request: " ", dueAt: nil, expectedVersion: nil,
                                                        by: desk.agent)
                XCTFail(name)
            } catch ServiceError.validation(let errors) {
                XCTAssertEqual(errors.map(\.field), ["category", "department", "request", "due_at"], name)
            }
            do {
                _ = try await tickets.forwardSuggestion(id: ticket.id, category: "product_quality", department: .supplier, request: "评估", dueAt: due,
                                                        expectedVersion: nil, by: desk.agent)
                XCTFail("\(name): a complaint category does not classify a suggestion")
            } catch ServiceError.validation(let errors) {
                XCTAssertEqual(errors, [FieldError(field: "category", code: "error.unknown_value")], name)
            }

            let forwarded = try await tickets.forwardSuggestion(id: ticket.id, category: "product_suggestion", department: .supplier,
                                                                request: "请评估能否增加XXL码", dueAt: due, expectedVersion: ticket.version, by: desk.agent)
            XCTAssertEqual(forwarded.ticket.state, "waiting_department", name)
            XCTAssertEqual(forwarded.ticket.category, "product_suggestion", name)
            XCTAssertEqual(forwarded.ticket.ownerID, desk.agent.user?.id, "\(name): the owner keeps the ticket")
            XCTAssertEqual(forwarded.suggestion.stage, .forwarded, name)
            XCTAssertEqual(forwarded.suggestion.forwarding?.department, .supplier, name)
            XCTAssertEqual(forwarded.suggestion.forwarding?.dueAt, due, name)
            let heard = try await tickets.notifications(by: supplier).map(\.kind), elsewhere = try await tickets.notifications(by: warehouse)
            XCTAssertEqual(heard, ["suggestion.forwarded"], "\(name): the department hears of it")
            XCTAssertEqual(elsewhere.count, 0, name)
            await expectInvalid(name, "suggestion_forwarded", ["suggestion_decide"]) {
                _ = try await tickets.forwardSuggestion(id: ticket.id, category: "service_suggestion", department: .delivery, request: "再评估",
                                                        dueAt: due, expectedVersion: nil, by: desk.agent)
            }
            await expectInvalid(name, "suggestion_forwarded", ["suggestion_decide"]) {
                _ = try await tickets.resolve(id: ticket.id, customerUnderstood: true, askedAnythingElse: true, expectedVersion: nil, by: desk.agent)
            }

            do {
                _ = try await tickets.decideSuggestion(id: ticket.id, decision: "adopted", reason: "好", expectedVersion: nil, by: desk.agent)
                XCTFail("\(name): an agent does not decide")
            } catch ServiceError.forbidden {}
            do {
                _ = try await tickets.decideSuggestion(id: ticket.id, decision: "adopted", reason: "好", expectedVersion: nil, by: warehouse)
                XCTFail("\(name): another department does not see it")
            } catch ServiceError.notFound {}
            do {
                _ = try await tickets.decideSuggestion(id: ticket.id, decision: "not_adopted", reason: "  ", expectedVersion: nil, by: supplier)
                XCTFail("\(name): a reason is required")
            } catch ServiceError.validation(let errors) {
                XCTAssertEqual(errors, [FieldError(field: "reason", code: "error.reason_required")], name)
            }
            desk.clock.advance(by: 2 * 86_400)
            let decided = try await tickets.decideSuggestion(id: ticket.id, decision: "not_adopted", reason: "大码订单量太少，暂不增加",
                                                             expectedVersion: nil, by: supplier)
            XCTAssertEqual(decided.suggestion.stage, .decided, name)
            XCTAssertEqual(decided.suggestion.verdict, .init(decision: .notAdopted, reason: "大码订单量太少，暂不增加", by: supplier.user?.id,
                                                             at: desk.clock.now), name)
            XCTAssertEqual(decided.ticket.state, "open", "\(name): back with its owner")
            let detail = try await tickets.get(id: ticket.id, by: desk.agent)
            XCTAssertEqual(detail.handoffs.first?.answer, "大码订单量太少，暂不增加", "\(name): the hand-off is answered")
            XCTAssertEqual(detail.suggestion?.stage, .decided, name)
            let ownerNotes = try await tickets.notifications(by: desk.agent)
            XCTAssertTrue(ownerNotes.contains { $0.kind == "suggestion.decided" }, name)
            await expectInvalid(name, "suggestion_decided", ["suggestion_notify"]) {
                _ = try await tickets.decideSuggestion(id: ticket.id, decision: "adopted", reason: "改主意了", expectedVersion: nil, by: desk.supervisor)
            }
            await expectInvalid(name, "suggestion_decided", ["suggestion_notify"]) {
                _ = try await tickets.resolve(id: ticket.id, customerUnderstood: true, askedAnythingElse: true, expectedVersion: nil, by: desk.agent)
            }

            let told = try await tickets.notifySuggestion(id: ticket.id, body: "王女士您好：感谢您的建议……", expectedVersion: nil, by: desk.agent)
            XCTAssertEqual(told.suggestion.stage, .told, name)
            XCTAssertEqual(told.suggestion.notice?.by, desk.agent.user?.id, name)
            let reply = try await tickets.get(id: ticket.id, by: desk.agent).messages.last
            XCTAssertEqual(reply?.kind, .reply, name)
            XCTAssertEqual(told.suggestion.notice?.messageID, reply?.id, name)
            XCTAssertNotNil(reply?.messageID, "\(name): an email suggestion is answered by mail")
            let queued = try await database.read { try await $0.first("SELECT COUNT(*) AS n FROM outbound_mail WHERE ticket_id = \(ticket.id)")?.int("n") }
            XCTAssertEqual(queued, 1, name)
            await expectInvalid(name, "suggestion_told", []) {
                _ = try await tickets.notifySuggestion(id: ticket.id, body: nil, expectedVersion: nil, by: desk.agent)
            }
            let resolved = try await tickets.resolve(id: ticket.id, customerUnderstood: true, askedAnythingElse: true, expectedVersion: nil, by: desk.agent)
            XCTAssertEqual(resolved.stateCategory, .resolved, name)

            let kinds = try await tickets.history(id: ticket.id, by: desk.supervisor).map(\.kind)
            XCTAssertEqual(kinds.filter { $0.hasPrefix("suggestion.") }, ["suggestion.forwarded", "suggestion.decided", "suggestion.notified"], name)
            let decidedEvent = try await tickets.history(id: ticket.id, by: desk.supervisor).first { $0.kind == "suggestion.decided" }
            XCTAssertEqual(decidedEvent?.actorLogin, "gao.gong", name)
            XCTAssertTrue(decidedEvent?.after?.contains("not_adopted") ?? false, name)
        }
    }

    // R-TKT-7: two decisions at once do not overwrite each other: one wins, the other is refused, the winner's stays.
    func testConcurrentDecisionsDoNotOverwrite_R_TKT_7() async throws {
        try await TestStores.each { database, name in
            let desk = try await TicketServiceTests.desk(database)
            let tickets = desk.services.tickets
            let manager = Principal(user: try await TestStores.user(desk.services, "wang.fang", role: .manager), channel: .session)
            let ticket = try await tickets.create(Self.suggestion(channel: .phone), by: desk.agent)
            let forwarded = try await tickets.forwardSuggestion(id: ticket.id, category: "service_suggestion", department: .secondLine, request: "评估",
                                                                dueAt: desk.clock.now.addingTimeInterval(86_400), expectedVersion: nil, by: desk.agent)
            let version = forwarded.ticket.version
            let supervisor = desk.supervisor
            let first = Task { try await tickets.decideSuggestion(id: ticket.id, decision: "adopted", reason: "马上改", expectedVersion: version,
                                                                  by: supervisor) }
            let second = Task { try await tickets.decideSuggestion(id: ticket.id, decision: "not_adopted", reason: "不改", expectedVersion: version,
                                                                   by: manager) }
            let results = [await first.result, await second.result]
            let winners = results.compactMap { try? $0.get() }
            XCTAssertEqual(winners.count, 1, "\(name): \(results)")
            for case .failure(let error) in results {
                switch error as? ServiceError {
                case .conflict?, .invalidState?: break
                default: XCTFail("\(name): \(error)")
                }
            }
            let stored = try await tickets.get(id: ticket.id, by: desk.agent).suggestion?.verdict
            XCTAssertEqual(stored?.decision, winners.first?.suggestion.verdict?.decision, name)
            // A stale version is a conflict too.
            do {
                _ = try await tickets.notifySuggestion(id: ticket.id, body: nil, expectedVersion: version, by: desk.agent)
                XCTFail(name)
            } catch ServiceError.conflict(let code, _) { XCTAssertEqual(code, "error.stale_version", name) }
        }
    }

    // R-TKT-7: a member told by phone is recorded without a reply; other ticket types have no suggestion steps.
    func testToldAnotherWayAndOnlySuggestions_R_TKT_7() async throws {
        try await TestStores.each { database, name in
            let desk = try await TicketServiceTests.desk(database)
            let tickets = desk.services.tickets
            let ticket = try await tickets.create(Self.suggestion("希望增加夜间配送", channel: .phone), by: desk.agent)
            _ = try await tickets.forwardSuggestion(id: ticket.id, category: "delivery_suggestion", department: .delivery, request: "评估夜间配送",
                                                    dueAt: desk.clock.now.addingTimeInterval(86_400), expectedVersion: nil, by: desk.agent)
            _ = try await tickets.decideSuggestion(id: ticket.id, decision: "partly_adopted", reason: "先在市区试点", expectedVersion: nil, by: desk.supervisor)
            let messages = try await tickets.get(id: ticket.id, by: desk.agent).messages.count
            let told = try await tickets.notifySuggestion(id: ticket.id, body: "  ", expectedVersion: nil, by: desk.agent)
            XCTAssertEqual(told.suggestion.stage, .told, name)
            XCTAssertNil(told.suggestion.notice?.messageID, name)
            let after = try await tickets.get(id: ticket.id, by: desk.agent).messages.count
            XCTAssertEqual(after, messages, "\(name): no reply written")

            let inquiry = try await tickets.create(TicketServiceTests.inquiry(), by: desk.agent)
            await expectInvalid(name, "inquiry", []) {
                _ = try await tickets.forwardSuggestion(id: inquiry.id, category: "product_suggestion", department: .supplier, request: "x",
                                                        dueAt: desk.clock.now.addingTimeInterval(86_400), expectedVersion: nil, by: desk.agent)
            }
            let other = try await tickets.get(id: inquiry.id, by: desk.agent)
            XCTAssertNil(other.suggestion, name)
        }
    }
}
