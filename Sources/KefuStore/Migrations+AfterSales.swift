extension Migrations {
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
}
