import Foundation
import KefuDomain

/// The night-shift backlog (R-TKT-11): items, their receipt and result, and their images.
public struct NightBacklogRepository: Sendable {
    public init() {}

    static let columns = """
        b.*, o.number AS order_number, t.number AS ticket_number, r.display_name AS recorded_by_name,
        p.display_name AS receipt_by_name, d.display_name AS done_by_name
        """
    static let tables = """
        night_backlog_items b LEFT JOIN orders o ON o.id = b.order_id LEFT JOIN tickets t ON t.id = b.ticket_id
        LEFT JOIN users r ON r.id = b.recorded_by LEFT JOIN users p ON p.id = b.receipt_by LEFT JOIN users d ON d.id = b.done_by
        """
    static let imageColumns = "id, item_id, filename, content_type, size, uploaded_by, uploaded_at"

    static func decode(_ row: Row, images: [NightBacklogImage]) throws -> NightBacklogItem {
        var item = NightBacklogItem(
            id: try row.int("id"), category: try row.value("category"), state: try row.value("state"), customerName: try row.string("customer_name"),
            customerPhone: row.optionalString("customer_phone"), orderID: row.optionalInt("order_id"), orderNumber: row.optionalString("order_number"),
            ticketID: row.optionalInt("ticket_id"), ticketNumber: row.optionalString("ticket_number"), description: try row.string("description"),
            todo: try row.string("todo"), recordedBy: row.optionalInt("recorded_by"), recordedByName: row.optionalString("recorded_by_name"),
            recordedAt: try row.date("recorded_at"), images: images, version: try row.int("version"))
        item.receiptBy = row.optionalInt("receipt_by")
        item.receiptByName = row.optionalString("receipt_by_name")
        item.receiptAt = row.optionalDate("receipt_at")
        item.receiptNote = row.optionalString("receipt_note")
        item.doneBy = row.optionalInt("done_by")
        item.doneByName = row.optionalString("done_by_name")
        item.doneAt = row.optionalDate("done_at")
        item.result = row.optionalString("result")
        return item
    }

    static func image(_ row: Row) throws -> NightBacklogImage {
        NightBacklogImage(id: try row.int("id"), itemID: try row.int("item_id"), filename: try row.string("filename"),
                          contentType: try row.string("content_type"), size: Int(try row.int("size")), uploadedBy: row.optionalInt("uploaded_by"),
                          uploadedAt: try row.date("uploaded_at"))
    }

    /// Saves a new, open item; returns its id.
    public func insert(_ item: NightBacklogItem, on connection: any SQLConnection) async throws -> Int64 {
        let row = try await connection.first(
            """
            INSERT INTO night_backlog_items (category, state, customer_name, customer_phone, order_id, ticket_id, description, todo,
                recorded_by, recorded_at, version, updated_at)
            VALUES (\(item.category), \(NightBacklogItem.State.open), \(item.customerName), \(item.customerPhone), \(item.orderID), \(item.ticketID),
                \(item.description), \(item.todo), \(item.recordedBy), \(item.recordedAt), 1, \(item.recordedAt))
            RETURNING id
            """)
        return try row!.int("id")
    }

    /// One item with its images and the names of the people on it.
    public func find(id: Int64, on connection: any SQLConnection) async throws -> NightBacklogItem? {
        guard let row = try await connection.first("SELECT \(raw: Self.columns) FROM \(raw: Self.tables) WHERE b.id = \(id)") else { return nil }
        return try Self.decode(row, images: try await images(of: [id], on: connection)[id] ?? [])
    }

    /// Items grouped by category (in ``NightBacklogItem/Category`` order), open ones first within each, then picked-up,
    /// then done; open and picked-up oldest first (the longest waiting on top), done newest first.
    public func list(_ filter: NightBacklogFilter, limit: Int, offset: Int, on connection: any SQLConnection) async throws
        -> (items: [NightBacklogItem], total: Int)
    {
        var conditions: [SQL] = ["1 = 1"]
        if let category = filter.category { conditions.append("b.category = \(category)") }
        if let state = filter.state { conditions.append("b.state = \(state)") }
        if let from = filter.recordedFrom { conditions.append("b.recorded_at >= \(from)") }
        if let before = filter.recordedBefore { conditions.append("b.recorded_at < \(before)") }
        let condition = SQL.joined(conditions, separator: " AND ")
        let total = try await connection.first("SELECT COUNT(*) AS n FROM night_backlog_items b WHERE \(condition)")?.int("n") ?? 0
        // Codes written in this file, not input: spliced so both databases sort them as numbers.
        let categoryRank = NightBacklogItem.Category.allCases.enumerated().map { "WHEN '\($0.element.rawValue)' THEN \($0.offset)" }.joined(separator: " ")
        let rows = try await connection.query(
            """
            SELECT \(raw: Self.columns) FROM \(raw: Self.tables) WHERE \(condition)
            ORDER BY CASE b.category \(raw: categoryRank) ELSE 99 END,
                CASE b.state WHEN 'open' THEN 0 WHEN 'picked_up' THEN 1 ELSE 2 END,
                CASE WHEN b.state = 'done' THEN -b.recorded_at ELSE b.recorded_at END, b.id
            LIMIT \(limit) OFFSET \(offset)
            """)
        let ids = try rows.map { try $0.int("id") }
        let images = try await images(of: ids, on: connection)
        return (try rows.map { try Self.decode($0, images: images[try $0.int("id")] ?? []) }, Int(total))
    }

