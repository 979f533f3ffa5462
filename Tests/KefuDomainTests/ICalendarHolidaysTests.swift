import Foundation
@testable import KefuDomain
import XCTest

// R-TKT-4: calendars learn public holidays and make-up working days (调休) from published iCalendar files.
final class ICalendarHolidaysTests: XCTestCase {
    func dates(_ texts: String...) -> Set<LocalDate> { Set(texts.map { LocalDate($0)! }) }

    func parseError(_ text: String, file: StaticString = #filePath, line: UInt = #line) -> ICalendarError? {
        do {
            _ = try ICalendarHolidays.parse(text)
            XCTFail("accepted", file: file, line: line)
            return nil
        } catch {
            return error
        }
    }

    /// The shape of the widely subscribed "中国节假日安排" feeds: LF line ends, blank lines, one event per day.
    func testOneEventPerDayWithHolidayAndMakeUpSummaries_R_TKT_4() throws {
        let text = """
            BEGIN:VCALENDAR
            VERSION:2.0
            X-WR-CALNAME:中国节假日安排

            BEGIN:VEVENT
            DTSTART;VALUE=DATE:20260101
            SUMMARY:元旦假期
            END:VEVENT

            BEGIN:VEVENT
            DTSTART;VALUE=DATE:20260102
            SUMMARY:元旦假期
            END:VEVENT

            BEGIN:VEVENT
            DTSTART;VALUE=DATE:20260104
            SUMMARY:元旦补班
            DESCRIPTION:补班第1天 / 共1天
            END:VEVENT
            END:VCALENDAR
            """
        let file = try ICalendarHolidays.parse(text)
        XCTAssertEqual(file.holidays, dates("2026-01-01", "2026-01-02"))
        XCTAssertEqual(file.workingDays, dates("2026-01-04"))
        XCTAssertEqual(file.skipped, [])
    }

    /// RFC 5545 proper: CRLF, folded lines (even inside a Chinese word), DTEND exclusive, DURATION in days,
    /// quoted parameters, escaped text, and an alarm whose own SUMMARY belongs to the alarm, not the event.
    func testMultiDayEventsFoldedLinesAndAlarms_R_TKT_4() throws {
        let text = [
            "\u{FEFF}BEGIN:VCALENDAR", "PRODID:-//Kefu test//EN", "BEGIN:VTIMEZONE", "TZID:Asia/Shanghai", "END:VTIMEZONE",
            "BEGIN:VEVENT", "UID:a@kefu", "DTSTART;VALUE=DATE:20251001", "DTEND;VALUE=DATE:20251009", "SUMMARY:国庆节\\, 中秋节", "END:VEVENT",
            "BEGIN:VEVENT", "DTSTART;VALUE=DATE:20250928", "SUMMARY:国庆节补", " 班", "END:VEVENT",
            "BEGIN:VEVENT", "DTSTART;X-NOTE=\"a:b;c\";VALUE=DATE:20250404", "DURATION:P3D", "SUMMARY:清明节", "END:VEVENT",
            "BEGIN:VEVENT", "DTSTART;VALUE=DATE:20250501", "DTEND;VALUE=DATE:20250501", "SUMMARY:劳动节",
            "BEGIN:VALARM", "ACTION:DISPLAY", "SUMMARY:明天上班", "TRIGGER:-PT15M", "END:VALARM", "END:VEVENT",
            "END:VCALENDAR", "",
        ].joined(separator: "\r\n")
        let file = try ICalendarHolidays.parse(text)
        XCTAssertEqual(file.holidays, dates("2025-10-01", "2025-10-02", "2025-10-03", "2025-10-04", "2025-10-05", "2025-10-06",
                                            "2025-10-07", "2025-10-08", "2025-04-04", "2025-04-05", "2025-04-06", "2025-05-01"),
                       "DTEND is exclusive; a DTEND equal to the start is one day; the alarm's summary is not the event's")
        XCTAssertEqual(file.workingDays, dates("2025-09-28"), "补班 split by a fold is still 补班")
    }

