/// Every schema step Kefu has ever shipped, oldest first. Append new steps; never edit old ones.
public enum Migrations {
    public static let all: [Migration] = [platform, credentialEpoch, orders, afterSales, stockouts, dailyClose, orderListIndexes, importMappings]

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

    /// A counter bumped by every change that can end or narrow someone's access (disable, revoke, sign-out,
    /// password, role). Instances cache credentials and drop the cache when the counter moves.
    static let credentialEpoch = Migration(version: 2, name: "credential_epoch") { _ in
        [
            "CREATE TABLE credential_epoch (id INTEGER PRIMARY KEY, value BIGINT NOT NULL)",
            "INSERT INTO credential_epoch (id, value) VALUES (1, 0)",
        ]
    }

    /// The order desk: suppliers, products, orders with items, payments, flag notes, holds, shipments and
    /// tracking events (R-ORD-1…19). Money is integer fen; instants are epoch milliseconds.
    static let orders = Migration(version: 3, name: "orders") { _ in
        [
            """
            CREATE TABLE suppliers (
                id {ID},
                code TEXT NOT NULL UNIQUE,
                name TEXT NOT NULL,
                contact TEXT,
                phone TEXT,
                active INTEGER NOT NULL DEFAULT 1,
                version BIGINT NOT NULL DEFAULT 1,
                created_at BIGINT NOT NULL
            )
            """,
            """
            CREATE TABLE products (
                id {ID},
                sku TEXT NOT NULL UNIQUE,
                name TEXT NOT NULL,
                supplier_id BIGINT REFERENCES suppliers(id),
                price BIGINT NOT NULL,
                stock BIGINT NOT NULL DEFAULT 0,
                active INTEGER NOT NULL DEFAULT 1,
                version BIGINT NOT NULL DEFAULT 1,
                created_at BIGINT NOT NULL,
                updated_at BIGINT NOT NULL
            )
            """,
            "CREATE INDEX products_supplier ON products (supplier_id)",
            "CREATE TABLE order_sequences (day TEXT PRIMARY KEY, last BIGINT NOT NULL)",
            """
            CREATE TABLE orders (
                id {ID},
                number TEXT NOT NULL UNIQUE,
                channel TEXT NOT NULL,
                external_number TEXT,
                customer_name TEXT NOT NULL,
                customer_phone TEXT NOT NULL,
                recipient TEXT NOT NULL,
                address_phone TEXT NOT NULL,
                province TEXT NOT NULL,
                city TEXT NOT NULL,
                district TEXT NOT NULL,
                address_line TEXT NOT NULL,
                payment_method TEXT NOT NULL,
                status TEXT NOT NULL,
                held INTEGER NOT NULL DEFAULT 0,
                total BIGINT NOT NULL,
                paid BIGINT NOT NULL DEFAULT 0,
                entered_by BIGINT,
                reviewed_by BIGINT,
                rejection_reason TEXT,
                confirmed_at BIGINT,
                paid_at BIGINT,
                ship_clock_at BIGINT,
                shipped_at BIGINT,
                delivered_at BIGINT,
                completed_at BIGINT,
                version BIGINT NOT NULL DEFAULT 1,
                created_at BIGINT NOT NULL,
                updated_at BIGINT NOT NULL
            )
            """,
            "CREATE UNIQUE INDEX orders_external ON orders (channel, external_number)",
            "CREATE INDEX orders_status ON orders (status, created_at)",
            "CREATE INDEX orders_ship_clock ON orders (status, ship_clock_at)",
            "CREATE INDEX orders_customer_phone ON orders (customer_phone)",
            "CREATE INDEX orders_entered_by ON orders (entered_by, status)",
            """
            CREATE TABLE order_items (
                id {ID},
                order_id BIGINT NOT NULL REFERENCES orders(id),
                position INTEGER NOT NULL,
                sku TEXT NOT NULL,
                name TEXT NOT NULL,
                quantity BIGINT NOT NULL,
                unit_price BIGINT NOT NULL
            )
            """,
            "CREATE INDEX order_items_order ON order_items (order_id, position)",
            """
            CREATE TABLE payments (
                id {ID},
                order_id BIGINT NOT NULL REFERENCES orders(id),
                method TEXT NOT NULL,
                amount BIGINT NOT NULL,
                reference TEXT,
                recorded_by BIGINT,
                at BIGINT NOT NULL
            )
            """,
            "CREATE INDEX payments_order ON payments (order_id, id)",
            """
            CREATE TABLE order_notes (
                id {ID},
                order_id BIGINT NOT NULL REFERENCES orders(id),
                flag TEXT NOT NULL,
                content TEXT NOT NULL,
                handling TEXT NOT NULL,
                author_id BIGINT,
                at BIGINT NOT NULL
            )
            """,
            "CREATE INDEX order_notes_order ON order_notes (order_id, id)",
            """
            CREATE TABLE order_holds (
                id {ID},
                order_id BIGINT NOT NULL REFERENCES orders(id),
                reason TEXT NOT NULL,
                release_on TEXT,
                owner_id BIGINT,
                placed_by BIGINT,
                placed_at BIGINT NOT NULL,
                released_by BIGINT,
                released_at BIGINT
            )
            """,
            "CREATE INDEX order_holds_order ON order_holds (order_id, id)",
            "CREATE INDEX order_holds_release ON order_holds (released_at, release_on)",
            """
            CREATE TABLE shipments (
                id {ID},
                order_id BIGINT NOT NULL REFERENCES orders(id),
                carrier TEXT NOT NULL,
                tracking_number TEXT NOT NULL,
                shipped_by BIGINT,
                shipped_at BIGINT NOT NULL,
                delivered_at BIGINT,
                proof TEXT
            )
            """,
            "CREATE INDEX shipments_order ON shipments (order_id, id)",
            "CREATE INDEX shipments_tracking ON shipments (carrier, tracking_number)",
            """
            CREATE TABLE tracking_events (
                id {ID},
                shipment_id BIGINT NOT NULL REFERENCES shipments(id),
                at BIGINT NOT NULL,
                status TEXT NOT NULL,
                description TEXT NOT NULL,
                recorded_by BIGINT
            )
            """,
            "CREATE INDEX tracking_events_shipment ON tracking_events (shipment_id, at)",
        ]
    }

