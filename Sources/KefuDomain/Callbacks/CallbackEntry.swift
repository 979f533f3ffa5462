import Foundation

/// Whom a callback reaches and how: the member when there is one, else the customer of the order or ticket.
public struct CallbackContact: Equatable, Sendable {
    public var name: String
    /// In full; masked on the way out for people without `pii.view`.
    public var phone: String?
    public var email: String?
    /// The member asked not to be called (R-CB-3).
    public var doNotCall: Bool
    /// The member's own rest hours as they wrote them; nil: the setting's.
    public var restHours: String?
    public var grade: String?

    public init(name: String, phone: String?, email: String?, doNotCall: Bool = false, restHours: String? = nil, grade: String? = nil) {
        self.name = name
        self.phone = phone
        self.email = email
        self.doNotCall = doNotCall
        self.restHours = restHours
        self.grade = grade
    }
}

/// A callback as lists and pages show it: with its contact, the numbers of what it links to, and its holder.
public struct CallbackEntry: Equatable, Sendable {
    public var callback: Callback
    public var contact: CallbackContact
    public var orderNumber: String?
    public var sourceTicketNumber: String?
    /// The number of the ticket an unsatisfied outcome opened.
    public var ticketNumber: String?
    public var assigneeName: String?

    public init(callback: Callback, contact: CallbackContact, orderNumber: String? = nil, sourceTicketNumber: String? = nil,
                ticketNumber: String? = nil, assigneeName: String? = nil) {
        self.callback = callback
        self.contact = contact
        self.orderNumber = orderNumber
        self.sourceTicketNumber = sourceTicketNumber
        self.ticketNumber = ticketNumber
        self.assigneeName = assigneeName
    }

    /// The channel to use now: a member who asked not to be called since the task was made is written to instead.
    public var channel: Callback.Channel {
        Callback.channel(planned: callback.channel, doNotCall: contact.doNotCall, hasEmail: contact.email != nil)
    }

    /// The callback as it stands for dialling now: the channel as of now.
    public var current: Callback {
        var current = callback
        current.channel = channel
        return current
    }

    /// The rest hours that apply: the member's own, else the setting's.
    public func quietHours(_ settings: CallbackSettings) -> QuietHours {
        QuietHours.effective(memberText: contact.restHours, fallback: settings.quietHours)
    }

    /// Whether it can be dialled at `now` (R-CB-3).
    public func availability(at now: Date, settings: CallbackSettings, timeZone: TimeZone) -> CallbackAvailability {
        current.availability(at: now, quietHours: quietHours(settings), timeZone: timeZone)
    }
}

/// Which callbacks a list shows.
public struct CallbackFilter: Equatable, Sendable {
    /// Open callbacks by their window: due today (the window is open by the end of today and not yet past),
    /// overdue (past their due instant), upcoming (opening after today).
    public enum Due: String, Codable, CaseIterable, Sendable {
        case today, overdue, upcoming
    }

    public var due: Due?
    public var assigneeID: Int64?
    /// Only callbacks nobody holds.
    public var unassigned: Bool
    public var reason: Callback.Reason?
    /// By the channel to use now: `phone` is the call list, where a do-not-call member never appears (R-CB-3).
    public var channel: Callback.Channel?
    public var state: Callback.State?
    public var memberID: Int64?

    public init(due: Due? = nil, assigneeID: Int64? = nil, unassigned: Bool = false, reason: Callback.Reason? = nil,
                channel: Callback.Channel? = nil, state: Callback.State? = nil, memberID: Int64? = nil) {
        self.due = due
        self.assigneeID = assigneeID
        self.unassigned = unassigned
        self.reason = reason
        self.channel = channel
        self.state = state
        self.memberID = memberID
    }
}
