import Foundation
import KefuDomain
import XCTest

// R-TKT-4: time limits run on business-hours calendars that know public holidays and 调休.
final class BusinessCalendarTests: XCTestCase {
    let office = SLAFixtures.office
    let china = SLAFixtures.office.includingChinaPublicHolidays()

    func at(_ text: String, _ zone: String = "Asia/Shanghai") -> Date { SLAFixtures.instant(text, zone) }

    // R-TKT-4: on a 24/7 calendar business time is plain elapsed time.
    func testTwentyFourSevenCountsEveryMinute_R_TKT_4() {
        let calendar = BusinessCalendar.twentyFourSeven()
        let start = at("2025-11-14 17:30")
        XCTAssertEqual(calendar.dueDate(after: 60, from: start), at("2025-11-14 18:30"))
        XCTAssertEqual(calendar.dueDate(after: 5 * 1440, from: start), at("2025-11-19 17:30"))
        XCTAssertEqual(calendar.businessMinutes(between: start, and: at("2025-11-17 09:30")), 2 * 1440 + 16 * 60)
        XCTAssertEqual(calendar.dueDate(after: 0, from: start), start)
        XCTAssertTrue(calendar.isOpen(at: at("2025-10-01 03:00")))
    }

    // R-TKT-4: weekdays 09:00–18:00 with lunch 12:00–13:30.
    func testWeekdayHoursWithLunch_R_TKT_4() throws {
        // Friday 17:30 + 60 min: 30 min on Friday, 30 on Monday.
        XCTAssertEqual(office.dueDate(after: 60, from: at("2025-11-14 17:30")), at("2025-11-17 09:30"))
        // 11:50 + 30 min: 10 min before lunch, 20 after it.
        XCTAssertEqual(office.dueDate(after: 30, from: at("2025-11-14 11:50")), at("2025-11-14 13:50"))
        // Starting inside lunch or on a weekend begins at the next opening.
        XCTAssertEqual(office.dueDate(after: 30, from: at("2025-11-14 12:30")), at("2025-11-14 14:00"))
        XCTAssertEqual(office.dueDate(after: 60, from: at("2025-11-15 10:00")), at("2025-11-17 10:00"))
        // Used up exactly at closing time: due at closing, not at the next opening.
        XCTAssertEqual(office.dueDate(after: 60, from: at("2025-11-14 17:00")), at("2025-11-14 18:00"))
        XCTAssertEqual(office.businessMinutes(between: at("2025-11-14 17:30"), and: at("2025-11-17 09:30")), 60)
        XCTAssertEqual(office.businessMinutes(between: at("2025-11-14 11:50"), and: at("2025-11-14 13:50")), 30)
        XCTAssertEqual(office.businessMinutes(between: at("2025-11-17 09:30"), and: at("2025-11-14 17:30")), 0)
        XCTAssertEqual(office.nextOpening(atOrAfter: at("2025-11-14 12:10")), at("2025-11-14 13:30"))
        XCTAssertEqual(office.nextOpening(atOrAfter: at("2025-11-14 10:10")), at("2025-11-14 10:10"))
        XCTAssertFalse(office.isOpen(at: at("2025-11-14 12:00")))
        XCTAssertTrue(office.isOpen(at: at("2025-11-14 11:59")))
    }

    // R-TKT-4: a 5-day target is 5 × 450 business minutes; a year-long one stays consistent.
    func testLongTargetsAreComputedPerDayNotPerMinute_R_TKT_4() throws {
        XCTAssertEqual(office.dueDate(after: 5 * 450, from: at("2025-11-17 09:00")), at("2025-11-21 18:00"))
        let start = at("2025-01-02 10:17")
        let due = try XCTUnwrap(china.dueDate(after: 450 * 240, from: start))
        XCTAssertEqual(china.businessMinutes(between: start, and: due), 450 * 240)
        XCTAssertEqual(china.localDate(of: due).year, 2025)
    }

    // R-TKT-4: the 2025 National Day week (Oct 1–8 closed; Sun Sep 28 and Sat Oct 11 worked).
    func testNationalDayWeek2025_R_TKT_4() {
        // Tuesday Sep 30 17:00 + 120 min: 60 before the holiday, 60 on Thursday Oct 9.
        XCTAssertEqual(china.dueDate(after: 120, from: at("2025-09-30 17:00")), at("2025-10-09 10:00"))
        XCTAssertEqual(office.dueDate(after: 120, from: at("2025-09-30 17:00")), at("2025-10-01 10:00"))
        // "Resolved within 24 h" of business time from Monday Sep 29 09:00: 450 + 450 + 450 + 90.
        XCTAssertEqual(china.dueDate(after: 1440, from: at("2025-09-29 09:00")), at("2025-10-10 10:30"))
        XCTAssertEqual(china.businessMinutes(between: at("2025-09-30 09:00"), and: at("2025-10-09 09:00")), 450)
        // The make-up Sunday and Saturday are worked with Monday's hours, lunch included.
        XCTAssertEqual(china.dueDate(after: 60, from: at("2025-09-27 10:00")), at("2025-09-28 10:00"))
        XCTAssertEqual(china.dueDate(after: 60, from: at("2025-10-10 17:30")), at("2025-10-11 09:30"))
        XCTAssertEqual(office.dueDate(after: 60, from: at("2025-10-10 17:30")), at("2025-10-13 09:30"))
        XCTAssertEqual(china.openPeriods(on: LocalDate("2025-10-11")!), [540..<720, 810..<1080])
        XCTAssertEqual(china.openPeriods(on: LocalDate("2025-10-08")!), [])
    }

