import Foundation

extension Migrations {
    /// Business calendars and SLA policies (R-TKT-4), with the defaults a new installation starts from.
    ///
    /// A calendar's `definition` is its JSON as the API writes it (`BusinessCalendar`'s Codable shape); `name`
    /// repeats its name so that it can be unique. A policy's blank condition is NULL and matches any ticket.
    ///
    /// The defaults, read from R-TKT-4 ("general issues resolved within 24 h; complaint reply within 2 h
    /// (simple) or 24 h (complex); email reply within N hours"), are all counted on 中国大陆工作日, Mon–Fri
    /// 09:00–18:00 with lunch 12:00–13:30 and the State Council's 2025 and 2026 holidays and make-up working
    /// days as `ChinaHolidays` lists them. The rule's hours are read as business hours on that calendar (a
    /// complaint taken on Friday at 17:30 is due on Monday morning, not on Saturday); admins change any of it on
    /// /admin/sla-policies.
    /// - 投诉（简单） type complaint + severity simple: first response 120 (2 h).
    /// - 投诉（复杂） complaint + complex: first response 1440 (24 h).
    /// - 重大投诉 complaint + major: first response 60 — a major complaint goes to the manager at once
    ///   (R-TKT-6), so its reply limit is the tightest.
    /// - 邮件 channel email: first response 480 (N = 8 business hours).
    /// - 一般问题, no conditions, the catch-all: first response 240, next response 480, resolution 1440.
    /// The most specific matching policy wins (`SLAPolicy.select`), so a complaint by email is a complaint;
    /// priorities only order equally specific ones. 7×24 (every day all day, no holidays) is there for policies
    /// admins point at it, e.g. platform shops that answer around the clock.
    ///
    /// The values are written out here rather than computed from `ChinaHolidays`, because a released migration
    /// never changes: a year added there later reaches calendars through the admin page or an ICS import.
    /// The seeded rows have no events, like the other seeded libraries: they are part of schema version 12 itself
    /// (`schema_migrations` says when it was applied); every later change has its event.
    static let sla = Migration(version: 12, name: "sla_configuration", statements: { _ in
        [
            """
            CREATE TABLE business_calendars (
                id {ID},
                name TEXT NOT NULL UNIQUE,
                definition TEXT NOT NULL,
                version BIGINT NOT NULL DEFAULT 1,
                created_at BIGINT NOT NULL,
                updated_at BIGINT NOT NULL
            )
            """,
            """
            CREATE TABLE sla_policies (
                id {ID},
                name TEXT NOT NULL UNIQUE,
                calendar_id BIGINT NOT NULL REFERENCES business_calendars(id),
                condition_type TEXT,
                condition_severity TEXT,
                condition_channel TEXT,
                condition_member_grade TEXT,
                first_response_minutes BIGINT,
                next_response_minutes BIGINT,
                resolution_minutes BIGINT,
                priority BIGINT NOT NULL DEFAULT 0,
                active INTEGER NOT NULL DEFAULT 1,
                version BIGINT NOT NULL DEFAULT 1,
                created_at BIGINT NOT NULL,
                updated_at BIGINT NOT NULL
            )
            """,
            "CREATE INDEX sla_policies_calendar ON sla_policies (calendar_id)",
        ]
    }, seed: { connection, now in
        func calendar(_ name: String, _ definition: String) async throws -> Int64 {
            try await connection.first(
                """
                INSERT INTO business_calendars (name, definition, version, created_at, updated_at)
                VALUES (\(name), \(definition), 1, \(now), \(now)) RETURNING id
                """)!.int("id")
        }
        let workdays = try await calendar("中国大陆工作日", workdayCalendar)
        _ = try await calendar("7×24", roundTheClockCalendar)
        for policy in defaultPolicies {
            try await connection.query(
                """
                INSERT INTO sla_policies (name, calendar_id, condition_type, condition_severity, condition_channel,
                    first_response_minutes, next_response_minutes, resolution_minutes, priority, active, version, created_at, updated_at)
                VALUES (\(policy.name), \(workdays), \(policy.type), \(policy.severity), \(policy.channel), \(policy.first),
                    \(policy.next), \(policy.resolution), \(policy.priority), 1, 1, \(now), \(now))
                """)
        }
    })

    /// Mon–Fri 09:00–18:00, lunch 12:00–13:30, the State Council's 2025 and 2026 dates (`ChinaHolidays`).
    static let workdayCalendar = """
        {"breaks":[{"end":"13:30","start":"12:00"}],"holidays":[\
        "2025-01-01",\
        "2025-01-28","2025-01-29","2025-01-30","2025-01-31","2025-02-01","2025-02-02","2025-02-03","2025-02-04",\
        "2025-04-04","2025-04-05","2025-04-06",\
        "2025-05-01","2025-05-02","2025-05-03","2025-05-04","2025-05-05",\
        "2025-05-31","2025-06-01","2025-06-02",\
        "2025-10-01","2025-10-02","2025-10-03","2025-10-04","2025-10-05","2025-10-06","2025-10-07","2025-10-08",\
        "2026-01-01","2026-01-02","2026-01-03",\
        "2026-02-15","2026-02-16","2026-02-17","2026-02-18","2026-02-19","2026-02-20","2026-02-21","2026-02-22","2026-02-23",\
        "2026-04-04","2026-04-05","2026-04-06",\
        "2026-05-01","2026-05-02","2026-05-03","2026-05-04","2026-05-05",\
        "2026-06-19","2026-06-20","2026-06-21",\
        "2026-09-25","2026-09-26","2026-09-27",\
        "2026-10-01","2026-10-02","2026-10-03","2026-10-04","2026-10-05","2026-10-06","2026-10-07"],\
        "name":"中国大陆工作日","time_zone":"Asia/Shanghai","weekly":[\
        {"close":"18:00","open":"09:00","weekday":1},{"close":"18:00","open":"09:00","weekday":2},\
        {"close":"18:00","open":"09:00","weekday":3},{"close":"18:00","open":"09:00","weekday":4},\
        {"close":"18:00","open":"09:00","weekday":5}],"working_days":[\
        "2025-01-26","2025-02-08","2025-04-27","2025-09-28","2025-10-11",\
        "2026-01-04","2026-02-14","2026-02-28","2026-05-09","2026-09-20","2026-10-10"]}
        """

    /// Every day, all day, no holidays.
    static let roundTheClockCalendar = """
        {"breaks":[],"holidays":[],"name":"7×24","time_zone":"Asia/Shanghai","weekly":[\
        {"close":"24:00","open":"00:00","weekday":1},{"close":"24:00","open":"00:00","weekday":2},\
        {"close":"24:00","open":"00:00","weekday":3},{"close":"24:00","open":"00:00","weekday":4},\
        {"close":"24:00","open":"00:00","weekday":5},{"close":"24:00","open":"00:00","weekday":6},\
        {"close":"24:00","open":"00:00","weekday":7}],"working_days":[]}
        """

    /// The default policies, all on 中国大陆工作日 (see above).
    static let defaultPolicies: [(name: String, type: String?, severity: String?, channel: String?, first: Int, next: Int?,
                                  resolution: Int?, priority: Int)] = [
        ("重大投诉", "complaint", "major", nil, 60, nil, nil, 10),
        ("投诉（简单）", "complaint", "simple", nil, 120, nil, nil, 20),
        ("投诉（复杂）", "complaint", "complex", nil, 1440, nil, nil, 30),
        ("邮件", nil, nil, "email", 480, nil, nil, 50),
        ("一般问题", nil, nil, nil, 240, 480, 1440, 100),
    ]
}
