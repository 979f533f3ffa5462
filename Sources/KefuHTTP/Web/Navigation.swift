import KefuDomain

/// The areas of the web UI. An area shows in the navigation when it is available in this build and the
/// person holds its permission; areas still to be built stay hidden rather than leading to empty pages.
struct NavigationArea: Sendable {
    var key: String
    var path: String
    var permission: Permission?
    var available: Bool
    /// The keyboard shortcut after `g` (e.g. `g a` opens admin).
    var shortcut: Character

    static let all: [NavigationArea] = [
        NavigationArea(key: "home", path: "/", permission: nil, available: true, shortcut: "h"),
        NavigationArea(key: "orders", path: "/orders", permission: .ordersView, available: true, shortcut: "o"),
        NavigationArea(key: "catalog", path: "/catalog", permission: .ordersView, available: true, shortcut: "p"),
        NavigationArea(key: "tickets", path: "/tickets", permission: .ticketsView, available: true, shortcut: "t"),
        NavigationArea(key: "scripts", path: "/scripts", permission: .ticketsView, available: true, shortcut: "s"),
        NavigationArea(key: "handovers", path: "/handovers", permission: .ticketsView, available: true, shortcut: "j"),
        NavigationArea(key: "night_backlog", path: "/night-backlog", permission: .ticketsView, available: true, shortcut: "b"),
        NavigationArea(key: "callbacks", path: "/callbacks", permission: .callbacksView, available: true, shortcut: "c"),
        NavigationArea(key: "members", path: "/members", permission: .membersView, available: true, shortcut: "m"),
        NavigationArea(key: "reports", path: "/reports", permission: .reportsView, available: true, shortcut: "r"),
        NavigationArea(key: "admin", path: "/admin", permission: .usersView, available: true, shortcut: "a"),
        NavigationArea(key: "notifications", path: "/notifications", permission: nil, available: true, shortcut: "n"),
    ]

    /// The areas this person sees, in order.
    static func visible(to permissions: Set<Permission>) -> [NavigationArea] {
        all.filter { $0.available && ($0.permission.map(permissions.contains) ?? true) }
    }
}