    // R-TKT-4: the State Council schedules, as listed, are consistent with themselves.
    func testChinaHolidayData_R_TKT_4() {
        XCTAssertEqual(ChinaHolidays.knownYears, [2025, 2026])
        XCTAssertEqual(LocalDate("2025-09-28")!.weekday, 7, "the 2025 National Day make-up day is a Sunday")
        XCTAssertEqual(LocalDate("2025-10-11")!.weekday, 6)
        XCTAssertEqual(ChinaHolidays.holidays(in: 2025).count, 1 + 8 + 3 + 5 + 3 + 8)
        XCTAssertEqual(ChinaHolidays.holidays(in: 2026).count, 3 + 9 + 3 + 5 + 3 + 3 + 7)
        for year in ChinaHolidays.knownYears {
            let holidays = ChinaHolidays.holidays(in: year), workingDays = ChinaHolidays.workingDays(in: year)
            XCTAssertTrue(holidays.isDisjoint(with: workingDays))
            XCTAssertTrue(workingDays.allSatisfy { $0.weekday >= 6 && $0.year == year }, "make-up days are weekend days")
            XCTAssertTrue(holidays.allSatisfy { $0.year == year })
        }
        XCTAssertEqual(ChinaHolidays.workingDays(in: 2026).map(\.description).sorted(),
                       ["2026-01-04", "2026-02-14", "2026-02-28", "2026-05-09", "2026-09-20", "2026-10-10"])
        XCTAssertEqual(ChinaHolidays.holidays(in: 2024), [])
    }

    // R-TKT-4: a make-up day keeps its own weekday's hours if it has any, otherwise Monday's.
    func testMakeUpDayHours_R_TKT_4() {
        let hours = { (day: Int, open: String, close: String) in
            BusinessCalendar.OpenHours(weekday: day, open: TimeOfDay(open)!, close: TimeOfDay(close)!)
        }
        var calendar = BusinessCalendar(
            name: "Shop", weekly: [hours(1, "08:00", "20:00")] + (2...5).map { hours($0, "09:00", "18:00") },
            workingDays: [LocalDate("2025-10-11")!])
        XCTAssertEqual(calendar.openPeriods(on: LocalDate("2025-10-11")!), [480..<1200])
        calendar.weekly.append(hours(6, "10:00", "16:00"))
        XCTAssertEqual(calendar.openPeriods(on: LocalDate("2025-10-11")!), [600..<960])
        // A date listed as both holiday and working day stays closed.
        calendar.holidays = [LocalDate("2025-10-11")!]
        XCTAssertFalse(calendar.isWorkingDay(LocalDate("2025-10-11")!))
    }

