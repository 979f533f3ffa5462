import Foundation
import HTTPTypes
import HummingbirdTesting
import KefuDomain
import KefuServices
import KefuStore
import KefuTestSupport
import XCTest

/// `GET /api/v1/members/{id}/timeline` through the real router, on both databases.
final class MemberTimelineAPITests: XCTestCase {
    // R-MEM-1: the member's history of dealings (tickets here) newest first, paged by cursor; bad paging is a 400.
    func testTimelinePagesByCursor_R_MEM_1() async throws {
        try await AppHarness.run { client, services in
            try await TestStores.user(services, "zhou.lan", role: .supervisor, password: AppHarness.staffPassword)
            let token = try await AppHarness.token(client, "zhou.lan", AppHarness.staffPassword)
            let member = try await client.execute(uri: "/api/v1/members", method: .post, headers: AppHarness.bearer(token),
                                                  body: AppHarness.json(MemberAPITests.chenJing)) { AppHarness.decode($0)["id"] as? Int ?? 0 }
            var tickets: [Int] = []
            for subject in ["发票", "退款", "物流"] {
                let body: [String: Any] = ["type": "inquiry", "channel": "phone", "subject": subject, "body": "客户来电",
                                           "customer": ["name": "陈静", "phone": "13912345678"]]
                tickets.append(try await client.execute(uri: "/api/v1/tickets", method: .post, headers: AppHarness.bearer(token),
                                                        body: AppHarness.json(body)) { AppHarness.decode($0)["id"] as? Int ?? 0 })
            }
            var seen: [Int] = []
            var uri = "/api/v1/members/\(member)/timeline?limit=2"
            while true {
                let next = try await client.execute(uri: uri, method: .get, headers: AppHarness.bearer(token)) { response -> String? in
                    XCTAssertEqual(response.status, .ok, response.text)
                    let page = AppHarness.decode(response)
                    let items = page["items"] as? [[String: Any]] ?? []
                    XCTAssertTrue(items.allSatisfy { $0["kind"] as? String == "ticket" && ($0["reference"] as? String)?.hasPrefix("T-") == true })
                    seen += items.compactMap { $0["id"] as? Int }
                    return page["next_cursor"] as? String
                }
                guard let next else { break }
                uri = "/api/v1/members/\(member)/timeline?limit=2&after=\(next)"
            }
            XCTAssertEqual(seen, tickets.reversed())
            for bad in ["limit=0", "limit=501", "after=yesterday"] {
                try await client.execute(uri: "/api/v1/members/\(member)/timeline?\(bad)", method: .get,
                                         headers: AppHarness.bearer(token)) { XCTAssertEqual($0.status, .badRequest, bad) }
            }
            try await client.execute(uri: "/api/v1/members/\(member + 99)/timeline", method: .get,
                                     headers: AppHarness.bearer(token)) { XCTAssertEqual($0.status, .notFound) }
        }
    }
}
