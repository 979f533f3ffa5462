import Foundation
import KefuDomain

/// Shift handovers and their items (R-TKT-12).
public struct HandoverRepository: Sendable {
    public init() {}

    static let handoverColumns = "h.*, u.display_name AS written_by_name"
    static let itemColumns = "i.*, u.display_name AS acknowledged_by_name"

    static func decode(_ row: Row, items: [Handover.Item]) throws -> Handover {
        Handover(id: try row.int("id"), shift: try row.string("shift"), note: row.optionalString("note"), writtenBy: row.optionalInt("written_by"),
                 writtenByName: row.optionalString("written_by_name"), writtenAt: try row.date("written_at"), items: items)
    }

    static func item(_ row: Row) throws -> Handover.Item {
        Handover.Item(id: try row.int("id"), position: Int(try row.int("position")), content: try row.string("content"),
                      reference: row.optionalString("reference"), acknowledgedBy: row.optionalInt("acknowledged_by"),
                      acknowledgedByName: row.optionalString("acknowledged_by_name"), acknowledgedAt: row.optionalDate("acknowledged_at"))
    }

    /// Saves a handover with its items (all open); returns its id.
    public func insert(_ handover: Handover, on connection: any SQLConnection) async throws -> Int64 {
        let row = try await connection.first(
            """
            INSERT INTO handovers (shift, note, written_by, written_at)
            VALUES (\(handover.shift), \(handover.note), \(handover.writtenBy), \(handover.writtenAt))
            RETURNING id
            """)
        let id = try row!.int("id")
        for item in handover.items {
            try await connection.query(
                """
                INSERT INTO handover_items (handover_id, position, content, reference)
                VALUES (\(id), \(item.position), \(item.content), \(item.reference))
                """)
        }
        return id
    }

    /// A handover with its items and the names of who wrote and acknowledged them.
    public func find(id: Int64, on connection: any SQLConnection) async throws -> Handover? {
        guard let row = try await connection.first(
            "SELECT \(raw: Self.handoverColumns) FROM handovers h LEFT JOIN users u ON u.id = h.written_by WHERE h.id = \(id)") else { return nil }
        return try Self.decode(row, items: try await items(of: [id], on: connection)[id] ?? [])
    }

    /// Open handovers first (any item not yet acknowledged), then complete ones; newest first within each. With
    /// `openOnly`, only open ones.
    public func list(openOnly: Bool, limit: Int, offset: Int, on connection: any SQLConnection) async throws -> (handovers: [Handover], total: Int) {
        let open = "EXISTS (SELECT 1 FROM handover_items i WHERE i.handover_id = h.id AND i.acknowledged_at IS NULL)"
        let filter: SQL = openOnly ? "WHERE \(raw: open)" : ""
        let total = try await connection.first("SELECT COUNT(*) AS n FROM handovers h \(filter)")?.int("n") ?? 0
        let rows = try await connection.query(
            """
            SELECT \(raw: Self.handoverColumns) FROM handovers h LEFT JOIN users u ON u.id = h.written_by \(filter)
            ORDER BY CASE WHEN \(raw: open) THEN 0 ELSE 1 END, h.written_at DESC, h.id DESC LIMIT \(limit) OFFSET \(offset)
            """)
        let items = try await items(of: try rows.map { try $0.int("id") }, on: connection)
        return (try rows.map { try Self.decode($0, items: items[try $0.int("id")] ?? []) }, Int(total))
    }

    /// The items of these handovers, in order, keyed by handover.
    func items(of handovers: [Int64], on connection: any SQLConnection) async throws -> [Int64: [Handover.Item]] {
        guard !handovers.isEmpty else { return [:] }
        let rows = try await connection.query(
            """
            SELECT \(raw: Self.itemColumns) FROM handover_items i LEFT JOIN users u ON u.id = i.acknowledged_by
            WHERE i.handover_id IN \(list: handovers) ORDER BY i.handover_id, i.position, i.id
            """)
        var result: [Int64: [Handover.Item]] = [:]
        for row in rows { result[try row.int("handover_id"), default: []].append(try Self.item(row)) }
        return result
    }

    /// Records who acknowledged an item; false if it was already acknowledged (someone else was quicker).
    public func acknowledge(item: Int64, of handover: Int64, by user: Int64?, at now: Date, on connection: any SQLConnection) async throws -> Bool {
        !(try await connection.query(
            """
            UPDATE handover_items SET acknowledged_by = \(user), acknowledged_at = \(now)
            WHERE id = \(item) AND handover_id = \(handover) AND acknowledged_at IS NULL RETURNING id
            """).isEmpty)
    }
}