    // R-TKT-4: Europe/Berlin changes clocks; business time is what a wall clock shows.
    func testDaylightSavingZone_R_TKT_4() throws {
        let berlin = try XCTUnwrap(TimeZone(identifier: "Europe/Berlin"))
        let hours = try XCTUnwrap(BusinessCalendar.weekdays(name: "Berlin", timeZone: berlin, open: "09:00", close: "17:00"))
        // Friday 16:00 CET + 120 min → Monday 10:00 CEST (08:00 UTC) after the spring change.
        let due = hours.dueDate(after: 120, from: at("2025-03-28 16:00", "Europe/Berlin"))
        XCTAssertEqual(due, at("2025-03-31 10:00", "Europe/Berlin"))
        XCTAssertEqual(due, ISO8601DateFormatter().date(from: "2025-03-31T08:00:00Z"))
        XCTAssertEqual(hours.dueDate(after: 120, from: at("2025-10-24 16:00", "Europe/Berlin")),
                       ISO8601DateFormatter().date(from: "2025-10-27T09:00:00Z"))
        let always = BusinessCalendar.twentyFourSeven(timeZone: berlin)
        XCTAssertEqual(always.businessMinutes(between: at("2025-03-29 12:00", "Europe/Berlin"),
                                              and: at("2025-03-31 12:00", "Europe/Berlin")), 47 * 60)
        XCTAssertEqual(always.businessMinutes(between: at("2025-10-25 12:00", "Europe/Berlin"),
                                              and: at("2025-10-27 12:00", "Europe/Berlin")), 49 * 60)
        XCTAssertEqual(always.dueDate(after: 48 * 60, from: at("2025-03-29 12:00", "Europe/Berlin")),
                       at("2025-03-31 13:00", "Europe/Berlin"))
        XCTAssertEqual(always.openIntervals(on: LocalDate("2025-03-30")!).map(\.duration), [23 * 3600])
        XCTAssertEqual(always.openIntervals(on: LocalDate("2025-10-26")!).map(\.duration), [25 * 3600])
        // A night shift 01:00–04:00 on the change days lasts two hours in spring and four in autumn.
        let night = BusinessCalendar(
            name: "Night", timeZone: berlin, weekly: [.init(weekday: 7, open: TimeOfDay("01:00")!, close: TimeOfDay("04:00")!)])
        XCTAssertEqual(night.openIntervals(on: LocalDate("2025-03-30")!).map(\.duration), [2 * 3600])
        XCTAssertEqual(night.openIntervals(on: LocalDate("2025-10-26")!).map(\.duration), [4 * 3600])
        // A break inside the skipped hour never makes an instant count twice.
        var skipped = always
        skipped.breaks = [.init(start: TimeOfDay("02:30")!, end: TimeOfDay("03:00")!)]
        XCTAssertEqual(skipped.openIntervals(on: LocalDate("2025-03-30")!).map(\.duration).reduce(0, +), 23 * 3600)
    }

    // R-TKT-4: a calendar that never opens answers nil rather than searching forever.
    func testCalendarWithoutOpenHours_R_TKT_4() {
        let closed = BusinessCalendar(name: "Closed", weekly: [])
        XCTAssertFalse(closed.hasOpenHours)
        XCTAssertNil(closed.dueDate(after: 60, from: at("2025-11-14 10:00")))
        XCTAssertNil(closed.nextOpening(atOrAfter: at("2025-11-14 10:00")))
        XCTAssertEqual(closed.businessMinutes(between: at("2025-11-14 10:00"), and: at("2025-12-14 10:00")), 0)
        let allBreak = BusinessCalendar(
            name: "Lunch all day",
            weekly: [.init(weekday: 1, open: TimeOfDay("12:00")!, close: TimeOfDay("13:00")!)],
            breaks: [.init(start: TimeOfDay("11:00")!, end: TimeOfDay("14:00")!)])
        XCTAssertNil(allBreak.dueDate(after: 1, from: at("2025-11-14 10:00")))
        // Working days only, no weekly hours: still nothing to work with.
        var holidaysOnly = closed
        holidaysOnly.workingDays = [LocalDate("2025-11-15")!]
        XCTAssertNil(holidaysOnly.dueDate(after: 1, from: at("2025-11-14 10:00")))
    }

    // R-TKT-4: validation reports every problem at once, each with its path.
    func testValidationReportsEveryProblemWithPaths_R_TKT_4() throws {
        let draft = BusinessCalendarDraft(
            name: " ", timeZone: "Mars/Olympus",
            weekly: [
                .init(weekday: 8, open: "09:00", close: "18:00"),
                .init(weekday: 1, open: "9am", close: "18:00"),
                .init(weekday: 2, open: "18:00", close: "09:00"),
                .init(weekday: 3, open: "09:00", close: nil),
                .init(weekday: nil, open: "09:00", close: "18:00"),
                .init(weekday: 4, open: "09:00", close: "12:00"),
                .init(weekday: 4, open: "11:00", close: "18:00"),
                .init(weekday: 5, open: "09:00", close: "24:00"),
            ],
            breaks: [.init(start: "13:30", end: "12:00"), .init(start: "12:00", end: "25:00")],
            holidays: ["2025-10-01", "2025-02-30"],
            workingDays: ["2025/10/11", "2025-10-01"])
        let problems = draft.problems()
        XCTAssertEqual(problems.map { "\($0.field) \($0.code)" }, [
            "name error.required",
            "time_zone error.unknown_time_zone",
            "weekly[0].weekday error.range",
            "weekly[1].open error.time_format",
            "weekly[2].close error.close_before_open",
            "weekly[3].close error.required",
            "weekly[4].weekday error.required",
            "weekly[6] error.overlap",
            "breaks[0].end error.end_before_start",
            "breaks[1].end error.time_format",
            "holidays[1] error.date_format",
            "working_days[0] error.date_format",
            "working_days[1] error.overlap",
        ])
        XCTAssertEqual(problems[2].arguments, ["min": "1", "max": "7"])
        XCTAssertEqual(problems[7].arguments, ["other": "weekly[5]"])
        XCTAssertEqual(problems[12].arguments, ["other": "holidays[0]"])
        XCTAssertThrowsError(try draft.validated()) { error in
            XCTAssertEqual((error as? InvalidFields)?.problems, problems)
        }
        XCTAssertEqual(BusinessCalendarDraft(name: "x", weekly: nil).problems().map(\.field), ["weekly"])
    }

