import Foundation

/// Mainland-China public holidays (放假) and make-up working days (调休上班) as announced each
/// November by the General Office of the State Council (国务院办公厅关于…年部分节假日安排的通知).
/// Holiday spans are listed whole, weekend days included.
///
/// Sources (texts compared with republished copies of the notices, e.g. Xinhua and CNR):
/// - 2025: 国办发明电〔2024〕12号, 2024-11-12 (first year of the revised 全国年节及纪念日放假办法).
/// - 2026: the notice dated 2025-11-04, released by Xinhua.
/// Add a year here when its notice is published; a year not listed has no holidays in Kefu.
public enum ChinaHolidays {
    /// The years whose dates are listed.
    public static var knownYears: [Int] { schedule.keys.sorted() }

    /// Every closed date of `year` (empty for a year not listed).
    public static func holidays(in year: Int) -> Set<LocalDate> {
        Set((schedule[year]?.holidays ?? []).flatMap { expand($0.first, $0.last) })
    }

    /// The make-up working days of `year` (empty for a year not listed).
    public static func workingDays(in year: Int) -> Set<LocalDate> {
        Set((schedule[year]?.workingDays ?? []).map { LocalDate($0)! })
    }

    private typealias Span = (first: String, last: String)

    private static let schedule: [Int: (holidays: [Span], workingDays: [String])] = [
        2025: (
            holidays: [
                ("2025-01-01", "2025-01-01"),  // 元旦 New Year's Day (Wed, no make-up day)
                ("2025-01-28", "2025-02-04"),  // 春节 Spring Festival, 除夕 to 正月初七
                ("2025-04-04", "2025-04-06"),  // 清明节 Qingming
                ("2025-05-01", "2025-05-05"),  // 劳动节 Labour Day
                ("2025-05-31", "2025-06-02"),  // 端午节 Dragon Boat
                ("2025-10-01", "2025-10-08"),  // 国庆节、中秋节 National Day with Mid-Autumn
            ],
            workingDays: [
                "2025-01-26", "2025-02-08",  // Spring Festival: Sun, Sat
                "2025-04-27",  // Labour Day: Sun
                "2025-09-28", "2025-10-11",  // National Day: Sun, Sat
            ]),
        2026: (
            holidays: [
                ("2026-01-01", "2026-01-03"),  // 元旦 New Year
                ("2026-02-15", "2026-02-23"),  // 春节 Spring Festival, 腊月二十八 to 正月初七
                ("2026-04-04", "2026-04-06"),  // 清明节 Qingming
                ("2026-05-01", "2026-05-05"),  // 劳动节 Labour Day
                ("2026-06-19", "2026-06-21"),  // 端午节 Dragon Boat
                ("2026-09-25", "2026-09-27"),  // 中秋节 Mid-Autumn
                ("2026-10-01", "2026-10-07"),  // 国庆节 National Day
            ],
            workingDays: [
                "2026-01-04",  // New Year: Sun
                "2026-02-14", "2026-02-28",  // Spring Festival: Sat, Sat
                "2026-05-09",  // Labour Day: Sat
                "2026-09-20", "2026-10-10",  // National Day: Sun, Sat
            ]),
    ]

    private static func expand(_ first: String, _ last: String) -> [LocalDate] {
        let start = LocalDate(first)!, end = LocalDate(last)!
        return (0...(end.daysSinceEpoch - start.daysSinceEpoch)).map { start.adding(days: $0) }
    }
}
