import Foundation
import HTTPTypes
import HummingbirdTesting
import KefuDomain
import KefuServices
import NIOCore
import XCTest

/// `/api/v1/calendars` and `/api/v1/sla-policies` through the real router, on every test database.
final class SLAConfigAPITests: XCTestCase {
    static var officeCalendar: [String: Any] {
        ["name": "售后热线", "time_zone": "Asia/Shanghai",
         "weekly": (1...6).map { ["weekday": $0, "open": "08:30", "close": "20:00"] },
         "breaks": [["start": "12:00", "end": "13:00"]], "holidays": ["2026-10-01"], "working_days": ["2026-10-10"]]
    }

    static func errorFields(_ response: TestResponse) -> [String] {
        (AppHarness.decode(response)["errors"] as? [[String: Any]] ?? []).compactMap { $0["field"] as? String }
    }

    // R-TKT-4: integrators read and keep the calendars and policies in the shapes of the contract.
    func testCalendarsAndPoliciesInTheContractShapes_R_TKT_4() async throws {
        try await AppHarness.run { client, _ in
            let token = try await AppHarness.token(client, "admin", AppHarness.adminPassword)
            try await client.execute(uri: "/api/v1/calendars", method: .get, headers: AppHarness.bearer(token)) { response in
                XCTAssertEqual(response.status, .ok)
                let items = AppHarness.decode(response)["items"] as? [[String: Any]] ?? []
                XCTAssertEqual(items.map { $0["name"] as? String }, ["中国大陆工作日", "7×24"])
                let workdays = try XCTUnwrap(items.first)
                XCTAssertEqual(workdays["time_zone"] as? String, "Asia/Shanghai")
                let monday = (workdays["weekly"] as? [[String: Any]])?.first
                XCTAssertEqual([monday?["weekday"] as? Int], [1])
                XCTAssertEqual([monday?["open"] as? String, monday?["close"] as? String], ["09:00", "18:00"])
                XCTAssertEqual(workdays["breaks"] as? [[String: String]], [["start": "12:00", "end": "13:30"]])
                XCTAssertTrue((workdays["holidays"] as? [String])?.contains("2026-10-01") == true)
                XCTAssertTrue((workdays["working_days"] as? [String])?.contains("2026-02-14") == true)
                XCTAssertEqual(workdays["version"] as? Int, 1)
                XCTAssertNotNil(workdays["id"] as? Int)
            }
            let created = try await client.execute(uri: "/api/v1/calendars", method: .post, headers: AppHarness.bearer(token),
                                                   body: AppHarness.json(Self.officeCalendar)) { response in
                XCTAssertEqual(response.status, .created, response.text)
                XCTAssertEqual(response.headers[.eTag], "\"1\"")
                return AppHarness.decode(response)
            }
            let calendarID = try XCTUnwrap(created["id"] as? Int)
            XCTAssertEqual(created["working_days"] as? [String], ["2026-10-10"])
            XCTAssertEqual((created["weekly"] as? [Any])?.count, 6)

            try await client.execute(uri: "/api/v1/calendars/\(calendarID)", method: .patch, headers: AppHarness.bearer(token),
                                     body: AppHarness.json(["breaks": [], "version": 1])) { response in
                XCTAssertEqual(response.status, .ok, response.text)
                let calendar = AppHarness.decode(response)
                XCTAssertEqual((calendar["breaks"] as? [Any])?.count, 0)
                XCTAssertEqual(calendar["holidays"] as? [String], ["2026-10-01"], "fields not sent stay")
                XCTAssertEqual(calendar["version"] as? Int, 2)
            }
            try await client.execute(uri: "/api/v1/calendars/\(calendarID)", method: .patch, headers: AppHarness.bearer(token, [.acceptLanguage: "en"]),
                                     body: AppHarness.json(["name": "旧名", "version": 1])) { response in
                XCTAssertEqual(response.status, .conflict)
                XCTAssertEqual(AppHarness.decode(response)["type"] as? String, "urn:kefu:problem:stale_version")
                XCTAssertEqual(AppHarness.decode(response)["current_version"] as? Int, 2)
            }
            try await client.execute(uri: "/api/v1/calendars/\(calendarID)", method: .get, headers: AppHarness.bearer(token)) { response in
                XCTAssertEqual(response.headers[.eTag], "\"2\"")
                XCTAssertEqual(AppHarness.decode(response)["name"] as? String, "售后热线")
            }
            try await client.execute(uri: "/api/v1/calendars/999999", method: .get, headers: AppHarness.bearer(token)) { response in
                XCTAssertEqual(response.status, .notFound)
            }

            try await client.execute(uri: "/api/v1/sla-policies", method: .get, headers: AppHarness.bearer(token)) { response in
                XCTAssertEqual(response.status, .ok)
                let items = AppHarness.decode(response)["items"] as? [[String: Any]] ?? []
                XCTAssertEqual(items.count, 5)
                let simple = try XCTUnwrap(items.first { $0["name"] as? String == "投诉（简单）" })
                XCTAssertEqual(simple["conditions"] as? [String: String], ["type": "complaint", "severity": "simple"])
                XCTAssertEqual(simple["first_response_minutes"] as? Int, 120)
                XCTAssertNil(simple["resolution_minutes"], "a target not set is left out")
                XCTAssertEqual(simple["active"] as? Bool, true)
                let general = try XCTUnwrap(items.first { $0["name"] as? String == "一般问题" })
                XCTAssertEqual(general["conditions"] as? [String: String], [:])
                XCTAssertEqual(["first_response_minutes", "next_response_minutes", "resolution_minutes"].map { general[$0] as? Int }, [240, 480, 1440])
            }
            let policy = try await client.execute(uri: "/api/v1/sla-policies", method: .post, headers: AppHarness.bearer(token), body: AppHarness.json([
                "name": "售后电话", "calendar_id": calendarID, "conditions": ["type": "after_sales", "channel": "phone", "member_grade": "gold"],
                "first_response_minutes": 30, "resolution_minutes": 960, "priority": 5,
            ])) { response in
                XCTAssertEqual(response.status, .created, response.text)
                return AppHarness.decode(response)
            }
            let policyID = try XCTUnwrap(policy["id"] as? Int)
            XCTAssertEqual(policy["conditions"] as? [String: String], ["type": "after_sales", "channel": "phone", "member_grade": "gold"])
            XCTAssertEqual(policy["calendar_id"] as? Int, calendarID)
            XCTAssertEqual(policy["version"] as? Int, 1)
            try await client.execute(uri: "/api/v1/sla-policies/\(policyID)", method: .patch, headers: AppHarness.bearer(token, [.ifMatch: "\"1\""]),
                                     body: AppHarness.json(["resolution_minutes": NSNull(), "active": false])) { response in
                XCTAssertEqual(response.status, .ok, response.text)
                let changed = AppHarness.decode(response)
                XCTAssertNil(changed["resolution_minutes"], "null removes a target")
                XCTAssertEqual(changed["first_response_minutes"] as? Int, 30, "absent keeps it")
                XCTAssertEqual(changed["active"] as? Bool, false)
                XCTAssertEqual(changed["version"] as? Int, 2)
            }
            try await client.execute(uri: "/api/v1/sla-policies/\(policyID)", method: .get, headers: AppHarness.bearer(token)) { response in
                XCTAssertEqual(response.headers[.eTag], "\"2\"")
            }
        }
    }

