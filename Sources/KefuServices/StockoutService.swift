import Foundation
import KefuDomain
import KefuStore

/// The out-of-stock routine (R-ORD-16): register, list each morning, answer by 11:00, summarise weekly.
public struct StockoutService: Sendable {
    let database: any Database
    let clock: any Clock
    public let schedule: StockoutSchedule
    let repository = StockoutRepository()
    let events = EventLog()

    public init(database: any Database, clock: any Clock, schedule: StockoutSchedule) {
        self.database = database
        self.clock = clock
        self.schedule = schedule
    }

    public func register(customerName: String?, contact: String?, product: String?, quantity: Int?, note: String?,
                         by principal: Principal) async throws -> StockoutRequest {
        try principal.require(.ordersCreate)
        var problems: [FieldError] = []
        let trim: @Sendable (String?) -> String = { ($0 ?? "").trimmingCharacters(in: .whitespaces) }
        if trim(customerName).isEmpty { problems.append(FieldError(field: "customer_name", code: "error.required")) }
        if trim(contact).isEmpty { problems.append(FieldError(field: "contact", code: "error.required")) }
        else if !OrderDraft.isPhone(trim(contact)) { problems.append(FieldError(field: "contact", code: "error.phone_format")) }
        if trim(product).isEmpty { problems.append(FieldError(field: "product", code: "error.required")) }
        if let quantity, quantity <= 0 { problems.append(FieldError(field: "quantity", code: "error.must_be_positive")) }
        guard problems.isEmpty else { throw ServiceError.validation(problems) }
        let now = clock.now
        var request = StockoutRequest(id: 0, customerName: trim(customerName), contact: trim(contact), product: trim(product),
                                      quantity: quantity ?? 1, note: note.flatMap { $0.isEmpty ? nil : $0 }, registeredAt: now,
                                      registeredBy: principal.user?.id)
        let due = schedule.answerDue(for: now)
        let registered = request
        request.id = try await database.transaction { connection in
            let id = try await repository.insert(registered, answerDueAt: due, on: connection)
            try await events.append(principal.event("stockout.registered", entity: "stockout_request", id: "\(id)",
                                                    after: Snapshot.json(["product": registered.product, "customer": registered.customerName]),
                                                    at: now), on: connection)
            return id
        }
        return request
    }

    /// Records the result told to the customer; late answers (after 11:00) are marked in the event.
    public func answer(id: Int64, result: StockoutRequest.Result?, answer: String?, by principal: Principal) async throws -> StockoutRequest {
        try principal.require(.ordersCreate)
        let text = (answer ?? "").trimmingCharacters(in: .whitespaces)
        var problems: [FieldError] = []
        if result == nil { problems.append(FieldError(field: "result", code: "error.required")) }
        if text.isEmpty { problems.append(FieldError(field: "answer", code: "error.required")) }
        guard problems.isEmpty, let result else { throw ServiceError.validation(problems) }
        let now = clock.now
        let schedule = self.schedule
        return try await database.transaction { connection in
            guard let request = try await repository.find(id: id, on: connection) else { throw ServiceError.notFound(entity: "stockout_request") }
            guard try await repository.answer(id: id, result: result, answer: text, by: principal.user?.id, at: now, on: connection) else {
                throw ServiceError.conflict(code: "error.already_done", currentVersion: nil)
            }
            let late = now > schedule.answerDue(for: request.registeredAt)
            try await events.append(principal.event("stockout.answered", entity: "stockout_request", id: "\(id)",
                                                    after: Snapshot.json(["result": result.rawValue, "answer": text, "late": late ? "true" : nil]),
                                                    at: now), on: connection)
            return try await repository.find(id: id, on: connection)!
        }
    }

    /// This morning's list: unanswered requests registered before today's list time.
    public func morningList(by principal: Principal) async throws -> [StockoutRequest] {
        try principal.require(.ordersView)
        let cutoff = schedule.listCutoff(on: clock.now)
        return try await database.read { try await repository.open(registeredBefore: cutoff, dueBefore: nil, limit: 500, on: $0) }
    }

    /// Every unanswered request, earliest deadline first; `overdueOnly` keeps those past 11:00.
    public func open(overdueOnly: Bool = false, by principal: Principal) async throws -> [StockoutRequest] {
        try principal.require(.ordersView)
        let now = clock.now
        return try await database.read {
            try await repository.open(registeredBefore: nil, dueBefore: overdueOnly ? now : nil, limit: 500, on: $0)
        }
    }

    /// The weekly summary: requests by product with their results, for the seven days from `weekStart`.
    public func weeklySummary(weekStart: Date, by principal: Principal) async throws -> [StockoutSummaryLine] {
        try principal.require(.reportsView)
        let requests = try await database.read { try await repository.registered(from: weekStart, to: weekStart.addingTimeInterval(7 * 86400), on: $0) }
        var lines: [String: StockoutSummaryLine] = [:]
        for request in requests {
            var line = lines[request.product] ?? StockoutSummaryLine(product: request.product)
            line.requests += 1
            line.quantity += request.quantity
            if let result = request.result { line.results[result.rawValue, default: 0] += 1 } else { line.unanswered += 1 }
            lines[request.product] = line
        }
        return lines.values.sorted { ($0.requests, $1.product) > ($1.requests, $0.product) }
    }
}

/// One product's line of the weekly out-of-stock summary.
public struct StockoutSummaryLine: Codable, Equatable, Sendable {
    public var product: String
    public var requests = 0
    public var quantity = 0
    public var unanswered = 0
    public var results: [String: Int] = [:]

    public init(product: String) { self.product = product }
}
