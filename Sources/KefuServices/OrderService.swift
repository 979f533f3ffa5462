import Foundation
import KefuDomain
import KefuStore

/// The order desk: entry, review by a second person, payments, notes, holds, shipping, delivery,
/// completion and archive (R-ORD-1…14, 19). Every change is one transaction with its event.
public struct OrderService: Sendable {
    let database: any Database
    let clock: any Clock
    let timeZone: TimeZone
    public let deadlines: OrderDeadlines
    public let reminders = ReminderRules()
    /// List totals, remembered briefly: counting tens of thousands of index entries on every page view is the
    /// largest cost of a list with millions of orders. Dropped at once on this instance's own changes.
    let counts = CountCache(lifetime: 2)
    let orders = OrderRepository()
    let records = OrderRecordRepository()
    let catalog = CatalogRepository()
    let events = EventLog()

    public init(database: any Database, clock: any Clock, timeZone: TimeZone, deadlines: OrderDeadlines = OrderDeadlines()) {
        self.database = database
        self.clock = clock
        self.timeZone = timeZone
        self.deadlines = deadlines
    }

    /// Enters an order. Every missing or wrong field is reported at once (R-ORD-2). A phone order must have
    /// been read back to the caller and confirmed (R-ORD-3).
    public func create(_ draft: OrderDraft, confirmed: Bool = false, by principal: Principal) async throws -> Order {
        try principal.require(.ordersCreate)
        let skus = (draft.items ?? []).compactMap(\.sku)
        let products = try await database.read { try await catalog.products(skus: skus, on: $0) }
        var problems = draft.problems(prices: products.mapValues(\.price))
        if draft.channel == .phone, !confirmed {
            problems.append(FieldError(field: "confirmed", code: "error.read_back_required"))
        }
        guard problems.isEmpty, let channel = draft.channel, let customer = draft.customer, let address = draft.address,
              let method = draft.paymentMethod
        else { throw ServiceError.validation(problems) }
        let now = clock.now
        let items = (draft.items ?? []).map { item in
            let product = products[item.sku ?? ""]
            return OrderItem(sku: item.sku ?? "", name: product?.name ?? "", quantity: item.quantity ?? 0,
                             unitPrice: item.unitPrice ?? product?.price ?? 0)
        }
        let trim = { (text: String?) in (text ?? "").trimmingCharacters(in: .whitespaces) }
        let entered = Order(
            id: 0, number: "", channel: channel, externalNumber: draft.externalNumber.flatMap { $0.isEmpty ? nil : $0 },
            customer: OrderCustomer(name: trim(customer.name), phone: trim(customer.phone)),
            address: DeliveryAddress(recipient: trim(address.recipient), phone: trim(address.phone), province: trim(address.province),
                                     city: trim(address.city), district: trim(address.district), line: trim(address.line)),
            items: items, paymentMethod: method, status: .pendingReview, enteredBy: principal.user?.id,
            confirmedAt: confirmed ? now : nil, createdAt: now)
        let dayKey = OrderNumber.dayKey(now, timeZone: timeZone)
        let orders = self.orders
        let numbers = DaySequence(database: database, counter: .orders)
        let reserved = try await numbers.reserve(dayKey: dayKey)
        do {
            return try await database.transaction { connection in
                var order = entered
                let sequence = try await numbers.take(reserved, dayKey: dayKey, on: connection)
                order.number = OrderNumber.make(day: now, sequence: sequence, timeZone: timeZone)
                order.id = try await orders.insert(order, at: now, on: connection)
                try await MemberRepository().linkOrder(id: order.id, phone: order.customer.phone, on: connection)
                try await events.append(principal.event("order.created", entity: "order", id: "\(order.id)",
                                                        after: Snapshot.order(order), at: now), on: connection)
                counts.invalidate()
                return order
            }
        } catch StoreError.duplicate {
            throw ServiceError.validation([FieldError(field: "external_number", code: "error.duplicate_external_number")])
        }
    }

    public func get(id: Int64, by principal: Principal) async throws -> OrderDetail {
        try principal.require(.ordersView)
        return try await database.read { connection in
            guard let order = try await orders.find(id: id, on: connection) else { throw ServiceError.notFound(entity: "order") }
            return OrderDetail(
                order: order, payments: try await records.payments(orderID: id, on: connection),
                notes: try await records.notes(orderID: id, on: connection), holds: try await records.holds(orderID: id, on: connection),
                shipments: try await records.shipments(orderID: id, on: connection),
                allowedActions: OrderStateMachine.allowed(from: order.status, held: order.held))
        }
    }

    /// The order's history, oldest first (R-ORD-19).
    public func history(id: Int64, by principal: Principal) async throws -> [Event] {
        try principal.require(.ordersView)
        return try await database.read { connection in
            guard try await orders.find(id: id, on: connection) != nil else { throw ServiceError.notFound(entity: "order") }
            return try await events.list(EventFilter(entity: "order", entityID: "\(id)"), limit: 1000, on: connection).events.reversed()
        }
    }

