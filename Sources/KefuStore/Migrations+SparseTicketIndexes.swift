extension Migrations {
    /// Indexes on ticket columns that most tickets leave empty hold only the tickets that have a value: a ticket
    /// opened by phone or chat has no email, order, department or mail Message-ID, and every index entry is written
    /// with each new ticket (13 on `tickets` alone before this step). Every query on these columns compares them
    /// with `=` or `IN`, which implies `IS NOT NULL`, so both databases still read these indexes for them.
    static let sparseTicketIndexes = Migration(version: 20, name: "sparse_ticket_indexes") { _ in
        let sparse: [(name: String, table: String, columns: String, column: String)] = [
            ("tickets_department", "tickets", "department, state_category", "department"),
            ("tickets_phone", "tickets", "customer_phone", "customer_phone"),
            ("tickets_email", "tickets", "customer_email", "customer_email"),
            ("tickets_order", "tickets", "order_id", "order_id"),
            ("tickets_member", "tickets", "member_id, id", "member_id"),
            ("ticket_messages_message_id", "ticket_messages", "message_id", "message_id"),
        ]
        return sparse.flatMap { index in
            [
                "DROP INDEX \(index.name)",
                "CREATE INDEX \(index.name) ON \(index.table) (\(index.columns)) WHERE \(index.column) IS NOT NULL",
            ]
        }
    }
}