    func testAgentsReadTheConfigurationButCannotChangeIt() async throws {
        try await AppHarness.run { client, _ in
            let token = try await AppHarness.token(client, "zhang.wei", AppHarness.staffPassword)
            for path in ["/api/v1/calendars", "/api/v1/calendars/1", "/api/v1/sla-policies", "/api/v1/sla-policies/1"] {
                try await client.execute(uri: path, method: .get, headers: AppHarness.bearer(token)) { response in
                    XCTAssertEqual(response.status, .ok, path)
                }
            }
            let attempts: [(String, HTTPRequest.Method, ByteBuffer)] = [
                ("/api/v1/calendars", .post, AppHarness.json(Self.officeCalendar)),
                ("/api/v1/calendars/1", .patch, AppHarness.json(["name": "x"])),
                ("/api/v1/calendars/1/ics", .post, ByteBuffer(string: "BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n")),
                ("/api/v1/sla-policies", .post, AppHarness.json(["name": "x", "calendar_id": 1])),
                ("/api/v1/sla-policies/1", .patch, AppHarness.json(["priority": 1])),
            ]
            for (path, method, body) in attempts {
                try await client.execute(uri: path, method: method, headers: AppHarness.bearer(token), body: body) { response in
                    XCTAssertEqual(response.status, .forbidden, "\(method) \(path)")
                    XCTAssertEqual(AppHarness.decode(response)["detail"] as? String, "settings.manage")
                }
            }
        }
    }

