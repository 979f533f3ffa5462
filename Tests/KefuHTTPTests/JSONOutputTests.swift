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

    func testDatesBeforeTheEpochAndAtLeapDays() throws {
        for seconds in [-1.5, 0, 951_782_400, 4_107_542_399, 1_709_164_800] {
            var output = JSONOutput()
            output.date(Date(timeIntervalSince1970: seconds))
            XCTAssertEqual(String(decoding: output.bytes, as: UTF8.self),
                           String(decoding: try KefuJSON.encoder.encode(Date(timeIntervalSince1970: seconds)), as: UTF8.self), "\(seconds)")
        }
    }
}
