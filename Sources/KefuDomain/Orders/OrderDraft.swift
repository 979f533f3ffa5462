import Foundation

/// An order as entered or imported, before it is saved. Validation reports every problem at once (R-ORD-2).
public struct OrderDraft: Codable, Equatable, Sendable {
    public struct Item: Codable, Equatable, Sendable {
        public var sku: String?
        public var quantity: Int?
        /// Unit price in fen; when omitted, the catalogue price is used.
        public var unitPrice: Int64?

        public init(sku: String?, quantity: Int?, unitPrice: Int64? = nil) {
            self.sku = sku
            self.quantity = quantity
            self.unitPrice = unitPrice
        }
    }

    public struct Contact: Codable, Equatable, Sendable {
        public var name: String?
        public var phone: String?

        public init(name: String?, phone: String?) {
            self.name = name
            self.phone = phone
        }
    }

    public struct Address: Codable, Equatable, Sendable {
        public var recipient: String?
        public var phone: String?
        public var province: String?
        public var city: String?
        public var district: String?
        public var line: String?

        public init(recipient: String?, phone: String?, province: String?, city: String?, district: String?, line: String?) {
            self.recipient = recipient
            self.phone = phone
            self.province = province
            self.city = city
            self.district = district
            self.line = line
        }
    }

    public var channel: OrderChannel?
    public var externalNumber: String?
    public var customer: Contact?
    public var address: Address?
    public var items: [Item]?
    public var paymentMethod: PaymentMethod?

    public init(
        channel: OrderChannel?, externalNumber: String? = nil, customer: Contact?, address: Address?, items: [Item]?,
        paymentMethod: PaymentMethod?
    ) {
        self.channel = channel
        self.externalNumber = externalNumber
        self.customer = customer
        self.address = address
        self.items = items
        self.paymentMethod = paymentMethod
    }

    /// Every problem with the draft. `prices` gives the catalogue price of each known SKU; an unknown SKU
    /// is a problem of its own.
    public func problems(prices: [String: Int64]) -> [FieldError] {
        var errors: [FieldError] = []
        func required(_ value: String?, _ field: String) {
            if (value ?? "").trimmingCharacters(in: .whitespaces).isEmpty {
                errors.append(FieldError(field: field, code: "error.required"))
            }
        }
        func phone(_ value: String?, _ field: String) {
            guard let value, !value.trimmingCharacters(in: .whitespaces).isEmpty else {
                errors.append(FieldError(field: field, code: "error.required"))
                return
            }
            if !Self.isPhone(value) { errors.append(FieldError(field: field, code: "error.phone_format")) }
        }
        if channel == nil { errors.append(FieldError(field: "channel", code: "error.required")) }
        if let channel, channel.isPlatform, (externalNumber ?? "").isEmpty {
            errors.append(FieldError(field: "external_number", code: "error.required_for_platform"))
        }
        required(customer?.name, "customer.name")
        phone(customer?.phone, "customer.phone")
        required(address?.recipient, "address.recipient")
        phone(address?.phone, "address.phone")
        required(address?.province, "address.province")
        required(address?.city, "address.city")
        required(address?.district, "address.district")
        required(address?.line, "address.line")
        if paymentMethod == nil { errors.append(FieldError(field: "payment_method", code: "error.required")) }
        let items = items ?? []
        if items.isEmpty { errors.append(FieldError(field: "items", code: "error.no_items")) }
        for (index, item) in items.enumerated() {
            let path = "items[\(index)]"
            if let sku = item.sku, !sku.isEmpty {
                if prices[sku] == nil { errors.append(FieldError(field: "\(path).sku", code: "error.unknown_product", arguments: ["value": sku])) }
            } else {
                errors.append(FieldError(field: "\(path).sku", code: "error.required"))
            }
            if let quantity = item.quantity {
                if quantity <= 0 || quantity > 100_000 {
                    errors.append(FieldError(field: "\(path).quantity", code: "error.range", arguments: ["min": "1", "max": "100000"]))
                }
            } else {
                errors.append(FieldError(field: "\(path).quantity", code: "error.required"))
            }
            if let price = item.unitPrice, price < 0 {
                errors.append(FieldError(field: "\(path).unit_price", code: "error.must_not_be_negative"))
            }
        }
        return errors
    }

    /// A mainland mobile number (11 digits starting with 1), or a landline with optional area code and extension.
    public static func isPhone(_ text: String) -> Bool {
        let digits = text.filter(\.isNumber)
        let allowed = text.allSatisfy { $0.isNumber || "-+ ()".contains($0) }
        guard allowed else { return false }
        if digits.count == 11, digits.first == "1" { return true }
        return (7...16).contains(digits.count)
    }
}
