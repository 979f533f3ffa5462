extension Migrations {
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
}
