import Foundation

/// A recorded payment (R-ORD-5). Payments are never edited; a correction is a negative payment.
public struct Payment: Codable, Equatable, Sendable {
    public enum Method: String, Codable, CaseIterable, Sendable {
        case online
        case memberCard = "member_card"
        case cod
    }

    public var id: Int64
    public var method: Method
    public var amount: Int64
    public var reference: String?
    public var recordedBy: Int64?
    public var at: Date

    public init(id: Int64, method: Method, amount: Int64, reference: String?, recordedBy: Int64?, at: Date) {
        self.id = id
        self.method = method
        self.amount = amount
        self.reference = reference
        self.recordedBy = recordedBy
        self.at = at
    }
}

/// A flag note (旗帜备注, R-ORD-9): colour, content, how to handle it, author and time; never edited.
public struct FlagNote: Codable, Equatable, Sendable {
    /// Red is pre-sales, blue after-sales (R-ORD-9); the others are for each shop to give meaning to.
    public enum Flag: String, Codable, CaseIterable, Sendable {
        case red, blue, yellow, green, purple, orange
    }

    public var id: Int64
    public var flag: Flag
    public var content: String
    public var handling: String
    public var authorID: Int64?
    public var authorLogin: String?
    public var at: Date

    public init(id: Int64, flag: Flag, content: String, handling: String, authorID: Int64?, authorLogin: String? = nil, at: Date) {
        self.id = id
        self.flag = flag
        self.content = content
        self.handling = handling
        self.authorID = authorID
        self.authorLogin = authorLogin
        self.at = at
    }

    /// Every part of a note is required (R-ORD-9).
    public static func problems(flag: String?, content: String?, handling: String?) -> [FieldError] {
        var errors: [FieldError] = []
        if let flag, !flag.isEmpty {
            if Flag(rawValue: flag) == nil { errors.append(FieldError(field: "flag", code: "error.unknown_value", arguments: ["value": flag])) }
        } else {
            errors.append(FieldError(field: "flag", code: "error.required"))
        }
        for (value, field) in [(content, "content"), (handling, "handling")] where (value ?? "").trimmingCharacters(in: .whitespaces).isEmpty {
            errors.append(FieldError(field: field, code: "error.required"))
        }
        return errors
    }
}

/// A hold (挂起, R-ORD-10) with its reason and, optionally, when to release it or who must handle it.
public struct OrderHold: Codable, Equatable, Sendable {
    public var id: Int64
    public var reason: String
    /// The business day to release it on, `YYYY-MM-DD` ("ship on the 12th").
    public var releaseOn: String?
    /// The person who must handle it ("must be handled by X").
    public var ownerID: Int64?
    public var placedBy: Int64?
    public var placedAt: Date
    public var releasedBy: Int64?
    public var releasedAt: Date?

    public init(id: Int64, reason: String, releaseOn: String?, ownerID: Int64?, placedBy: Int64?, placedAt: Date,
                releasedBy: Int64? = nil, releasedAt: Date? = nil) {
        self.id = id
        self.reason = reason
        self.releaseOn = releaseOn
        self.ownerID = ownerID
        self.placedBy = placedBy
        self.placedAt = placedAt
        self.releasedBy = releasedBy
        self.releasedAt = releasedAt
    }

    /// The standard reason for out-of-stock holds (R-ORD-10).
    public static let noStock = "no_stock"
}

/// A parcel sent for an order (R-ORD-11, R-ORD-13). Several make a split order.
public struct Shipment: Codable, Equatable, Sendable {
    public var id: Int64
    public var carrier: String
    public var trackingNumber: String
    public var shippedBy: Int64?
    public var shippedAt: Date
    public var deliveredAt: Date?
    public var proof: String?
    public var events: [TrackingEvent]

    public init(id: Int64, carrier: String, trackingNumber: String, shippedBy: Int64?, shippedAt: Date, deliveredAt: Date? = nil,
                proof: String? = nil, events: [TrackingEvent] = []) {
        self.id = id
        self.carrier = carrier
        self.trackingNumber = trackingNumber
        self.shippedBy = shippedBy
        self.shippedAt = shippedAt
        self.deliveredAt = deliveredAt
        self.proof = proof
        self.events = events
    }
}

/// A carrier status update, appended, never changed (R-ORD-13).
public struct TrackingEvent: Codable, Equatable, Sendable {
    public enum Status: String, Codable, CaseIterable, Sendable {
        case inTransit = "in_transit"
        case delayed
        case exception
        case outForDelivery = "out_for_delivery"
        case delivered
        case returned
    }

    public var id: Int64
    public var at: Date
    public var status: Status
    public var description: String

    public init(id: Int64, at: Date, status: Status, description: String) {
        self.id = id
        self.at = at
        self.status = status
        self.description = description
    }

    /// Delays and exceptions open follow-up work and the customer is told (R-ORD-13).
    public var needsFollowUp: Bool { status == .delayed || status == .exception || status == .returned }
}

/// A supplier of products (R-ORD-15, R-ORD-17).
public struct Supplier: Codable, Equatable, Sendable {
    public var id: Int64
    public var code: String
    public var name: String
    public var contact: String?
    public var phone: String?
    public var active: Bool
    public var version: Int64

    public init(id: Int64, code: String, name: String, contact: String?, phone: String?, active: Bool = true, version: Int64 = 1) {
        self.id = id
        self.code = code
        self.name = name
        self.contact = contact
        self.phone = phone
        self.active = active
        self.version = version
    }
}

/// A product in the catalogue.
public struct Product: Codable, Equatable, Sendable {
    public var id: Int64
    public var sku: String
    public var name: String
    public var supplierID: Int64?
    public var price: Int64
    public var stock: Int64
    public var active: Bool
    public var version: Int64

    public init(id: Int64, sku: String, name: String, supplierID: Int64?, price: Int64, stock: Int64, active: Bool = true, version: Int64 = 1) {
        self.id = id
        self.sku = sku
        self.name = name
        self.supplierID = supplierID
        self.price = price
        self.stock = stock
        self.active = active
        self.version = version
    }
}
