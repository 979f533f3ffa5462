import Foundation
import KefuDomain
import KefuStore

/// Realistic, deterministic demo content for an empty database (`kefu serve --demo`).
/// Later areas add their own sections; each section is skipped when its data is already there.
public struct DemoData: Sendable {
    let services: Services

    public init(services: Services) {
        self.services = services
    }

    /// The password every demo staff account gets, printed by `serve --demo`.
    public static let staffPassword = "kefu-demo-2026"

    /// Staff of every role, with Chinese names, teams and levels.
    static let staff: [UserDraft] = [
        UserDraft(login: "wang.fang", displayName: "王芳", role: .manager, team: "客服部", level: .manager, password: staffPassword),
        UserDraft(login: "li.na", displayName: "李娜", role: .supervisor, team: "售前一组", level: .senior, password: staffPassword),
        UserDraft(login: "zhao.lei", displayName: "赵磊", role: .supervisor, team: "售后组", level: .senior, password: staffPassword),
        UserDraft(login: "zhang.wei", displayName: "张伟", role: .agent, team: "售前一组", level: .intermediate, password: staffPassword),
        UserDraft(login: "liu.yang", displayName: "刘洋", role: .agent, team: "售前一组", level: .junior, password: staffPassword),
        UserDraft(login: "chen.jing", displayName: "陈静", role: .agent, team: "会员服务组", level: .senior, password: staffPassword),
        UserDraft(login: "yang.min", displayName: "杨敏", role: .orderClerk, team: "订单组", level: .intermediate, password: staffPassword),
        UserDraft(login: "huang.qiang", displayName: "黄强", role: .orderClerk, team: "订单组", level: .junior, password: staffPassword),
        UserDraft(login: "zhou.jie", displayName: "周杰", role: .afterSales, team: "售后组", level: .intermediate, password: staffPassword),
        UserDraft(login: "wu.xia", displayName: "吴霞", role: .afterSales, team: "售后组", level: .junior, password: staffPassword),
        UserDraft(login: "xu.cang", displayName: "徐仓", role: .department, department: .warehouse, team: "仓储部", password: staffPassword),
        UserDraft(login: "sun.pei", displayName: "孙配", role: .department, department: .delivery, team: "配送中心", password: staffPassword),
        UserDraft(login: "ma.cai", displayName: "马财", role: .department, department: .finance, team: "财务部", password: staffPassword),
        UserDraft(login: "gao.gong", displayName: "高供", role: .department, department: .supplier, team: "供货商", password: staffPassword),
        UserDraft(login: "he.ji", displayName: "何技", role: .department, department: .secondLine, team: "二线技术", password: staffPassword),
        UserDraft(login: "shop.sync", displayName: "店铺同步", role: .integration, team: "系统集成", password: staffPassword),
    ]

    /// Adds whatever demo content is missing. Returns what it created (logins, then a count of orders).
    @discardableResult
    public func fill() async throws -> [String] {
        var created: [String] = []
        for draft in Self.staff {
            let exists = try await services.database.read { try await UserRepository().find(login: draft.login, on: $0) }
            guard exists == nil else { continue }
            _ = try await services.users.create(draft, by: .system)
            created.append(draft.login)
        }
        created += try await fillMembers()
        let orders = try await fillOrders()
        if orders > 0 { created.append("\(orders) orders") }
        let suggestions = try await fillSuggestions()
        if suggestions > 0 { created.append("\(suggestions) suggestions") }
        let backlog = try await fillNightBacklog()
        if backlog > 0 { created.append("\(backlog) night backlog items") }
        created += try await fillCallbacks()
        return created
    }
}
