extension Migrations {
    /// Daily-close files (R-ORD-15), kept in the database so every instance can serve them.
    static let dailyClose = Migration(version: 6, name: "daily_close") { dialect in
        [
            """
            CREATE TABLE daily_close_files (
                id {ID},
                day TEXT NOT NULL,
                kind TEXT NOT NULL,
                filename TEXT NOT NULL,
                content \(dialect == .postgres ? "BYTEA" : "BLOB") NOT NULL,
                size BIGINT NOT NULL,
                created_at BIGINT NOT NULL,
                created_by TEXT,
                UNIQUE (day, kind)
            )
            """,
            "CREATE INDEX orders_created ON orders (created_at)",
        ]
    }
}
