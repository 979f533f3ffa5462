import Foundation

/// Conversions between instants and Excel's serial day numbers (days since 1899-12-30, local wall time).
enum ExcelDate {
    /// Serial of 1970-01-01 in the 1900 date system.
    static let unixEpochSerial: Int64 = 25_569
    /// The 1904 date system starts this many days later.
    static let offset1904: Int64 = 1_462

    /// The serial of the calendar day `date` falls on in `timeZone`.
    static func daySerial(_ date: Date, in timeZone: TimeZone) -> Int64 {
        let local = date.timeIntervalSince1970 + Double(timeZone.secondsFromGMT(for: date))
        return Int64((local / 86_400).rounded(.down)) + unixEpochSerial
    }

    /// The serial of `date` as wall time in `timeZone`, rounded to whole seconds.
    static func serial(_ date: Date, in timeZone: TimeZone) -> Double {
        let local = (date.timeIntervalSince1970 + Double(timeZone.secondsFromGMT(for: date))).rounded()
        let days = (local / 86_400).rounded(.down)
        let seconds = local - days * 86_400
        return days + Double(unixEpochSerial) + seconds / 86_400
    }

    /// Splits a serial into days since 1970-01-01 and seconds into the day (rounded to the second).
    static func split(serial: Double, date1904: Bool) -> (days: Int64, seconds: Int) {
        var days = Int64(serial.rounded(.down))
        var seconds = Int(((serial - Double(days)) * 86_400).rounded())
        if seconds >= 86_400 {
            days += 1
            seconds -= 86_400
        }
        if date1904 {
            days += offset1904
        } else if days < 61 {
            // Excel's 1900 system counts a 29 February 1900 that never was; before it, the epoch is one day later.
            days += 1
        }
        return (days - unixEpochSerial, seconds)
    }

    /// Year, month and day of a count of days since 1970-01-01 (proleptic Gregorian).
    static func civil(daysSince1970 days: Int64) -> (year: Int64, month: Int, day: Int) {
        let shifted = days + 719_468
        let era = (shifted >= 0 ? shifted : shifted - 146_096) / 146_097
        let dayOfEra = shifted - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1_460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthIndex = (5 * dayOfYear + 2) / 153
        let day = Int(dayOfYear - (153 * monthIndex + 2) / 5 + 1)
        let month = Int(monthIndex < 10 ? monthIndex + 3 : monthIndex - 9)
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }

    /// `YYYY-MM-DD`, `YYYY-MM-DD HH:mm:ss` or `HH:mm:ss` for a serial, as the cell's format asks.
    static func text(serial: Double, kind: DateFormatKind, date1904: Bool) -> String {
        let (days, seconds) = split(serial: serial, date1904: date1904)
        let (year, month, day) = civil(daysSince1970: days)
        let date = "\(padded(year, 4))-\(padded(Int64(month), 2))-\(padded(Int64(day), 2))"
        let time = "\(padded(Int64(seconds / 3_600), 2)):\(padded(Int64(seconds / 60 % 60), 2)):"
            + padded(Int64(seconds % 60), 2)
        switch kind {
        case .date: return date
        case .dateTime: return date + " " + time
        case .time: return time
        }
    }

    private static func padded(_ value: Int64, _ width: Int) -> String {
        let digits = String(value.magnitude)
        let sign = value < 0 ? "-" : ""
        return sign + String(repeating: "0", count: max(0, width - digits.count)) + digits
    }
}

/// What a date-like number format shows.
enum DateFormatKind: Equatable, Sendable {
    case date, dateTime, time
}
