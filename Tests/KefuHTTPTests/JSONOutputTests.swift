import Foundation
import KefuDomain
import XCTest

@testable import KefuHTTP

/// The hand-written JSON of the hot responses must say exactly what their `Encodable` conformance says.
final class JSONOutputTests: XCTestCase {
    func order(external: String?, paidAt: Date?, name: String) -> Order {
        Order(
            id: 42, number: "O-20261118-0007", channel: .taobao, externalNumber: external,
            customer: OrderCustomer(name: name, phone: "13912345678"),
            address: DeliveryAddress(recipient: name, phone: "13912345678", province: "浙江省", city: "杭州市", district: "西湖区",
                                     line: "文三路 90 号 \"东\" 楼\\2\n单元\t/3"),
            items: [OrderItem(sku: "TEA-001", name: "龙井 250g", quantity: 2, unitPrice: 12_800),
                    OrderItem(sku: "CUP-9", name: "杯\u{1}子", quantity: 1, unitPrice: 990)],
            paymentMethod: .online, status: .approved, paid: 26_590, enteredBy: 3, reviewedBy: nil, rejectionReason: nil,
            confirmedAt: Date(timeIntervalSince1970: 1_763_456_789.75), paidAt: paidAt, held: true, version: 4,
            createdAt: Date(timeIntervalSince1970: 1_763_456_000))
    }

    func object(_ data: Data) throws -> NSDictionary {
        try XCTUnwrap(JSONSerialization.jsonObject(with: data) as? NSDictionary)
    }

    func testOrderPageMatchesTheEncoder() throws {
        let orders = [
            order(external: "TB-1", paidAt: Date(timeIntervalSince1970: 1_763_460_000), name: "陈静"),
            order(external: nil, paidAt: nil, name: "O'Brien <b>"),
        ]
        for permissions in [Set<Permission>([.piiView]), []] {
            let page = ListPage(items: orders.map { OrderJSON($0, permissions: permissions) }, total: 1_000_001, limit: 50, offset: 100)
            var output = JSONOutput()
            page.write(to: &output)
            let written = try object(Data(output.bytes))
            let encoded = try object(KefuJSON.encoder.encode(page))
            XCTAssertEqual(written, encoded)
        }
    }

    func member(full: Bool) -> Member {
        let at = Date(timeIntervalSince1970: 1_763_456_789.75)
        guard full else { return Member(id: 7, name: "O'Brien <b>", createdAt: at, updatedAt: at) }
        return Member(
            id: 42, name: "陈静", gender: .female, birthYear: 1990, birthday: "03-07", idNumber: "110101199003071234",
            phones: ["13912345678", "13800138000"], emails: ["chen.jing@example.com"],
            addresses: [DeliveryAddress(recipient: "陈静", phone: "13912345678", province: "浙江省", city: "杭州市", district: "西湖区",
                                        line: "文三路 90 号 \"东\" 楼\\2\n单元\t/3")],
            grade: .gold, tags: ["VIP", "老客户"], registrationChannel: "taobao", preferences: "不要\u{1}晚上打电话", notes: "备注",
            doNotCall: true, restHours: "12:00-14:00", assignedAgentID: 3, assignedAt: Date(timeIntervalSince1970: 1_763_460_000),
            erasedAt: Date(timeIntervalSince1970: 1_763_470_000.5), mergedIntoID: 9, version: 5, createdAt: at,
            updatedAt: Date(timeIntervalSince1970: 1_763_480_000))
    }

    func testMemberAndMemberPageMatchTheEncoder() throws {
        let members = [member(full: true), member(full: false)]
        for masked in [false, true] {
            let items = members.map { member -> MemberJSON in
                var json = MemberJSON(revealed: masked ? member.masked() : member)
                json.masked = masked
                return json
            }
            for item in items {
                var output = JSONOutput()
                item.write(to: &output)
                XCTAssertEqual(try object(Data(output.bytes)), try object(KefuJSON.encoder.encode(item)))
            }
            let page = MemberAPIController.MemberPage(items: items, total: 10_000, totalCapped: masked, limit: 50, offset: 0)
            var output = JSONOutput()
            page.write(to: &output)
            XCTAssertEqual(try object(Data(output.bytes)), try object(KefuJSON.encoder.encode(page)))
            let duplicates = ListPage(items: items, total: items.count, limit: items.count)
            output = JSONOutput()
            duplicates.write(to: &output)
            XCTAssertEqual(try object(Data(output.bytes)), try object(KefuJSON.encoder.encode(duplicates)))
        }
    }

    func testTimelinePageMatchesTheEncoder() throws {
        let entries = MemberTimelineEntry.Kind.allCases.enumerated().map { index, kind in
            MemberTimelineEntry(kind: kind, id: Int64(index + 1), at: Date(timeIntervalSince1970: 1_763_456_789.25 - Double(index) * 3_600),
                                reference: index == 3 ? "" : "T-2026111\(index)", summary: "收到货 \"破损\"\n/退款", state: "\(index)")
        }
        for next in ["1763456789250.order.1", nil] {
            let page = MemberTimelineAPIController.Page(items: entries, limit: 500, nextCursor: next)
            var output = JSONOutput()
            page.write(to: &output)
            XCTAssertEqual(try object(Data(output.bytes)), try object(KefuJSON.encoder.encode(page)))
        }
    }

    func testDatesBeforeTheEpochAndAtLeapDays() throws {
        for seconds in [-1.5, 0, 951_782_400, 4_107_542_399, 1_709_164_800] {
            var output = JSONOutput()
            output.date(Date(timeIntervalSince1970: seconds))
            XCTAssertEqual(String(decoding: output.bytes, as: UTF8.self),
                           String(decoding: try KefuJSON.encoder.encode(Date(timeIntervalSince1970: seconds)), as: UTF8.self), "\(seconds)")
        }
    }
}
