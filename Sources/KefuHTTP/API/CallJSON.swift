import Foundation
import Hummingbird
import KefuDomain
import KefuServices
import KefuStore

/// A logged call as the API returns it; the caller's phone masked for readers without `pii.view`.
struct CallJSON: Encodable {
    struct Caller: Encodable { var name: String?; var phone: String }

    var id: Int64
    var ticketId: Int64
    var ticketNumber: String?
    var messageId: Int64?
    var direction: CallDirection
    var caller: Caller
    var startedAt: Date
    var answeredAfterSeconds: Int?
    var durationSeconds: Int
    var summary: String
    var answerLimitSeconds: Int
    var slowAnswer: Bool
    var openedTicket: Bool
    var loggedBy: Int64?
    var loggedByName: String?
    var loggedAt: Date

    init(_ call: CallLog, permissions: Set<Permission>) {
        id = call.id
        ticketId = call.ticketID
        ticketNumber = call.ticketNumber
        messageId = call.messageID
        direction = call.direction
        caller = Caller(name: call.callerName, phone: PII.phone(call.callerPhone, for: permissions))
        startedAt = call.startedAt
        answeredAfterSeconds = call.answeredAfterSeconds
        durationSeconds = call.durationSeconds
        summary = call.summary
        answerLimitSeconds = call.answerLimitSeconds
        slowAnswer = call.slowAnswer
        openedTicket = call.openedTicket
        loggedBy = call.loggedBy
        loggedByName = call.loggedByName
        loggedAt = call.loggedAt
    }
}

/// A page of calls with the answer speed over every call the filter matches.
struct CallListJSON: Encodable {
    struct Summary: Encodable {
        var calls: Int
        var inbound: Int
        var averageAnsweredAfterSeconds: Double?
        var slowAnswers: Int
        var totalDurationSeconds: Int
    }

    var items: [CallJSON]
    var total: Int
    var limit: Int
    var offset: Int
    var summary: Summary

    init(_ result: (calls: [CallLog], total: Int, summary: CallLogRepository.Summary), paging: Paging, permissions: Set<Permission>) {
        items = result.calls.map { CallJSON($0, permissions: permissions) }
        total = result.total
        limit = paging.limit
        offset = paging.offset
        summary = Summary(calls: result.summary.calls, inbound: result.summary.inbound,
                          averageAnsweredAfterSeconds: result.summary.averageAnsweredAfter.map { ($0 * 10).rounded() / 10 },
                          slowAnswers: result.summary.slowAnswers, totalDurationSeconds: result.summary.totalDuration)
    }
}

/// Which calls a list asks for: `from` and `to` (business days `YYYY-MM-DD`, both included, or RFC 3339 instants,
/// `to` excluded) and `agent` (a user id, or `me`).
struct CallQuery {
    var filter = CallLogRepository.Filter()

    init(_ request: Request, principal: Principal, timeZone: TimeZone) throws {
        let query = request.uri.queryParameters
        func text(_ name: String) -> String? {
            query[Substring(name)].map(String.init).flatMap { $0.isEmpty ? nil : $0 }
        }
        filter.from = try text("from").map { try Self.instant($0, field: "from", timeZone: timeZone, endOfDay: false) }
        filter.before = try text("to").map { try Self.instant($0, field: "to", timeZone: timeZone, endOfDay: true) }
        if let agent = text("agent") {
            if agent == "me" {
                filter.loggedBy = principal.user?.id ?? -1
            } else {
                guard let id = Int64(agent) else { throw RequestError.badParameter(FieldError(field: "agent", code: "error.unknown_value")) }
                filter.loggedBy = id
            }
        }
    }

    /// An instant, or the start of a business day (of the next one for an inclusive end).
    static func instant(_ text: String, field: String, timeZone: TimeZone, endOfDay: Bool) throws -> Date {
        if let day = LocalDate(text) {
            var calendar = Calendar(identifier: .gregorian)
            calendar.timeZone = timeZone
            let date = endOfDay ? day.adding(days: 1) : day
            return calendar.date(from: DateComponents(year: date.year, month: date.month, day: date.day))!
        }
        if let date = ISO8601DateFormatter().date(from: text) { return date }
        throw RequestError.badParameter(FieldError(field: field, code: "error.date_format"))
    }
}
