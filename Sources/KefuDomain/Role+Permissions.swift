extension Role {
    /// The permissions this role grants. Admins get everything; departments only see work handed to them.
    public var permissions: Set<Permission> {
        switch self {
        case .admin:
            return Set(Permission.allCases)
        case .manager:
            return Set(Permission.allCases).subtracting([.settingsManage, .tokensManage])
        case .supervisor:
            return [
                .ordersView, .ordersCreate, .ordersReview, .ordersShip, .afterSalesManage,
                .ticketsView, .ticketsManage, .ticketsApprove, .callbacksView, .callbacksManage,
                .membersView, .membersManage, .reportsView, .piiView, .piiExport, .usersView, .eventsView,
            ]
        case .agent:
            // Agents see contacts masked (R-MEM-4): the one they are working on is revealed, and logged, when needed.
            return [
                .ordersView, .ordersCreate, .ticketsView, .ticketsManage,
                .callbacksView, .callbacksManage, .membersView,
            ]
        case .orderClerk:
            return [.ordersView, .ordersCreate, .ordersReview, .ordersShip, .membersView, .piiView]
        case .afterSales:
            return [
                .ordersView, .afterSalesManage, .ticketsView, .ticketsManage,
                .callbacksView, .membersView, .piiView,
            ]
        case .department:
            return [.handoffsView]
        case .integration:
            return [.ordersView, .ordersCreate, .ticketsView, .ticketsManage, .membersView]
        }
    }

    /// Whether this role grants `permission`.
    public func allows(_ permission: Permission) -> Bool {
        permissions.contains(permission)
    }
}
