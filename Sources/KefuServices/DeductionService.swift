import Foundation
import KefuDomain
import KefuStore

/// Deduction slips (R-ORD-17) and the abnormal re-order register (R-ORD-18).
public struct DeductionService: Sendable {
    let database: any Database
    let clock: any Clock
    let repository = AfterSalesRepository()
    let orders = OrderRepository()
    let records = OrderRecordRepository()
    let events = EventLog()

    public init(database: any Database, clock: any Clock) {
        self.database = database
        self.clock = clock
    }

    /// Who may sign for a party: the delivery centre and clearing/finance by department, order processing by
    /// `orders.review`, the director by the manager role. Admins and the system may sign for anyone.
    static func mayActFor(_ party: DeductionSlip.Party, _ principal: Principal) -> Bool {
        guard let user = principal.user, user.role != .admin else { return true }
        switch party {
        case .deliveryCentre: return user.department == .delivery
        case .orderProcessing: return user.permissions.contains(.ordersReview)
        case .clearingAccountant, .finance: return user.department == .finance
        case .director: return user.role == .manager
        }
    }

    public func create(orderID: Int64?, supplierID: Int64?, amount: Int64?, reason: String?, by principal: Principal) async throws -> DeductionSlip {
        try principal.require(.afterSalesManage)
        var problems: [FieldError] = []
        if orderID == nil { problems.append(FieldError(field: "order_id", code: "error.required")) }
        if (amount ?? 0) <= 0 { problems.append(FieldError(field: "amount", code: amount == nil ? "error.required" : "error.must_be_positive")) }
        let reason = (reason ?? "").trimmingCharacters(in: .whitespaces)
        if reason.isEmpty { problems.append(FieldError(field: "reason", code: "error.reason_required")) }
        guard problems.isEmpty, let orderID, let amount else { throw ServiceError.validation(problems) }
        let now = clock.now
        return try await database.transaction { connection in
            guard try await orders.find(id: orderID, on: connection) != nil else {
                throw ServiceError.validation([FieldError(field: "order_id", code: "error.unknown_value", arguments: ["value": "\(orderID)"])])
            }
            if let supplierID, try await CatalogRepository().supplier(id: supplierID, on: connection) == nil {
                throw ServiceError.validation([FieldError(field: "supplier_id", code: "error.unknown_value", arguments: ["value": "\(supplierID)"])])
            }
            let id = try await repository.insertSlip(orderID: orderID, supplierID: supplierID, amount: amount, reason: reason,
                                                     by: principal.user?.id, at: now, on: connection)
            try await events.append(principal.event("deduction.created", entity: "deduction_slip", id: "\(id)",
                                                    after: Snapshot.json(["order_id": "\(orderID)", "amount": "\(amount)", "reason": reason]),
                                                    at: now), on: connection)
            return try await repository.slip(id: id, on: connection)!
        }
    }

    public func get(id: Int64, by principal: Principal) async throws -> DeductionSlip {
        try principal.require(.ordersView)
        guard let slip = try await database.read({ try await repository.slip(id: id, on: $0) }) else { throw ServiceError.notFound(entity: "deduction_slip") }
        return slip
    }

    /// Signs for `party`, which must be the next in the fixed order; one person cannot sign twice (R-ORD-17).
    public func signOff(id: Int64, party: DeductionSlip.Party?, comment: String?, by principal: Principal) async throws -> DeductionSlip {
        guard let party else { throw ServiceError.validation([FieldError(field: "party", code: "error.required")]) }
        guard Self.mayActFor(party, principal) else { throw ServiceError.forbidden(nil) }
        let now = clock.now
        do {
            return try await signOff(id: id, party: party, comment: comment, by: principal, at: now)
        } catch StoreError.duplicate {
            // Someone signed for the same party at the same moment.
            throw ServiceError.conflict(code: "error.already_done", currentVersion: nil)
        }
    }

