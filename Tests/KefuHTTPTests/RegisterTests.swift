import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import KefuDomain
import KefuFiles
import KefuServices
import NIOCore
import XCTest

/// The registers (R-TKT-10) through the real router: JSON, the XLSX download and the page.
final class RegisterTests: XCTestCase {
    func testRegistersAPIAndPage_R_TKT_10() async throws {
        try await AppHarness.run { client, services in
            let desk = try await TicketAPITests.desk(client, services)
            _ = try await TicketAPITests.post(client, "/api/v1/tickets", desk.agent, TicketAPITests.ticket, expect: .created)
            _ = try await TicketAPITests.post(client, "/api/v1/tickets", desk.agent, TicketAPITests.complaint(), expect: .created)
            let range = services.tickets.registerRange(from: nil, to: nil)
            let query = "from=\(range.from)&to=\(range.to)"

            let inquiries = try await TicketAPITests.get(client, "/api/v1/reports/registers?kind=inquiry&\(query)", desk.supervisor)
            let items = inquiries["items"] as? [[String: Any]] ?? []
            XCTAssertEqual(items.count, 1, "\(inquiries)")
            XCTAssertEqual(items.first?["name"] as? String, "张三")
            XCTAssertEqual(items.first?["phone"] as? String, "13800138000")
            XCTAssertTrue((items.first?["date"] as? String ?? "").hasPrefix(String(range.from.description.prefix(8))))
            let complaints = try await TicketAPITests.get(client, "/api/v1/reports/registers?kind=complaint&\(query)", desk.integration)
            let complaint = (complaints["items"] as? [[String: Any]] ?? []).first
            XCTAssertEqual(complaint?["phone"] as? String, "139****9000", "masked without pii.view")
            XCTAssertNotNil(complaint?["result"] as? String)
            _ = try await TicketAPITests.get(client, "/api/v1/reports/registers?kind=other", desk.supervisor, expect: .badRequest)
            _ = try await TicketAPITests.get(client, "/api/v1/reports/registers?kind=inquiry", desk.warehouse, expect: .forbidden)

            let sheet: Data = try await client.execute(uri: "/api/v1/reports/registers?kind=complaint&\(query)&format=xlsx", method: .get,
                                                       headers: AppHarness.bearer(desk.supervisor)) { response in
                XCTAssertEqual(response.status, .ok)
                XCTAssertEqual(response.headers[.contentType], "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
                XCTAssertTrue(response.headers[.contentDisposition]?.hasPrefix("attachment;") ?? false)
                return Data(buffer: response.body)
            }
            let rows = try XLSXReader(data: sheet).rows()
            XCTAssertEqual(rows.first?.fields, ["日期", "姓名", "电话", "内容", "结果"])
            XCTAssertEqual(rows.count, 2)
            _ = try await TicketAPITests.get(client, "/api/v1/reports/registers?kind=inquiry&format=xlsx", desk.warehouse, expect: .forbidden)

            let (jar, _) = try await WebTests.signIn(client, "zhang.wei", AppHarness.staffPassword)
            var (status, html) = try await TicketWebTests.get(client, "/tickets/registers?kind=complaint", jar)
            XCTAssertEqual(status, .ok)
            XCTAssertTrue(html.contains("投诉登记表"))
            XCTAssertTrue(html.contains("李四"))
            XCTAssertTrue(html.contains("format=xlsx"))
            (_, html) = try await TicketWebTests.get(client, "/tickets", jar)
            XCTAssertTrue(html.contains("href=\"/tickets/registers\""), "linked from the tickets page")
            let (warehouse, _) = try await WebTests.signIn(client, "cang.ku", AppHarness.staffPassword)
            (status, _) = try await TicketWebTests.get(client, "/tickets/registers", warehouse)
            XCTAssertEqual(status, .forbidden)
        }
    }
}