    // R-TKT-4: a wrong calendar or policy comes back as 422 with every bad field, each with its message.
    func testEveryBadFieldComesBackAt422_R_TKT_4() async throws {
        try await AppHarness.run { client, _ in
            let token = try await AppHarness.token(client, "admin", AppHarness.adminPassword)
            let english = AppHarness.bearer(token, [.acceptLanguage: "en"])
            try await client.execute(uri: "/api/v1/calendars", method: .post, headers: english, body: AppHarness.json([
                "name": "", "time_zone": "Mars/Olympus", "weekly": [["weekday": 1, "open": "9:00", "close": "18:00"], ["weekday": 1, "open": "10:00", "close": "12:00"]],
                "holidays": ["2026-10-01"], "working_days": ["2026-10-01"],
            ])) { response in
                XCTAssertEqual(response.status, .unprocessableContent)
                XCTAssertTrue(response.headers[.contentType]?.hasPrefix("application/problem+json") == true)
                XCTAssertEqual(Self.errorFields(response), ["name", "time_zone", "weekly[0].open", "working_days[0]"])
                let errors = AppHarness.decode(response)["errors"] as? [[String: Any]] ?? []
                XCTAssertEqual(errors.last?["message"] as? String, "overlaps holidays[0].")
            }
            try await client.execute(uri: "/api/v1/sla-policies", method: .post, headers: english, body: AppHarness.json([
                "calendar_id": 4242, "first_response_minutes": -1, "next_response_minutes": 0,
            ])) { response in
                XCTAssertEqual(response.status, .unprocessableContent)
                XCTAssertEqual(Self.errorFields(response), ["name", "calendar_id", "first_response_minutes", "next_response_minutes"])
            }
            try await client.execute(uri: "/api/v1/sla-policies/1", method: .patch, headers: english,
                                     body: AppHarness.json(["name": "邮件"])) { response in
                XCTAssertEqual(response.status, .unprocessableContent)
                XCTAssertEqual((AppHarness.decode(response)["errors"] as? [[String: Any]])?.first?["message"] as? String, "邮件 already exists.")
            }
            try await client.execute(uri: "/api/v1/sla-policies", method: .post, headers: english,
                                     body: AppHarness.json(["name": "x", "calendar_id": "one"])) { response in
                XCTAssertEqual(response.status, .badRequest, "a wrong type is a 400 that says where")
                XCTAssertEqual(Self.errorFields(response), ["calendar_id"])
            }
        }
    }

