import Foundation
import KefuDomain
import KefuServices

/// A callback as the API shows it: its window, whether it can be dialled now ("not before 14:00" in rest hours,
/// never for a do-not-call member; R-CB-3), and its contact, masked without `pii.view`.
struct CallbackJSON: Encodable {
    struct Contact: Encodable {
        var name: String
        var phone: String?
        var email: String?
        var doNotCall: Bool
        var restHours: String?
    }

    var id: Int64
    var reason: Callback.Reason
    var occasion: Callback.Occasion?
    var occasionOn: LocalDate?
    var state: Callback.State
    var channel: Callback.Channel
    var memberId: Int64?
    var orderId: Int64?
    var orderNumber: String?
    var sourceTicketId: Int64?
    var sourceTicketNumber: String?
    var afterSalesId: Int64?
    var assigneeId: Int64?
    var assigneeName: String?
    var contact: Contact
    var notBefore: Date
    var dueBy: Date
    var callableNow: Bool
    var callableFrom: Date?
    /// `callable_from` on the business wall clock: `14:00` today, `11-24 09:00` another day.
    var callableFromLocal: String?
    var wait: CallbackAvailability.Wait?
    var overdue: Bool
    var nextAttemptAt: Date?
    var failedAttempts: Int
    var needsNumber: Bool
    var outcome: CallbackOutcome?
    var suggestions: String?
    var ticketId: Int64?
    var ticketNumber: String?
    var closure: Callback.Closure?
    var note: String?
    var completedAt: Date?
    var completedBy: Int64?
    var version: Int64
    var createdAt: Date
    var updatedAt: Date

    init(_ listing: CallbackListing, permissions: Set<Permission>, now: Date, timeZone: TimeZone) {
        let entry = listing.entry, callback = listing.entry.callback
        let pii = permissions.contains(.piiView)
        id = callback.id
        reason = callback.reason
        occasion = callback.occasion
        occasionOn = callback.occasionOn
        state = callback.state
        channel = entry.channel
        memberId = callback.memberID
        orderId = callback.orderID
        orderNumber = entry.orderNumber
        sourceTicketId = callback.sourceTicketID
        sourceTicketNumber = entry.sourceTicketNumber
        afterSalesId = callback.afterSalesID
        assigneeId = callback.assigneeID
        assigneeName = entry.assigneeName
        contact = Contact(name: entry.contact.name, phone: entry.contact.phone.map { pii ? $0 : PII.maskPhone($0) },
                          email: entry.contact.email.map { pii ? $0 : PII.maskEmail($0) }, doNotCall: entry.contact.doNotCall,
                          restHours: entry.contact.restHours)
        notBefore = callback.notBefore
        dueBy = callback.dueBy
        callableNow = listing.availability.callableNow
        callableFrom = listing.availability.from
        callableFromLocal = listing.availability.from.map { Self.local($0, now: now, timeZone: timeZone) }
        wait = listing.availability.wait
        overdue = listing.overdue
        nextAttemptAt = callback.nextAttemptAt
        failedAttempts = callback.failedAttempts
        needsNumber = callback.needsNumber
        outcome = callback.outcome
        suggestions = callback.suggestions
        ticketId = callback.ticketID
        ticketNumber = entry.ticketNumber
        closure = callback.closure
        note = callback.note
        completedAt = callback.completedAt
        completedBy = callback.completedBy
        version = callback.version
        createdAt = callback.createdAt
        updatedAt = callback.updatedAt
    }

    /// `HH:mm` when `instant` is on the same business day as `now`, else `MM-dd HH:mm`.
    static func local(_ instant: Date, now: Date, timeZone: TimeZone) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = timeZone
        let sameDay = CallbackSettings.day(of: instant, in: timeZone) == CallbackSettings.day(of: now, in: timeZone)
        formatter.dateFormat = sameDay ? "HH:mm" : "MM-dd HH:mm"
        return formatter.string(from: instant)
    }
}

/// One callback with its attempts and the script for its reason.
struct CallbackDetailJSON: Encodable {
    struct Attempt: Encodable {
        var id: Int64
        var result: CallbackAttempt.Result
        var note: String?
        var by: Int64?
        var byName: String?
        var at: Date
    }

