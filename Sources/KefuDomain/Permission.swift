/// Something a person may do or see. Permissions are data: routes ask for one, roles grant sets.
public enum Permission: String, Codable, CaseIterable, Sendable, Comparable {
    case ordersView = "orders.view"
    case ordersCreate = "orders.create"
    case ordersReview = "orders.review"
    case ordersShip = "orders.ship"
    case afterSalesManage = "after_sales.manage"
    case ticketsView = "tickets.view"
    case ticketsManage = "tickets.manage"
    case ticketsApprove = "tickets.approve"
    case callbacksView = "callbacks.view"
    case callbacksManage = "callbacks.manage"
    case membersView = "members.view"
    case membersManage = "members.manage"
    case reportsView = "reports.view"
    case piiView = "pii.view"
    /// Exporting everything held about a member (PIPL access requests), logged.
    case piiExport = "pii.export"
    case usersView = "users.view"
    case usersManage = "users.manage"
    case tokensManage = "tokens.manage"
    case eventsView = "events.view"
    case settingsManage = "settings.manage"
    case handoffsView = "handoffs.view"

    public static func < (lhs: Permission, rhs: Permission) -> Bool { lhs.rawValue < rhs.rawValue }
}
