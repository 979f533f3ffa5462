import Foundation

extension BusinessCalendar {
    /// The open periods of `date` as minutes from local midnight: holidays closed, make-up days
    /// opened (see the type's rules), breaks cut out; sorted, and touching periods merged.
    public func openPeriods(on date: LocalDate) -> [Range<Int>] {
        if holidays.contains(date) { return [] }
        var periods = periods(weekday: date.weekday)
        if periods.isEmpty, workingDays.contains(date) {
            periods = makeUpPeriods
        }
        return periods
    }

    /// Whether `date` has any open time.
    public func isWorkingDay(_ date: LocalDate) -> Bool {
        !openPeriods(on: date).isEmpty
    }

    /// Whether any day of an ordinary week has open time. When false no instant is ever open,
    /// and the SLA helpers answer nil instead of searching forever.
    public var hasOpenHours: Bool {
        (1...7).contains { !periods(weekday: $0).isEmpty }
    }

    /// This calendar with the mainland-China public holidays and make-up working days of the
    /// years `ChinaHolidays` knows (see there for sources) added to its own.
    public func includingChinaPublicHolidays() -> BusinessCalendar {
        var calendar = self
        for year in ChinaHolidays.knownYears {
            calendar.holidays.formUnion(ChinaHolidays.holidays(in: year))
            calendar.workingDays.formUnion(ChinaHolidays.workingDays(in: year))
        }
        return calendar
    }

    /// A weekday's hours with breaks cut out.
    func periods(weekday: Int) -> [Range<Int>] {
        let open = weekly.filter { $0.weekday == weekday && $0.open < $0.close }.map { $0.open.minutes..<$0.close.minutes }
        return Self.merged(open.flatMap { Self.cut(breaks, from: $0) })
    }

    /// A make-up day whose own weekday has no hours is worked like the first of Monday…Friday that has hours.
    var makeUpPeriods: [Range<Int>] {
        for weekday in 1...5 {
            let periods = periods(weekday: weekday)
            if !periods.isEmpty { return periods }
        }
        return []
    }

    static func cut(_ breaks: [Break], from period: Range<Int>) -> [Range<Int>] {
        var pieces = [period]
        for cut in breaks where cut.start < cut.end {
            let hole = cut.start.minutes..<cut.end.minutes
            pieces = pieces.flatMap { piece -> [Range<Int>] in
                guard piece.overlaps(hole) else { return [piece] }
                return [piece.lowerBound..<max(piece.lowerBound, hole.lowerBound),
                        min(piece.upperBound, hole.upperBound)..<piece.upperBound].filter { !$0.isEmpty }
            }
        }
        return pieces
    }

    static func merged(_ periods: [Range<Int>]) -> [Range<Int>] {
        var result: [Range<Int>] = []
        for period in periods.sorted(by: { $0.lowerBound < $1.lowerBound }) {
            if let last = result.last, period.lowerBound <= last.upperBound {
                result[result.count - 1] = last.lowerBound..<max(last.upperBound, period.upperBound)
            } else {
                result.append(period)
            }
        }
        return result
    }
}
