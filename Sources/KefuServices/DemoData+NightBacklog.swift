import Foundation
import KefuDomain
import KefuStore

extension DemoData {
    /// Last night's backlog (R-TKT-11): an item in every category, one picked up and one done. Skipped when any exist.
    func fillNightBacklog() async throws -> Int {
        let existing = try await services.database.read { try await $0.first("SELECT COUNT(*) AS n FROM night_backlog_items")?.int("n") ?? 0 }
        guard existing == 0 else { return 0 }
        let system = Principal.system
        let evening = Principal(user: try await services.users.find(login: "liu.yang", by: system), channel: .session)
        let morning = Principal(user: try await services.users.find(login: "zhou.jie", by: system), channel: .session)
        let orders = try await services.orders.list(OrderFilter(), limit: 3, by: system).orders.map(\.number)
        let drafts = [
            NightBacklogDraft(category: "carrier", customerName: "张三", customerPhone: "13800138000", orderNumber: orders.first,
                              description: "物流三天没有更新，客户很着急", todo: "联系中通查件，中午前回复客户"),
            NightBacklogDraft(category: "after_sales", customerName: "李四", customerPhone: "13912345678", orderNumber: orders.dropFirst().first,
                              description: "T恤尺码偏小，客户要换大一码", todo: "售后确认换货并发退货地址"),
            NightBacklogDraft(category: "external", customerName: "tb_wangfang88", description: "客户在淘宝发起售后投诉，说包裹外箱破损",
                              todo: "登录淘宝后台上传处理凭证"),
            NightBacklogDraft(category: "distribution", customerName: "杭州分销商（孙丽）", customerPhone: "13788886666",
                              description: "分销订单收货地址缺门牌号", todo: "联系分销商补全地址后再审单"),
            NightBacklogDraft(category: "carrier", customerName: "周杰", customerPhone: "13366668888", orderNumber: orders.dropFirst(2).first,
                              description: "快递显示已签收，客户说没收到", todo: "联系快递核实签收人"),
        ]
        var items: [NightBacklogItem] = []
        for draft in drafts { items.append(try await services.nightBacklog.record(draft, by: evening)) }
        _ = try await services.nightBacklog.pickUp(id: items[1].id, note: "周杰接手，上午联系售后", by: morning)
        _ = try await services.nightBacklog.pickUp(id: items[4].id, note: "已联系中通", by: morning)
        _ = try await services.nightBacklog.complete(id: items[4].id, result: "门卫代收，客户已取到包裹", by: morning)
        return items.count
    }
}
