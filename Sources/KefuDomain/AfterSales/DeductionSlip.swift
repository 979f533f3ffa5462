import Foundation

/// A deduction slip (扣款单, R-ORD-17): when a supplier fails to deliver, the refund is signed off by five parties
/// in a fixed order before it is paid.
public struct DeductionSlip: Codable, Equatable, Sendable {
    public enum Party: String, Codable, CaseIterable, Sendable {
        case deliveryCentre = "delivery_centre"
        case orderProcessing = "order_processing"
        case clearingAccountant = "clearing_accountant"
        case director
        case finance
    }

    public struct SignOff: Codable, Equatable, Sendable {
        public var party: Party
        public var userID: Int64?
        public var userLogin: String?
        public var at: Date
        public var comment: String?

        public init(party: Party, userID: Int64?, userLogin: String?, at: Date, comment: String?) {
            self.party = party
            self.userID = userID
            self.userLogin = userLogin
            self.at = at
            self.comment = comment
        }
    }

    public var id: Int64
    public var orderID: Int64
    public var supplierID: Int64?
    public var amount: Int64
    public var reason: String
    public var signOffs: [SignOff]
    public var paidAt: Date?
    public var version: Int64
    public var createdAt: Date

    public init(id: Int64, orderID: Int64, supplierID: Int64?, amount: Int64, reason: String, signOffs: [SignOff] = [],
                paidAt: Date? = nil, version: Int64 = 1, createdAt: Date) {
        self.id = id
        self.orderID = orderID
        self.supplierID = supplierID
        self.amount = amount
        self.reason = reason
        self.signOffs = signOffs
        self.paidAt = paidAt
        self.version = version
        self.createdAt = createdAt
    }

    /// The party whose sign-off comes next, or nil when all five have signed.
    public var nextParty: Party? {
        Party.allCases.first { party in !signOffs.contains { $0.party == party } }
    }

    /// Ready to pay once every party has signed, in order.
    public var isFullySigned: Bool { nextParty == nil }
}
