import Foundation
import KefuDomain
import KefuStore

extension DemoData {
    static let suppliers: [(code: String, name: String)] = [
        ("HZFS", "杭州服饰有限公司"), ("NBJJ", "宁波家居用品厂"), ("GZMZ", "广州美妆供应链"), ("SZDZ", "深圳数码电子"),
    ]

    static let products: [(sku: String, name: String, supplier: Int, price: Int64, stock: Int64)] = [
        ("FS-1001", "纯棉短袖T恤 白色 L", 0, 5900, 320), ("FS-1002", "纯棉短袖T恤 黑色 M", 0, 5900, 4),
        ("FS-2001", "轻薄羽绒服 藏青 XL", 0, 39900, 45), ("FS-3001", "休闲牛仔裤 蓝色 32", 0, 16900, 0),
        ("JJ-1001", "记忆棉枕头", 1, 12900, 80), ("JJ-2001", "四件套 纯棉 1.8米", 1, 29900, 26),
        ("MZ-1001", "保湿面霜 50g", 2, 18800, 150), ("MZ-2001", "防晒霜 SPF50", 2, 9900, 60),
        ("SZ-1001", "蓝牙耳机 降噪款", 3, 49900, 30), ("SZ-2001", "快充充电宝 20000mAh", 3, 15900, 90),
    ]

    static let customers: [(name: String, phone: String, province: String, city: String, district: String, line: String)] = [
        ("张三", "13800138000", "浙江省", "杭州市", "西湖区", "文三路100号"), ("李四", "13912345678", "江苏省", "南京市", "鼓楼区", "中山北路88号"),
        ("王芳", "13698765432", "广东省", "广州市", "天河区", "天河路385号"), ("赵敏", "13511112222", "上海市", "上海市", "浦东新区", "世纪大道100号"),
        ("陈静", "18612345678", "北京市", "北京市", "朝阳区", "建国路93号"), ("刘洋", "15899990000", "四川省", "成都市", "武侯区", "人民南路四段1号"),
        ("孙丽", "13788886666", "湖北省", "武汉市", "洪山区", "珞喻路1037号"), ("周杰", "13366668888", "山东省", "青岛市", "市南区", "香港中路10号"),
    ]

    /// A catalogue and a few hundred orders in every state, channel and list. Deterministic: the same every time.
    func fillOrders(count: Int = 240) async throws -> Int {
        let existing = try await services.database.read { try await $0.first("SELECT COUNT(*) AS n FROM orders")?.int("n") ?? 0 }
        guard existing == 0 else { return 0 }
        let system = Principal.system
        var supplierIDs: [Int64] = []
        for supplier in Self.suppliers {
            supplierIDs.append(try await services.catalog.createSupplier(code: supplier.code, name: supplier.name, contact: nil, phone: nil, by: system).id)
        }
        for product in Self.products {
            _ = try await services.catalog.createProduct(sku: product.sku, name: product.name, supplierID: supplierIDs[product.supplier],
                                                         price: product.price, stock: product.stock > 5 ? product.stock * 20 : product.stock, by: system)
        }
        let earlier = try await fillMemberHistory()
        let clerks = try await ["yang.min", "huang.qiang", "zhang.wei", "liu.yang"].asyncMap { login in
            Principal(user: try await services.users.find(login: login, by: system), channel: .session)
        }
        let reviewer = Principal(user: try await services.users.find(login: "li.na", by: system), channel: .session)
        let shipper = Principal(user: try await services.users.find(login: "zhao.lei", by: system), channel: .session)
        let channels = OrderChannel.allCases
        let inStock = Self.products.filter { $0.stock > 5 }
        let orders = services.orders
        for index in 0..<count {
            let customer = Self.orderCustomer(index)
            let address = customer.address
            let channel = channels[index % channels.count]
            let product = inStock[(index * 7) % inStock.count]
            let method: PaymentMethod = channel == .phone ? .cod : (index % 5 == 0 ? .memberCard : .online)
            let draft = OrderDraft(
                channel: channel, externalNumber: channel.isPlatform ? "\(channel.rawValue.uppercased())2026\(String(format: "%06d", index))" : nil,
                customer: .init(name: customer.name, phone: customer.phone),
                address: .init(recipient: address.recipient ?? customer.name, phone: address.phone ?? customer.phone, province: address.province ?? "",
                               city: address.city ?? "", district: address.district ?? "", line: address.line ?? ""),
                items: [.init(sku: product.sku, quantity: 1 + index % 2)], paymentMethod: method)
            let clerk = clerks[index % clerks.count]
            let order = try await orders.create(draft, confirmed: channel == .phone || channel == .web, by: clerk)
            // Spread orders over the life cycle: the stage an order reaches depends on its index.
            let stage = index % 12
            if stage == 0 { continue }                                  // waiting for review
            if stage == 1 {
                _ = try await orders.review(id: order.id, approve: false, reason: "收货地址缺少门牌号", expectedVersion: nil, by: reviewer)
                continue
            }
            _ = try await orders.review(id: order.id, approve: true, reason: nil, expectedVersion: nil, by: reviewer)
            if method != .cod, stage != 2 {
                let amount = stage == 11 ? order.total + 500 : order.total
                _ = try await orders.recordPayment(id: order.id, method: method == .memberCard ? .memberCard : .online, amount: amount,
                                                   reference: "PAY\(order.id)", by: clerk)
            }
            if stage == 3 {
                _ = try await orders.hold(id: order.id, reason: "客户要求下周一再发货", releaseOn: "2026-12-07", ownerID: nil, expectedVersion: nil, by: clerk)
                continue
            }
            if stage == 4 {
                _ = try await orders.addNote(id: order.id, flag: "red", content: "客户咨询能否加急", handling: "已答复：次日发顺丰", by: clerk)
            }
            if stage <= 4 || stage == 11 { continue }                    // approved, waiting to ship
            _ = try await orders.ship(id: order.id, carrier: index % 2 == 0 ? "顺丰速运" : "中通快递",
                                      trackingNumber: "SF\(1_000_000_000 + index)", expectedVersion: nil, by: shipper)
            if stage == 5 {
                _ = try await orders.addTrackingEvent(id: order.id, status: "delayed", description: "天气原因中转延误", at: nil, by: shipper)
                continue
            }
            if stage == 6 { continue }
            _ = try await orders.deliver(id: order.id, proof: "本人签收", expectedVersion: nil, by: shipper)
            if stage == 7 {
                _ = try await orders.addNote(id: order.id, flag: "blue", content: "客户反映外箱破损", handling: "登记售后，补发", by: shipper)
                continue
            }
            _ = try await orders.complete(id: order.id, expectedVersion: nil, by: clerk)
            if stage >= 9 { _ = try await orders.archive(id: order.id, expectedVersion: nil, by: reviewer) }
        }
        return count + earlier
    }
}

extension Array {
    /// `map` for async transforms, in order.
    func asyncMap<T>(_ transform: (Element) async throws -> T) async rethrows -> [T] {
        var result: [T] = []
        result.reserveCapacity(count)
        for element in self { result.append(try await transform(element)) }
        return result
    }
}
