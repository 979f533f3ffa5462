extension Migrations {
    /// Photo evidence on after-sales cases (R-AS-2: 2–3 photos of a damaged parcel), kept in the database so
    /// every instance serves them and backups include them.
    static let afterSalesPhotos = Migration(version: 9, name: "after_sales_photos") { dialect in
        [
            """
            CREATE TABLE after_sales_photos (
                id {ID},
                case_id BIGINT NOT NULL REFERENCES after_sales_cases(id),
                filename TEXT NOT NULL,
                content_type TEXT NOT NULL,
                content \(dialect == .postgres ? "BYTEA" : "BLOB") NOT NULL,
                size BIGINT NOT NULL,
                uploaded_by BIGINT,
                uploaded_at BIGINT NOT NULL
            )
            """,
            "CREATE INDEX after_sales_photos_case ON after_sales_photos (case_id, id)",
        ]
    }
}
