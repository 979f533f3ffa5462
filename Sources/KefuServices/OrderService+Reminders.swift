import Foundation
import KefuDomain
import KefuStore

/// Payment reminders (催付, R-ORD-8): who may chase, when, and who gets the credit.
extension OrderService {
    /// Whether the person is signed in and active now: a web session seen in the last 15 minutes.
    func isOnline(_ userID: Int64?, now: Date, on connection: any SQLConnection) async throws -> Bool {
        guard let userID else { return false }
        let since = now.addingTimeInterval(-15 * 60)
        return try await connection.first(
            "SELECT 1 AS online FROM sessions WHERE user_id = \(userID) AND ended_at IS NULL AND last_seen_at >= \(since) LIMIT 1") != nil
    }

    /// Records a reminder sent to the customer of an unpaid order. The channel must be in its window (IM before
    /// 11:00, phone 18:00–20:30); someone else's order may be chased only when its agent is offline and it has
    /// been unpaid for 24 h. The chaser is credited when the order is then paid in full.
    public func remind(id: Int64, channel: ReminderRules.Channel?, note: String?, by principal: Principal) async throws -> Order {
        try principal.require(.ordersCreate)
        guard let channel else { throw ServiceError.validation([FieldError(field: "channel", code: "error.required")]) }
        let now = clock.now
        guard reminders.allows(channel, at: now, timeZone: timeZone) else {
            let window = channel == .im ? "–\(reminders.imBefore)" : "\(reminders.phoneFrom)–\(reminders.phoneUntil)"
            throw ServiceError.validation([FieldError(field: "channel", code: "error.outside_reminder_window", arguments: ["window": window])])
        }
        let rules = reminders
        return try await update(id: id, expectedVersion: nil, by: principal, kind: "order.reminded",
                                detail: ["channel": channel.rawValue, "note": note]) { order, connection in
            guard order.outstanding > 0, ![.cancelled, .archived].contains(order.status) else {
                throw ServiceError.invalidState(current: order.status.rawValue, allowed: [])
            }
            let ownerOnline = try await isOnline(order.enteredBy, now: now, on: connection)
            guard rules.mayChase(chaser: principal.user?.id, owner: order.enteredBy, ownerOnline: ownerOnline,
                                 unpaidSince: order.createdAt, now: now) else {
                throw ServiceError.forbidden(nil)
            }
        }
    }

    /// After a payment completes an order: credits the last person other than its agent who chased it.
    func creditChase(_ order: Order, at now: Date, on connection: any SQLConnection) async throws {
        let reminders = try await events.list(EventFilter(kind: "order.reminded", entity: "order", entityID: "\(order.id)"), limit: 1, on: connection)
        guard let last = reminders.events.first, let chaser = last.actorID, chaser != order.enteredBy else { return }
        try await events.append(Event(at: now, actorID: chaser, actorLogin: last.actorLogin, kind: "order.chase_credited", entity: "order",
                                      entityID: "\(order.id)", after: Snapshot.json(["chaser": last.actorLogin, "amount": "\(order.total)"])),
                                on: connection)
    }
}
