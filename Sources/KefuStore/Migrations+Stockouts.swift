extension Migrations {
    /// Out-of-stock requests (R-ORD-16).
    static let stockouts = Migration(version: 5, name: "stockout_requests") { _ in
        [
            """
            CREATE TABLE stockout_requests (
                id {ID},
                customer_name TEXT NOT NULL,
                contact TEXT NOT NULL,
                product TEXT NOT NULL,
                quantity BIGINT NOT NULL,
                note TEXT,
                registered_at BIGINT NOT NULL,
                registered_by BIGINT,
                answer_due_at BIGINT NOT NULL,
                result TEXT,
                answer TEXT,
                answered_at BIGINT,
                answered_by BIGINT
            )
            """,
            "CREATE INDEX stockout_open ON stockout_requests (answered_at, answer_due_at)",
            "CREATE INDEX stockout_registered ON stockout_requests (registered_at)",
        ]
    }
}