    /// Apple's 中国大陆节假日 marks days off and make-up days; its other events are festivals, not days off.
    func testAppleSpecialDayMarkersAndObservances_R_TKT_4() throws {
        let text = """
            BEGIN:VCALENDAR
            BEGIN:VEVENT
            DTSTART;VALUE=DATE:20260215
            DTEND;VALUE=DATE:20260224
            SUMMARY:春节
            X-APPLE-SPECIAL-DAY:WORK-HOLIDAY
            END:VEVENT
            BEGIN:VEVENT
            DTSTART;VALUE=DATE:20260214
            SUMMARY:调休
            X-APPLE-SPECIAL-DAY:ALTERNATE-WORKDAY
            END:VEVENT
            BEGIN:VEVENT
            DTSTART;VALUE=DATE:20260819
            SUMMARY:七夕节
            END:VEVENT
            END:VCALENDAR
            """
        let file = try ICalendarHolidays.parse(text)
        XCTAssertEqual(file.holidays, Set((0..<9).map { LocalDate("2026-02-15")!.adding(days: $0) }))
        XCTAssertEqual(file.workingDays, dates("2026-02-14"))
        XCTAssertEqual(file.skipped, [.init(line: 13, reason: .observance, summary: "七夕节")])
    }

    func testRecurringTimedAndCancelledEventsAreSkippedWithTheirLine_R_TKT_4() throws {
        let text = """
            BEGIN:VCALENDAR
            BEGIN:VEVENT
            DTSTART;VALUE=DATE:20250101
            RRULE:FREQ=YEARLY
            SUMMARY:元旦
            END:VEVENT
            BEGIN:VEVENT
            DTSTART;TZID=Asia/Shanghai:20250101T090000
            DTEND;TZID=Asia/Shanghai:20250101T100000
            SUMMARY:年会
            END:VEVENT
            BEGIN:VEVENT
            DTSTART;VALUE=DATE:20250102
            STATUS:CANCELLED
            END:VEVENT
            BEGIN:VEVENT
            DTSTART:20250103
            CATEGORIES:假期,Working Day
            SUMMARY:公司活动
            END:VEVENT
            END:VCALENDAR
            """
        let file = try ICalendarHolidays.parse(text)
        XCTAssertEqual(file.skipped, [
            .init(line: 2, reason: .recurring, summary: "元旦"),
            .init(line: 7, reason: .timed, summary: "年会"),
            .init(line: 12, reason: .cancelled),
        ])
        XCTAssertEqual(file.holidays, [])
        XCTAssertEqual(file.workingDays, dates("2025-01-03"), "a bare YYYYMMDD is a date; CATEGORIES can name a working day")
    }

