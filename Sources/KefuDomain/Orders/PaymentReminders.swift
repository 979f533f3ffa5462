import Foundation

/// Payment reminders (催付, R-ORD-8): when each kind of reminder is sent, and who may chase whose order.
public struct ReminderRules: Sendable, Equatable {
    public enum Channel: String, Codable, CaseIterable, Sendable {
        /// Instant message on the shop platform: sent in the morning, before 11:00.
        case im
        /// A phone call: in the evening window, 18:00–20:30.
        case phone
    }

    public var imBefore: TimeOfDay
    public var phoneFrom: TimeOfDay
    public var phoneUntil: TimeOfDay
    /// How long an order must have been unpaid before someone other than its agent may chase it.
    public var chaseAfter: TimeInterval

    public init(imBefore: TimeOfDay = TimeOfDay(hour: 11, minute: 0)!, phoneFrom: TimeOfDay = TimeOfDay(hour: 18, minute: 0)!,
                phoneUntil: TimeOfDay = TimeOfDay(hour: 20, minute: 30)!, chaseAfterHours: Double = 24) {
        self.imBefore = imBefore
        self.phoneFrom = phoneFrom
        self.phoneUntil = phoneUntil
        self.chaseAfter = chaseAfterHours * 3600
    }

    /// Whether a reminder by `channel` may be sent at `now` (business time zone `timeZone`).
    public func allows(_ channel: Channel, at now: Date, timeZone: TimeZone) -> Bool {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        let parts = calendar.dateComponents([.hour, .minute], from: now)
        let minutes = (parts.hour ?? 0) * 60 + (parts.minute ?? 0)
        switch channel {
        case .im: return minutes < imBefore.minutes
        case .phone: return minutes >= phoneFrom.minutes && minutes < phoneUntil.minutes
        }
    }

    /// Whether `chaser` may chase an order entered by `owner`: always their own; someone else's only when
    /// its agent is offline and it has been unpaid for 24 h.
    public func mayChase(chaser: Int64?, owner: Int64?, ownerOnline: Bool, unpaidSince: Date, now: Date) -> Bool {
        if chaser == nil || chaser == owner { return true }
        return !ownerOnline && now.timeIntervalSince(unpaidSince) >= chaseAfter
    }
}