    /// Records who picked the item up, when, and their note — only while it is open (and at `expectedVersion` when
    /// given). False when it no longer is: someone else was quicker, and nothing was overwritten.
    public func pickUp(id: Int64, by user: Int64?, note: String?, expectedVersion: Int64?, at now: Date, on connection: any SQLConnection) async throws -> Bool {
        let version: SQL = expectedVersion.map { expected -> SQL in "AND version = \(expected)" } ?? ""
        return !(try await connection.query(
            """
            UPDATE night_backlog_items SET state = \(NightBacklogItem.State.pickedUp), receipt_by = \(user), receipt_at = \(now),
                receipt_note = \(note), version = version + 1, updated_at = \(now)
            WHERE id = \(id) AND state = \(NightBacklogItem.State.open) \(version) RETURNING id
            """).isEmpty)
    }

    /// Records the result — only while the item is picked up (and at `expectedVersion` when given).
    public func complete(id: Int64, by user: Int64?, result: String, expectedVersion: Int64?, at now: Date, on connection: any SQLConnection) async throws -> Bool {
        let version: SQL = expectedVersion.map { expected -> SQL in "AND version = \(expected)" } ?? ""
        return !(try await connection.query(
            """
            UPDATE night_backlog_items SET state = \(NightBacklogItem.State.done), done_by = \(user), done_at = \(now), result = \(result),
                version = version + 1, updated_at = \(now)
            WHERE id = \(id) AND state = \(NightBacklogItem.State.pickedUp) \(version) RETURNING id
            """).isEmpty)
    }

    /// Counts an added image as a change of the item: a newer version, so stale forms notice.
    public func touch(id: Int64, at now: Date, on connection: any SQLConnection) async throws {
        try await connection.query("UPDATE night_backlog_items SET version = version + 1, updated_at = \(now) WHERE id = \(id)")
    }

    // MARK: Images

    /// The images of these items, in upload order, keyed by item.
    func images(of items: [Int64], on connection: any SQLConnection) async throws -> [Int64: [NightBacklogImage]] {
        guard !items.isEmpty else { return [:] }
        let rows = try await connection.query(
            "SELECT \(raw: Self.imageColumns) FROM night_backlog_images WHERE item_id IN \(list: items) ORDER BY item_id, id")
        var result: [Int64: [NightBacklogImage]] = [:]
        for row in rows { result[try row.int("item_id"), default: []].append(try Self.image(row)) }
        return result
    }

    public func insertImage(itemID: Int64, filename: String, contentType: String, content: Data, by user: Int64?, at now: Date,
                            on connection: any SQLConnection) async throws -> NightBacklogImage {
        let row = try await connection.first(
            """
            INSERT INTO night_backlog_images (item_id, filename, content_type, content, size, uploaded_by, uploaded_at)
            VALUES (\(itemID), \(filename), \(contentType), \(SQLValue.blob(Array(content))), \(content.count), \(user), \(now))
            RETURNING id
            """)
        return NightBacklogImage(id: try row!.int("id"), itemID: itemID, filename: filename, contentType: contentType, size: content.count,
                                 uploadedBy: user, uploadedAt: now)
    }

    public func imageCount(itemID: Int64, on connection: any SQLConnection) async throws -> Int {
        Int(try await connection.first("SELECT COUNT(*) AS n FROM night_backlog_images WHERE item_id = \(itemID)")?.int("n") ?? 0)
    }

    public func imageContent(id: Int64, itemID: Int64, on connection: any SQLConnection) async throws -> (NightBacklogImage, Data)? {
        guard let row = try await connection.first("SELECT * FROM night_backlog_images WHERE id = \(id) AND item_id = \(itemID)"),
              case .blob(let bytes) = row["content"] else { return nil }
        return (try Self.image(row), Data(bytes))
    }
}
