extension Migrations {
    /// Service tickets (issue 4): configurable states and categories, the tickets with their first-contact
    /// owner and SLA instants, the conversation, state history (for SLA pauses), SLA terms and the marks that
    /// make "at risk" and "breached" happen once each, hand-offs to departments, the complaint loop's steps,
    /// and people's notifications.
    static let tickets = Migration(version: 11, name: "tickets") { dialect in
        let bytes = dialect == .postgres ? "BYTEA" : "BLOB"
        return [
            """
            CREATE TABLE ticket_states (
                code TEXT PRIMARY KEY,
                name TEXT NOT NULL,
                name_en TEXT NOT NULL,
                category TEXT NOT NULL,
                pauses_sla INTEGER NOT NULL DEFAULT 0,
                position INTEGER NOT NULL,
                active INTEGER NOT NULL DEFAULT 1
            )
            """,
            // Waiting for the customer stops the clock; waiting for a department does not: the customer still waits.
            """
            INSERT INTO ticket_states (code, name, name_en, category, pauses_sla, position) VALUES
                ('new', '新建', 'New', 'new', 0, 1),
                ('open', '处理中', 'Open', 'open', 0, 2),
                ('waiting_customer', '等待客户', 'Waiting for customer', 'pending', 1, 3),
                ('waiting_department', '等待部门答复', 'Waiting for department', 'pending', 0, 4),
                ('resolved', '已解决', 'Resolved', 'resolved', 0, 5),
                ('closed', '已关闭', 'Closed', 'closed', 0, 6)
            """,
            """
            CREATE TABLE ticket_categories (
                code TEXT PRIMARY KEY,
                parent TEXT REFERENCES ticket_categories(code),
                name TEXT NOT NULL,
                name_en TEXT NOT NULL,
                position INTEGER NOT NULL,
                active INTEGER NOT NULL DEFAULT 1
            )
            """,
            """
            INSERT INTO ticket_categories (code, parent, name, name_en, position) VALUES
                ('complaint', NULL, '投诉', 'Complaints', 1),
                ('inquiry', NULL, '咨询', 'Inquiries', 2),
                ('service', NULL, '售后与维修', 'After-sales and repair', 3),
                ('suggestion', NULL, '建议', 'Suggestions', 4)
            """,
            """
            INSERT INTO ticket_categories (code, parent, name, name_en, position) VALUES
                ('product_quality', 'complaint', '产品质量', 'Product quality', 1),
                ('delivery_delay', 'complaint', '配送延误', 'Delivery delay', 2),
                ('service_attitude', 'complaint', '服务态度', 'Service attitude', 3),
                ('logistics_damage', 'complaint', '物流破损', 'Damaged in transit', 4),
                ('wrong_item', 'complaint', '错发漏发', 'Wrong or missing item', 5),
                ('price_dispute', 'complaint', '价格争议', 'Price dispute', 6),
                ('product_info', 'inquiry', '商品信息', 'Product information', 1),
                ('order_status', 'inquiry', '订单状态', 'Order status', 2),
                ('payment', 'inquiry', '支付与发票', 'Payment and invoices', 3),
                ('membership', 'inquiry', '会员权益', 'Membership', 4),
                ('return_exchange', 'service', '退换货', 'Returns and exchanges', 1),
                ('repair_request', 'service', '维修', 'Repair', 2),
                ('installation', 'service', '安装', 'Installation', 3),
                ('product_suggestion', 'suggestion', '产品建议', 'Product suggestion', 1),
                ('service_suggestion', 'suggestion', '服务建议', 'Service suggestion', 2)
            """,
            "CREATE TABLE ticket_sequences (day TEXT PRIMARY KEY, last BIGINT NOT NULL)",
            """
            CREATE TABLE tickets (
                id {ID},
                number TEXT NOT NULL UNIQUE,
                type TEXT NOT NULL,
                channel TEXT NOT NULL,
                subject TEXT NOT NULL,
                customer_name TEXT NOT NULL,
                customer_phone TEXT,
                customer_email TEXT,
                member_id BIGINT,
                order_id BIGINT REFERENCES orders(id),
                category TEXT REFERENCES ticket_categories(code),
                priority TEXT NOT NULL,
                severity TEXT NOT NULL,
                state TEXT NOT NULL REFERENCES ticket_states(code),
                state_category TEXT NOT NULL,
                owner_id BIGINT REFERENCES users(id),
                assignee_id BIGINT REFERENCES users(id),
                department TEXT,
                about_user_id BIGINT REFERENCES users(id),
                complaint_stage TEXT,
                sla_policy_id BIGINT,
                first_response_due_at BIGINT,
                first_response_at BIGINT,
                next_response_due_at BIGINT,
                resolution_due_at BIGINT,
                resolved_at BIGINT,
                closed_at BIGINT,
                sla_state TEXT,
                sla_watch_at BIGINT,
                sla_due_at BIGINT,
                follow_up_due_at BIGINT,
                version BIGINT NOT NULL DEFAULT 1,
                created_at BIGINT NOT NULL,
                updated_at BIGINT NOT NULL
            )
            """,
            "CREATE INDEX tickets_assignee ON tickets (assignee_id, state_category, sla_due_at)",
            "CREATE INDEX tickets_owner ON tickets (owner_id, state_category, id)",
            "CREATE INDEX tickets_state ON tickets (state_category, id)",
            "CREATE INDEX tickets_type ON tickets (type, created_at)",
            "CREATE INDEX tickets_department ON tickets (department, state_category)",
            "CREATE INDEX tickets_watch ON tickets (sla_watch_at) WHERE sla_watch_at IS NOT NULL",
            "CREATE INDEX tickets_sla ON tickets (sla_state, state_category)",
            "CREATE INDEX tickets_phone ON tickets (customer_phone)",
            "CREATE INDEX tickets_email ON tickets (customer_email)",
            "CREATE INDEX tickets_order ON tickets (order_id)",
            "CREATE INDEX tickets_follow_up ON tickets (follow_up_due_at) WHERE follow_up_due_at IS NOT NULL",
            """
            CREATE TABLE ticket_messages (
                id {ID},
                ticket_id BIGINT NOT NULL REFERENCES tickets(id),
                kind TEXT NOT NULL,
                author_id BIGINT REFERENCES users(id),
                author_name TEXT,
                body TEXT NOT NULL,
                channel TEXT,
                message_id TEXT,
                at BIGINT NOT NULL
            )
            """,
            "CREATE INDEX ticket_messages_ticket ON ticket_messages (ticket_id, id)",
            "CREATE INDEX ticket_messages_message_id ON ticket_messages (message_id)",
            """
            CREATE TABLE ticket_attachments (
                id {ID},
                ticket_id BIGINT NOT NULL REFERENCES tickets(id),
                message_id BIGINT REFERENCES ticket_messages(id),
                filename TEXT NOT NULL,
                content_type TEXT NOT NULL,
                content \(bytes) NOT NULL,
                size BIGINT NOT NULL,
                at BIGINT NOT NULL
            )
            """,
            "CREATE INDEX ticket_attachments_ticket ON ticket_attachments (ticket_id, id)",
            """
            CREATE TABLE ticket_state_history (
                id {ID},
                ticket_id BIGINT NOT NULL REFERENCES tickets(id),
                state TEXT NOT NULL,
                category TEXT NOT NULL,
                pauses_sla INTEGER NOT NULL,
                by_id BIGINT,
                at BIGINT NOT NULL
            )
            """,
            "CREATE INDEX ticket_state_history_ticket ON ticket_state_history (ticket_id, id)",
            """
            CREATE TABLE ticket_sla_terms (
                id {ID},
                ticket_id BIGINT NOT NULL REFERENCES tickets(id),
                policy_id BIGINT NOT NULL,
                from_at BIGINT NOT NULL
            )
            """,
            "CREATE INDEX ticket_sla_terms_ticket ON ticket_sla_terms (ticket_id, id)",
            """
            CREATE TABLE ticket_sla_marks (
                ticket_id BIGINT NOT NULL REFERENCES tickets(id),
                target TEXT NOT NULL,
                mark TEXT NOT NULL,
                at BIGINT NOT NULL,
                PRIMARY KEY (ticket_id, target, mark)
            )
            """,
            """
            CREATE TABLE ticket_handoffs (
                id {ID},
                ticket_id BIGINT NOT NULL REFERENCES tickets(id),
                department TEXT NOT NULL,
                request TEXT NOT NULL,
                contact TEXT,
                due_at BIGINT NOT NULL,
                requested_by BIGINT REFERENCES users(id),
                requested_at BIGINT NOT NULL,
                answer TEXT,
                answered_by BIGINT REFERENCES users(id),
                answered_at BIGINT
            )
            """,
            "CREATE INDEX ticket_handoffs_ticket ON ticket_handoffs (ticket_id, id)",
            "CREATE INDEX ticket_handoffs_open ON ticket_handoffs (department, due_at) WHERE answered_at IS NULL",
            """
            CREATE TABLE complaint_steps (
                id {ID},
                ticket_id BIGINT NOT NULL REFERENCES tickets(id),
                action TEXT NOT NULL,
                stage TEXT NOT NULL,
                details TEXT NOT NULL,
                by_id BIGINT REFERENCES users(id),
                at BIGINT NOT NULL
            )
            """,
            "CREATE INDEX complaint_steps_ticket ON complaint_steps (ticket_id, id)",
            """
            CREATE TABLE notifications (
                id {ID},
                user_id BIGINT NOT NULL REFERENCES users(id),
                kind TEXT NOT NULL,
                entity TEXT NOT NULL,
                entity_id TEXT NOT NULL,
                summary TEXT NOT NULL,
                at BIGINT NOT NULL,
                read_at BIGINT
            )
            """,
            "CREATE INDEX notifications_user ON notifications (user_id, id)",
            // Mail to customers, kept until the sendmail command took it (and afterwards, as the record of what went out).
            """
            CREATE TABLE outbound_mail (
                id {ID},
                ticket_id BIGINT REFERENCES tickets(id),
                message_id TEXT NOT NULL,
                recipients TEXT NOT NULL,
                content \(bytes) NOT NULL,
                status TEXT NOT NULL,
                attempts INTEGER NOT NULL DEFAULT 0,
                last_error TEXT,
                created_at BIGINT NOT NULL,
                sent_at BIGINT
            )
            """,
            "CREATE INDEX outbound_mail_queued ON outbound_mail (status, id)",
            // The satisfaction request after resolution (R-TKT-9): a link with a random token, answered once.
            """
            CREATE TABLE satisfaction_requests (
                id {ID},
                ticket_id BIGINT NOT NULL REFERENCES tickets(id),
                token_hash TEXT NOT NULL UNIQUE,
                created_at BIGINT NOT NULL,
                rating INTEGER,
                comment TEXT,
                rated_at BIGINT
            )
            """,
            "CREATE INDEX satisfaction_requests_ticket ON satisfaction_requests (ticket_id)",
            "CREATE INDEX notifications_unread ON notifications (user_id) WHERE read_at IS NULL",
        ] + ticketSearch(dialect)
    }

