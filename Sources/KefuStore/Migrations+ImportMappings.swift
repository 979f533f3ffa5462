extension Migrations {
    /// Column mappings admins save for order imports (R-ORD-1); the mapping itself is JSON.
    static let importMappings = Migration(version: 8, name: "import_mappings") { _ in
        [
            """
            CREATE TABLE import_mappings (
                id {ID},
                name TEXT NOT NULL UNIQUE,
                channel TEXT NOT NULL,
                mapping_json TEXT NOT NULL,
                created_by BIGINT,
                created_at BIGINT NOT NULL
            )
            """,
        ]
    }
}
