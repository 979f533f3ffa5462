extension Migrations {
    /// Phone calls logged against tickets (issue 4, the phone channel): who called or was called, when, how long the
    /// phone rang and the call lasted, whether that was slower than the answer limit then in force, the ticket it
    /// opened or joined and the conversation entry it became. Kept for answer-speed statistics (R-PERF-2, R-PERF-4).
    static let callLogs = Migration(version: 17, name: "call_logs") { _ in
        [
            """
            CREATE TABLE call_logs (
                id {ID},
                ticket_id BIGINT NOT NULL REFERENCES tickets(id),
                message_id BIGINT REFERENCES ticket_messages(id),
                direction TEXT NOT NULL,
                caller_name TEXT,
                caller_phone TEXT NOT NULL,
                started_at BIGINT NOT NULL,
                answered_after_seconds INTEGER,
                duration_seconds INTEGER NOT NULL,
                summary TEXT NOT NULL,
                answer_limit_seconds INTEGER NOT NULL,
                slow_answer INTEGER NOT NULL DEFAULT 0,
                opened_ticket INTEGER NOT NULL DEFAULT 0,
                logged_by BIGINT REFERENCES users(id),
                logged_at BIGINT NOT NULL
            )
            """,
            "CREATE INDEX call_logs_ticket ON call_logs (ticket_id, id)",
            // "My calls" and per-agent statistics read by agent and start; the team list and reports by start alone.
            "CREATE INDEX call_logs_agent ON call_logs (logged_by, started_at)",
            "CREATE INDEX call_logs_started ON call_logs (started_at)",
        ]
    }
}
