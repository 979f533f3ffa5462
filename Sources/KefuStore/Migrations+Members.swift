extension Migrations {
    /// Members (issue 5, R-MEM-1…5): one record per customer with phones, emails, addresses and tags kept in their
    /// own tables, every change in `member_history`, saved filters (segments), name search terms, and the notices
    /// a contact change sends. Orders and tickets point at their member by `member_id`. Instants are epoch ms.
    static let members = Migration(version: 18, name: "members") { _ in
        [
            """
            CREATE TABLE members (
                id {ID},
                name TEXT NOT NULL,
                gender TEXT NOT NULL DEFAULT 'unknown',
                birth_year INTEGER,
                birthday TEXT,
                id_number TEXT,
                grade TEXT NOT NULL DEFAULT 'normal',
                registration_channel TEXT,
                preferences TEXT NOT NULL DEFAULT '',
                notes TEXT NOT NULL DEFAULT '',
                do_not_call INTEGER NOT NULL DEFAULT 0,
                rest_hours TEXT,
                assigned_agent_id BIGINT REFERENCES users(id),
                assigned_at BIGINT,
                erased_at BIGINT,
                merged_into_id BIGINT REFERENCES members(id),
                version BIGINT NOT NULL DEFAULT 1,
                created_at BIGINT NOT NULL,
                updated_at BIGINT NOT NULL
            )
            """,
            "CREATE INDEX members_grade ON members (grade, id)",
            "CREATE INDEX members_assigned ON members (assigned_agent_id, assigned_at)",
            "CREATE INDEX members_merged ON members (merged_into_id) WHERE merged_into_id IS NOT NULL",
            "CREATE INDEX members_birthday ON members (birthday) WHERE birthday IS NOT NULL",
            // Phones are digits only; `last4` serves "尾号 5678" through an index.
            """
            CREATE TABLE member_phones (
                member_id BIGINT NOT NULL REFERENCES members(id),
                phone TEXT NOT NULL,
                last4 TEXT NOT NULL,
                position INTEGER NOT NULL,
                PRIMARY KEY (member_id, position)
            )
            """,
            "CREATE INDEX member_phones_phone ON member_phones (phone, member_id)",
            "CREATE INDEX member_phones_last4 ON member_phones (last4, member_id)",
            // Emails are kept lowercased.
            """
            CREATE TABLE member_emails (
                member_id BIGINT NOT NULL REFERENCES members(id),
                email TEXT NOT NULL,
                position INTEGER NOT NULL,
                PRIMARY KEY (member_id, position)
            )
            """,
            "CREATE INDEX member_emails_email ON member_emails (email, member_id)",
            """
            CREATE TABLE member_addresses (
                member_id BIGINT NOT NULL REFERENCES members(id),
                recipient TEXT NOT NULL,
                phone TEXT NOT NULL,
                province TEXT NOT NULL,
                city TEXT NOT NULL,
                district TEXT NOT NULL,
                line TEXT NOT NULL,
                position INTEGER NOT NULL,
                PRIMARY KEY (member_id, position)
            )
            """,
            """
            CREATE TABLE member_tags (
                member_id BIGINT NOT NULL REFERENCES members(id),
                tag TEXT NOT NULL,
                PRIMARY KEY (member_id, tag)
            )
            """,
            "CREATE INDEX member_tags_tag ON member_tags (tag, member_id)",
            // Name search: every character and every pair of neighbouring characters of a Chinese name, and the
            // prefixes of other words, so that 陈, 静 and 陈静 each read one index range, newest member first.
            """
            CREATE TABLE member_search (
                term TEXT NOT NULL,
                member_id BIGINT NOT NULL REFERENCES members(id),
                PRIMARY KEY (term, member_id)
            )
            """,
            "CREATE INDEX member_search_member ON member_search (member_id)",
            """
            CREATE TABLE member_history (
                id {ID},
                member_id BIGINT NOT NULL REFERENCES members(id),
                action TEXT NOT NULL,
                changes TEXT NOT NULL,
                changed_by BIGINT REFERENCES users(id),
                changed_at BIGINT NOT NULL
            )
            """,
            "CREATE INDEX member_history_member ON member_history (member_id, id)",
            """
            CREATE TABLE member_segments (
                id {ID},
                name TEXT NOT NULL,
                filter TEXT NOT NULL,
                created_by BIGINT REFERENCES users(id),
                created_at BIGINT NOT NULL
            )
            """,
            // What a member is told when a contact detail changes (R-MEM-5): mail goes through `outbound_mail`;
            // a text message waits here as `pending` until an SMS gateway exists.
            """
            CREATE TABLE member_notices (
                id {ID},
                member_id BIGINT NOT NULL REFERENCES members(id),
                channel TEXT NOT NULL,
                recipient TEXT NOT NULL,
                kind TEXT NOT NULL,
                body TEXT NOT NULL,
                status TEXT NOT NULL,
                outbound_mail_id BIGINT,
                created_at BIGINT NOT NULL
            )
            """,
            "CREATE INDEX member_notices_member ON member_notices (member_id, id)",
            "CREATE INDEX member_notices_status ON member_notices (status, id)",
            "ALTER TABLE orders ADD COLUMN member_id BIGINT",
            "CREATE INDEX orders_member ON orders (member_id, id)",
            "CREATE INDEX tickets_member ON tickets (member_id, id)",
        ]
    }
}
