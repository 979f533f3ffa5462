import Foundation
import KefuDomain
import KefuStore

extension DemoData {
    /// Members' suggestions in every stage of R-TKT-7: received, with a department, decided, and told.
    static let suggestions: [(subject: String, body: String, customer: Int, category: String?, department: Department?,
                              decision: SuggestionDecision?, reason: String?, told: Bool)] = [
        ("建议增加会员生日礼", "希望会员生日当月能有专属优惠券。", 0, nil, nil, nil, nil, false),
        ("App 希望增加夜间模式", "晚上看订单太刺眼，建议App增加深色模式。", 1, "website_suggestion", .secondLine, nil, nil, false),
        ("建议提供晚间配送时段", "上班族白天不在家，希望能选晚上7点到9点送货。", 2, "delivery_suggestion", .delivery, .partlyAdopted,
         "先在杭州、南京市区试点晚间配送，下月起可在下单时选择。", false),
        ("T恤增加XXL码", "纯棉短袖T恤只有到XL码，希望增加XXL码。", 3, "product_suggestion", .supplier, .notAdopted,
         "供货商的XXL码起订量过高，本季暂不增加，明年春季再评估。", false),
        ("包装可以更环保", "纸箱太大、填充物太多，建议改用可回收的小包装。", 4, "product_suggestion", .supplier, .adopted,
         "下月起小件商品改用可回收纸袋包装。", true),
        ("分期付款免手续费", "买数码产品希望能免息分期。", 5, "pricing_suggestion", .finance, .notAdopted,
         "免息分期的手续费成本较高，目前只在大促期间提供。", true),
    ]

    /// A handful of suggestion tickets, skipped when they are there already (a callback may have opened another).
    /// Returns how many it made.
    func fillSuggestions() async throws -> Int {
        let existing = try await services.database.read {
            try await $0.first(
                "SELECT COUNT(*) AS n FROM tickets WHERE type = \(TicketType.suggestion) AND subject = \(Self.suggestions[0].subject)")?.int("n") ?? 0
        }
        guard existing == 0 else { return 0 }
        let principal = { (login: String) in Principal(user: try await services.users.find(login: login, by: .system), channel: .session) }
        let agent = try await principal("chen.jing")
        let evaluators: [Department: String] = [.supplier: "gao.gong", .delivery: "sun.pei", .finance: "ma.cai", .secondLine: "he.ji"]
        let tickets = services.tickets
        for item in Self.suggestions {
            let customer = Self.customers[item.customer]
            let ticket = try await tickets.create(
                TicketDraft(type: .suggestion, channel: .phone, subject: item.subject, body: item.body,
                            customer: .init(name: customer.name, phone: customer.phone)), by: agent)
            guard let category = item.category, let department = item.department else { continue }
            _ = try await tickets.forwardSuggestion(id: ticket.id, category: category, department: department, request: "请评估该会员建议是否采纳",
                                                    dueAt: services.clock.now.addingTimeInterval(3 * 86_400), expectedVersion: nil, by: agent)
            guard let decision = item.decision, let login = evaluators[department] else { continue }
            _ = try await tickets.decideSuggestion(id: ticket.id, decision: decision.rawValue, reason: item.reason, expectedVersion: nil,
                                                   by: try await principal(login))
            if item.told { _ = try await tickets.notifySuggestion(id: ticket.id, body: nil, expectedVersion: nil, by: agent) }
        }
        return Self.suggestions.count
    }
}
