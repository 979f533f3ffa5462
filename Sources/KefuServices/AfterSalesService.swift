import Foundation
import KefuDomain
import KefuStore

/// After-sales cases (R-AS-1…6): opened by the after-sales desk or handed over from pre-sales, worked through
/// reships, refunds and cash-back, each step one transaction with its event.
public struct AfterSalesService: Sendable {
    let database: any Database
    let clock: any Clock
    let timeZone: TimeZone
    let cashback: CashbackRule
    let cases = AfterSalesRepository()
    let orders = OrderRepository()
    let records = OrderRecordRepository()
    let events = EventLog()

    public init(database: any Database, clock: any Clock, timeZone: TimeZone, cashback: CashbackRule = CashbackRule()) {
        self.database = database
        self.clock = clock
        self.timeZone = timeZone
        self.cashback = cashback
    }

    /// Opens a case. Pre-sales agents (without `after_sales.manage`) hand cases over; the customer is then told it
    /// has been passed on (R-AS-6), which the event records.
    public func open(_ draft: AfterSalesDraft, by principal: Principal) async throws -> AfterSalesCase {
        let handover = !principal.can(.afterSalesManage)
        if handover { try principal.require(.ticketsManage) }
        let problems = draft.problems()
        guard problems.isEmpty, let orderID = draft.orderID, let kind = draft.kind else { throw ServiceError.validation(problems) }
        let now = clock.now
        let trim: @Sendable (String?) -> String = { ($0 ?? "").trimmingCharacters(in: .whitespacesAndNewlines) }
        let dayKey = "AS" + OrderNumber.dayKey(now, timeZone: timeZone)
        return try await database.transaction { connection in
            guard try await orders.find(id: orderID, on: connection) != nil else {
                throw ServiceError.validation([FieldError(field: "order_id", code: "error.unknown_value", arguments: ["value": "\(orderID)"])])
            }
            let sequence = try await DayCounter.orders.next(dayKey: dayKey, on: connection)
            var item = AfterSalesCase(
                id: 0, number: OrderNumber.make(day: now, sequence: sequence, timeZone: timeZone, prefix: "AS"), orderID: orderID, kind: kind,
                problem: trim(draft.problem), requiredAction: trim(draft.requiredAction), customerName: trim(draft.customerName),
                customerPhone: trim(draft.customerPhone), handedOverBy: handover ? principal.user?.id : nil,
                fault: draft.fault ?? kind.defaultFault,
                details: (draft.details ?? [:]).merging(draft.refundAmount.map { ["requested_refund": "\($0)"] } ?? [:]) { old, _ in old },
                refundAmount: 0,
                cashbackAmount: draft.cashbackAmount ?? 0, ownerID: handover ? nil : principal.user?.id, createdAt: now)
            item.id = try await cases.insert(item, at: now, on: connection)
            try await events.append(principal.event(handover ? "after_sales.handed_over" : "after_sales.opened", entity: "after_sales",
                                                    id: "\(item.id)",
                                                    after: Snapshot.json(["number": item.number, "kind": kind.rawValue, "order_id": "\(orderID)",
                                                                          "customer_told": handover ? "true" : nil]), at: now), on: connection)
            try await events.append(principal.event("order.after_sales_opened", entity: "order", id: "\(orderID)",
                                                    after: Snapshot.json(["case": item.number, "kind": kind.rawValue]), at: now), on: connection)
            return item
        }
    }

    public func get(id: Int64, by principal: Principal) async throws -> AfterSalesCase {
        try principal.require(.ordersView)
        guard let item = try await database.read({ try await cases.find(id: id, on: $0) }) else { throw ServiceError.notFound(entity: "after_sales_case") }
        return item
    }

    public func list(status: AfterSalesCase.Status? = nil, orderID: Int64? = nil, payoutDue: Bool = false, limit: Int = 50, offset: Int = 0,
                     by principal: Principal) async throws -> (cases: [AfterSalesCase], total: Int) {
        try principal.require(.ordersView)
        return try await database.read {
            try await cases.list(status: status, orderID: orderID, payoutDue: payoutDue, limit: limit, offset: offset, on: $0)
        }
    }

    public func history(id: Int64, by principal: Principal) async throws -> [Event] {
        try principal.require(.ordersView)
        return try await database.read { connection in
            guard try await cases.find(id: id, on: connection) != nil else { throw ServiceError.notFound(entity: "after_sales_case") }
            return try await events.list(EventFilter(entity: "after_sales", entityID: "\(id)"), limit: 500, on: connection).events.reversed()
        }
    }

    /// Moves a case to another status (waiting for the customer or carrier, resolved, closed).
    public func move(id: Int64, to status: AfterSalesCase.Status, expectedVersion: Int64?, by principal: Principal) async throws -> AfterSalesCase {
        try await change(id: id, expectedVersion: expectedVersion, by: principal, kind: "after_sales.status_changed",
                         detail: ["status": status.rawValue]) { item, _, _ in
            guard AfterSalesStateMachine.canMove(from: item.status, to: status) else {
                throw ServiceError.invalidState(current: item.status.rawValue, allowed: AfterSalesStateMachine.allowed(from: item.status).map(\.rawValue))
            }
            item.status = status
        }
    }

