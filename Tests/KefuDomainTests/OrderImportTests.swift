import KefuDomain
import XCTest

/// Reading platform exports into order drafts (R-ORD-1) and validating every row (R-ORD-2).
final class OrderImportTests: XCTestCase {
    let taobaoHeader = ["订单编号", "买家会员名", "收货人姓名", "联系手机", "收货地址", "商家编码", "宝贝数量", "商品价格", "支付方式"]

    func testAddressSplitsOnProvinceCityDistrictMarkers_R_ORD_1() {
        XCTAssertEqual(AddressSplitter.split("浙江省杭州市西湖区文三路100号"),
                       .init(province: "浙江省", city: "杭州市", district: "西湖区", line: "文三路100号"))
        XCTAssertEqual(AddressSplitter.split("浙江省 杭州市 西湖区 文三路 100号"),
                       .init(province: "浙江省", city: "杭州市", district: "西湖区", line: "文三路 100号"))
        XCTAssertEqual(AddressSplitter.split("北京市朝阳区建国路88号"),
                       .init(province: "北京市", city: "北京市", district: "朝阳区", line: "建国路88号"))
        XCTAssertEqual(AddressSplitter.split("江苏省苏州市昆山市玉山镇1号"),
                       .init(province: "江苏省", city: "苏州市", district: "昆山市", line: "玉山镇1号"))
        XCTAssertEqual(AddressSplitter.split("广西壮族自治区南宁市青秀区民族大道1号"),
                       .init(province: "广西壮族自治区", city: "南宁市", district: "青秀区", line: "民族大道1号"))
        XCTAssertEqual(AddressSplitter.split("四川省阿坝藏族羌族自治州汶川县威州镇"),
                       .init(province: "四川省", city: "阿坝藏族羌族自治州", district: "汶川县", line: "威州镇"))
    }

    func testYuanTextBecomesFen() {
        XCTAssertEqual(ImportValue.fen("59.00"), 5900)
        XCTAssertEqual(ImportValue.fen("59.9"), 5990)
        XCTAssertEqual(ImportValue.fen("¥1,299"), 129_900)
        XCTAssertEqual(ImportValue.fen("0.05"), 5)
        XCTAssertNil(ImportValue.fen("59.001"))
        XCTAssertNil(ImportValue.fen("abc"))
        XCTAssertEqual(ImportValue.quantity("3.0"), 3)
        XCTAssertNil(ImportValue.quantity("三"))
    }

    func testTaobaoPresetGroupsRowsByOrderNumberAndMapsPayment_R_ORD_1() {
        let mapping = ImportMapping.taobao
        let (columns, problems) = mapping.columns(header: taobaoHeader)
        XCTAssertEqual(problems, [])
        let orders = mapping.orders(rows: [
            (2, ["TB1", "buyer", "张三", "13800138000", "浙江省 杭州市 西湖区 文三路100号", "SKU-1", "2", "59.00", "货到付款"]),
            (3, ["TB2", "li", "李四", "13900139000", "北京市朝阳区建国路88号", "SKU-1", "1", "", ""]),
            (4, ["TB1", "buyer", "张三", "13800138000", "浙江省 杭州市 西湖区 文三路100号", "SKU-2", "1", "10", "货到付款"]),
        ], columns: columns)
        XCTAssertEqual(orders.count, 2)
        XCTAssertEqual(orders[0].lines, [2, 4])
        XCTAssertEqual(orders[0].draft.channel, .taobao)
        XCTAssertEqual(orders[0].draft.paymentMethod, .cod)
        XCTAssertEqual(orders[0].draft.items, [.init(sku: "SKU-1", quantity: 2, unitPrice: 5900), .init(sku: "SKU-2", quantity: 1, unitPrice: 1000)])
        XCTAssertEqual(orders[0].draft.address?.district, "西湖区")
        XCTAssertEqual(orders[0].draft.customer?.name, "张三")
        XCTAssertEqual(orders[1].draft.paymentMethod, .online)
        XCTAssertEqual(orders[1].draft.address?.city, "北京市")
        XCTAssertEqual(orders[1].draft.items?.first?.unitPrice, nil)
    }

