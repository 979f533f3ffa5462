import Foundation

extension Migrations {
    /// Callbacks (回访, R-CB-1…5): the tasks with their due windows and what they follow up, the attempts, and the
    /// callback scripts of seed 003 in the script library (situation `follow_up`) with the step each line is for.
    /// Generation is idempotent through one unique index per kind of source. Instants are epoch milliseconds.
    static let callbacks = Migration(version: 19, name: "callbacks", statements: { _ in
        [
            // Generation writes up to 100,000 rows in one statement: the links to orders, members, tickets and cases are
            // not foreign keys (each would be a lookup per row); the people and the opened ticket are.
            """
            CREATE TABLE callbacks (
                id {ID},
                reason TEXT NOT NULL,
                occasion TEXT,
                occasion_on TEXT,
                member_id BIGINT,
                order_id BIGINT,
                source_ticket_id BIGINT,
                after_sales_id BIGINT,
                channel TEXT NOT NULL,
                status TEXT NOT NULL,
                assignee_id BIGINT,
                not_before BIGINT NOT NULL,
                due_by BIGINT NOT NULL,
                next_attempt_at BIGINT,
                failed_attempts INTEGER NOT NULL DEFAULT 0,
                needs_number INTEGER NOT NULL DEFAULT 0,
                outcome TEXT,
                suggestions TEXT,
                ticket_id BIGINT REFERENCES tickets(id),
                closure TEXT,
                note TEXT,
                completed_at BIGINT,
                completed_by BIGINT REFERENCES users(id),
                created_by BIGINT REFERENCES users(id),
                version BIGINT NOT NULL DEFAULT 1,
                created_at BIGINT NOT NULL,
                updated_at BIGINT NOT NULL
            )
            """,
            // One callback per source and reason, whoever generates it and however often.
            "CREATE UNIQUE INDEX callbacks_order_source ON callbacks (order_id) WHERE reason = 'delivered_order'",
            "CREATE UNIQUE INDEX callbacks_ticket_source ON callbacks (reason, source_ticket_id) WHERE source_ticket_id IS NOT NULL",
            "CREATE UNIQUE INDEX callbacks_case_source ON callbacks (after_sales_id) WHERE after_sales_id IS NOT NULL",
            "CREATE UNIQUE INDEX callbacks_occasion_source ON callbacks (occasion, member_id, occasion_on) WHERE reason = 'occasion'",
            "CREATE UNIQUE INDEX callbacks_first_contact_source ON callbacks (member_id, not_before) WHERE reason = 'first_contact'",
            // Few indexes, partial where they can be: each is written for every generated row. The summary reads due
            // ranges through `callbacks_status_due` with all three statuses.
            "CREATE INDEX callbacks_assignee ON callbacks (assignee_id, status, due_by)",
            "CREATE INDEX callbacks_status_due ON callbacks (status, due_by)",
            "CREATE INDEX callbacks_member ON callbacks (member_id, id) WHERE member_id IS NOT NULL",
            "CREATE INDEX callbacks_completed ON callbacks (completed_by, completed_at) WHERE completed_at IS NOT NULL",
            "CREATE INDEX callbacks_opened_ticket ON callbacks (ticket_id) WHERE ticket_id IS NOT NULL",
            "CREATE INDEX callbacks_unassigned ON callbacks (due_by, id) WHERE assignee_id IS NULL AND status = 'open'",
            """
            CREATE TABLE callback_attempts (
                id {ID},
                callback_id BIGINT NOT NULL REFERENCES callbacks(id),
                result TEXT NOT NULL,
                note TEXT,
                by_id BIGINT REFERENCES users(id),
                at BIGINT NOT NULL
            )
            """,
            "CREATE INDEX callback_attempts_callback ON callback_attempts (callback_id, id)",
            // Which script lines a reason's call uses, step by step; a line without a reason serves every reason.
            """
            CREATE TABLE callback_scripts (
                id {ID},
                reason TEXT,
                step TEXT NOT NULL,
                script_id BIGINT NOT NULL REFERENCES scripts(id),
                position INTEGER NOT NULL
            )
            """,
            "CREATE INDEX callback_scripts_reason ON callback_scripts (reason, step, position)",
            // What generation reads: deliveries and resolutions since a cut-off.
            "CREATE INDEX orders_delivered ON orders (delivered_at) WHERE delivered_at IS NOT NULL",
            "CREATE INDEX tickets_resolved ON tickets (resolved_at) WHERE resolved_at IS NOT NULL",
        ]
    }, seed: { connection, now in
        var position = Int(try await connection.first(
            "SELECT COALESCE(MAX(position), 0) AS p FROM scripts WHERE situation = 'follow_up'")?.int("p") ?? 0)
        for line in CallbackScriptSeed.lines {
            position += 1
            let row = try await connection.first(
                """
                INSERT INTO scripts (situation, title, body, note, position, active, version, created_at, updated_at)
                VALUES ('follow_up', \(line.title), \(line.body), \(line.note), \(position), 1, 1, \(now), \(now))
                RETURNING id
                """)
            try await connection.query(
                """
                INSERT INTO callback_scripts (reason, step, script_id, position)
                VALUES (\(line.reason), \(line.step), \(try row!.int("id")), \(position))
                """)
        }
    })
}