    /// A broken file is refused with the line to look at.
    func testBrokenFilesAreRefusedWithTheirLine() {
        XCTAssertEqual(parseError("id,date\n1,2025-01-01\n"), ICalendarError(line: 1, code: .notACalendar))
        XCTAssertEqual(parseError(""), ICalendarError(line: 1, code: .notACalendar))
        XCTAssertEqual(parseError("BEGIN:VCALENDAR\nBEGIN:VEVENT\nDTSTART;VALUE=DATE:20250101\nEND:VCALENDAR\n"),
                       ICalendarError(line: 4, code: .unexpectedEnd, value: "VCALENDAR"))
        XCTAssertEqual(parseError("BEGIN:VCALENDAR\nBEGIN:VEVENT\nDTSTART;VALUE=DATE:20250101\n"),
                       ICalendarError(line: 2, code: .unclosed, value: "VEVENT"))
        XCTAssertEqual(parseError("BEGIN:VCALENDAR\nBEGIN:VEVENT\nthis is no property\nEND:VEVENT\nEND:VCALENDAR"),
                       ICalendarError(line: 3, code: .malformedLine, value: "this is no property"))
        XCTAssertEqual(parseError("BEGIN:VCALENDAR\n\nBEGIN:VEVENT\nDTSTART;VALUE=DATE:20250230\nEND:VEVENT\nEND:VCALENDAR"),
                       ICalendarError(line: 4, code: .badDate, value: "20250230"))
        XCTAssertEqual(parseError("BEGIN:VCALENDAR\nBEGIN:VEVENT\nDTSTART;VALUE=DATE:2025-01-01\nEND:VEVENT\nEND:VCALENDAR"),
                       ICalendarError(line: 3, code: .badDate, value: "2025-01-01"))
        XCTAssertEqual(parseError("BEGIN:VCALENDAR\nBEGIN:VEVENT\nDTSTART;VALUE=DATE:20250105\nDTEND;VALUE=DATE:20250101\nEND:VEVENT\nEND:VCALENDAR"),
                       ICalendarError(line: 4, code: .endBeforeStart, value: "20250101"))
        XCTAssertEqual(parseError("BEGIN:VCALENDAR\nBEGIN:VEVENT\nDTSTART;VALUE=DATE:20250105\nDURATION:PT2H\nEND:VEVENT\nEND:VCALENDAR"),
                       ICalendarError(line: 4, code: .badDuration, value: "PT2H"))
        XCTAssertEqual(parseError("BEGIN:VCALENDAR\nBEGIN:VEVENT\nDTSTART;VALUE=DATE:20250101\nDTEND;VALUE=DATE:20300101\nEND:VEVENT\nEND:VCALENDAR"),
                       ICalendarError(line: 2, code: .spanTooLong, value: "1826"))
        XCTAssertEqual(parseError("BEGIN:VCALENDAR\nBEGIN:VEVENT\nSUMMARY:春节\nEND:VEVENT\nEND:VCALENDAR"),
                       ICalendarError(line: 2, code: .missingStart))
        XCTAssertEqual(parseError("""
            BEGIN:VCALENDAR
            BEGIN:VEVENT
            DTSTART;VALUE=DATE:20250208
            SUMMARY:春节假期
            END:VEVENT
            BEGIN:VEVENT
            DTSTART;VALUE=DATE:20250208
            SUMMARY:春节补班
            END:VEVENT
            END:VCALENDAR
            """), ICalendarError(line: 6, code: .conflict, value: "2025-02-08"), "one date cannot be both")
    }

    /// A feed of the State Council's dates, written the way feeds write them, reads back as `ChinaHolidays`.
    func testAFeedOfTheStateCouncilDatesReadsBackAsChinaHolidays_R_TKT_4() throws {
        var lines = ["BEGIN:VCALENDAR", "VERSION:2.0"]
        func event(_ date: LocalDate, _ summary: String) {
            let compact = date.description.replacingOccurrences(of: "-", with: "")
            lines += ["BEGIN:VEVENT", "DTSTART;VALUE=DATE:\(compact)", "SUMMARY:\(summary)", "END:VEVENT"]
        }
        for year in ChinaHolidays.knownYears {
            ChinaHolidays.holidays(in: year).sorted().forEach { event($0, "假期") }
            ChinaHolidays.workingDays(in: year).sorted().forEach { event($0, "调休上班") }
        }
        lines.append("END:VCALENDAR")
        let file = try ICalendarHolidays.parse(lines.joined(separator: "\r\n"))
        XCTAssertEqual(file.holidays, Set(ChinaHolidays.knownYears.flatMap { ChinaHolidays.holidays(in: $0) }))
        XCTAssertEqual(file.workingDays, Set(ChinaHolidays.knownYears.flatMap { ChinaHolidays.workingDays(in: $0) }))
    }

    func testDurationsInWholeDays() {
        XCTAssertEqual(ICalendarHolidays.durationDays("P3D"), 3)
        XCTAssertEqual(ICalendarHolidays.durationDays("+P1W"), 7)
        XCTAssertEqual(ICalendarHolidays.durationDays("P1DT0H0M0S"), 1)
        XCTAssertNil(ICalendarHolidays.durationDays("P1DT2H"))
        XCTAssertNil(ICalendarHolidays.durationDays("3D"))
    }
}
