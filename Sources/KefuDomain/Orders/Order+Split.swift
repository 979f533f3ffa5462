import Foundation

/// Splitting an order into several parcels (拆单, R-ORD-11): every item goes into some parcel, nothing more.
public enum OrderSplit {
    /// One line of a parcel.
    public struct Line: Codable, Equatable, Sendable {
        public var sku: String
        public var quantity: Int

        public init(sku: String, quantity: Int) {
            self.sku = sku
            self.quantity = quantity
        }
    }

    /// Every problem with splitting `items` into `parcels`.
    public static func problems(parcels: [[Line]], items: [OrderItem]) -> [FieldError] {
        var errors: [FieldError] = []
        if parcels.count < 2 { errors.append(FieldError(field: "parcels", code: "error.split_needs_two")) }
        var placed: [String: Int] = [:]
        for (index, parcel) in parcels.enumerated() {
            if parcel.isEmpty { errors.append(FieldError(field: "parcels[\(index)]", code: "error.required")) }
            for (position, line) in parcel.enumerated() {
                if line.quantity <= 0 {
                    errors.append(FieldError(field: "parcels[\(index)][\(position)].quantity", code: "error.must_be_positive"))
                }
                placed[line.sku, default: 0] += line.quantity
            }
        }
        var ordered: [String: Int] = [:]
        for item in items { ordered[item.sku, default: 0] += item.quantity }
        for sku in Set(placed.keys).union(ordered.keys).sorted() where placed[sku, default: 0] != ordered[sku, default: 0] {
            errors.append(FieldError(field: "parcels", code: "error.split_mismatch",
                                     arguments: ["sku": sku, "ordered": "\(ordered[sku, default: 0])", "placed": "\(placed[sku, default: 0])"]))
        }
        return errors
    }

    /// The parcels as they are recorded in the order's history.
    public static func json(_ parcels: [[Line]]) -> String {
        (try? String(decoding: JSONEncoder().encode(parcels), as: UTF8.self)) ?? "[]"
    }

    public static func parcels(fromJSON text: String) -> [[Line]]? {
        try? JSONDecoder().decode([[Line]].self, from: Data(text.utf8))
    }
}
