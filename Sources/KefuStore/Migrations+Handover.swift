extension Migrations {
    /// Shift handovers (R-TKT-12): what the outgoing shift hands over, item by item, and who on the incoming shift
    /// acknowledged each item and when.
    static let handovers = Migration(version: 14, name: "handovers") { _ in
        [
            """
            CREATE TABLE handovers (
                id {ID},
                shift TEXT NOT NULL,
                note TEXT,
                written_by BIGINT REFERENCES users(id),
                written_at BIGINT NOT NULL
            )
            """,
            "CREATE INDEX handovers_written ON handovers (written_at)",
            """
            CREATE TABLE handover_items (
                id {ID},
                handover_id BIGINT NOT NULL REFERENCES handovers(id),
                position BIGINT NOT NULL,
                content TEXT NOT NULL,
                reference TEXT,
                acknowledged_by BIGINT REFERENCES users(id),
                acknowledged_at BIGINT
            )
            """,
            "CREATE INDEX handover_items_handover ON handover_items (handover_id, position)",
            // Whether a handover is open is read from its items: a handful a shift, so no counter to keep in step.
            "CREATE INDEX handover_items_open ON handover_items (handover_id) WHERE acknowledged_at IS NULL",
        ]
    }
}