    struct Line: Encodable {
        var step: CallbackScript.Step
        var scriptId: Int64
        var title: String
        var body: String
        var note: String?
    }

    var callback: CallbackJSON
    var attempts: [Attempt]
    var script: [Line]

    init(_ detail: CallbackDetail, permissions: Set<Permission>, now: Date, timeZone: TimeZone) {
        callback = CallbackJSON(detail.listing, permissions: permissions, now: now, timeZone: timeZone)
        attempts = detail.attempts.map { Attempt(id: $0.id, result: $0.result, note: $0.note, by: $0.byID, byName: $0.byName, at: $0.at) }
        script = detail.script.lines.map { Line(step: $0.step, scriptId: $0.scriptID, title: $0.title, body: $0.body, note: $0.note) }
    }

    func encode(to encoder: any Encoder) throws {
        try callback.encode(to: encoder)
        var container = encoder.container(keyedBy: Keys.self)
        try container.encode(attempts, forKey: .attempts)
        try container.encode(script, forKey: .script)
    }

    enum Keys: String, CodingKey { case attempts, script }
}

/// The summary of a period (R-CB-5): totals at the top level, then by outcome, reason and agent, and coverage.
struct CallbackReportJSON: Encodable {
    struct Counts: Encodable {
        var due, doneInTime, doneLate, open, overdue, unreachable, refused, satisfied, neutral, unsatisfied: Int
        var inTimeShare: Double?

        init(_ counts: CallbackReport.Counts) {
            (due, doneInTime, doneLate, open, overdue) = (counts.due, counts.doneInTime, counts.doneLate, counts.open, counts.overdue)
            (unreachable, refused) = (counts.unreachable, counts.refused)
            (satisfied, neutral, unsatisfied) = (counts.satisfied, counts.neutral, counts.unsatisfied)
            inTimeShare = counts.inTimeShare
        }
    }

    struct ReasonLine: Encodable {
        var reason: Callback.Reason
        var counts: Counts

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: Keys.self)
            try container.encode(reason, forKey: .reason)
            try counts.encode(to: encoder)
        }

        enum Keys: String, CodingKey { case reason }
    }

    struct AgentLine: Encodable {
        var agentId: Int64?
        var agentName: String?
        var counts: Counts

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: Keys.self)
            try container.encodeIfPresent(agentId, forKey: .agentId)
            try container.encodeIfPresent(agentName, forKey: .agentName)
            try counts.encode(to: encoder)
        }

        enum Keys: String, CodingKey { case agentId, agentName }
    }

    struct Coverage: Encodable {
        var deliveredOrders, ordersInTime, members, membersInTime: Int
        var orderShare, memberShare: Double?
        var target: Double
        var met: Bool
    }

    var report: CallbackReport

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: Keys.self)
        try container.encode(report.from, forKey: .from)
        try container.encode(report.to, forKey: .to)
        try container.encode(report.created, forKey: .created)
        try Counts(report.totals).encode(to: encoder)
        try container.encode(["satisfied": report.totals.satisfied, "neutral": report.totals.neutral, "unsatisfied": report.totals.unsatisfied],
                             forKey: .byOutcome)
        try container.encode(report.byReason.map { ReasonLine(reason: $0.reason, counts: Counts($0.counts)) }, forKey: .byReason)
        try container.encode(report.byAgent.map { AgentLine(agentId: $0.agentID, agentName: $0.agentName, counts: Counts($0.counts)) },
                             forKey: .byAgent)
        let coverage = report.coverage
        try container.encode(Coverage(deliveredOrders: coverage.deliveredOrders, ordersInTime: coverage.ordersInTime, members: coverage.members,
                                      membersInTime: coverage.membersInTime, orderShare: coverage.orderShare, memberShare: coverage.memberShare,
                                      target: coverage.target, met: coverage.met), forKey: .coverage)
    }

    enum Keys: String, CodingKey { case from, to, created, byOutcome, byReason, byAgent, coverage }
}
