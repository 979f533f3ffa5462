import Foundation
import KefuDomain

extension DemoData {
    /// Orders placed over the last two weeks, each through the order desk on its day.
    static let pastOrderCount = 72

    /// Days ago each past order was delivered, in turn: most within the week, some longer ago; none yesterday, whose
    /// callbacks were generated in the morning (see ``fillCallbackHistory()``).
    static let deliveredDaysAgo = [2, 2, 2, 3, 3, 4, 4, 5, 6, 8, 9, 11]

    /// What members asked about after delivery, and the agent's answer.
    static let memberTickets: [(type: TicketType, subject: String, body: String, reply: String)] = [
        (.afterSales, "收到的商品外包装破损", "快递送到时纸箱压坏了，里面的商品也有划痕，希望换一个。", "非常抱歉给您带来不便，已为您登记换货，新的商品明天发出。"),
        (.deliveryQuery, "物流信息三天没有更新", "订单显示已发货，但物流信息三天没动了，麻烦帮忙查一下。", "已联系快递公司核实，包裹在中转站滞留，今天已重新发出，预计明天送达。"),
        (.repair, "蓝牙耳机左耳没有声音", "用了一周左耳突然没声音，已经重新配对过，还是不行。", "已安排上门取件检修，检修期间为您提供备用耳机。"),
        (.inquiry, "会员积分怎么抵扣", "想问一下会员积分下单时怎么用，可以抵多少钱？", "每100积分可抵1元，在结算页勾选“使用积分”即可，最多抵订单金额的20%。"),
        (.repair, "充电宝充不进电", "充电宝插上充电线后指示灯不亮，换了线也一样。", "已为您办理换新，新的充电宝今天发出，旧的请随包裹寄回。"),
        (.afterSales, "枕头尺寸和描述不符", "收到的记忆棉枕头比页面上写的小一圈，想退货。", "已为您办理退货退款，快递员明天上门取件。"),
    ]

    /// Members' questions that came in this morning and are still open.
    static let openMemberTickets: [(subject: String, body: String)] = [
        ("想换绑手机号", "原来的手机号不用了，想把会员账号换绑到新号码上。"),
        ("会员等级什么时候升级", "这个月买了不少东西，想知道什么时候能升到金卡。"),
        ("生日礼券没有收到", "上个月过生日，没有收到会员生日礼券。"),
        ("发票能开公司抬头吗", "想给上周的订单开公司抬头的增值税普通发票。"),
    ]

    /// What members did over the last two weeks and yesterday's callbacks, before today's orders arrive (a generation
    /// run would otherwise see today's deliveries): run by ``fillOrders(count:)`` once the catalogue is there, when
    /// there are members. Returns how many orders it placed.
    func fillMemberHistory() async throws -> Int {
        let members = try await services.database.read { try await $0.first("SELECT COUNT(*) AS n FROM members")?.int("n") ?? 0 }
        guard members > 0 else { return 0 }
        try await fillMemberActivity()
        try await fillCallbackHistory()
        return Self.pastOrderCount
    }

    /// Orders members placed over the last two weeks — reviewed, paid, shipped, delivered and mostly completed on
    /// their days — with the tickets some of them raised afterwards, answered and resolved; and this morning's open
    /// questions. Everything goes through the services with their clocks set to when it happened.
    func fillMemberActivity() async throws {
        let clerks = try await ["yang.min", "huang.qiang"].asyncMap(staff)
        let agents = try await ["chen.jing", "zhang.wei"].asyncMap(staff)
        let reviewer = try await staff("li.na"), shipper = try await staff("zhao.lei")
        let inStock = Self.products.filter { $0.stock > 5 }
        let channels: [OrderChannel] = [.taobao, .jd, .phone, .web, .pdd]
        let proofs = ["本人签收", "快递柜代收", "门卫代收"]
        var tickets = 0
        for index in 0..<Self.pastOrderCount {
            let customer = index % 9 == 0 ? Self.demoMembers[(index / 9) % Self.customers.count]
                : Self.demoMembers[Self.customers.count + (index * 53) % (Self.memberCount - Self.customers.count)]
            let delivered = Self.deliveredDaysAgo[index % Self.deliveredDaysAgo.count]
            let placed = delivered + 3
            let channel = channels[index % channels.count]
            let method: PaymentMethod = channel == .phone ? .cod : .online
            let product = inStock[(index * 5) % inStock.count]
            let clerk = clerks[index % clerks.count]
            let address = customer.address
            let draft = OrderDraft(
                channel: channel, externalNumber: channel.isPlatform ? "\(channel.rawValue.uppercased())2026P\(String(format: "%05d", index))" : nil,
                customer: .init(name: customer.name, phone: customer.phone),
                address: .init(recipient: address.recipient ?? customer.name, phone: address.phone ?? customer.phone, province: address.province ?? "",
                               city: address.city ?? "", district: address.district ?? "", line: address.line ?? ""),
                items: [.init(sku: product.sku, quantity: 1 + index % 2)], paymentMethod: method)
            let entered = instant(daysAgo: placed, 9 + index % 8, (index * 7) % 60)
            let order = try await services(at: entered).orders.create(draft, confirmed: channel == .phone || channel == .web, by: clerk)
            let desk = services(at: entered.addingTimeInterval(40 * 60)).orders
            _ = try await desk.review(id: order.id, approve: true, reason: nil, expectedVersion: nil, by: reviewer)
            if method != .cod {
                _ = try await desk.recordPayment(id: order.id, method: .online, amount: order.total, reference: "PAYP\(order.id)", by: clerk)
            }
            _ = try await services(at: instant(daysAgo: placed - 1, 16, index % 50)).orders.ship(
                id: order.id, carrier: index % 2 == 0 ? "顺丰速运" : "中通快递", trackingNumber: "SF\(2_000_000_000 + index)", expectedVersion: nil,
                by: shipper)
            if index % 24 == 0 { continue }                              // still on its way
            let arrival = instant(daysAgo: delivered, 11, index % 50)
            _ = try await services(at: arrival).orders.deliver(id: order.id, proof: proofs[index % proofs.count], expectedVersion: nil, by: shipper)
            if delivered >= 2, index % 3 != 0 {
                _ = try await services(at: instant(daysAgo: delivered - 1, 10, index % 50)).orders.complete(
                    id: order.id, expectedVersion: nil, by: clerk)
            }
            guard index % 4 == 1 else { continue }
            // The member calls about the delivery that afternoon; the agent answers and resolves it.
            let matter = Self.memberTickets[(index / 4) % Self.memberTickets.count]
            let agent = agents[tickets % agents.count]
            let ticket = try await services(at: arrival.addingTimeInterval(4 * 3600)).tickets.create(
                TicketDraft(type: matter.type, channel: .phone, subject: matter.subject, body: matter.body,
                            customer: .init(name: customer.name, phone: customer.phone), orderID: order.id), by: agent)
            let desk2 = services(at: arrival.addingTimeInterval(5 * 3600)).tickets
            _ = try await desk2.addMessage(id: ticket.id, kind: .reply, body: matter.reply, by: agent)
            _ = try await desk2.resolve(id: ticket.id, customerUnderstood: true, askedAnythingElse: true, expectedVersion: nil, by: agent)
            tickets += 1
        }
        for (index, question) in Self.openMemberTickets.enumerated() {
            let customer = Self.demoMembers[100 + index * 211]
            _ = try await services.tickets.create(
                TicketDraft(type: .inquiry, channel: .phone, subject: question.subject, body: question.body,
                            customer: .init(name: customer.name, phone: customer.phone)), by: agents[0])
        }
    }
}