    /// Sends the goods again: a new shipment on the case's order (R-AS-2, R-AS-3).
    public func reship(id: Int64, carrier: String?, trackingNumber: String?, by principal: Principal) async throws -> AfterSalesCase {
        let carrier = (carrier ?? "").trimmingCharacters(in: .whitespaces), tracking = (trackingNumber ?? "").trimmingCharacters(in: .whitespaces)
        var problems: [FieldError] = []
        if carrier.isEmpty { problems.append(FieldError(field: "carrier", code: "error.required")) }
        if tracking.isEmpty { problems.append(FieldError(field: "tracking_number", code: "error.required")) }
        guard problems.isEmpty else { throw ServiceError.validation(problems) }
        return try await change(id: id, expectedVersion: nil, by: principal, kind: "after_sales.reshipped",
                                detail: ["carrier": carrier, "tracking_number": tracking]) { item, connection, now in
            try Self.requireOpen(item)
            _ = try await records.addShipment(orderID: item.orderID, carrier: carrier, trackingNumber: tracking, by: principal.user?.id,
                                              at: now, on: connection)
            try await events.append(principal.event("order.reshipped", entity: "order", id: "\(item.orderID)",
                                                    after: Snapshot.json(["case": item.number, "carrier": carrier, "tracking_number": tracking]),
                                                    at: now), on: connection)
        }
    }

    /// Refunds money to the customer: recorded on the order as a negative payment and on the case.
    public func refund(id: Int64, amount: Int64?, reference: String?, by principal: Principal) async throws -> AfterSalesCase {
        guard let amount, amount > 0 else {
            throw ServiceError.validation([FieldError(field: "amount", code: amount == nil ? "error.required" : "error.must_be_positive")])
        }
        return try await change(id: id, expectedVersion: nil, by: principal, kind: "after_sales.refunded", detail: ["amount": "\(amount)"]) { item, connection, now in
            try Self.requireOpen(item)
            try await addPayment(orderID: item.orderID, amount: -amount, reference: reference ?? item.number, by: principal, at: now, on: connection)
            item.refundAmount += amount
        }
    }

    /// Records that the customer confirmed receipt; the cash-back clock starts (R-AS-5).
    public func confirmReceipt(id: Int64, by principal: Principal) async throws -> AfterSalesCase {
        try await change(id: id, expectedVersion: nil, by: principal, kind: "after_sales.receipt_confirmed") { item, _, now in
            guard item.receiptConfirmedAt == nil else { throw ServiceError.conflict(code: "error.already_done", currentVersion: item.version) }
            item.receiptConfirmedAt = now
        }
    }

    /// Pays the cash-back: only after receipt is confirmed; the event says whether it was within 72 h (R-AS-5).
    public func payOut(id: Int64, by principal: Principal) async throws -> AfterSalesCase {
        try await change(id: id, expectedVersion: nil, by: principal, kind: "after_sales.cashback_paid") { item, connection, now in
            guard item.cashbackAmount > 0 else { throw ServiceError.validation([FieldError(field: "cashback_amount", code: "error.must_be_positive")]) }
            guard let confirmed = item.receiptConfirmedAt else {
                throw ServiceError.validation([FieldError(field: "receipt_confirmed_at", code: "error.receipt_not_confirmed")])
            }
            guard item.paidOutAt == nil else { throw ServiceError.conflict(code: "error.already_done", currentVersion: item.version) }
            try await addPayment(orderID: item.orderID, amount: -item.cashbackAmount, reference: item.number, by: principal, at: now, on: connection)
            item.paidOutAt = now
            if cashback.isLate(receiptConfirmedAt: confirmed, now: now) { item.details["paid_late"] = "true" }
        }
    }

    // MARK: - Plumbing

    private static func requireOpen(_ item: AfterSalesCase) throws {
        if item.status == .closed { throw ServiceError.invalidState(current: item.status.rawValue, allowed: []) }
    }

    private func addPayment(orderID: Int64, amount: Int64, reference: String, by principal: Principal, at now: Date, on connection: any SQLConnection) async throws {
        guard var order = try await orders.find(id: orderID, on: connection) else { throw ServiceError.notFound(entity: "order") }
        _ = try await records.addPayment(orderID: orderID, method: .online, amount: amount, reference: reference, by: principal.user?.id, at: now, on: connection)
        let version = order.version
        order.paid += amount
        _ = try await orders.update(order, expectedVersion: version, at: now, on: connection)
        try await events.append(principal.event("order.payment_recorded", entity: "order", id: "\(orderID)",
                                                after: Snapshot.json(["amount": "\(amount)", "reference": reference]), at: now), on: connection)
    }

    private func change(
        id: Int64, expectedVersion: Int64?, by principal: Principal, kind: String, detail: [String: String?] = [:],
        _ mutate: @escaping @Sendable (inout AfterSalesCase, any SQLConnection, Date) async throws -> Void
    ) async throws -> AfterSalesCase {
        try principal.require(.afterSalesManage)
        let now = clock.now
        let rule = cashback
        do {
            return try await database.transaction { connection in
                guard let before = try await cases.find(id: id, on: connection) else { throw ServiceError.notFound(entity: "after_sales_case") }
                if let expectedVersion, expectedVersion != before.version {
                    throw ServiceError.conflict(code: "error.stale_version", currentVersion: before.version)
                }
                var after = before
                try await mutate(&after, connection, now)
                after.version = try await cases.update(after, cashbackDueAt: after.receiptConfirmedAt.map { rule.dueAt(receiptConfirmedAt: $0) },
                                                       expectedVersion: before.version, at: now, on: connection)
                try await events.append(principal.event(kind, entity: "after_sales", id: "\(id)",
                                                        before: Snapshot.json(["status": before.status.rawValue]),
                                                        after: Snapshot.json(detail.merging(["status": after.status.rawValue]) { old, _ in old }),
                                                        at: now), on: connection)
                return after
            }
        } catch let StoreError.staleVersion(_, _, current) {
            throw ServiceError.conflict(code: "error.stale_version", currentVersion: current)
        }
    }
}
