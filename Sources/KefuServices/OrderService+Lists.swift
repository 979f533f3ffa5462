import Foundation
import KefuDomain
import KefuStore

/// The lists that act: review queue, unpaid, overpaid, ship-by, undelivered, holds, and their counts.
extension OrderService {
    public func list(_ filter: OrderFilter, limit: Int = 50, offset: Int = 0, by principal: Principal) async throws -> (orders: [Order], total: Int) {
        try principal.require(.ordersView)
        let now = clock.now
        let filter = filter.at(now, deadlines: deadlines)
        let known = counts.value(for: filter, now: now)
        let result = try await database.read { try await orders.list(filter, limit: limit, offset: offset, knownTotal: known, on: $0) }
        if known == nil { counts.store(result.total, for: filter, now: now) }
        return result
    }

    /// How many orders are on each list now, for the tabs and the navigation.
    public func counts(by principal: Principal) async throws -> [OrderFilter.List: Int] {
        try principal.require(.ordersView)
        let now = clock.now
        let deadlines = self.deadlines
        let cache = counts
        return try await database.read { connection in
            var result: [OrderFilter.List: Int] = [:]
            for list in OrderFilter.List.allCases {
                let filter = OrderFilter(list: list).at(now, deadlines: deadlines)
                if let known = cache.value(for: filter, now: now) {
                    result[list] = known
                } else {
                    let total = try await orders.count(filter, on: connection)
                    cache.store(total, for: filter, now: now)
                    result[list] = total
                }
            }
            return result
        }
    }

    /// Unpaid balances per customer for orders unpaid for 3 days (setting) or more (R-ORD-6). Phones are masked
    /// for people without `pii.view`.
    public func unpaidSummary(by principal: Principal) async throws -> [UnpaidBalance] {
        try principal.require(.ordersView)
        let cutoff = clock.now.addingTimeInterval(-deadlines.unpaidSummaryAfter)
        let lines = try await database.read { try await orders.unpaidByCustomer(olderThan: cutoff, on: $0) }
        return lines.map { line in
            var line = line
            line.customerPhone = PII.phone(line.customerPhone, for: principal.permissions)
            return line
        }
    }
}
