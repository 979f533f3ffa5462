import Foundation

/// RFC 5322 dates: read leniently (obsolete zones, two-digit years, missing seconds, trailing
/// comments), written as `Mon, 23 Nov 2026 10:00:00 +0800`.
///
/// Calendar arithmetic is done by hand (proleptic Gregorian), so no `Calendar` or locale is involved.
public enum MailDate {
    private static let months = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]
    private static let weekdays = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]
    private static let zones: [String: Int] = [
        "ut": 0, "utc": 0, "gmt": 0, "z": 0,
        "est": -5, "edt": -4, "cst": -6, "cdt": -5, "mst": -7, "mdt": -6, "pst": -8, "pdt": -7,
    ]

    /// The instant a `Date` header value names, or nil when it cannot be read.
    public static func parse(_ value: String) -> Date? {
        var day: Int?, month: Int?, year: Int?, time: (Int, Int, Int)?, offset = 0
        let tokens = HeaderParameters.withoutComments(value)
            .split(whereSeparator: { $0 == " " || $0 == "," || $0 == "\t" })
        for rawToken in tokens {
            var token = rawToken.lowercased()
            if time == nil, token.contains(":"), let signIndex = token.dropFirst().firstIndex(where: { $0 == "+" || $0 == "-" }) {
                offset = zoneOffset(String(token[signIndex...])) ?? offset  // "10:00:00+0800"
                token = String(token[..<signIndex])
            }
            if token.hasPrefix("+") || token.hasPrefix("-") {
                offset = zoneOffset(token) ?? offset
            } else if let number = Int(token) {
                if day == nil, token.count <= 2, (1...31).contains(number) { day = number } else if year == nil { year = number }
            } else if token.contains(":") {
                time = time ?? clock(token)
            } else if let monthIndex = months.firstIndex(of: String(token.prefix(3))), token.allSatisfy(\.isLetter) {
                if month == nil { month = monthIndex + 1 }
            } else if let zone = zoneOffset(token) {
                offset = zone
            }
        }
        guard let day, let month, var year, let (hour, minute, second) = time else { return nil }
        if year < 50 { year += 2000 } else if year < 1000 { year += 1900 }
        guard year <= 9999 else { return nil }
        let days = daysFromCivil(year: year, month: month, day: day)
        let seconds = days * 86_400 + hour * 3600 + minute * 60 + second - offset
        return Date(timeIntervalSince1970: TimeInterval(seconds))
    }

    /// `date` as an RFC 5322 date-time in `timeZone` (`Mon, 23 Nov 2026 10:00:00 +0800`).
    public static func format(_ date: Date, timeZone: TimeZone = TimeZone(secondsFromGMT: 0) ?? .current) -> String {
        let offset = timeZone.secondsFromGMT(for: date)
        let instant = date.timeIntervalSince1970
        let local = (instant.isFinite && abs(instant) < 1e12 ? Int(instant.rounded(.down)) : 0) + offset
        let days = Int((Double(local) / 86_400).rounded(.down))
        let secondsOfDay = local - days * 86_400
        let (year, month, day) = civilFromDays(days)
        let weekday = weekdays[((days % 7) + 11) % 7]
        let sign = offset < 0 ? "-" : "+"
        let zone = sign + twoDigits(abs(offset) / 3600) + twoDigits(abs(offset) % 3600 / 60)
        return "\(weekday), \(twoDigits(day)) \(months[month - 1].capitalized) \(year) "
            + "\(twoDigits(secondsOfDay / 3600)):\(twoDigits(secondsOfDay % 3600 / 60)):\(twoDigits(secondsOfDay % 60)) \(zone)"
    }

    private static func twoDigits(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }

    /// `hh:mm[:ss]` with sane ranges (a leap second counts as :59).
    private static func clock(_ token: String) -> (Int, Int, Int)? {
        let fields = token.split(separator: ":").map { Int($0) }
        guard (2...3).contains(fields.count), let hour = fields[0], let minute = fields[1],
              (0...23).contains(hour), (0...59).contains(minute) else { return nil }
        let second = fields.count == 3 ? fields[2] : 0
        guard let second, (0...60).contains(second) else { return nil }
        return (hour, minute, min(second, 59))
    }

    /// Seconds east of UTC for `+0800`, `-05:00`, `+08`, `GMT`, `EST`; military letters count as UTC.
    private static func zoneOffset(_ token: String) -> Int? {
        if let hours = zones[token] { return hours * 3600 }
        if token.count == 1, token.first?.isLetter == true { return 0 }
        guard let sign = token.first, sign == "+" || sign == "-" else { return nil }
        let digits = token.dropFirst().filter { $0 != ":" }
        guard digits.allSatisfy(\.isASCII), digits.count == 4 || digits.count == 2, let number = Int(digits) else { return nil }
        let (hours, minutes) = digits.count == 4 ? (number / 100, number % 100) : (number, 0)
        guard hours <= 14, minutes < 60 else { return nil }
        return (sign == "-" ? -1 : 1) * (hours * 3600 + minutes * 60)
    }

    /// Days since 1970-01-01 (Howard Hinnant's `days_from_civil`).
    static func daysFromCivil(year: Int, month: Int, day: Int) -> Int {
        let shiftedYear = month <= 2 ? year - 1 : year
        let era = (shiftedYear >= 0 ? shiftedYear : shiftedYear - 399) / 400
        let yearOfEra = shiftedYear - era * 400
        let dayOfYear = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    /// The calendar date `days` after 1970-01-01 (Howard Hinnant's `civil_from_days`).
    static func civilFromDays(_ days: Int) -> (year: Int, month: Int, day: Int) {
        let shifted = days + 719_468
        let era = (shifted >= 0 ? shifted : shifted - 146_096) / 146_097
        let dayOfEra = shifted - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let shiftedMonth = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * shiftedMonth + 2) / 5 + 1
        let month = shiftedMonth < 10 ? shiftedMonth + 3 : shiftedMonth - 9
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }
}
