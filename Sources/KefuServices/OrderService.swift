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
        do {
            return try await database.transaction { connection in
                var order = entered
                let sequence = try await orders.nextSequence(dayKey: dayKey, on: connection)
                order.number = OrderNumber.make(day: now, sequence: sequence, timeZone: timeZone)
                order.id = try await orders.insert(order, at: now, on: connection)
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

    public func list(_ filter: OrderFilter, limit: Int = 50, offset: Int = 0, by principal: Principal) async throws -> (orders: [Order], total: Int) {
        try principal.require(.ordersView)
        let now = clock.now
        let filter = filter.at(now, deadlines: deadlines)
        let known = counts.value(for: filter, now: now)
        let result = try await database.read { try await orders.list(filter, limit: limit, offset: offset, knownTotal: known, on: $0) }
        if known == nil { counts.store(result.total, for: filter, now: now) }
        return result
    }

    /// How many orders are on each list now, for the tabs and the navigation.
    public func counts(by principal: Principal) async throws -> [OrderFilter.List: Int] {
        try principal.require(.ordersView)
        let now = clock.now
        let deadlines = self.deadlines
        let cache = counts
        return try await database.read { connection in
            var result: [OrderFilter.List: Int] = [:]
            for list in OrderFilter.List.allCases {
                let filter = OrderFilter(list: list).at(now, deadlines: deadlines)
                if let known = cache.value(for: filter, now: now) {
                    result[list] = known
                } else {
                    let total = try await orders.count(filter, on: connection)
                    cache.store(total, for: filter, now: now)
                    result[list] = total
                }
            }
            return result
        }
    }

    /// Unpaid balances per customer for orders unpaid for 3 days (setting) or more (R-ORD-6). Phones are masked
    /// for people without `pii.view`.
    public func unpaidSummary(by principal: Principal) async throws -> [UnpaidBalance] {
        try principal.require(.ordersView)
        let cutoff = clock.now.addingTimeInterval(-deadlines.unpaidSummaryAfter)
        let lines = try await database.read { try await orders.unpaidByCustomer(olderThan: cutoff, on: $0) }
        return lines.map { line in
            var line = line
            line.customerPhone = PII.phone(line.customerPhone, for: principal.permissions)
            return line
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

    /// Ships an approved order: carrier and tracking number are required (R-ORD-13).
    public func ship(id: Int64, carrier: String?, trackingNumber: String?, expectedVersion: Int64?, by principal: Principal) async throws -> Order {
        try principal.require(.ordersShip)
        let carrier = (carrier ?? "").trimmingCharacters(in: .whitespaces)
        let tracking = (trackingNumber ?? "").trimmingCharacters(in: .whitespaces)
        var problems: [FieldError] = []
        if carrier.isEmpty { problems.append(FieldError(field: "carrier", code: "error.required")) }
        if tracking.isEmpty { problems.append(FieldError(field: "tracking_number", code: "error.required")) }
        guard problems.isEmpty else { throw ServiceError.validation(problems) }
        let now = clock.now
        return try await change(id: id, action: .ship, expectedVersion: expectedVersion, by: principal, kind: "order.shipped",
                                detail: ["carrier": carrier, "tracking_number": tracking], shippedAt: now) { order, connection in
            _ = try await records.addShipment(orderID: order.id, carrier: carrier, trackingNumber: tracking,
                                              by: principal.user?.id, at: now, on: connection)
        }
    }

    /// Appends a carrier status update to the order's latest shipment (R-ORD-13).
    public func addTrackingEvent(id: Int64, status: String?, description: String?, at instant: Date?, by principal: Principal) async throws -> TrackingEvent {
        try principal.require(.ordersShip)
        var problems: [FieldError] = []
        let parsed = status.flatMap(TrackingEvent.Status.init(rawValue:))
        if parsed == nil { problems.append(FieldError(field: "status", code: status == nil ? "error.required" : "error.unknown_value")) }
        if (description ?? "").trimmingCharacters(in: .whitespaces).isEmpty { problems.append(FieldError(field: "description", code: "error.required")) }
        guard problems.isEmpty, let parsed, let description else { throw ServiceError.validation(problems) }
        let now = clock.now
        return try await database.transaction { connection in
            guard let shipment = try await records.shipments(orderID: id, on: connection).last else {
                let order = try await orders.find(id: id, on: connection)
                guard let order else { throw ServiceError.notFound(entity: "order") }
                throw ServiceError.invalidState(current: order.status.rawValue, allowed: OrderStateMachine.allowed(from: order.status, held: order.held).map(\.rawValue))
            }
            let event = try await records.addTrackingEvent(shipmentID: shipment.id, at: instant ?? now, status: parsed,
                                                           description: description, by: principal.user?.id, on: connection)
            try await events.append(principal.event(event.needsFollowUp ? "order.tracking_exception" : "order.tracking_updated",
                                                    entity: "order", id: "\(id)",
                                                    after: Snapshot.json(["status": parsed.rawValue, "description": description]), at: now),
                                    on: connection)
            return event
        }
    }

    /// Records proof of delivery (R-ORD-14).
    public func deliver(id: Int64, proof: String?, expectedVersion: Int64?, by principal: Principal) async throws -> Order {
        try principal.require(.ordersShip)
        let now = clock.now
        return try await change(id: id, action: .deliver, expectedVersion: expectedVersion, by: principal, kind: "order.delivered",
                                detail: ["proof": proof], deliveredAt: now) { order, connection in
            try await records.markDelivered(orderID: order.id, proof: proof, at: now, on: connection)
        }
    }

    /// Completes a delivered order once the customer confirmed receipt (R-ORD-14).
    public func complete(id: Int64, expectedVersion: Int64?, by principal: Principal) async throws -> Order {
        try principal.require(.ordersCreate)
        return try await change(id: id, action: .complete, expectedVersion: expectedVersion, by: principal, kind: "order.completed",
                                completedAt: clock.now) { _, _ in }
    }

    /// Archives a completed order with all its history for later query and statistics (R-ORD-14).
    public func archive(id: Int64, expectedVersion: Int64?, by principal: Principal) async throws -> Order {
        try principal.require(.ordersReview)
        return try await change(id: id, action: .archive, expectedVersion: expectedVersion, by: principal, kind: "order.archived") { _, _ in }
    }

    public func cancel(id: Int64, reason: String?, expectedVersion: Int64?, by principal: Principal) async throws -> Order {
        try principal.require(.ordersReview)
        let reason = (reason ?? "").trimmingCharacters(in: .whitespaces)
        guard !reason.isEmpty else { throw ServiceError.validation([FieldError(field: "reason", code: "error.reason_required")]) }
        let now = clock.now
        return try await change(id: id, action: .cancel, expectedVersion: expectedVersion, by: principal, kind: "order.cancelled",
                                detail: ["reason": reason]) { order, connection in
            // A cancelled order's open hold is over too, and what its approval reserved goes back into stock.
            _ = try await records.releaseHold(orderID: order.id, by: principal.user?.id, at: now, on: connection)
            if order.status == .approved {
                for item in order.items { try await catalog.restock(sku: item.sku, quantity: item.quantity, on: connection) }
            }
        }
    }

    // MARK: - One change, one transaction, one event

    /// Applies a state-machine action: checks the version and the transition, lets `mutate` (which sees the state before
    /// the action) do the rest, then saves and records.
    private func change(
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

    private func update(
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