    /// Approves or rejects an entered order. The reviewer must not be the person who entered it, a rejection
    /// needs a reason, and approval checks stock and, for web cash-on-delivery, the phone confirmation (R-ORD-4, R-ORD-5).
    public func review(id: Int64, approve: Bool, reason: String?, expectedVersion: Int64?, by principal: Principal) async throws -> Order {
        try principal.require(.ordersReview)
        let reason = reason?.trimmingCharacters(in: .whitespacesAndNewlines)
        if !approve, (reason ?? "").isEmpty {
            throw ServiceError.validation([FieldError(field: "reason", code: "error.reason_required")])
        }
        return try await change(id: id, action: approve ? .approve : .reject, expectedVersion: expectedVersion, by: principal,
                                kind: approve ? "order.approved" : "order.rejected", detail: ["reason": reason]) { order, connection in
            if let enteredBy = order.enteredBy, enteredBy == principal.user?.id {
                throw ServiceError.forbidden(.ordersReview)
            }
            order.reviewedBy = principal.user?.id
            if approve {
                var problems: [FieldError] = []
                if order.channel == .web, order.paymentMethod == .cod, order.confirmedAt == nil {
                    problems.append(FieldError(field: "confirmed", code: "error.cod_unconfirmed"))
                }
                // Approval reserves the stock; the transaction rolls back every reservation if one line falls short.
                let stock = try await catalog.products(skus: order.items.map(\.sku), on: connection)
                for (index, item) in order.items.enumerated() {
                    if try await !catalog.reserve(sku: item.sku, quantity: item.quantity, on: connection) {
                        problems.append(FieldError(field: "items[\(index)].quantity", code: "error.insufficient_stock",
                                                   arguments: ["sku": item.sku, "stock": "\(stock[item.sku]?.stock ?? 0)"]))
                    }
                }
                guard problems.isEmpty else { throw ServiceError.validation(problems) }
                order.rejectionReason = nil
                // Cash on delivery is payable once approved: the ship-by clock starts now (R-ORD-12).
                if order.paymentMethod == .cod, order.shipClockAt == nil { order.shipClockAt = clock.now }
            } else {
                order.rejectionReason = reason
            }
        }
    }

    /// Sends a corrected, rejected order back for review.
    public func resubmit(id: Int64, expectedVersion: Int64?, by principal: Principal) async throws -> Order {
        try principal.require(.ordersCreate)
        return try await change(id: id, action: .resubmit, expectedVersion: expectedVersion, by: principal, kind: "order.resubmitted") { order, _ in
            order.rejectionReason = nil
        }
    }

    /// Records that the customer confirmed the order on the phone (R-ORD-3, R-ORD-5).
    public func confirm(id: Int64, by principal: Principal) async throws -> Order {
        try principal.require(.ordersCreate)
        return try await update(id: id, expectedVersion: nil, by: principal, kind: "order.confirmed") { order, _ in
            guard [.pendingReview, .rejected, .approved].contains(order.status) else {
                throw ServiceError.invalidState(current: order.status.rawValue,
                                                allowed: OrderStateMachine.allowed(from: order.status, held: order.held).map(\.rawValue))
            }
            order.confirmedAt = clock.now
        }
    }

    /// Records a payment; the order counts as paid when payments reach the total (R-ORD-5, R-ORD-7).
    public func recordPayment(id: Int64, method: Payment.Method?, amount: Int64?, reference: String?, by principal: Principal) async throws -> Order {
        try principal.require(.ordersCreate)
        var problems: [FieldError] = []
        if method == nil { problems.append(FieldError(field: "method", code: "error.required")) }
        if amount == nil || amount == 0 { problems.append(FieldError(field: "amount", code: amount == nil ? "error.required" : "error.must_not_be_zero")) }
        guard problems.isEmpty, let method, let amount else { throw ServiceError.validation(problems) }
        let now = clock.now
        return try await update(id: id, expectedVersion: nil, by: principal, kind: "order.payment_recorded",
                                detail: ["method": method.rawValue, "amount": "\(amount)", "reference": reference]) { order, connection in
            guard ![.cancelled, .archived].contains(order.status) else {
                throw ServiceError.invalidState(current: order.status.rawValue, allowed: [])
            }
            _ = try await records.addPayment(orderID: order.id, method: method, amount: amount, reference: reference,
                                             by: principal.user?.id, at: now, on: connection)
            order.paid += amount
            if order.paid >= order.total, order.paidAt == nil {
                order.paidAt = now
                if order.shipClockAt == nil { order.shipClockAt = now }
                try await creditChase(order, at: now, on: connection)
            }
        }
    }