    /// Full-text search over what was said, one entry per message (`SearchText` prepares the words): FTS5 on
    /// SQLite, a GIN-indexed tsvector on PostgreSQL.
    static func ticketSearch(_ dialect: SQLDialect) -> [String] {
        // Messages wait here until the indexer (every second, and before each search) adds them in batches:
        // full-text indexes are costly to change one row per transaction.
        let pending = "CREATE TABLE ticket_search_pending (message_id BIGINT PRIMARY KEY, ticket_id BIGINT NOT NULL)"
        return [pending] + fullText(dialect)
    }

    static func fullText(_ dialect: SQLDialect) -> [String] {
        switch dialect {
        case .sqlite:
            ["CREATE VIRTUAL TABLE ticket_search USING fts5(document, ticket_id UNINDEXED, tokenize = 'unicode61 remove_diacritics 0')"]
        case .postgres:
            ["CREATE TABLE ticket_search (message_id BIGINT PRIMARY KEY, ticket_id BIGINT NOT NULL, document TSVECTOR NOT NULL)",
             "CREATE INDEX ticket_search_document ON ticket_search USING GIN (document)",
             // Rare words (a phone number, an order number) must be known as rare, or the planner walks the whole
             // table newest first instead of asking the index.
             "ALTER TABLE ticket_search ALTER COLUMN document SET STATISTICS 10000"]
        }
    }
}
