import Foundation
import HTTPTypes
import Hummingbird
import KefuDomain
import KefuServices
import ServiceLifecycle

/// Server-Sent Events for the ticket queues (issue 4, item 9): a ticket entering "my queue" or the team queue
/// (created, assigned, reopened) or leaving mine arrives without a reload. `GET /tickets/stream` (browser session)
/// sends each row as server-rendered HTML, escaped here; `GET /api/v1/tickets/stream` (token) sends the ticket as
/// the API shows it. `?queue=mine|team`; a stream resumes after `Last-Event-ID` (or `?after=`, the event a page
/// was drawn at). A comment every 15 s keeps proxies from closing an idle stream. Changes come from the event log
/// (`TicketFeed`), so every server instance on the database sees them.
struct TicketStreamController {
    let services: Services
    let pages: Pages
    static let heartbeat: Duration = .seconds(15)
    /// After this the stream ends and the browser reconnects (`retry`), signing in again: a session that ended or a
    /// permission taken away stops the updates within this time.
    static let lifetime: Duration = .seconds(600)
    static let retryMilliseconds = 3000

    func addRoutes(to router: Router<KefuRequestContext>) {
        router.get("tickets/stream", use: web)
        router.get("api/v1/tickets/stream", use: api)
    }

    /// The queue and the event to resume after, from the request.
    static func parameters(_ request: Request) throws -> (queue: TicketQueue, after: Int64?) {
        let query = request.uri.queryParameters
        let queueText = query["queue"].map(String.init) ?? TicketQueue.mine.rawValue
        guard let queue = TicketQueue(rawValue: queueText) else {
            throw RequestError.badParameter(FieldError(field: "queue", code: "error.unknown_value"))
        }
        // The browser sends the last id it saw when it reconnects; it wins over the page's starting point.
        if let header = request.headers[.lastEventID], let id = Int64(header.trimmingCharacters(in: .whitespaces)), id >= 0 {
            return (queue, id)
        }
        guard let text = query["after"].map(String.init), !text.isEmpty else { return (queue, nil) }
        guard let id = Int64(text), id >= 0 else { throw RequestError.badParameter(FieldError(field: "after", code: "error.range",
                                                                                             arguments: ["min": "0", "max": "∞"])) }
        return (queue, id)
    }

    @Sendable func web(_ request: Request, context: KefuRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        let (queue, after) = try Self.parameters(request)
        let updates = try await services.ticketFeed.updates(queue, after: after, by: principal)
        let rows = QueueRowRenderer(services: services, catalog: pages.catalog, language: context.language, permissions: principal.permissions,
                                    staff: try await TicketStaff.load(services), states: try await services.tickets.states(by: principal))
        return Self.stream(request, updates) { update in
            var row: (html: String, due: String?)?
            if update.kind == .entered { row = await rows.row(update.ticket) }
            return Self.event(update, data: WebEvent(kind: update.kind.rawValue, cause: update.cause, ticketId: update.ticket.id,
                                                     number: update.ticket.number, due: row?.due, html: row?.html))
        }
    }

    @Sendable func api(_ request: Request, context: KefuRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        let (queue, after) = try Self.parameters(request)
        let updates = try await services.ticketFeed.updates(queue, after: after, by: principal)
        let permissions = principal.permissions
        return Self.stream(request, updates) { update in
            Self.event(update, data: APIEvent(kind: update.kind.rawValue, cause: update.cause, ticket: TicketJSON(update.ticket, permissions: permissions)))
        }
    }

    struct WebEvent: Encodable {
        var kind: String
        var cause: String
        var ticketId: Int64
        var number: String
        /// When the row's next clock is due (RFC 3339), what the page sorts by; absent without a running clock.
        var due: String?
        var html: String?
    }

    struct APIEvent: Encodable {
        var kind: String
        var cause: String
        var ticket: TicketJSON
    }

    /// One `ticket` event: its id (for `Last-Event-ID`) and the JSON on one `data:` line.
    static func event(_ update: TicketQueueUpdate, data: some Encodable) -> String? {
        guard let json = try? KefuJSON.encoder.encode(data) else { return nil }
        return "id: \(update.eventID)\nevent: ticket\ndata: \(String(decoding: json, as: UTF8.self))\n\n"
    }

