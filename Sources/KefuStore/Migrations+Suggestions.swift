extension Migrations {
    /// Suggestions (R-TKT-7): the suggestion categories beside the two the ticket step seeded, and each suggestion's
    /// evaluation — the hand-off that forwarded it, the department's decision with its reason, and when the member
    /// was told. One row per ticket: forwarding twice is refused by the key, a decision needs its reason, and the
    /// member can only be told of a decision.
    static let suggestions = Migration(version: 15, name: "suggestions") { _ in
        [
            """
            INSERT INTO ticket_categories (code, parent, name, name_en, position) VALUES
                ('delivery_suggestion', 'suggestion', '配送建议', 'Delivery suggestion', 3),
                ('website_suggestion', 'suggestion', '网站与App建议', 'Website and app suggestion', 4),
                ('pricing_suggestion', 'suggestion', '价格与促销建议', 'Pricing suggestion', 5),
                ('other_suggestion', 'suggestion', '其他建议', 'Other suggestion', 6)
            """,
            """
            CREATE TABLE ticket_suggestions (
                ticket_id BIGINT PRIMARY KEY REFERENCES tickets(id),
                handoff_id BIGINT NOT NULL REFERENCES ticket_handoffs(id),
                forwarded_by BIGINT REFERENCES users(id),
                forwarded_at BIGINT NOT NULL,
                decision TEXT,
                reason TEXT,
                decided_by BIGINT REFERENCES users(id),
                decided_at BIGINT,
                notified_by BIGINT REFERENCES users(id),
                notified_at BIGINT,
                notified_message_id BIGINT REFERENCES ticket_messages(id),
                CHECK (decision IS NULL OR (reason IS NOT NULL AND decided_at IS NOT NULL)),
                CHECK (notified_at IS NULL OR decision IS NOT NULL)
            )
            """,
            "CREATE INDEX ticket_suggestions_decided ON ticket_suggestions (decided_at)",
        ]
    }
}