    func testJDAndPinduoduoPresetsReadTheirHeaders_R_ORD_1() {
        let jdHeader = ["订单号", "客户姓名", "联系电话", "省", "市", "县", "详细地址", "商品编号", "订购数量", "京东价", "支付方式"]
        let (jdColumns, jdProblems) = ImportMapping.jd.columns(header: jdHeader)
        XCTAssertEqual(jdProblems, [])
        let jd = ImportMapping.jd.orders(rows: [(2, ["JD1", "王五", "13700137000", "广东省", "深圳市", "南山区", "科技园1号", "SKU-1", "3", "19.99", "在线支付"])],
                                         columns: jdColumns)
        XCTAssertEqual(jd[0].draft.address, .init(recipient: "王五", phone: "13700137000", province: "广东省", city: "深圳市", district: "南山区", line: "科技园1号"))
        XCTAssertEqual(jd[0].draft.items?.first, .init(sku: "SKU-1", quantity: 3, unitPrice: 1999))

        let pddHeader = ["订单号", "收货人", "手机", "省", "市", "区", "街道", "商品规格编码", "商品数量(件)", "商品总价(元)"]
        let (pddColumns, pddProblems) = ImportMapping.pdd.columns(header: pddHeader)
        XCTAssertEqual(pddProblems, [])
        let pdd = ImportMapping.pdd.orders(rows: [(2, ["PDD1", "赵六", "13600136000", "湖北省", "武汉市", "洪山区", "珞喻路1号", "SKU-2", "2", "39.98"])],
                                           columns: pddColumns)
        XCTAssertEqual(pdd[0].draft.channel, .pdd)
        XCTAssertEqual(pdd[0].draft.items?.first, .init(sku: "SKU-2", quantity: 2, unitPrice: 1999), "商品总价 is the line total")
    }

    func testMissingColumnsAreNamed() {
        let (_, problems) = ImportMapping.jd.columns(header: ["订单号", "客户姓名"])
        XCTAssertTrue(problems.contains { $0.code == "error.import_missing_column" && $0.arguments["field"] == "sku" })
        XCTAssertTrue(problems.allSatisfy { $0.field == "file" })
    }

    func testEveryProblemIsReportedOnItsRow_R_ORD_2() {
        let mapping = ImportMapping.taobao
        let (columns, _) = mapping.columns(header: taobaoHeader)
        let orders = mapping.orders(rows: [
            (2, ["TB1", "", "", "12345", "浙江省杭州市西湖区文三路100号", "SKU-1", "2", "59.00", ""]),
            (5, ["TB1", "", "", "12345", "浙江省杭州市西湖区文三路100号", "NOPE", "x", "5.5.5", ""]),
            (6, ["TB2", "a", "张三", "13800138000", "浙江省杭州市西湖区文三路100号", "SKU-1", "1", "1", "刷卡"]),
        ], columns: columns)
        let prices: [String: Int64] = ["SKU-1": 5900]
        let first = orders[0].badRows(orders[0].problems(prices: prices))
        XCTAssertEqual(first.map(\.line), [2, 5])
        XCTAssertEqual(Set(first[0].errors.map(\.field)), ["customer.name", "customer.phone", "address.recipient", "address.phone"])
        XCTAssertEqual(first[0].errors.first { $0.field == "customer.phone" }?.code, "error.phone_format")
        XCTAssertEqual(first[1].errors.map(\.field), ["quantity", "unit_price", "sku"])
        XCTAssertEqual(first[1].errors.map(\.code), ["error.number_format", "error.price_format", "error.unknown_product"])
        let second = orders[1].badRows(orders[1].problems(prices: prices))
        XCTAssertEqual(second, [.init(line: 6, errors: [.init(field: "payment_method", code: "error.unknown_value")])])
    }

    func testMappingJSONTakesOneHeaderOrCandidates() throws {
        let json = #"{"channel":"web","externalNumber":"单号","customerName":["姓名","买家"],"sku":"编码","quantity":"数量","fullAddress":"地址","customerPhone":"电话"}"#
        let mapping = try JSONDecoder().decode(ImportMapping.self, from: Data(json.utf8))
        XCTAssertEqual(mapping.channel, .web)
        XCTAssertEqual(mapping.externalNumber, ["单号"])
        XCTAssertEqual(mapping.customerName, ["姓名", "买家"])
        XCTAssertEqual(mapping.paymentValues["货到付款"], .cod)
        XCTAssertEqual(mapping.columns(header: ["单号", "买家", "电话", "地址", "编码", "数量"]).problems, [])
    }
}
