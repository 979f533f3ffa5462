import Foundation

/// A phone call as the agent logs it, before it is saved. The call joins an existing ticket (`ticketID`) or opens
/// a new one (`newTicket`), never both. Validation reports every problem at once, with the API's field names.
public struct CallDraft: Equatable, Sendable {
    /// The ticket a call opens: its type, and a subject (the summary's first line when none is given).
    public struct NewTicket: Equatable, Sendable {
        public var type: TicketType?
        public var subject: String?

        public init(type: TicketType?, subject: String? = nil) {
            self.type = type
            self.subject = subject
        }
    }

    public static let summaryLimit = 10_000
    public static let nameLimit = 100
    /// The longest wait and the longest call taken as real; anything longer is a typing mistake.
    public static let answeredAfterLimit = 3_600
    public static let durationLimit = 86_400
    /// How far ahead of the server's clock a start may be (a browser clock running fast, minutes typed without seconds).
    public static let clockTolerance: TimeInterval = 60

    public var callerName: String?
    public var callerPhone: String?
    public var startedAt: Date?
    public var answeredAfterSeconds: Int?
    public var durationSeconds: Int?
    public var direction: CallDirection?
    public var summary: String?
    public var ticketID: Int64?
    public var newTicket: NewTicket?

    public init(callerName: String?, callerPhone: String?, startedAt: Date?, answeredAfterSeconds: Int?, durationSeconds: Int?,
                direction: CallDirection?, summary: String?, ticketID: Int64? = nil, newTicket: NewTicket? = nil) {
        self.callerName = callerName
        self.callerPhone = callerPhone
        self.startedAt = startedAt
        self.answeredAfterSeconds = answeredAfterSeconds
        self.durationSeconds = durationSeconds
        self.direction = direction
        self.summary = summary
        self.ticketID = ticketID
        self.newTicket = newTicket
    }

    static func trimmed(_ text: String?) -> String { (text ?? "").trimmingCharacters(in: .whitespacesAndNewlines) }

    /// Every problem with the call at `now`: the caller's phone (and name when a ticket is opened), a start not in
    /// the future, seconds that are not negative (the wait is needed for an inbound call, R-PERF-4), a direction,
    /// a summary, and exactly one of an existing ticket or a new one with its type.
    public func problems(now: Date) -> [FieldError] {
        var errors: [FieldError] = []
        let name = Self.trimmed(callerName), phone = Self.trimmed(callerPhone), summary = Self.trimmed(summary)
        if newTicket != nil, name.isEmpty { errors.append(FieldError(field: "caller.name", code: "error.required")) }
        if name.count > Self.nameLimit { errors.append(Self.tooLong("caller.name", Self.nameLimit)) }
        if phone.isEmpty {
            errors.append(FieldError(field: "caller.phone", code: "error.required"))
        } else if !TicketDraft.isPhone(phone) {
            errors.append(FieldError(field: "caller.phone", code: "error.phone_format"))
        }
        if let startedAt {
            if startedAt > now.addingTimeInterval(Self.clockTolerance) { errors.append(FieldError(field: "started_at", code: "error.not_in_future")) }
        } else {
            errors.append(FieldError(field: "started_at", code: "error.required"))
        }
        if direction == nil { errors.append(FieldError(field: "direction", code: "error.required")) }
        if let seconds = answeredAfterSeconds {
            errors += Self.seconds("answered_after_seconds", seconds, limit: Self.answeredAfterLimit)
        } else if direction == .inbound {
            errors.append(FieldError(field: "answered_after_seconds", code: "error.required"))
        }
        if let seconds = durationSeconds {
            errors += Self.seconds("duration_seconds", seconds, limit: Self.durationLimit)
        } else {
            errors.append(FieldError(field: "duration_seconds", code: "error.required"))
        }
        if summary.isEmpty {
            errors.append(FieldError(field: "summary", code: "error.required"))
        } else if summary.count > Self.summaryLimit {
            errors.append(Self.tooLong("summary", Self.summaryLimit))
        }
        switch (ticketID, newTicket) {
        case (nil, nil), (.some, .some): errors.append(FieldError(field: "ticket_id", code: "error.call_ticket_choice"))
        case (nil, let new?):
            if new.type == nil { errors.append(FieldError(field: "ticket.type", code: "error.required")) }
            if Self.trimmed(new.subject).count > TicketDraft.maxSubject { errors.append(Self.tooLong("ticket.subject", TicketDraft.maxSubject)) }
        default: break
        }
        return errors
    }

    static func seconds(_ field: String, _ value: Int, limit: Int) -> [FieldError] {
        if value < 0 { return [FieldError(field: field, code: "error.not_negative")] }
        if value > limit { return [FieldError(field: field, code: "error.range", arguments: ["min": "0", "max": "\(limit)"])] }
        return []
    }

    static func tooLong(_ field: String, _ limit: Int) -> FieldError {
        FieldError(field: field, code: "error.too_long", arguments: ["max": "\(limit)"])
    }

    /// The subject of the ticket the call opens: the one given, else the summary's first non-empty line, cut to
    /// the subject's limit.
    public var subject: String {
        let given = Self.trimmed(newTicket?.subject)
        if !given.isEmpty { return given }
        let line = Self.trimmed(summary).split(whereSeparator: \.isNewline).first.map { String($0).trimmingCharacters(in: .whitespaces) } ?? ""
        return line.count > TicketDraft.maxSubject ? String(line.prefix(TicketDraft.maxSubject - 1)) + "…" : line
    }

    /// The call to save (id 0, no ticket yet), text trimmed, flagged by `rule`. Call only when ``problems(now:)``
    /// is empty.
    public func callLog(ticketID: Int64, openedTicket: Bool, rule: CallAnswerRule, loggedBy: Int64?, at now: Date) -> CallLog {
        let name = Self.trimmed(callerName)
        let direction = direction ?? .inbound
        return CallLog(
            ticketID: ticketID, direction: direction, callerName: name.isEmpty ? nil : name, callerPhone: Self.trimmed(callerPhone),
            startedAt: startedAt ?? now, answeredAfterSeconds: answeredAfterSeconds, durationSeconds: durationSeconds ?? 0,
            summary: Self.trimmed(summary), answerLimitSeconds: rule.limitSeconds,
            slowAnswer: rule.isSlow(direction: direction, answeredAfterSeconds: answeredAfterSeconds), openedTicket: openedTicket,
            loggedBy: loggedBy, loggedAt: now)
    }
}