    private func signOff(id: Int64, party: DeductionSlip.Party, comment: String?, by principal: Principal, at now: Date) async throws -> DeductionSlip {
        try await database.transaction { connection in
            guard let slip = try await repository.slip(id: id, on: connection) else { throw ServiceError.notFound(entity: "deduction_slip") }
            guard slip.nextParty == party else {
                throw ServiceError.invalidState(current: slip.signOffs.last?.party.rawValue ?? "created",
                                                allowed: slip.nextParty.map { [$0.rawValue] } ?? [])
            }
            if let user = principal.user?.id, slip.signOffs.contains(where: { $0.userID == user }) {
                throw ServiceError.validation([FieldError(field: "party", code: "error.already_signed")])
            }
            try await repository.signOff(slipID: id, party: party, by: principal.user?.id, comment: comment, at: now, on: connection)
            try await events.append(principal.event("deduction.signed", entity: "deduction_slip", id: "\(id)",
                                                    after: Snapshot.json(["party": party.rawValue, "comment": comment]), at: now), on: connection)
            return try await repository.slip(id: id, on: connection)!
        }
    }

    /// Pays the refund once all five have signed: a negative payment on the order.
    public func pay(id: Int64, by principal: Principal) async throws -> DeductionSlip {
        guard Self.mayActFor(.finance, principal) else { throw ServiceError.forbidden(nil) }
        let now = clock.now
        return try await database.transaction { connection in
            guard let slip = try await repository.slip(id: id, on: connection) else { throw ServiceError.notFound(entity: "deduction_slip") }
            guard slip.isFullySigned, slip.paidAt == nil else {
                throw ServiceError.invalidState(current: slip.paidAt == nil ? (slip.signOffs.last?.party.rawValue ?? "created") : "paid",
                                                allowed: slip.nextParty.map { [$0.rawValue] } ?? [])
            }
            guard var order = try await orders.find(id: slip.orderID, on: connection) else { throw ServiceError.notFound(entity: "order") }
            _ = try await records.addPayment(orderID: order.id, method: .online, amount: -slip.amount, reference: "DS-\(id)",
                                             by: principal.user?.id, at: now, on: connection)
            let version = order.version
            order.paid -= slip.amount
            _ = try await orders.update(order, expectedVersion: version, at: now, on: connection)
            try await repository.markSlipPaid(id: id, at: now, on: connection)
            try await events.append(principal.event("deduction.paid", entity: "deduction_slip", id: "\(id)",
                                                    after: Snapshot.json(["amount": "\(slip.amount)"]), at: now), on: connection)
            return try await repository.slip(id: id, on: connection)!
        }
    }

    /// Records a re-order that moves money from a failed order to a new one (R-ORD-18).
    public func recordReorder(failedOrderID: Int64?, newOrderID: Int64?, amount: Int64?, by principal: Principal) async throws -> Reorder {
        try principal.require(.ordersCreate)
        var problems: [FieldError] = []
        if failedOrderID == nil { problems.append(FieldError(field: "failed_order_id", code: "error.required")) }
        if newOrderID == nil { problems.append(FieldError(field: "new_order_id", code: "error.required")) }
        if (amount ?? 0) <= 0 { problems.append(FieldError(field: "amount", code: amount == nil ? "error.required" : "error.must_be_positive")) }
        if let failedOrderID, failedOrderID == newOrderID { problems.append(FieldError(field: "new_order_id", code: "error.same_order")) }
        guard problems.isEmpty, let failedOrderID, let newOrderID, let amount else { throw ServiceError.validation(problems) }
        let now = clock.now
        return try await database.transaction { connection in
            guard let failed = try await orders.find(id: failedOrderID, on: connection) else {
                throw ServiceError.validation([FieldError(field: "failed_order_id", code: "error.unknown_value", arguments: ["value": "\(failedOrderID)"])])
            }
            guard try await orders.find(id: newOrderID, on: connection) != nil else {
                throw ServiceError.validation([FieldError(field: "new_order_id", code: "error.unknown_value", arguments: ["value": "\(newOrderID)"])])
            }
            try await repository.recordReorder(failedOrderID: failedOrderID, newOrderID: newOrderID, amount: amount,
                                               customerName: failed.customer.name, by: principal.user?.id, at: now, on: connection)
            for (orderID, role) in [(failedOrderID, "from"), (newOrderID, "to")] {
                try await events.append(principal.event("order.reordered", entity: "order", id: "\(orderID)",
                                                        after: Snapshot.json(["role": role, "failed_order_id": "\(failedOrderID)",
                                                                              "new_order_id": "\(newOrderID)", "amount": "\(amount)"]),
                                                        at: now), on: connection)
            }
            return try await repository.reorders(on: connection).first!
        }
    }

    public func reorders(by principal: Principal) async throws -> [Reorder] {
        try principal.require(.reportsView)
        return try await database.read { try await repository.reorders(on: $0) }
    }
}