    /// A `text/event-stream` response fed by `updates`, with a heartbeat comment, until the client goes away, the
    /// stream's lifetime ends or the server shuts down. Every task it starts ends with it.
    static func stream(_ request: Request, _ updates: AsyncStream<TicketQueueUpdate>,
                       render: @escaping @Sendable (TicketQueueUpdate) async -> String?) -> Response {
        let headers: HTTPFields = [.contentType: "text/event-stream; charset=utf-8", .cacheControl: "no-store", .xAccelBuffering: "no"]
        return Response(status: .ok, headers: headers, body: ResponseBody { writer in
            let (output, sink) = AsyncStream.makeStream(of: String.self, bufferingPolicy: .bufferingNewest(1000))
            do {
                try await writer.write(ByteBuffer(string: "retry: \(retryMilliseconds)\n: open\n\n"))
                try await request.body.consumeWithCancellationOnInboundClose { _ in
                    try await withGracefulShutdownHandler {
                        try await withThrowingTaskGroup(of: Void.self) { group in
                            group.addTask {
                                for await update in updates {
                                    if let text = await render(update) { sink.yield(text) }
                                }
                                sink.finish()
                            }
                            group.addTask {
                                while true {
                                    try await Task.sleep(for: heartbeat)
                                    sink.yield(": heartbeat\n\n")
                                }
                            }
                            group.addTask {
                                try await Task.sleep(for: lifetime)
                                sink.finish()
                            }
                            defer { group.cancelAll() }
                            for await text in output {
                                try await writer.write(ByteBuffer(string: text))
                            }
                        }
                    } onGracefulShutdown: {
                        sink.finish()
                    }
                }
            } catch {
                // The client went away (or the connection failed): nothing is left to tell it.
            }
            sink.finish()
            try? await writer.finish(nil)
        })
    }
}

extension HTTPField.Name {
    static let lastEventID = Self("Last-Event-ID")!
    /// Tells nginx-style proxies not to buffer the stream.
    static let xAccelBuffering = Self("X-Accel-Buffering")!
}

/// Draws queue rows for one stream as the queue page does (`TicketPresenter.rowsHTML`), in the reader's language
/// and with phones masked for them; learns the names of colleagues added since the stream opened.
actor QueueRowRenderer {
    private let services: Services
    private let catalog: Catalog
    private let language: Language
    private let permissions: Set<Permission>
    private let states: [TicketState]
    private var staff: TicketStaff

    init(services: Services, catalog: Catalog, language: Language, permissions: Set<Permission>, staff: TicketStaff, states: [TicketState]) {
        self.services = services
        self.catalog = catalog
        self.language = language
        self.permissions = permissions
        self.staff = staff
        self.states = states
    }

    func row(_ ticket: Ticket) async -> (html: String, due: String?) {
        let known = Set(staff.users.map(\.id))
        if [ticket.assigneeID, ticket.ownerID].compactMap({ $0 }).contains(where: { !known.contains($0) }),
           let reloaded = try? await TicketStaff.load(services) {
            staff = reloaded
        }
        let presenter = TicketPresenter(catalog: catalog, language: language, formatter: TimeFormatter(language: language, timeZone: services.timeZone),
                                        permissions: permissions, staff: staff, states: states)
        return (presenter.rowsHTML([ticket]), TicketPresenter.nextDue(ticket).map(presenter.iso))
    }
}

/// Where a queue page's live rows start: its two queues, unfiltered, on their first page.
struct LiveQueue {
    var queue: TicketQueue
    /// The newest event when the page was drawn; the stream sends what comes after it.
    var after: Int64

    /// The page's `data-live-*` values; `more` when rows beyond this page exist (a row sorted after the last stays off).
    func values(more: Bool) -> [String: Any] {
        ["stream": Pager.link(path: "/tickets/stream", query: ["queue": queue.rawValue, "after": "\(after)"]), "more": more ? "true" : "false"]
    }
}

extension TicketWebController {
    func liveQueue(_ tab: Tab, filtered: Bool, offset: Int) async throws -> LiveQueue? {
        guard !filtered, offset == 0, let queue = TicketQueue(rawValue: tab.rawValue) else { return nil }
        return LiveQueue(queue: queue, after: try await services.ticketFeed.latestEventID())
    }
}
