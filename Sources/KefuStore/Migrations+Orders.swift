extension Migrations {
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
}