    /// Adds a flag note; notes are never edited, only added (R-ORD-9).
    public func addNote(id: Int64, flag: String?, content: String?, handling: String?, by principal: Principal) async throws -> FlagNote {
        try principal.require(.ordersView)
        let problems = FlagNote.problems(flag: flag, content: content, handling: handling)
        guard problems.isEmpty, let flag = flag.flatMap(FlagNote.Flag.init(rawValue:)), let content, let handling else {
            throw ServiceError.validation(problems)
        }
        let now = clock.now
        return try await database.transaction { connection in
            guard try await orders.find(id: id, on: connection) != nil else { throw ServiceError.notFound(entity: "order") }
            let note = try await records.addNote(orderID: id, flag: flag, content: content, handling: handling,
                                                 by: principal.user?.id, at: now, on: connection)
            try await events.append(principal.event("order.note_added", entity: "order", id: "\(id)",
                                                    after: Snapshot.json(["flag": flag.rawValue, "content": content, "handling": handling]),
                                                    at: now), on: connection)
            return note
        }
    }

    /// Holds an order with a reason and optionally a release day or a named owner (R-ORD-10).
    public func hold(id: Int64, reason: String?, releaseOn: String?, ownerID: Int64?, expectedVersion: Int64?, by principal: Principal) async throws -> Order {
        try principal.require(.ordersCreate)
        var problems: [FieldError] = []
        let reason = (reason ?? "").trimmingCharacters(in: .whitespaces)
        if reason.isEmpty { problems.append(FieldError(field: "reason", code: "error.reason_required")) }
        if let releaseOn, !releaseOn.isEmpty, LocalDate(releaseOn) == nil { problems.append(FieldError(field: "release_on", code: "error.date_format")) }
        guard problems.isEmpty else { throw ServiceError.validation(problems) }
        let now = clock.now
        let day = releaseOn.flatMap { $0.isEmpty ? nil : $0 }
        return try await change(id: id, action: .hold, expectedVersion: expectedVersion, by: principal, kind: "order.held",
                                detail: ["reason": reason, "release_on": day, "owner_id": ownerID.map { "\($0)" }]) { order, connection in
            _ = try await records.placeHold(orderID: order.id, reason: reason, releaseOn: day, ownerID: ownerID,
                                            by: principal.user?.id, at: now, on: connection)
        }
    }

    public func release(id: Int64, expectedVersion: Int64?, by principal: Principal) async throws -> Order {
        try principal.require(.ordersCreate)
        let now = clock.now
        return try await change(id: id, action: .release, expectedVersion: expectedVersion, by: principal, kind: "order.released") { order, connection in
            _ = try await records.releaseHold(orderID: order.id, by: principal.user?.id, at: now, on: connection)
        }
    }

    // MARK: - One change, one transaction, one event

    /// Applies a state-machine action: checks the version and the transition, lets `mutate` (which sees the state before
    /// the action) do the rest, then saves and records.
    func change(
        id: Int64, action: OrderAction, expectedVersion: Int64?, by principal: Principal, kind: String, detail: [String: String?] = [:],
        shippedAt: Date? = nil, deliveredAt: Date? = nil, completedAt: Date? = nil,
        _ mutate: @escaping @Sendable (inout Order, any SQLConnection) async throws -> Void
    ) async throws -> Order {
        try await update(id: id, expectedVersion: expectedVersion, by: principal, kind: kind, detail: detail,
                         shippedAt: shippedAt, deliveredAt: deliveredAt, completedAt: completedAt) { order, connection in
            switch OrderStateMachine.apply(action, to: order.status, held: order.held) {
            case .success(let (status, held)):
                // `mutate` still sees the state before the action.
                try await mutate(&order, connection)
                order.status = status
                order.held = held
            case .failure(let error):
                throw ServiceError.invalidState(current: error.current.rawValue + (error.held ? "+held" : ""), allowed: error.allowed.map(\.rawValue))
            }
        }
    }

    func update(
        id: Int64, expectedVersion: Int64?, by principal: Principal, kind: String, detail: [String: String?] = [:],
        shippedAt: Date? = nil, deliveredAt: Date? = nil, completedAt: Date? = nil,
        _ mutate: @escaping @Sendable (inout Order, any SQLConnection) async throws -> Void
    ) async throws -> Order {
        let now = clock.now
        do {
            return try await database.transaction { connection in
                guard let before = try await orders.find(id: id, on: connection) else { throw ServiceError.notFound(entity: "order") }
                if let expectedVersion, expectedVersion != before.version {
                    throw ServiceError.conflict(code: "error.stale_version", currentVersion: before.version)
                }
                var after = before
                try await mutate(&after, connection)
                after.version = try await orders.update(after, expectedVersion: before.version, at: now, on: connection,
                                                        shippedAt: shippedAt, deliveredAt: deliveredAt, completedAt: completedAt)
                var snapshot = Snapshot.order(after)
                if !detail.isEmpty { snapshot = Snapshot.json(detail.merging(["status": after.status.rawValue]) { old, _ in old }) }
                try await events.append(principal.event(kind, entity: "order", id: "\(id)", before: Snapshot.order(before),
                                                        after: snapshot, at: now), on: connection)
                counts.invalidate()
                return after
            }
        } catch let StoreError.staleVersion(_, _, current) {
            throw ServiceError.conflict(code: "error.stale_version", currentVersion: current)
        }
    }
}
