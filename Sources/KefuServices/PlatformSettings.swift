import Foundation
import KefuDomain

/// Settings of the platform layer, read from `KEFU_*` environment variables with sensible defaults.
public struct PlatformSettings: Sendable {
    /// A session unused this long expires.
    public var sessionIdle: TimeInterval = 2 * 3600
    /// A session expires this long after sign-in, however busy.
    public var sessionMaximum: TimeInterval = 24 * 3600
    /// How often a busy session or token records that it was used (keeps reads from becoming writes).
    public var touchInterval: TimeInterval = 60
    public var throttle = LoginThrottle()
    public var passwordPolicy = PasswordPolicy()
    public var bcryptCost: UInt8 = 11
    /// The business time zone people work in.
    public var timeZone = TimeZone(identifier: "Asia/Shanghai")!
    /// Ship-by and delivery clocks of the order desk.
    public var orderDeadlines = OrderDeadlines()
    /// When the daily close runs (`KEFU_DAILY_CLOSE_AT`, default 16:30).
    public var dailyClose = DailyCloseSchedule()
    /// Mail to customers: the sender address and the sendmail-compatible command that takes a message on stdin.
    public var mail = MailSettings()
    /// The share of an SLA target used when a ticket turns at risk (`KEFU_SLA_AT_RISK_PERCENT`, default 80).
    public var slaAtRiskFraction = 0.8

    public init() {}

    /// Defaults overridden by `KEFU_SESSION_IDLE_MINUTES`, `KEFU_SESSION_MAX_HOURS`, `KEFU_LOGIN_MAX_FAILURES`,
    /// `KEFU_LOGIN_WINDOW_MINUTES`, `KEFU_PASSWORD_MIN_LENGTH` and `KEFU_BCRYPT_COST`.
    public static func fromEnvironment(_ environment: [String: String] = ProcessInfo.processInfo.environment) -> PlatformSettings {
        var settings = PlatformSettings()
        func number(_ key: String) -> Double? { environment[key].flatMap(Double.init) }
        if let minutes = number("KEFU_SESSION_IDLE_MINUTES") { settings.sessionIdle = minutes * 60 }
        if let hours = number("KEFU_SESSION_MAX_HOURS") { settings.sessionMaximum = hours * 3600 }
        if let failures = number("KEFU_LOGIN_MAX_FAILURES") { settings.throttle.maxFailuresPerLogin = Int(failures) }
        if let minutes = number("KEFU_LOGIN_WINDOW_MINUTES") { settings.throttle.window = minutes * 60 }
        if let length = number("KEFU_PASSWORD_MIN_LENGTH") { settings.passwordPolicy.minimumLength = Int(length) }
        if let hours = number("KEFU_SHIP_WITHIN_HOURS") { settings.orderDeadlines.shipWithin = hours * 3600 }
        if let hours = number("KEFU_SHIP_WARNING_HOURS") { settings.orderDeadlines.shipWarning = hours * 3600 }
        if let days = number("KEFU_UNPAID_SUMMARY_DAYS") { settings.orderDeadlines.unpaidSummaryAfter = days * 86400 }
        if let days = number("KEFU_DELIVER_WITHIN_DAYS") { settings.orderDeadlines.deliverWithin = days * 86400 }
        if let time = environment["KEFU_DAILY_CLOSE_AT"].flatMap(TimeOfDay.init) { settings.dailyClose = DailyCloseSchedule(at: time) }
        if let zone = environment["KEFU_TIME_ZONE"].flatMap(TimeZone.init(identifier:)) { settings.timeZone = zone }
        if let from = environment["KEFU_MAIL_FROM"], !from.isEmpty { settings.mail.from = from }
        if let url = environment["KEFU_PUBLIC_URL"], !url.isEmpty { settings.mail.publicURL = url.hasSuffix("/") ? String(url.dropLast()) : url }
        if let command = environment["KEFU_SENDMAIL"] { settings.mail.sendmail = command.split(separator: " ").map(String.init) }
        if let percent = number("KEFU_SLA_AT_RISK_PERCENT"), (1...99).contains(percent) { settings.slaAtRiskFraction = percent / 100 }
        if let cost = number("KEFU_BCRYPT_COST") { settings.bcryptCost = UInt8(max(4, min(31, cost))) }
        return settings
    }
}

/// How mail reaches customers (`KEFU_MAIL_FROM`, `KEFU_SENDMAIL`). Without a command, replies wait in the outbox.
public struct MailSettings: Sendable, Equatable {
    public var from = "service@kefu.localhost"
    /// e.g. `["/usr/sbin/sendmail", "-t", "-i"]`, as Request Tracker uses it; empty: keep mail queued.
    public var sendmail: [String] = []
    /// Where customers reach Kefu's public pages (status page, satisfaction links), `KEFU_PUBLIC_URL`.
    public var publicURL = "http://127.0.0.1:8080"

    public init(from: String = "service@kefu.localhost", sendmail: [String] = [], publicURL: String = "http://127.0.0.1:8080") {
        self.from = from
        self.sendmail = sendmail
        self.publicURL = publicURL
    }

    /// The domain of the sender address, for Message-IDs.
    public var domain: String { from.split(separator: "@").last.map(String.init) ?? "kefu.localhost" }
}
