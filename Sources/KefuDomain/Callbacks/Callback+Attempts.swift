import Foundation

/// One try to reach the member (R-CB-2): when, what happened, by whom.
public struct CallbackAttempt: Codable, Equatable, Sendable {
    public enum Result: String, Codable, CaseIterable, Sendable {
        case noAnswer = "no_answer"
        case busy
        /// The number reached someone else: it needs correcting.
        case wrongNumber = "wrong_number"
        /// The member picked up; the outcome follows.
        case answered
        /// The member declined to talk.
        case refused
        /// An email or SMS task's message went out (a member who is not called).
        case sent

        /// Whether the result is of a phone call (all but `sent`).
        public var isCall: Bool { self != .sent }
    }

    public var id: Int64
    public var callbackID: Int64
    public var result: Result
    public var note: String?
    public var byID: Int64?
    public var byName: String?
    public var at: Date

    public init(id: Int64 = 0, callbackID: Int64, result: Result, note: String?, byID: Int64?, byName: String? = nil, at: Date) {
        self.id = id
        self.callbackID = callbackID
        self.result = result
        self.note = note
        self.byID = byID
        self.byName = byName
        self.at = at
    }

    public static let noteLimit = 1000
}

/// Why an attempt may not be recorded now.
public enum CallbackAttemptRefusal: Equatable, Sendable {
    /// The callback is done or closed.
    case finished(Callback.State)
    /// The member asked not to be called (R-CB-3): their task is an email or SMS task.
    case doNotCall
    /// `sent` is for email and SMS tasks only.
    case notAMessageTask
    /// The member is resting until this instant (R-CB-3).
    case quietHours(until: Date?)
    /// Before the window opens, or before the next try is due.
    case notYet(until: Date)
}

extension Callback {
    /// Whether an attempt with `result` may be recorded at `now`. Dialling is refused in rest hours, before the
    /// window or the next try, and always for a member who is not to be called; a wrong number may be dialled
    /// again once corrected.
    public func refusal(of result: CallbackAttempt.Result, at now: Date, quietHours: QuietHours, timeZone: TimeZone) -> CallbackAttemptRefusal? {
        guard state == .open else { return .finished(state) }
        guard result.isCall else { return channel == .phone ? .notAMessageTask : nil }
        guard channel == .phone else { return .doNotCall }
        var corrected = self
        corrected.needsNumber = false
        let availability = corrected.availability(at: now, quietHours: quietHours, timeZone: timeZone)
        if availability.callableNow { return nil }
        if availability.wait == .quietHours { return .quietHours(until: availability.from) }
        return .notYet(until: availability.from ?? max(notBefore, nextAttemptAt ?? notBefore))
    }

    /// The callback after an attempt (check ``refusal(of:at:quietHours:timeZone:)`` first). No answer or busy
    /// schedules the next try `retryAfter` later outside rest hours, and closes the callback as unreachable after
    /// `maxAttempts` such tries; a wrong number waits for a corrected one; a refusal closes it; a sent message
    /// completes an email or SMS task.
    public func after(_ result: CallbackAttempt.Result, at now: Date, by user: Int64?, settings: CallbackSettings,
                      quietHours: QuietHours, timeZone: TimeZone) -> Callback {
        var next = self
        next.needsNumber = false
        next.nextAttemptAt = nil
        switch result {
        case .noAnswer, .busy:
            next.failedAttempts += 1
            if next.failedAttempts >= settings.maxAttempts {
                next.state = .closed
                next.closure = .unreachable
                next.completedAt = now
                next.completedBy = user
            } else {
                let retry = now.addingTimeInterval(settings.retryAfter)
                next.nextAttemptAt = quietHours.nextAllowed(from: retry, in: timeZone) ?? retry
            }
        case .wrongNumber:
            next.needsNumber = true
        case .answered:
            break
        case .refused:
            next.state = .closed
            next.closure = .refused
            next.completedAt = now
            next.completedBy = user
        case .sent:
            next.state = .done
            next.completedAt = now
            next.completedBy = user
        }
        if next.assigneeID == nil { next.assigneeID = user }
        return next
    }
}
