import Foundation

/// Which column of a platform export feeds each order field (R-ORD-1). Columns are named by their header;
/// each field lists candidate headers and the first one present in the file is used, because platforms
/// rename columns between export versions. Rows sharing an external number are one order with several items.
public struct ImportMapping: Codable, Equatable, Sendable {
    /// The channel every imported order gets; fixed per import.
    public var channel: OrderChannel?
    public var externalNumber: [String] = []
    public var customerName: [String] = []
    /// When absent from the file, the address phone is used.
    public var customerPhone: [String] = []
    /// When absent from the file, the customer name is used.
    public var recipient: [String] = []
    /// When absent from the file, the customer phone is used.
    public var addressPhone: [String] = []
    public var province: [String] = []
    public var city: [String] = []
    public var district: [String] = []
    public var line: [String] = []
    /// One column holding the whole address, split on 省/市/区/县 (used when province… line are not mapped).
    public var fullAddress: [String] = []
    public var sku: [String] = []
    public var quantity: [String] = []
    /// Yuan as text (`59.00`, `¥1,299`), stored as fen. Empty cells take the catalogue price.
    public var unitPrice: [String] = []
    /// The price column holds the line total (price × quantity), as Pinduoduo exports it.
    public var priceIsLineTotal: Bool = false
    public var paymentMethod: [String] = []
    /// Payment texts as the platform writes them (`在线支付`, `货到付款`) → payment methods; empty cells are online.
    public var paymentValues: [String: PaymentMethod] = ImportMapping.standardPaymentValues

    public static let standardPaymentValues: [String: PaymentMethod] = [
        "在线支付": .online, "货到付款": .cod, "会员卡": .memberCard, "混合支付": .mixed,
        "online": .online, "cod": .cod, "member_card": .memberCard, "mixed": .mixed,
    ]

    public init(channel: OrderChannel? = nil) {
        self.channel = channel
    }

    /// Every field whose header a file must have for this mapping, with its candidates.
    public var requiredColumns: [(field: String, headers: [String])] {
        var result: [(String, [String])] = [("external_number", externalNumber), ("customer_name", customerName), ("sku", sku), ("quantity", quantity)]
        if customerPhone.isEmpty && addressPhone.isEmpty { result.append(("customer_phone", customerPhone)) }
        if fullAddress.isEmpty {
            result += [("province", province), ("city", city), ("district", district), ("line", line)]
        }
        return result
    }

    enum CodingKeys: String, CodingKey {
        case channel, externalNumber, customerName, customerPhone, recipient, addressPhone, province, city, district, line
        case fullAddress, sku, quantity, unitPrice, priceIsLineTotal, paymentMethod, paymentValues
    }

    /// Each column may be given as one header (`"订单编号"`) or a list of candidates.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        func columns(_ key: CodingKeys) throws -> [String] {
            if let one = try? container.decodeIfPresent(String.self, forKey: key) { return one.isEmpty ? [] : [one] }
            return try container.decodeIfPresent([String].self, forKey: key) ?? []
        }
        channel = try container.decodeIfPresent(OrderChannel.self, forKey: .channel)
        externalNumber = try columns(.externalNumber)
        customerName = try columns(.customerName)
        customerPhone = try columns(.customerPhone)
        recipient = try columns(.recipient)
        addressPhone = try columns(.addressPhone)
        province = try columns(.province)
        city = try columns(.city)
        district = try columns(.district)
        line = try columns(.line)
        fullAddress = try columns(.fullAddress)
        sku = try columns(.sku)
        quantity = try columns(.quantity)
        unitPrice = try columns(.unitPrice)
        priceIsLineTotal = try container.decodeIfPresent(Bool.self, forKey: .priceIsLineTotal) ?? false
        paymentMethod = try columns(.paymentMethod)
        paymentValues = try container.decodeIfPresent([String: PaymentMethod].self, forKey: .paymentValues) ?? Self.standardPaymentValues
    }
}

/// Reading money and counts as platforms write them.
public enum ImportValue {
    /// Yuan text (`59`, `59.9`, `59.00`, `¥1,299.50`) → fen; nil when it is not a price with at most two decimals.
    public static func fen(_ text: String) -> Int64? {
        var text = text.trimmingCharacters(in: .whitespaces)
        text.removeAll { $0 == "," || $0 == "¥" || $0 == "￥" }
        let negative = text.hasPrefix("-")
        if negative { text.removeFirst() }
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard (1...2).contains(parts.count), !parts[0].isEmpty, parts[0].allSatisfy(\.isASCII), let yuan = Int64(parts[0]) else { return nil }
        var fen = yuan * 100
        if parts.count == 2 {
            let decimals = parts[1]
            guard decimals.count <= 2, decimals.allSatisfy({ $0.isASCII && $0.isNumber }) else { return nil }
            let padded = decimals.count == 1 ? decimals + "0" : (decimals.isEmpty ? "00" : String(decimals))
            fen += Int64(padded) ?? 0
        }
        return negative ? -fen : fen
    }

    /// A whole number of items (`3`, or `3.0` as spreadsheets write it); nil otherwise.
    public static func quantity(_ text: String) -> Int? {
        let text = text.trimmingCharacters(in: .whitespaces)
        if let value = Int(text) { return value }
        if text.hasSuffix(".0"), let value = Int(text.dropLast(2)) { return value }
        return nil
    }
}
