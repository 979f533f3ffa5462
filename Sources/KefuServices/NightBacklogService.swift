import Foundation
import KefuDomain
import KefuStore

/// A file offered as a backlog image: its name as sent and its bytes (the type is told by the bytes).
public struct NightBacklogUpload: Sendable, Equatable {
    public var filename: String?
    public var data: Data

    public init(filename: String?, data: Data) {
        self.filename = filename
        self.data = data
    }
}

/// The night-shift backlog (晚班问题, R-TKT-11): the evening shift records what it could not finish, by category;
/// the morning shift picks each item up (once) and marks it done with the result. Every change is an event.
public struct NightBacklogService: Sendable {
    let database: any Database
    let clock: any Clock
    /// The business time zone: date filters and "last night" are business days.
    public let timeZone: TimeZone
    let repository = NightBacklogRepository()
    let events = EventLog()

    public init(database: any Database, clock: any Clock, timeZone: TimeZone) {
        self.database = database
        self.clock = clock
        self.timeZone = timeZone
    }

    /// Records an item with its images (all or nothing). The order and ticket, when given by number, must exist and
    /// are linked by id. Records `night_backlog.recorded`.
    public func record(_ draft: NightBacklogDraft, images: [NightBacklogUpload] = [], by principal: Principal) async throws -> NightBacklogItem {
        try principal.require(.ticketsManage)
        let inputProblems = draft.problems + Self.imageProblems(images)
        let now = clock.now
        return try await database.transaction { connection in
            var problems = inputProblems
            var orderID: Int64?, ticketID: Int64?
            if let number = draft.orderReference {
                orderID = try await OrderRepository().find(number: number, on: connection)?.id
                if orderID == nil { problems.append(FieldError(field: "order_number", code: "error.unknown_order", arguments: ["value": number])) }
            }
            if let number = draft.ticketReference {
                ticketID = try await TicketRepository().find(number: number, on: connection)?.id
                if ticketID == nil { problems.append(FieldError(field: "ticket_number", code: "error.unknown_ticket", arguments: ["value": number])) }
            }
            guard problems.isEmpty else { throw ServiceError.validation(problems) }
            let item = draft.item(orderID: orderID, ticketID: ticketID, recordedBy: principal.user?.id, at: now)
            let id = try await repository.insert(item, on: connection)
            for upload in images {
                _ = try await repository.insertImage(itemID: id, filename: Self.filename(upload.filename), contentType: NightBacklogImage.imageType(of: upload.data)!,
                                                     content: upload.data, by: principal.user?.id, at: now, on: connection)
            }
            try await events.append(principal.event("night_backlog.recorded", entity: "night_backlog", id: "\(id)", after: Snapshot.json([
                "category": item.category.rawValue, "customer": item.customerName, "order": item.orderNumber, "ticket": item.ticketNumber,
                "images": images.isEmpty ? nil : "\(images.count)",
            ]), at: now), on: connection)
            return try await repository.find(id: id, on: connection)!
        }
    }

    /// Fills the receipt: the caller picked the item up now, with an optional note. An item is picked up once: a
    /// second pick-up, even a concurrent one, is a conflict (409 `error.already_picked_up`) and changes nothing.
    /// Records `night_backlog.picked_up`.
    public func pickUp(id: Int64, note: String?, expectedVersion: Int64? = nil, by principal: Principal) async throws -> NightBacklogItem {
        try principal.require(.ticketsManage)
        let problems = NightBacklogDraft.closingProblems(note, field: "note", required: false)
        guard problems.isEmpty else { throw ServiceError.validation(problems) }
        let note = NightBacklogDraft.blankIsNil(note)
        let user = principal.user?.id
        return try await advance(id, to: .pickedUp, step: \.pickUp, expectedVersion: expectedVersion, details: ["note": note], by: principal) {
            try await repository.pickUp(id: id, by: user, note: note, expectedVersion: expectedVersion, at: $1, on: $0)
        }
    }

