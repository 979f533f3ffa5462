import Foundation
import KefuDomain

extension CallbackSettings {
    /// Defaults overridden by `KEFU_CALLBACK_*`: `QUOTA` (a day), `REST_HOURS` (`12:00-14:00,21:00-09:00`),
    /// `MAX_ATTEMPTS`, `RETRY_MINUTES`, `DELIVERED_DAYS`, `SERVICE_DAYS`, `COMPLAINT_DAYS`, `FIRST_CONTACT_DAYS`,
    /// `OCCASION_DAYS_BEFORE`, `OCCASION_DAYS_AFTER`, `MANUAL_DAYS`, `HOLIDAYS` (`2026-10-01,2027-02-17`), `LOOKBACK_DAYS`.
    public static func fromEnvironment(_ environment: [String: String] = ProcessInfo.processInfo.environment) -> CallbackSettings {
        var settings = CallbackSettings()
        func whole(_ key: String, _ range: ClosedRange<Int>) -> Int? {
            environment["KEFU_CALLBACK_" + key].flatMap { Int($0.trimmingCharacters(in: .whitespaces)) }.flatMap { range.contains($0) ? $0 : nil }
        }
        if let value = whole("QUOTA", 0...1000) { settings.dailyQuota = value }
        if let value = whole("MAX_ATTEMPTS", 1...20) { settings.maxAttempts = value }
        if let value = whole("RETRY_MINUTES", 1...10_080) { settings.retryAfter = TimeInterval(value) * 60 }
        if let value = whole("DELIVERED_DAYS", 1...90) { settings.deliveredOrderDays = value }
        if let value = whole("SERVICE_DAYS", 1...90) { settings.serviceDays = value }
        if let value = whole("COMPLAINT_DAYS", 1...90) { settings.complaintDays = value }
        if let value = whole("FIRST_CONTACT_DAYS", 1...90) { settings.firstContactDays = value }
        if let value = whole("OCCASION_DAYS_BEFORE", 0...30) { settings.occasionDaysBefore = value }
        if let value = whole("OCCASION_DAYS_AFTER", 0...30) { settings.occasionDaysAfter = value }
        if let value = whole("LOOKBACK_DAYS", 1...366) { settings.lookbackDays = value }
        if let value = whole("MANUAL_DAYS", 1...90) { settings.manualDays = value }
        if let text = environment["KEFU_CALLBACK_REST_HOURS"], let hours = QuietHours(text) { settings.quietHours = hours }
        if let text = environment["KEFU_CALLBACK_HOLIDAYS"] {
            settings.holidays = text.split(separator: ",").compactMap { LocalDate($0.trimmingCharacters(in: .whitespaces)) }
        }
        return settings
    }
}
