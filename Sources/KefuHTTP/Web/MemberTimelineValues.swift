import Foundation
import KefuDomain
import KefuServices

/// A member's timeline as page values: the entries with their labels and links (the member page), and the member
/// panel beside a ticket or an order.
struct MemberTimelineValues {
    let catalog: Catalog
    let language: Language
    let formatter: TimeFormatter

    init(catalog: Catalog, language: Language, timeZone: TimeZone) {
        self.catalog = catalog
        self.language = language
        self.formatter = TimeFormatter(language: language, timeZone: timeZone)
    }

    func entries(_ entries: [MemberTimelineEntry]) -> [[String: Any]] {
        entries.map { entry in
            ["kind": entry.kind.rawValue, "kind_label": catalog.text("timeline.kind.\(entry.kind.rawValue)", language),
             "href": Self.href(entry), "reference": entry.reference, "summary": summary(entry), "state": state(entry),
             "at": formatter.string(entry.at)]
        }
    }

    /// The panel beside a ticket or an order; nil without a member.
    func panel(_ member: Member, timeline: [MemberTimelineEntry]) -> [String: Any] {
        ["id": member.id, "name": member.name, "grade": catalog.text("member_grade.\(member.grade.rawValue)", language),
         "tags": member.tags.joined(separator: "、"), "phone": member.phones.first ?? "", "do_not_call": member.doNotCall,
         "entries": entries(timeline), "has_entries": !timeline.isEmpty]
    }

    static func href(_ entry: MemberTimelineEntry) -> String {
        switch entry.kind {
        case .order: return "/orders/\(entry.id)"
        case .afterSales: return "/after-sales/\(entry.id)"
        case .ticket, .rating: return "/tickets/\(entry.id)"
        case .callback: return "/callbacks/\(entry.id)"
        }
    }

    private func summary(_ entry: MemberTimelineEntry) -> String {
        entry.kind == .callback ? label("callbacks.reason.\(entry.summary)", or: entry.summary) : entry.summary
    }

    private func state(_ entry: MemberTimelineEntry) -> String {
        switch entry.kind {
        case .order: return label("order_status.\(entry.state)", or: entry.state)
        case .ticket: return label("ticket_state.\(entry.state)", or: entry.state)
        case .callback: return label("callbacks.outcome.\(entry.state)", or: label("callbacks.state.\(entry.state)", or: entry.state))
        case .rating: return catalog.text("timeline.stars", language, ["n": entry.state])
        case .afterSales: return label("after_sales.status.\(entry.state)", or: entry.state)
        }
    }

    private func label(_ key: String, or fallback: String) -> String {
        catalog.has(key) ? catalog.text(key, language) : fallback
    }
}
