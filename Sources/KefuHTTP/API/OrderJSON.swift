import Foundation
import KefuDomain
import KefuServices

/// An order as the API returns it. Phones and the street line are masked for callers without `pii.view`.
struct OrderJSON: Encodable {
    struct Customer: Encodable { var name: String; var phone: String }
    /// The delivery address, masked for readers without `pii.view`.
    typealias Address = DeliveryAddress
    struct Item: Encodable { var sku, name: String; var quantity: Int; var unitPrice, amount: Int64 }

    var id: Int64
    var number: String
    var channel: OrderChannel
    var externalNumber: String?
    var status: OrderStatus
    var held: Bool
    var version: Int64
    var total: Int64
    var paid: Int64
    var outstanding: Int64
    var overpaid: Int64
    var customer: Customer
    var address: Address
    var items: [Item]
    var paymentMethod: PaymentMethod
    var enteredBy: Int64?
    var reviewedBy: Int64?
    var rejectionReason: String?
    var confirmedAt: Date?
    var paidAt: Date?
    var createdAt: Date

    init(_ order: Order, permissions: Set<Permission>) {
        let full = permissions.contains(.piiView)
        id = order.id
        number = order.number
        channel = order.channel
        externalNumber = order.externalNumber
        status = order.status
        held = order.held
        version = order.version
        total = order.total
        paid = order.paid
        outstanding = order.outstanding
        overpaid = order.overpaid
        customer = Customer(name: order.customer.name, phone: full ? order.customer.phone : PII.maskPhone(order.customer.phone))
        let address = order.address
        self.address = Address(recipient: address.recipient, phone: full ? address.phone : PII.maskPhone(address.phone),
                               province: address.province, city: address.city, district: address.district,
                               line: full ? address.line : PII.maskAddress(address.line, visible: 2))
        items = order.items.map { Item(sku: $0.sku, name: $0.name, quantity: $0.quantity, unitPrice: $0.unitPrice, amount: $0.amount) }
        paymentMethod = order.paymentMethod
        enteredBy = order.enteredBy
        reviewedBy = order.reviewedBy
        rejectionReason = order.rejectionReason
        confirmedAt = order.confirmedAt
        paidAt = order.paidAt
        createdAt = order.createdAt
    }
}

/// One order with everything recorded about it.
struct OrderDetailJSON: Encodable {
    var order: OrderJSON
    var payments: [Payment]
    var notes: [FlagNote]
    var holds: [OrderHold]
    var shipments: [Shipment]
    var allowedActions: [OrderAction]

    func encode(to encoder: any Encoder) throws {
        try order.encode(to: encoder)
        var container = encoder.container(keyedBy: Keys.self)
        try container.encode(payments, forKey: .payments)
        try container.encode(notes, forKey: .notes)
        try container.encode(holds, forKey: .holds)
        try container.encode(shipments, forKey: .shipments)
        try container.encode(allowedActions, forKey: .allowedActions)
    }

    enum Keys: String, CodingKey { case payments, notes, holds, shipments, allowedActions }

    init(_ detail: OrderDetail, permissions: Set<Permission>) {
        order = OrderJSON(detail.order, permissions: permissions)
        payments = detail.payments
        notes = detail.notes
        holds = detail.holds
        shipments = detail.shipments
        allowedActions = detail.allowedActions
    }
}

extension OrderJSON: JSONWritable {
    func write(to output: inout JSONOutput) {
        output.beginObject()
        output.field("id", id)
        output.field("number", number)
        output.field("channel", channel)
        output.field("external_number", externalNumber)
        output.field("status", status)
        output.field("held", held)
        output.field("version", version)
        output.field("total", total)
        output.field("paid", paid)
        output.field("outstanding", outstanding)
        output.field("overpaid", overpaid)
        output.field("customer", customer)
        output.field("address", address)
        output.field("items", items)
        output.field("payment_method", paymentMethod)
        output.field("entered_by", enteredBy)
        output.field("reviewed_by", reviewedBy)
        output.field("rejection_reason", rejectionReason)
        output.field("confirmed_at", confirmedAt)
        output.field("paid_at", paidAt)
        output.field("created_at", createdAt)
        output.endObject()
    }
}

extension OrderJSON.Customer: JSONWritable {
    func write(to output: inout JSONOutput) {
        output.beginObject()
        output.field("name", name)
        output.field("phone", phone)
        output.endObject()
    }
}

/// An order's or a member's address.
extension DeliveryAddress: JSONWritable {
    func write(to output: inout JSONOutput) {
        output.beginObject()
        output.field("recipient", recipient)
        output.field("phone", phone)
        output.field("province", province)
        output.field("city", city)
        output.field("district", district)
        output.field("line", line)
        output.endObject()
    }
}

extension OrderJSON.Item: JSONWritable {
    func write(to output: inout JSONOutput) {
        output.beginObject()
        output.field("sku", sku)
        output.field("name", name)
        output.field("quantity", quantity)
        output.field("unit_price", unitPrice)
        output.field("amount", amount)
        output.endObject()
    }
}