    /// After-sales cases (R-AS-1…6), deduction slips with their ordered sign-offs (R-ORD-17) and the abnormal
    /// re-order register (R-ORD-18).
    static let afterSales = Migration(version: 4, name: "after_sales") { _ in
        [
            """
            CREATE TABLE after_sales_cases (
                id {ID},
                number TEXT NOT NULL UNIQUE,
                order_id BIGINT NOT NULL REFERENCES orders(id),
                kind TEXT NOT NULL,
                status TEXT NOT NULL,
                problem TEXT NOT NULL,
                required_action TEXT NOT NULL,
                customer_name TEXT NOT NULL,
                customer_phone TEXT NOT NULL,
                handed_over_by BIGINT,
                fault TEXT,
                details_json TEXT NOT NULL,
                refund_amount BIGINT NOT NULL DEFAULT 0,
                cashback_amount BIGINT NOT NULL DEFAULT 0,
                receipt_confirmed_at BIGINT,
                cashback_due_at BIGINT,
                paid_out_at BIGINT,
                owner_id BIGINT,
                version BIGINT NOT NULL DEFAULT 1,
                created_at BIGINT NOT NULL,
                updated_at BIGINT NOT NULL
            )
            """,
            "CREATE INDEX after_sales_order ON after_sales_cases (order_id)",
            "CREATE INDEX after_sales_status ON after_sales_cases (status, id)",
            "CREATE INDEX after_sales_payout ON after_sales_cases (paid_out_at, cashback_due_at)",
            """
            CREATE TABLE deduction_slips (
                id {ID},
                order_id BIGINT NOT NULL REFERENCES orders(id),
                supplier_id BIGINT REFERENCES suppliers(id),
                amount BIGINT NOT NULL,
                reason TEXT NOT NULL,
                paid_at BIGINT,
                version BIGINT NOT NULL DEFAULT 1,
                created_by BIGINT,
                created_at BIGINT NOT NULL
            )
            """,
            """
            CREATE TABLE deduction_signoffs (
                id {ID},
                slip_id BIGINT NOT NULL REFERENCES deduction_slips(id),
                party TEXT NOT NULL,
                user_id BIGINT,
                at BIGINT NOT NULL,
                comment TEXT,
                UNIQUE (slip_id, party)
            )
            """,
            """
            CREATE TABLE reorders (
                id {ID},
                failed_order_id BIGINT NOT NULL REFERENCES orders(id),
                new_order_id BIGINT NOT NULL REFERENCES orders(id),
                amount BIGINT NOT NULL,
                customer_name TEXT NOT NULL,
                recorded_by BIGINT,
                at BIGINT NOT NULL
            )
            """,
        ]
    }

    /// Out-of-stock requests (R-ORD-16).
    static let stockouts = Migration(version: 5, name: "stockout_requests") { _ in
        [
            """
            CREATE TABLE stockout_requests (
                id {ID},
                customer_name TEXT NOT NULL,
                contact TEXT NOT NULL,
                product TEXT NOT NULL,
                quantity BIGINT NOT NULL,
                note TEXT,
                registered_at BIGINT NOT NULL,
                registered_by BIGINT,
                answer_due_at BIGINT NOT NULL,
                result TEXT,
                answer TEXT,
                answered_at BIGINT,
                answered_by BIGINT
            )
            """,
            "CREATE INDEX stockout_open ON stockout_requests (answered_at, answer_due_at)",
            "CREATE INDEX stockout_registered ON stockout_requests (registered_at)",
        ]
    }

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

    /// Partial indexes so that every order list and its count reads only the orders on it, even with millions
    /// archived. The predicates match the list queries in `OrderRepository.list` word for word; change both together.
    static let orderListIndexes = Migration(version: 7, name: "order_list_indexes") { _ in
        [
            """
            CREATE INDEX orders_unpaid ON orders (created_at)
            WHERE status NOT IN ('cancelled', 'archived') AND paid < total AND payment_method <> 'cod'
            """,
            "CREATE INDEX orders_overpaid ON orders (id) WHERE paid > total",
            "CREATE INDEX orders_shipped ON orders (status, shipped_at)",
            "CREATE INDEX orders_held ON orders (id) WHERE held = 1",
        ]
    }

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
