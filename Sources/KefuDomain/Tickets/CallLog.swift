import Foundation

/// Which way a phone call went.
public enum CallDirection: String, Codable, CaseIterable, Sendable {
    case inbound, outbound
}

/// A phone call an agent took or made, logged against a ticket (the phone channel of R-TKT-1). It opened the
/// ticket or joined an existing one; in the ticket's conversation it is an internal entry, never a reply to the
/// customer (R-TKT-8). Answer speed and duration are kept for the statistics (R-PERF-2, R-PERF-4).
public struct CallLog: Equatable, Sendable {
    public var id: Int64
    public var ticketID: Int64
    public var ticketNumber: String?
    /// The conversation entry the call became.
    public var messageID: Int64?
    public var direction: CallDirection
    public var callerName: String?
    public var callerPhone: String
    public var startedAt: Date
    /// Seconds the phone rang before someone answered; nil for an outbound call when not known.
    public var answeredAfterSeconds: Int?
    public var durationSeconds: Int
    public var summary: String
    /// The answer limit in force when the call was logged, so the flag can always be traced to its rule.
    public var answerLimitSeconds: Int
    /// An inbound call answered later than ``answerLimitSeconds``.
    public var slowAnswer: Bool
    /// Whether logging the call opened its ticket.
    public var openedTicket: Bool
    public var loggedBy: Int64?
    public var loggedByName: String?
    public var loggedAt: Date

    public init(id: Int64 = 0, ticketID: Int64, ticketNumber: String? = nil, messageID: Int64? = nil, direction: CallDirection,
                callerName: String?, callerPhone: String, startedAt: Date, answeredAfterSeconds: Int?, durationSeconds: Int,
                summary: String, answerLimitSeconds: Int, slowAnswer: Bool, openedTicket: Bool, loggedBy: Int64?,
                loggedByName: String? = nil, loggedAt: Date) {
        self.id = id
        self.ticketID = ticketID
        self.ticketNumber = ticketNumber
        self.messageID = messageID
        self.direction = direction
        self.callerName = callerName
        self.callerPhone = callerPhone
        self.startedAt = startedAt
        self.answeredAfterSeconds = answeredAfterSeconds
        self.durationSeconds = durationSeconds
        self.summary = summary
        self.answerLimitSeconds = answerLimitSeconds
        self.slowAnswer = slowAnswer
        self.openedTicket = openedTicket
        self.loggedBy = loggedBy
        self.loggedByName = loggedByName
        self.loggedAt = loggedAt
    }
}

/// How quickly the phone must be answered: "answer business calls promptly" (seed 001, counted against the agent
/// in R-PERF-4); three rings, about 15 seconds, unless the setting says otherwise.
public struct CallAnswerRule: Equatable, Sendable {
    public static let defaultLimitSeconds = 15
    public var limitSeconds: Int

    public init(limitSeconds: Int = CallAnswerRule.defaultLimitSeconds) {
        self.limitSeconds = limitSeconds
    }

    /// Only the customer waits on an inbound call; how long a customer takes to pick up an outbound call says
    /// nothing about the agent.
    public func isSlow(direction: CallDirection, answeredAfterSeconds: Int?) -> Bool {
        guard direction == .inbound, let seconds = answeredAfterSeconds else { return false }
        return seconds > limitSeconds
    }
}

/// Durations as agents type them: `205`, `3:25` or `1:02:05`.
public enum CallDuration {
    /// Seconds from plain seconds, `m:ss` or `h:mm:ss` (seconds and minutes after the first part below 60); nil
    /// when the text is none of these. A leading minus is kept so that the caller can report "negative".
    public static func seconds(_ text: String) -> Int? {
        var text = text.trimmingCharacters(in: .whitespaces).replacingOccurrences(of: "：", with: ":")
        let negative = text.hasPrefix("-")
        if negative { text.removeFirst() }
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        guard (1...3).contains(parts.count), parts.allSatisfy({ !$0.isEmpty && $0.count <= 6 && $0.allSatisfy { $0.isASCII && $0.isNumber } }),
              let numbers = Optional(parts.compactMap { Int($0) }), numbers.count == parts.count,
              numbers.dropFirst().allSatisfy({ $0 < 60 }) else { return nil }
        let total = numbers.reduce(0) { $0 * 60 + $1 }
        return negative ? -total : total
    }

    /// `205` → `3:25`, `3725` → `1:02:05`.
    public static func text(_ seconds: Int) -> String {
        let hours = seconds / 3600, minutes = seconds % 3600 / 60, rest = seconds % 60
        return hours > 0 ? String(format: "%d:%02d:%02d", hours, minutes, rest) : String(format: "%d:%02d", minutes, rest)
    }
}
