import Foundation
import HTTPTypes
import HummingbirdTesting
import KefuDomain
import KefuServices
import KefuStore
import KefuTestSupport
import NIOCore
import XCTest

/// `/api/v1/handovers` (R-TKT-12) through the real router, on both databases.
final class HandoverAPITests: XCTestCase {
    // R-TKT-12: the outgoing shift writes items; the incoming shift acknowledges each one; open handovers are listed.
    func testTheIncomingShiftAcknowledgesItemsOneByOne_R_TKT_12() async throws {
        try await AppHarness.run { client, services in
            try await TestStores.user(services, "li.na", role: .agent, password: AppHarness.staffPassword)
            let outgoing = try await AppHarness.token(client, "zhang.wei", AppHarness.staffPassword)
            let incoming = try await AppHarness.token(client, "li.na", AppHarness.staffPassword)
            try await client.execute(uri: "/api/v1/handovers", method: .post, headers: AppHarness.bearer(outgoing),
                                     body: AppHarness.json(["shift": "", "items": [["content": "跟进退款"], ["reference": "O-20261123-0001"]]])) { response in
                XCTAssertEqual(response.status, .unprocessableContent)
                let fields = (AppHarness.decode(response)["errors"] as? [[String: Any]] ?? []).compactMap { $0["field"] as? String }
                XCTAssertEqual(fields, ["shift", "items[1].content"])
            }
            try await client.execute(uri: "/api/v1/handovers", method: .post, headers: AppHarness.bearer(outgoing),
                                     body: AppHarness.json(["shift": "晚班", "items": []])) { response in
                XCTAssertEqual(response.status, .unprocessableContent)
                XCTAssertTrue(response.text.contains("至少填写一项交接事项") || response.text.contains("at least one item"))
            }
            let (id, items) = try await client.execute(uri: "/api/v1/handovers", method: .post, headers: AppHarness.bearer(outgoing),
                                                       body: AppHarness.json(["shift": "晚班", "note": "明早系统维护", "items": [
                                                           ["content": "客户催发货，已联系仓库", "reference": "O-20261123-0001"],
                                                           ["content": "投诉回访：王先生"],
                                                       ]])) { response -> (Int, [[String: Any]]) in
                XCTAssertEqual(response.status, .created, response.text)
                let handover = AppHarness.decode(response)
                XCTAssertEqual(handover["shift"] as? String, "晚班")
                XCTAssertEqual(handover["complete"] as? Bool, false)
                XCTAssertEqual(handover["written_by_name"] as? String, "zhang.wei".capitalized, "the display name")
                XCTAssertNotNil(handover["written_at"] as? String)
                let items = handover["items"] as? [[String: Any]] ?? []
                XCTAssertEqual(items.map { $0["position"] as? Int }, [1, 2])
                XCTAssertEqual(items[0]["reference"] as? String, "O-20261123-0001")
                XCTAssertNil(items[1]["reference"])
                XCTAssertNil(items[0]["acknowledged_at"])
                return (handover["id"] as? Int ?? 0, items)
            }
            let first = items[0]["id"] as? Int ?? 0, second = items[1]["id"] as? Int ?? 0
            let acknowledge = { (item: Int) in "/api/v1/handovers/\(id)/items/\(item)/acknowledge" }
            try await client.execute(uri: acknowledge(first), method: .post, headers: AppHarness.bearer(outgoing)) { response in
                XCTAssertEqual(response.status, .forbidden, "the writer cannot acknowledge their own item")
            }
            try await client.execute(uri: acknowledge(first), method: .post, headers: AppHarness.bearer(incoming)) { response in
                XCTAssertEqual(response.status, .ok, response.text)
                let handover = AppHarness.decode(response)
                XCTAssertEqual(handover["complete"] as? Bool, false)
                let item = (handover["items"] as? [[String: Any]] ?? [])[0]
                XCTAssertNotNil(item["acknowledged_at"] as? String)
                XCTAssertNotNil(item["acknowledged_by"] as? Int)
            }
            try await client.execute(uri: acknowledge(first), method: .post, headers: AppHarness.bearer(incoming)) { response in
                XCTAssertEqual(response.status, .conflict)
            }
            try await client.execute(uri: acknowledge(999_999), method: .post, headers: AppHarness.bearer(incoming)) { response in
                XCTAssertEqual(response.status, .notFound)
            }
            try await client.execute(uri: "/api/v1/handovers?open=true", method: .get, headers: AppHarness.bearer(incoming)) { response in
                XCTAssertEqual(response.status, .ok)
                let list = AppHarness.decode(response)
                XCTAssertEqual((list["items"] as? [[String: Any]])?.map { $0["id"] as? Int }, [id])
                XCTAssertEqual(list["total"] as? Int, 1)
            }
            try await client.execute(uri: acknowledge(second), method: .post, headers: AppHarness.bearer(incoming)) { response in
                XCTAssertEqual(AppHarness.decode(response)["complete"] as? Bool, true)
            }
            try await client.execute(uri: "/api/v1/handovers?open=true", method: .get, headers: AppHarness.bearer(incoming)) { response in
                XCTAssertEqual(AppHarness.decode(response)["total"] as? Int, 0)
            }
            try await client.execute(uri: "/api/v1/handovers", method: .get, headers: AppHarness.bearer(incoming)) { response in
                XCTAssertEqual(AppHarness.decode(response)["total"] as? Int, 1, "complete handovers are still listed")
            }
            try await client.execute(uri: "/api/v1/handovers?open=maybe", method: .get, headers: AppHarness.bearer(incoming)) { response in
                XCTAssertEqual(response.status, .badRequest)
            }
            let events = try await services.events.list(EventFilter(entity: "handover"), by: .system).events
            XCTAssertEqual(events.map(\.kind), ["handover.item_acknowledged", "handover.item_acknowledged", "handover.written"])
        }
    }
}