    /// Marks a picked-up item done with its result (required). An open item must be picked up first (409
    /// `invalid_state`, allowed `receipt`); a done one is `error.already_done`. Records `night_backlog.done`.
    public func complete(id: Int64, result: String?, expectedVersion: Int64? = nil, by principal: Principal) async throws -> NightBacklogItem {
        try principal.require(.ticketsManage)
        let problems = NightBacklogDraft.closingProblems(result, field: "result", required: true)
        guard problems.isEmpty else { throw ServiceError.validation(problems) }
        let result = NightBacklogDraft.trimmed(result)
        let user = principal.user?.id
        return try await advance(id, to: .done, step: \.completion, expectedVersion: expectedVersion, details: ["result": result], by: principal) {
            try await repository.complete(id: id, by: user, result: result, expectedVersion: expectedVersion, at: $1, on: $0)
        }
    }

    /// One step of an item's life, in one transaction: the rule (`step`) says whether it may happen, `update` does it
    /// only if the item is still as read, and an event records it. When `update` finds the item changed meanwhile,
    /// the rule is asked again about the item as it is now, so the loser of a race hears why.
    private func advance(_ id: Int64, to state: NightBacklogItem.State, step: @escaping @Sendable (NightBacklogItem) -> NightBacklogItem.Step,
                         expectedVersion: Int64?, details: [String: String?], by principal: Principal,
                         update: @escaping @Sendable (any SQLConnection, Date) async throws -> Bool) async throws -> NightBacklogItem {
        let now = clock.now
        return try await database.transaction { connection in
            let item = try await existing(id, on: connection)
            try Self.allow(step(item), item)
            try Self.check(expectedVersion, item)
            guard try await update(connection, now) else {
                let current = try await existing(id, on: connection)
                try Self.allow(step(current), current)
                throw ServiceError.conflict(code: "error.stale_version", currentVersion: current.version)
            }
            try await events.append(principal.event("night_backlog.\(state == .done ? "done" : "picked_up")", entity: "night_backlog", id: "\(id)",
                                                    before: Snapshot.json(["state": item.state.rawValue]),
                                                    after: Snapshot.json(details.merging(["state": state.rawValue]) { old, _ in old }), at: now),
                                    on: connection)
            return try await repository.find(id: id, on: connection)!
        }
    }

    /// The error for a step the rule refuses.
    static func allow(_ step: NightBacklogItem.Step, _ item: NightBacklogItem) throws {
        switch step {
        case .allowed: return
        case .alreadyPickedUp: throw ServiceError.conflict(code: "error.already_picked_up", currentVersion: item.version)
        case .alreadyDone: throw ServiceError.conflict(code: "error.already_done", currentVersion: item.version)
        case .notPickedUp: throw ServiceError.invalidState(current: item.state.rawValue, allowed: ["receipt"])
        }
    }

    /// Items grouped by category, open ones first within each (see ``NightBacklogRepository/list(_:limit:offset:on:)``).
    public func list(_ filter: NightBacklogFilter = NightBacklogFilter(), limit: Int = 100, offset: Int = 0, by principal: Principal) async throws
        -> (items: [NightBacklogItem], total: Int)
    {
        try principal.require(.ticketsView)
        return try await database.read { try await repository.list(filter, limit: limit, offset: offset, on: $0) }
    }

    /// One item with its images.
    public func item(id: Int64, by principal: Principal) async throws -> NightBacklogItem {
        try principal.require(.ticketsView)
        return try await database.read { try await existing(id, on: $0) }
    }

    /// The morning shift's default view: still open, recorded since the start of the previous business day.
    public var lastNight: (from: LocalDate, to: LocalDate) { NightBacklogFilter.lastNight(now: clock.now, timeZone: timeZone) }

    func existing(_ id: Int64, on connection: any SQLConnection) async throws -> NightBacklogItem {
        guard let item = try await repository.find(id: id, on: connection) else { throw ServiceError.notFound(entity: "night_backlog_item") }
        return item
    }

    static func check(_ expectedVersion: Int64?, _ item: NightBacklogItem) throws {
        if let expectedVersion, expectedVersion != item.version {
            throw ServiceError.conflict(code: "error.stale_version", currentVersion: item.version)
        }
    }
}
