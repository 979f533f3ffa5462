extension Migrations {
    /// The night-shift backlog (R-TKT-11): items by category with the customer, the order and ticket they concern,
    /// what happened and what must be done, the receipt of whoever picked them up and the result; and their images,
    /// kept in the database like after-sales photos so every instance serves them and backups include them.
    static let nightBacklog = Migration(version: 16, name: "night_backlog") { dialect in
        [
            """
            CREATE TABLE night_backlog_items (
                id {ID},
                category TEXT NOT NULL,
                state TEXT NOT NULL,
                customer_name TEXT NOT NULL,
                customer_phone TEXT,
                order_id BIGINT REFERENCES orders(id),
                ticket_id BIGINT REFERENCES tickets(id),
                description TEXT NOT NULL,
                todo TEXT NOT NULL,
                recorded_by BIGINT REFERENCES users(id),
                recorded_at BIGINT NOT NULL,
                receipt_by BIGINT REFERENCES users(id),
                receipt_at BIGINT,
                receipt_note TEXT,
                done_by BIGINT REFERENCES users(id),
                done_at BIGINT,
                result TEXT,
                version BIGINT NOT NULL DEFAULT 1,
                updated_at BIGINT NOT NULL
            )
            """,
            // The morning view (open, recorded since yesterday) and the date filter read this one.
            "CREATE INDEX night_backlog_items_state ON night_backlog_items (state, recorded_at)",
            "CREATE INDEX night_backlog_items_recorded ON night_backlog_items (recorded_at)",
            "CREATE INDEX night_backlog_items_order ON night_backlog_items (order_id)",
            """
            CREATE TABLE night_backlog_images (
                id {ID},
                item_id BIGINT NOT NULL REFERENCES night_backlog_items(id),
                filename TEXT NOT NULL,
                content_type TEXT NOT NULL,
                content \(dialect == .postgres ? "BYTEA" : "BLOB") NOT NULL,
                size BIGINT NOT NULL,
                uploaded_by BIGINT REFERENCES users(id),
                uploaded_at BIGINT NOT NULL
            )
            """,
            "CREATE INDEX night_backlog_images_item ON night_backlog_images (item_id, id)",
        ]
    }
}