    // R-TKT-4: decoding an integrator's invalid calendar throws every problem, not the first.
    func testDecodingInvalidCalendarThrowsAllProblems_R_TKT_4() throws {
        let json = #"{"name":"Desk","time_zone":"Nowhere/Land","weekly":[{"weekday":1,"open":"9:00","close":"18:00"}],"holidays":["2025-13-01"]}"#
        XCTAssertThrowsError(try JSONDecoder().decode(BusinessCalendar.self, from: Data(json.utf8))) { error in
            XCTAssertEqual((error as? InvalidFields)?.problems.map(\.field), ["time_zone", "weekly[0].open", "holidays[0]"])
        }
    }

    // R-TKT-4: the exact JSON shape integrators send survives a round trip.
    func testJSONRoundTripOfIntegratorShape_R_TKT_4() throws {
        let json = """
        {"name":"客服中心","time_zone":"Asia/Shanghai",
         "weekly":[{"weekday":1,"open":"09:00","close":"18:00"},{"weekday":2,"open":"09:00","close":"18:00"},
                   {"weekday":6,"open":"10:00","close":"12:00"},{"weekday":6,"open":"13:00","close":"24:00"}],
         "breaks":[{"start":"12:00","end":"13:30"}],
         "holidays":["2025-10-01","2025-10-02"],
         "working_days":["2025-09-28"]}
        """
        let calendar = try JSONDecoder().decode(BusinessCalendar.self, from: Data(json.utf8))
        XCTAssertEqual(calendar.name, "客服中心")
        XCTAssertEqual(calendar.timeZoneIdentifier, "Asia/Shanghai")
        XCTAssertEqual(calendar.weekly.count, 4)
        XCTAssertEqual(calendar.weekly[3].close, .endOfDay)
        XCTAssertEqual(calendar.breaks, [.init(start: TimeOfDay(hour: 12, minute: 0)!, end: TimeOfDay(hour: 13, minute: 30)!)])
        XCTAssertEqual(calendar.workingDays, [LocalDate(year: 2025, month: 9, day: 28)!])
        let encoded = try JSONEncoder().encode(calendar)
        XCTAssertEqual(try JSONSerialization.jsonObject(with: encoded) as? NSDictionary,
                       try JSONSerialization.jsonObject(with: Data(json.utf8)) as? NSDictionary)
        XCTAssertEqual(try JSONDecoder().decode(BusinessCalendar.self, from: encoded), calendar)
        // A missing time zone means Asia/Shanghai.
        let bare = try JSONDecoder().decode(
            BusinessCalendar.self, from: Data(#"{"name":"x","weekly":[{"weekday":3,"open":"00:00","close":"24:00"}]}"#.utf8))
        XCTAssertEqual(bare.timeZoneIdentifier, "Asia/Shanghai")
    }

    func testLocalDateAndTimeOfDayParsing() {
        XCTAssertEqual(LocalDate("2024-02-29")?.weekday, 4)
        XCTAssertNil(LocalDate("2025-02-29"))
        XCTAssertNil(LocalDate("2025-1-01"))
        XCTAssertEqual(LocalDate("1969-12-31")?.adding(days: 1).description, "1970-01-01")
        XCTAssertEqual(LocalDate("2025-12-31")?.adding(days: 1), LocalDate("2026-01-01"))
        XCTAssertEqual(LocalDate("2025-03-01")?.adding(days: -1), LocalDate("2025-02-28"))
        XCTAssertEqual(TimeOfDay("13:30")?.minutes, 810)
        XCTAssertEqual(TimeOfDay("24:00"), .endOfDay)
        XCTAssertNil(TimeOfDay("24:01"))
        XCTAssertNil(TimeOfDay("9:00"))
        XCTAssertEqual(TimeOfDay(minutes: 545)?.description, "09:05")
    }
}

/// Calendars and instants shared by the SLA tests.
enum SLAFixtures {
    /// Monday–Friday 09:00–18:00 with lunch 12:00–13:30 (450 business minutes a day), Asia/Shanghai.
    static let office = BusinessCalendar.weekdays(
        name: "Service desk", open: "09:00", close: "18:00", breaks: [("12:00", "13:30")])!

    /// `"2025-11-14 17:30"` on the wall clock of `zone`.
    static func instant(_ text: String, _ zone: String = "Asia/Shanghai") -> Date {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: zone)
        formatter.dateFormat = "yyyy-MM-dd HH:mm"
        return formatter.date(from: text)!
    }
}
