import Foundation

/// Where an order came from (R-ORD-1).
public enum OrderChannel: String, Codable, CaseIterable, Sendable {
    case taobao, jd, pdd, web, phone, email, other

    /// Platform channels carry the platform's own order number, unique per channel.
    public var isPlatform: Bool { [.taobao, .jd, .pdd].contains(self) }
}

/// How the customer pays (R-ORD-5).
public enum PaymentMethod: String, Codable, CaseIterable, Sendable {
    case memberCard = "member_card"
    case cod
    case online
    case mixed
}

/// The person who ordered.
public struct OrderCustomer: Codable, Equatable, Sendable {
    public var name: String
    public var phone: String

    public init(name: String, phone: String) {
        self.name = name
        self.phone = phone
    }
}

/// A delivery address in the shape Chinese platforms export.
public struct DeliveryAddress: Codable, Equatable, Sendable {
    public var recipient: String
    public var phone: String
    public var province: String
    public var city: String
    public var district: String
    public var line: String

    public init(recipient: String, phone: String, province: String, city: String, district: String, line: String) {
        self.recipient = recipient
        self.phone = phone
        self.province = province
        self.city = city
        self.district = district
        self.line = line
    }

    /// The address on one line, as written on a parcel.
    public var formatted: String { province + city + district + line }
}

/// One line of an order. Prices are integer fen.
public struct OrderItem: Codable, Equatable, Sendable {
    public var sku: String
    public var name: String
    public var quantity: Int
    public var unitPrice: Int64

    public init(sku: String, name: String, quantity: Int, unitPrice: Int64) {
        self.sku = sku
        self.name = name
        self.quantity = quantity
        self.unitPrice = unitPrice
    }

    public var amount: Int64 { Int64(quantity) * unitPrice }
}

/// An order: everything about it that is state. Its history lives in events (R-ORD-19).
public struct Order: Codable, Equatable, Sendable {
    public var id: Int64
    public var number: String
    public var channel: OrderChannel
    public var externalNumber: String?
    public var customer: OrderCustomer
    public var address: DeliveryAddress
    public var items: [OrderItem]
    public var paymentMethod: PaymentMethod
    public var status: OrderStatus
    /// Sum of recorded payments, in fen.
    public var paid: Int64
    public var enteredBy: Int64?
    public var reviewedBy: Int64?
    /// The reason of the last rejection, shown to the enterer until resubmitted.
    public var rejectionReason: String?
    /// The phone confirmation of a phone or web-COD order (R-ORD-3, R-ORD-5).
    public var confirmedAt: Date?
    public var paidAt: Date?
    /// When the ship-by clock started (R-ORD-12): payment in full, or approval for cash on delivery.
    public var shipClockAt: Date?
    public var held: Bool
    public var version: Int64
    public var createdAt: Date

    public init(
        id: Int64, number: String, channel: OrderChannel, externalNumber: String?, customer: OrderCustomer,
        address: DeliveryAddress, items: [OrderItem], paymentMethod: PaymentMethod, status: OrderStatus, paid: Int64 = 0,
        enteredBy: Int64?, reviewedBy: Int64? = nil, rejectionReason: String? = nil, confirmedAt: Date? = nil,
        paidAt: Date? = nil, shipClockAt: Date? = nil, held: Bool = false, version: Int64 = 1, createdAt: Date
    ) {
        self.id = id
        self.number = number
        self.channel = channel
        self.externalNumber = externalNumber
        self.customer = customer
        self.address = address
        self.items = items
        self.paymentMethod = paymentMethod
        self.status = status
        self.paid = paid
        self.enteredBy = enteredBy
        self.reviewedBy = reviewedBy
        self.rejectionReason = rejectionReason
        self.confirmedAt = confirmedAt
        self.paidAt = paidAt
        self.shipClockAt = shipClockAt
        self.held = held
        self.version = version
        self.createdAt = createdAt
    }

    /// The order total in fen.
    public var total: Int64 { items.reduce(0) { $0 + $1.amount } }

    /// Money still owed (R-ORD-6); zero when paid in full or overpaid.
    public var outstanding: Int64 { max(0, total - paid) }

    /// Money paid beyond the total (R-ORD-7).
    public var overpaid: Int64 { max(0, paid - total) }
}
