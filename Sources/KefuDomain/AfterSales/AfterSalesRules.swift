import Foundation

/// What opening a case needs: the order, the kind, the customer, the problem and the required action — the three
/// parts of a hand-over from pre-sales (R-AS-6) — plus the details of its kind (R-AS-2, R-AS-3).
public struct AfterSalesDraft: Codable, Equatable, Sendable {
    public var orderID: Int64?
    public var kind: AfterSalesCase.Kind?
    public var customerName: String?
    public var customerPhone: String?
    public var problem: String?
    public var requiredAction: String?
    public var fault: AfterSalesCase.Fault?
    public var details: [String: String]?
    public var refundAmount: Int64?
    public var cashbackAmount: Int64?

    public init(orderID: Int64?, kind: AfterSalesCase.Kind?, customerName: String?, customerPhone: String?, problem: String?,
                requiredAction: String?, fault: AfterSalesCase.Fault? = nil, details: [String: String]? = nil,
                refundAmount: Int64? = nil, cashbackAmount: Int64? = nil) {
        self.orderID = orderID
        self.kind = kind
        self.customerName = customerName
        self.customerPhone = customerPhone
        self.problem = problem
        self.requiredAction = requiredAction
        self.fault = fault
        self.details = details
        self.refundAmount = refundAmount
        self.cashbackAmount = cashbackAmount
    }

    /// Every problem with the draft.
    public func problems() -> [FieldError] {
        var errors: [FieldError] = []
        func required(_ value: String?, _ field: String) {
            if (value ?? "").trimmingCharacters(in: .whitespacesAndNewlines).isEmpty { errors.append(FieldError(field: field, code: "error.required")) }
        }
        if orderID == nil { errors.append(FieldError(field: "order_id", code: "error.required")) }
        if kind == nil { errors.append(FieldError(field: "kind", code: "error.required")) }
        required(customerName, "customer.name")
        required(customerPhone, "customer.phone")
        required(problem, "problem")
        required(requiredAction, "required_action")
        if let kind {
            let details = self.details ?? [:]
            for name in kind.requiredDetails { required(details[name], "details.\(name)") }
            for (name, allowed) in kind.choices {
                if let value = details[name], !value.isEmpty, !allowed.contains(value) {
                    errors.append(FieldError(field: "details.\(name)", code: "error.unknown_value", arguments: ["value": value]))
                }
            }
            if kind == .damagedParcel, let photos = details["photos"], !photos.isEmpty, !(Int(photos).map { (2...3).contains($0) } ?? false) {
                errors.append(FieldError(field: "details.photos", code: "error.range", arguments: ["min": "2", "max": "3"]))
            }
            if kind == .refund, (refundAmount ?? 0) <= 0 { errors.append(FieldError(field: "refund_amount", code: "error.must_be_positive")) }
            if kind == .priceDifference, (cashbackAmount ?? 0) <= 0 {
                errors.append(FieldError(field: "cashback_amount", code: "error.must_be_positive"))
            }
        }
        if let amount = refundAmount, amount < 0 { errors.append(FieldError(field: "refund_amount", code: "error.must_not_be_negative")) }
        if let amount = cashbackAmount, amount < 0 { errors.append(FieldError(field: "cashback_amount", code: "error.must_not_be_negative")) }
        return errors
    }
}

/// Cash-back and price differences are paid within 72 h after the customer confirms receipt (R-AS-5).
public struct CashbackRule: Sendable, Equatable {
    public var payWithin: TimeInterval

    public init(payWithinHours: Double = 72) {
        payWithin = payWithinHours * 3600
    }

    public func dueAt(receiptConfirmedAt: Date) -> Date { receiptConfirmedAt.addingTimeInterval(payWithin) }

    /// A payout may be made once receipt is confirmed; it is late after the deadline.
    public func isLate(receiptConfirmedAt: Date, now: Date) -> Bool { now > dueAt(receiptConfirmedAt: receiptConfirmedAt) }
}

/// The after-sales case life: open ↔ waiting (customer or carrier) → resolved → closed; a resolved case can be reopened.
public enum AfterSalesStateMachine {
    public static func allowed(from status: AfterSalesCase.Status) -> [AfterSalesCase.Status] {
        switch status {
        case .open: return [.waitingCustomer, .waitingCarrier, .resolved]
        case .waitingCustomer, .waitingCarrier: return [.open, .resolved]
        case .resolved: return [.open, .closed]
        case .closed: return []
        }
    }

    public static func canMove(from status: AfterSalesCase.Status, to target: AfterSalesCase.Status) -> Bool {
        allowed(from: status).contains(target)
    }
}