    // R-TKT-4: holidays come in as an .ics body or file, and a broken file says which line.
    func testICSImportAsBodyOrFile_R_TKT_4() async throws {
        try await AppHarness.run { client, services in
            let token = try await AppHarness.token(client, "admin", AppHarness.adminPassword)
            let calendar = try await services.slaConfig.calendars(by: .system)[0]
            let ics = "BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nDTSTART;VALUE=DATE:20270101\r\nDTEND;VALUE=DATE:20270102\r\nSUMMARY:元旦\r\nEND:VEVENT\r\n"
                + "BEGIN:VEVENT\r\nDTSTART;VALUE=DATE:20270207\r\nSUMMARY:春节补班\r\nEND:VEVENT\r\n"
                + "BEGIN:VEVENT\r\nDTSTART:20270301T090000Z\r\nSUMMARY:例会\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
            let path = "/api/v1/calendars/\(calendar.id)/ics"
            try await client.execute(uri: path + "?version=1", method: .post,
                                     headers: [.authorization: "Bearer \(token)", .contentType: "text/calendar"], body: ByteBuffer(string: ics)) { response in
                XCTAssertEqual(response.status, .ok, response.text)
                let report = AppHarness.decode(response)
                XCTAssertEqual(report["holidays_added"] as? Int, 1)
                XCTAssertEqual(report["working_days_added"] as? Int, 1)
                let skipped = report["skipped"] as? [[String: Any]] ?? []
                XCTAssertEqual(skipped.map { "\($0["line"] as? Int ?? 0) \($0["reason"] as? String ?? "") \($0["summary"] as? String ?? "")" }, ["11 timed 例会"])
                XCTAssertEqual((report["calendar"] as? [String: Any])?["version"] as? Int, 2)
            }
            let boundary = "kefu-ics-boundary"
            let multipart = "--\(boundary)\r\nContent-Disposition: form-data; name=\"file\"; filename=\"holidays.ics\"\r\nContent-Type: text/calendar\r\n\r\n"
                + ics.replacingOccurrences(of: "20270101", with: "20270501").replacingOccurrences(of: "20270102", with: "20270504")
                + "\r\n--\(boundary)--\r\n"
            try await client.execute(uri: path, method: .post, headers: [.authorization: "Bearer \(token)", .ifMatch: "\"2\"",
                                                                         .contentType: "multipart/form-data; boundary=\(boundary)"],
                                     body: ByteBuffer(string: multipart)) { response in
                XCTAssertEqual(response.status, .ok, response.text)
                XCTAssertEqual(AppHarness.decode(response)["holidays_added"] as? Int, 3)
                XCTAssertEqual(AppHarness.decode(response)["working_days_added"] as? Int, 0, "2027-02-07 was there already")
            }
            try await client.execute(uri: path + "?version=1", method: .post,
                                     headers: [.authorization: "Bearer \(token)", .contentType: "text/calendar"], body: ByteBuffer(string: ics)) { response in
                XCTAssertEqual(response.status, .conflict)
            }
            try await client.execute(uri: path, method: .post, headers: [.authorization: "Bearer \(token)", .contentType: "text/calendar", .acceptLanguage: "en"],
                                     body: ByteBuffer(string: "BEGIN:VCALENDAR\nBEGIN:VEVENT\nDTSTART;VALUE=DATE:2027-13-01\nEND:VEVENT\nEND:VCALENDAR\n")) { response in
                XCTAssertEqual(response.status, .unprocessableContent)
                let error = (AppHarness.decode(response)["errors"] as? [[String: Any]])?.first
                XCTAssertEqual(error?["field"] as? String, "file")
                XCTAssertEqual(error?["message"] as? String, "line 3: \"2027-13-01\" is not a valid date (like 20261001).")
            }
            try await client.execute(uri: path, method: .post, headers: [.authorization: "Bearer \(token)", .contentType: "text/calendar"],
                                     body: ByteBuffer(bytes: [0x42, 0x45, 0xFF, 0xFE])) { response in
                XCTAssertEqual(response.status, .unprocessableContent)
                XCTAssertEqual(Self.errorFields(response), ["file"])
            }
        }
    }
}
