import Foundation
import KefuDomain

/// Daily-close files and the order data they are made of (R-ORD-15).
public struct DailyCloseRepository: Sendable {
    public init() {}

    /// One line of an order as the daily close lists it, with its supplier.
    public struct Line: Sendable {
        public var orderID: Int64
        public var number: String
        public var channel: String
        public var externalNumber: String?
        public var customerName: String
        public var customerPhone: String
        public var city: String
        public var paymentMethod: String
        public var status: String
        public var orderTotal: Int64
        public var paid: Int64
        public var sku: String
        public var name: String
        public var quantity: Int64
        public var unitPrice: Int64
        public var supplierCode: String?
        public var supplierName: String?
        public var createdAt: Date
    }

    /// Every item line of the orders entered in [from, to), cancelled ones left out, in order.
    public func lines(from: Date, to: Date, on connection: any SQLConnection) async throws -> [Line] {
        try await connection.query(
            """
            SELECT o.id, o.number, o.channel, o.external_number, o.customer_name, o.customer_phone, o.city, o.payment_method, o.status,
                   o.total, o.paid, o.created_at, i.sku, i.name, i.quantity, i.unit_price, s.code AS supplier_code, s.name AS supplier_name
            FROM orders o
            JOIN order_items i ON i.order_id = o.id
            LEFT JOIN products p ON p.sku = i.sku
            LEFT JOIN suppliers s ON s.id = p.supplier_id
            WHERE o.created_at >= \(from) AND o.created_at < \(to) AND o.status <> 'cancelled'
            ORDER BY o.id, i.position
            """
        ).map { row in
            Line(orderID: try row.int("id"), number: try row.string("number"), channel: try row.string("channel"),
                 externalNumber: row.optionalString("external_number"), customerName: try row.string("customer_name"),
                 customerPhone: try row.string("customer_phone"), city: try row.string("city"), paymentMethod: try row.string("payment_method"),
                 status: try row.string("status"), orderTotal: try row.int("total"), paid: try row.int("paid"), sku: try row.string("sku"),
                 name: try row.string("name"), quantity: try row.int("quantity"), unitPrice: try row.int("unit_price"),
                 supplierCode: row.optionalString("supplier_code"), supplierName: row.optionalString("supplier_name"),
                 createdAt: try row.date("created_at"))
        }
    }

    static func file(_ row: Row) throws -> DailyCloseFile {
        DailyCloseFile(id: try row.int("id"), day: try row.string("day"), kind: try row.value("kind"), filename: try row.string("filename"),
                       size: Int(try row.int("size")), createdAt: try row.date("created_at"), createdBy: row.optionalString("created_by"))
    }

    /// Saves or replaces the day's file of one kind (running the close again on demand refreshes it).
    public func save(day: String, kind: DailyCloseFile.Kind, filename: String, content: Data, by login: String?, at now: Date,
                     on connection: any SQLConnection) async throws {
        try await connection.query("DELETE FROM daily_close_files WHERE day = \(day) AND kind = \(kind)")
        try await connection.query(
            """
            INSERT INTO daily_close_files (day, kind, filename, content, size, created_at, created_by)
            VALUES (\(day), \(kind), \(filename), \(SQLValue.blob(Array(content))), \(content.count), \(now), \(login))
            """)
    }

    public func files(day: String?, limit: Int, on connection: any SQLConnection) async throws -> [DailyCloseFile] {
        let filter: SQL = day.map { "WHERE day = \($0)" } ?? ""
        return try await connection.query(
            "SELECT id, day, kind, filename, size, created_at, created_by FROM daily_close_files \(filter) ORDER BY day DESC, kind LIMIT \(limit)"
        ).map(Self.file)
    }

    public func content(id: Int64, on connection: any SQLConnection) async throws -> (DailyCloseFile, Data)? {
        guard let row = try await connection.first("SELECT * FROM daily_close_files WHERE id = \(id)") else { return nil }
        guard case .blob(let bytes) = row["content"] else { return nil }
        return (try Self.file(row), Data(bytes))
    }
}
