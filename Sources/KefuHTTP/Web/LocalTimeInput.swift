import Foundation
import KefuDomain
import KefuServices

/// The value of an `<input type="datetime-local">`, read and written on the business time zone's wall clock.
enum LocalTimeInput {
    /// "2026-11-23T14:30", with seconds or with a space instead of the T; nil when the text is not one of these.
    static func date(_ text: String, timeZone: TimeZone) -> Date? {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = timeZone
        for format in ["yyyy-MM-dd'T'HH:mm:ss", "yyyy-MM-dd'T'HH:mm", "yyyy-MM-dd HH:mm:ss", "yyyy-MM-dd HH:mm"] {
            formatter.dateFormat = format
            if let date = formatter.date(from: text) { return date }
        }
        return nil
    }

    /// The input's value for `date`, to the minute, or to the second with `seconds`.
    static func text(_ date: Date, timeZone: TimeZone, seconds: Bool = false) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = timeZone
        formatter.dateFormat = seconds ? "yyyy-MM-dd'T'HH:mm:ss" : "yyyy-MM-dd'T'HH:mm"
        return formatter.string(from: date)
    }

    /// The instant in form field `field`: nil when empty, `error.date_format` on the field when it is not one.
    static func field(_ form: [String: String], _ field: String, timeZone: TimeZone) throws -> Date? {
        guard let text = form[field], !text.isEmpty else { return nil }
        guard let date = date(text, timeZone: timeZone) else {
            throw ServiceError.validation([FieldError(field: field, code: "error.date_format")])
        }
        return date
    }
}
