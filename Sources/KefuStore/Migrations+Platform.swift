extension Migrations {
    /// Staff accounts, sessions, API tokens, sign-in failures, settings and the append-only event log.
    static let platform = Migration(version: 1, name: "platform") { dialect in
        var statements = [
            """
            CREATE TABLE users (
                id {ID},
                login TEXT NOT NULL UNIQUE,
                display_name TEXT NOT NULL,
                role TEXT NOT NULL,
                department TEXT,
                team TEXT,
                level TEXT NOT NULL,
                language TEXT,
                active INTEGER NOT NULL DEFAULT 1,
                password_hash TEXT NOT NULL,
                password_changed_at BIGINT NOT NULL,
                version BIGINT NOT NULL DEFAULT 1,
                created_at BIGINT NOT NULL,
                updated_at BIGINT NOT NULL
            )
            """,
            """
            CREATE TABLE sessions (
                id {ID},
                token_hash TEXT NOT NULL UNIQUE,
                user_id BIGINT NOT NULL REFERENCES users(id),
                csrf_token TEXT NOT NULL,
                created_at BIGINT NOT NULL,
                last_seen_at BIGINT NOT NULL,
                expires_at BIGINT NOT NULL,
                address TEXT,
                user_agent TEXT,
                ended_at BIGINT
            )
            """,
            "CREATE INDEX sessions_user ON sessions (user_id)",
            """
            CREATE TABLE api_tokens (
                id {ID},
                token_hash TEXT NOT NULL UNIQUE,
                prefix TEXT NOT NULL,
                name TEXT NOT NULL,
                user_id BIGINT NOT NULL REFERENCES users(id),
                created_by BIGINT,
                created_at BIGINT NOT NULL,
                expires_at BIGINT,
                last_used_at BIGINT,
                revoked_at BIGINT
            )
            """,
            "CREATE INDEX api_tokens_user ON api_tokens (user_id)",
            """
            CREATE TABLE login_failures (
                id {ID},
                login TEXT NOT NULL,
                address TEXT NOT NULL,
                at BIGINT NOT NULL
            )
            """,
            "CREATE INDEX login_failures_login ON login_failures (login, at)",
            "CREATE INDEX login_failures_address ON login_failures (address, at)",
            """
            CREATE TABLE settings (
                key TEXT PRIMARY KEY,
                value TEXT NOT NULL,
                version BIGINT NOT NULL DEFAULT 1,
                updated_at BIGINT NOT NULL
            )
            """,
            """
            CREATE TABLE events (
                id {ID},
                at BIGINT NOT NULL,
                actor_id BIGINT,
                actor_login TEXT,
                kind TEXT NOT NULL,
                entity TEXT NOT NULL,
                entity_id TEXT,
                before_json TEXT,
                after_json TEXT,
                address TEXT
            )
            """,
            "CREATE INDEX events_entity ON events (entity, entity_id, id)",
            "CREATE INDEX events_kind ON events (kind, id)",
            "CREATE INDEX events_actor ON events (actor_id, id)",
            "CREATE INDEX events_at ON events (at)",
        ]
        // The event log is append-only in the database itself, not just in the code.
        switch dialect {
        case .sqlite:
            statements += [
                "CREATE TRIGGER events_no_update BEFORE UPDATE ON events BEGIN SELECT RAISE(ABORT, 'events are append-only'); END",
                "CREATE TRIGGER events_no_delete BEFORE DELETE ON events BEGIN SELECT RAISE(ABORT, 'events are append-only'); END",
            ]
        case .postgres:
            statements += [
                """
                CREATE FUNCTION kefu_events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN RAISE EXCEPTION 'events are append-only'; END $$
                """,
                "CREATE TRIGGER events_no_change BEFORE UPDATE OR DELETE ON events FOR EACH ROW EXECUTE FUNCTION kefu_events_append_only()",
                "CREATE TRIGGER events_no_truncate BEFORE TRUNCATE ON events FOR EACH STATEMENT EXECUTE FUNCTION kefu_events_append_only()",
            ]
        }
        return statements
    }
}
