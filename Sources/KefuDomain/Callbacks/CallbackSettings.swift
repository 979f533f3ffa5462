import Foundation

/// The numbers the callback rules leave open (R-CB-1…4), with the defaults of DOMAIN.md.
public struct CallbackSettings: Equatable, Sendable {
    /// A delivered order is called back within this many days of delivery (R-CB-1, seed 002: a week).
    public var deliveredOrderDays = 7
    /// A resolved service ticket or completed after-sales case, within this many days (R-CB-1, seed 003: three days).
    public var serviceDays = 3
    /// A complaint put right, within this many days of the customer's confirmation (R-CB-1).
    public var complaintDays = 3
    /// A member newly assigned to an agent is contacted within this many days (R-MEM-3: a week).
    public var firstContactDays = 7
    /// Occasion calls (birthday, holiday) start this many days before the day…
    public var occasionDaysBefore = 3
    /// …and are due this many days after it.
    public var occasionDaysAfter = 3
    /// Holidays that bring an occasion call to every member who has an agent (none by default).
    public var holidays: [LocalDate] = []
    /// A manual callback without a due instant is due this many days after it is added.
    public var manualDays = 3
    /// When nobody is in rest hours of their own (R-CB-3).
    public var quietHours = QuietHours.standard
    /// After no answer or a busy line, the next try comes this much later (outside rest hours).
    public var retryAfter: TimeInterval = 2 * 3600
    /// Tries without reaching anyone before the callback is closed as unreachable.
    public var maxAttempts = 3
    /// Callbacks each agent completes a day, at least (R-CB-4, seed 002: 不低于10个).
    public var dailyQuota = 10
    /// Generation looks this far back for deliveries, resolutions and assignments it has not turned into callbacks.
    public var lookbackDays = 30

    public init() {}

    /// Days in the window of `reason`.
    public func days(for reason: Callback.Reason) -> Int {
        switch reason {
        case .deliveredOrder: deliveredOrderDays
        case .serviceFollowUp: serviceDays
        case .complaintFollowUp: complaintDays
        case .firstContact: firstContactDays
        case .occasion: occasionDaysBefore + occasionDaysAfter
        case .manual: manualDays
        }
    }

    /// The due window of a callback for `reason` whose event (delivery, resolution, confirmation, assignment,
    /// addition) happened at `event`: from the event until the reason's days have passed (R-CB-1).
    public func window(for reason: Callback.Reason, from event: Date) -> (notBefore: Date, dueBy: Date) {
        (event, event.addingTimeInterval(TimeInterval(days(for: reason)) * 86_400))
    }

    /// The window of an occasion on `day`: from the start of `occasionDaysBefore` days earlier until the end of
    /// `occasionDaysAfter` days later, on the wall calendar of `timeZone`.
    public func occasionWindow(on day: LocalDate, in timeZone: TimeZone) -> (notBefore: Date, dueBy: Date) {
        (Self.start(of: day.adding(days: -occasionDaysBefore), in: timeZone),
         Self.start(of: day.adding(days: occasionDaysAfter + 1), in: timeZone))
    }

    /// The days whose occasions are open on `today`: an occasion on day D is open from D − before to D + after.
    public func occasionDays(open today: LocalDate) -> [LocalDate] {
        (-occasionDaysAfter...occasionDaysBefore).map { today.adding(days: $0) }
    }

    /// Midnight at the start of `day` in `timeZone`.
    public static func start(of day: LocalDate, in timeZone: TimeZone) -> Date {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        return calendar.date(from: DateComponents(year: day.year, month: day.month, day: day.day))!
    }

    /// The day `instant` falls on in `timeZone`.
    public static func day(of instant: Date, in timeZone: TimeZone) -> LocalDate {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        let parts = calendar.dateComponents([.year, .month, .day], from: instant)
        return LocalDate(year: parts.year!, month: parts.month!, day: parts.day!)!
    }

    /// The `MM-DD` birthdays celebrated on `day`: a 29 February birthday is kept on 28 February in other years.
    public static func birthdays(on day: LocalDate) -> [String] {
        let pad = { (value: Int) in value < 10 ? "0\(value)" : "\(value)" }
        var keys = ["\(pad(day.month))-\(pad(day.day))"]
        if day.month == 2, day.day == 28, LocalDate(year: day.year, month: 2, day: 29) == nil { keys.append("02-29") }
        return keys
    }
}
