import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import KefuDomain
import KefuHTTP
import KefuServices
import KefuStore
import KefuTestSupport
import NIOCore
import NIOPosix
import XCTest

/// The live ticket queues (`/tickets/stream`, `/api/v1/tickets/stream`): a real server on 127.0.0.1, since the router
/// test client waits for a response to end and an event stream does not.
final class TicketStreamTests: XCTestCase {
    /// Runs `body` once per test database with a live server whose database has an admin, the agent zhang.wei and
    /// li.na, a supervisor of zhang.wei's team; then checks that every stream is gone.
    static func live(_ body: @escaping @Sendable (any TestClientProtocol, Services, Int) async throws -> Void) async throws {
        try await TestStores.each(migrated: false) { database, name in
            let services = TestStores.services(database, clock: SystemClock())
            _ = try await services.setup.prepare(adminPassword: AppHarness.adminPassword)
            for (login, role) in [("zhang.wei", Role.agent), ("li.na", .supervisor)] {
                _ = try await services.users.create(UserDraft(login: login, displayName: login, role: role, team: "east",
                                                              password: AppHarness.staffPassword), by: .system)
            }
            let router = try await buildRouter(services: services, configuration: HTTPConfiguration(trustForwardedFor: true))
            let app = Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)))
            try await app.test(.live) { client in try await body(client, services, try XCTUnwrap(client.port)) }
            var remaining = await services.ticketFeed.listenerCount
            for _ in 0..<50 where remaining > 0 {
                try await Task.sleep(for: .milliseconds(100))
                remaining = await services.ticketFeed.listenerCount
            }
            XCTAssertEqual(remaining, 0, "a stream outlived its client on \(name)")
            await services.ticketFeed.settled()
        }
    }

    static func ticket(subject: String) -> [String: Any] {
        var body = TicketAPITests.ticket
        body["subject"] = subject
        return body
    }

    // Item 9: a ticket assigned to an agent reaches their open queue page at once, as a row drawn (and escaped) on
    // the server; when the browser goes away, so does everything that served it.
    func testAnAssignmentArrivesOnTheAgentsStream() async throws {
        try await Self.live { client, services, port in
            let supervisor = try await AppHarness.token(client, "li.na", AppHarness.staffPassword)
            let agentID = try await services.users.find(login: "zhang.wei", by: .system).id
            let created = try await TicketAPITests.post(client, "/api/v1/tickets", supervisor, Self.ticket(subject: "发票<b>加急</b>"), expect: .created)
            let id = try XCTUnwrap(created["id"] as? Int)
            let (jar, _) = try await WebTests.signIn(client, "zhang.wei", AppHarness.staffPassword)
            try await EventStream.open(port: port, path: "/tickets/stream?queue=mine", headers: jar.header) { stream in
                try await stream.wait(for: ": open")
                XCTAssertTrue(stream.text.contains("text/event-stream"))
                XCTAssertTrue(stream.text.contains("retry: 3000"))
                _ = try await TicketAPITests.post(client, "/api/v1/tickets/\(id)/assign", supervisor, ["assignee_id": agentID], expect: .ok)
                try await stream.wait(for: "event: ticket\n")
                let event = try XCTUnwrap(stream.events.first { $0["ticket_id"] as? Int == id }, stream.text)
                XCTAssertEqual(event["kind"] as? String, "entered")
                XCTAssertEqual(event["cause"] as? String, "ticket.assigned")
                XCTAssertEqual(event["number"] as? String, created["number"] as? String)
                let html = event["html"] as? String ?? ""
                XCTAssertTrue(html.hasPrefix(#"<tr data-ticket-id="\#(id)" data-due="20"#), "the row, with what the page sorts by: \(html)")
                XCTAssertEqual((event["due"] as? String)?.isEmpty, false)
                XCTAssertTrue(html.contains("发票&lt;b&gt;加急&lt;/b&gt;"), "escaped on the server")
                XCTAssertFalse(html.contains("<b>加急"))
                XCTAssertTrue(stream.text.contains("id: "), "an id to resume after")
                let listening = await services.ticketFeed.listenerCount
                XCTAssertEqual(listening, 1)
            }
        }
    }

    // R-TKT-6: an attitude complaint about an agent is never sent to that agent's streams, whatever the queue.
    func testAComplaintAboutTheAgentIsNeverStreamedToThem_R_TKT_6() async throws {
        try await Self.live { client, services, port in
            let supervisor = try await AppHarness.token(client, "li.na", AppHarness.staffPassword)
            let agent = try await AppHarness.token(client, "zhang.wei", AppHarness.staffPassword)
            let agentID = try await services.users.find(login: "zhang.wei", by: .system).id
            try await EventStream.open(port: port, path: "/api/v1/tickets/stream?queue=team", headers: AppHarness.bearer(agent)) { stream in
                try await stream.wait(for: ": open")
                let complaint = try await TicketAPITests.post(client, "/api/v1/tickets", supervisor,
                                                              TicketAPITests.complaint(["category": "service_attitude", "about_user_id": agentID]),
                                                              expect: .created)
                let marker = try await TicketAPITests.post(client, "/api/v1/tickets", supervisor, Self.ticket(subject: "之后的工单"), expect: .created)
                try await stream.wait(for: marker["number"] as? String ?? "?")
                XCTAssertFalse(stream.text.contains(complaint["number"] as? String ?? "?"), stream.text)
                let event = try XCTUnwrap(stream.events.last, stream.text)
                XCTAssertEqual(event["cause"] as? String, "ticket.created")
                XCTAssertEqual((event["ticket"] as? [String: Any])?["id"] as? Int, marker["id"] as? Int)
            }
        }
    }

    /// A client that comes back with `Last-Event-ID` gets what it missed.
    func testAStreamResumesAfterTheLastEventID() async throws {
        try await Self.live { client, services, port in
            let supervisor = try await AppHarness.token(client, "li.na", AppHarness.staffPassword)
            var lastID = ""
            try await EventStream.open(port: port, path: "/api/v1/tickets/stream?queue=team", headers: AppHarness.bearer(supervisor)) { stream in
                try await stream.wait(for: ": open")
                let first = try await TicketAPITests.post(client, "/api/v1/tickets", supervisor, Self.ticket(subject: "第一张"), expect: .created)
                try await stream.wait(for: first["number"] as? String ?? "?")
                lastID = try XCTUnwrap(stream.text.components(separatedBy: "id: ").last?.prefix { $0.isNumber }).description
            }
            let missed = try await TicketAPITests.post(client, "/api/v1/tickets", supervisor, Self.ticket(subject: "断开时的工单"), expect: .created)
            try await EventStream.open(port: port, path: "/api/v1/tickets/stream?queue=team",
                                       headers: AppHarness.bearer(supervisor) + [HTTPField.Name("Last-Event-ID")!: lastID]) { stream in
                try await stream.wait(for: missed["number"] as? String ?? "?")
                XCTAssertFalse(stream.text.contains("第一张"), "what it saw is not sent again")
            }
        }
    }

    func testStreamsNeedAQueueTheyKnowAndTheRightToSeeTickets() async throws {
        try await AppHarness.run { client, services in
            try await client.execute(uri: "/api/v1/tickets/stream", method: .get) { XCTAssertEqual($0.status, .unauthorized) }
            let agent = try await AppHarness.token(client, "zhang.wei", AppHarness.staffPassword)
            try await client.execute(uri: "/api/v1/tickets/stream?queue=everything", method: .get, headers: AppHarness.bearer(agent)) {
                XCTAssertEqual($0.status, .badRequest)
            }
            try await TestStores.user(services, "cang.ku", role: .department, department: .warehouse, password: AppHarness.staffPassword)
            let department = try await AppHarness.token(client, "cang.ku", AppHarness.staffPassword)
            try await client.execute(uri: "/api/v1/tickets/stream", method: .get, headers: AppHarness.bearer(department)) {
                XCTAssertEqual($0.status, .forbidden)
            }
            // The queue page points its script at the stream, starting after the newest event it was drawn with.
            let latest = try await services.ticketFeed.latestEventID()
            let (jar, _) = try await WebTests.signIn(client, "zhang.wei", AppHarness.staffPassword)
            let (_, mine) = try await TicketWebTests.get(client, "/tickets", jar)
            XCTAssertTrue(mine.contains(#"data-live-queue="/tickets/stream?after="#), mine)
            XCTAssertTrue(mine.contains("queue=mine"))
            XCTAssertTrue(mine.contains(#"<script src="/static/live-queue.js" defer></script>"#))
            XCTAssertGreaterThanOrEqual(latest, 1)
            let (_, filtered) = try await TicketWebTests.get(client, "/tickets?tab=team&type=complaint", jar)
            XCTAssertFalse(filtered.contains("data-live-queue"), "a filtered list is not live")
            let (_, all) = try await TicketWebTests.get(client, "/tickets?tab=all", jar)
            XCTAssertFalse(all.contains("data-live-queue"))
        }
    }
}

/// A raw HTTP/1.1 client for one event stream: it sends the request and keeps everything that arrives (headers,
/// chunk sizes and events) as text; the connection closes when `body` returns.
final class EventStream: @unchecked Sendable {
    private let lock = NSLock()
    private var received = ""

    var text: String { lock.withLock { received } }

    /// The JSON of every `data:` line so far.
    var events: [[String: Any]] {
        text.components(separatedBy: "\n").filter { $0.hasPrefix("data: ") }.compactMap { line in
            try? JSONSerialization.jsonObject(with: Data(line.dropFirst(6).utf8)) as? [String: Any]
        }
    }

    private func append(_ buffer: ByteBuffer) { lock.withLock { received += String(buffer: buffer) } }

    /// Waits up to `seconds` for `fragment` to arrive.
    func wait(for fragment: String, seconds: Double = 10, file: StaticString = #filePath, line: UInt = #line) async throws {
        let deadline = Date().addingTimeInterval(seconds)
        while !text.contains(fragment) {
            guard Date() < deadline else {
                XCTFail("\(fragment) did not arrive; got:\n\(text)", file: file, line: line)
                throw CancellationError()
            }
            try await Task.sleep(for: .milliseconds(50))
        }
    }

    static func open(port: Int, path: String, headers: HTTPFields, _ body: (EventStream) async throws -> Void) async throws {
        let channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton).connect(host: "127.0.0.1", port: port) { channel in
            channel.eventLoop.makeCompletedFuture { try NIOAsyncChannel<ByteBuffer, ByteBuffer>(wrappingChannelSynchronously: channel) }
        }
        let stream = EventStream()
        try await channel.executeThenClose { inbound, outbound in
            var request = "GET \(path) HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\nAccept: text/event-stream\r\n"
            for field in headers where field.name != .contentType { request += "\(field.name): \(field.value)\r\n" }
            try await outbound.write(ByteBuffer(string: request + "\r\n"))
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask {
                    for try await buffer in inbound { stream.append(buffer) }
                }
                defer { group.cancelAll() }
                try await body(stream)
            }
        }
    }
}
