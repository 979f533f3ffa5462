import Foundation

/// An after-sales case (售后, R-AS-1): always about one order.
public struct AfterSalesCase: Codable, Equatable, Sendable {
    /// The kinds of case the after-sales desk handles (R-AS-1).
    public enum Kind: String, Codable, CaseIterable, Sendable {
        case `return`
        case exchange
        case refund
        case reship
        case priceDifference = "price_difference"
        case damagedParcel = "damaged_parcel"
        case lostParcel = "lost_parcel"
        case undeliverable
        case outOfArea = "out_of_area"
        case qualityProblem = "quality_problem"
    }

    public enum Status: String, Codable, CaseIterable, Sendable {
        case open
        case waitingCustomer = "waiting_customer"
        case waitingCarrier = "waiting_carrier"
        case resolved
        case closed
    }

    /// Whose fault it is decides who pays the shipping (R-AS-4).
    public enum Fault: String, Codable, CaseIterable, Sendable {
        case company
        case customer
        case carrier
    }

    public var id: Int64
    public var number: String
    public var orderID: Int64
    public var kind: Kind
    public var status: Status
    public var problem: String
    public var requiredAction: String
    public var customerName: String
    public var customerPhone: String
    /// The pre-sales agent who handed the case over (R-AS-6), if it came that way.
    public var handedOverBy: Int64?
    public var fault: Fault?
    /// The fields each kind needs (package state, carrier confirmation, cause …), by name.
    public var details: [String: String]
    /// Refund to the customer, in fen.
    public var refundAmount: Int64
    /// Cash-back / price difference to pay, in fen (R-AS-5).
    public var cashbackAmount: Int64
    public var receiptConfirmedAt: Date?
    public var paidOutAt: Date?
    public var ownerID: Int64?
    public var version: Int64
    public var createdAt: Date

    public init(
        id: Int64, number: String, orderID: Int64, kind: Kind, status: Status = .open, problem: String, requiredAction: String,
        customerName: String, customerPhone: String, handedOverBy: Int64? = nil, fault: Fault? = nil, details: [String: String] = [:],
        refundAmount: Int64 = 0, cashbackAmount: Int64 = 0, receiptConfirmedAt: Date? = nil, paidOutAt: Date? = nil,
        ownerID: Int64? = nil, version: Int64 = 1, createdAt: Date
    ) {
        self.id = id
        self.number = number
        self.orderID = orderID
        self.kind = kind
        self.status = status
        self.problem = problem
        self.requiredAction = requiredAction
        self.customerName = customerName
        self.customerPhone = customerPhone
        self.handedOverBy = handedOverBy
        self.fault = fault
        self.details = details
        self.refundAmount = refundAmount
        self.cashbackAmount = cashbackAmount
        self.receiptConfirmedAt = receiptConfirmedAt
        self.paidOutAt = paidOutAt
        self.ownerID = ownerID
        self.version = version
        self.createdAt = createdAt
    }
}

extension AfterSalesCase.Kind {
    /// The details a case of this kind must record before it is opened (R-AS-2, R-AS-3).
    public var requiredDetails: [String] {
        switch self {
        case .damagedParcel: return ["package_state", "extent", "count"]
        case .lostParcel: return ["carrier_confirmation"]
        case .undeliverable: return ["cause"]
        case .outOfArea: return ["resolution"]
        case .return, .exchange, .qualityProblem: return ["reason"]
        case .refund, .reship, .priceDifference: return []
        }
    }

    /// Allowed values for the details that are choices.
    public var choices: [String: [String]] {
        switch self {
        case .undeliverable: return ["cause": ["customer", "carrier"]]
        case .outOfArea: return ["resolution": ["reship_and_recall", "other_carrier", "self_pickup"]]
        default: return [:]
        }
    }

    /// Who pays both ways' shipping by default: the company when it is at fault (R-AS-4).
    public var defaultFault: AfterSalesCase.Fault? {
        switch self {
        case .qualityProblem, .damagedParcel, .lostParcel: return .company
        default: return nil
        }
    }
}
