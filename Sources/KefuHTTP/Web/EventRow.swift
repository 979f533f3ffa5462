import Foundation
import KefuDomain

/// An event as a table row: time in the business zone, kind in the reader's language.
struct EventRow {
    let values: [String: Any]

    init(_ event: Event, formatter: TimeFormatter, catalog: Catalog, language: Language) {
        values = [
            "id": event.id, "at": formatter.string(event.at), "actor": event.actorLogin ?? "—",
            "kind": catalog.text("event.\(event.kind)", language), "kind_code": event.kind,
            "entity": event.entity, "entity_id": event.entityID ?? "",
            "before": event.before ?? "", "after": event.after ?? "", "address": event.address ?? "",
        ]
    }
}

/// Offset paging links for list pages.
struct Pager {
    let values: [String: Any]

    init(total: Int, paging: Paging, path: String, query: [String: String?]) {
        let base = query.compactMapValues { $0 }.filter { !$0.value.isEmpty }
        var values: [String: Any] = [
            "from": total == 0 ? 0 : paging.offset + 1, "to": min(total, paging.offset + paging.limit), "total": total,
        ]
        if paging.offset > 0 {
            values["previous"] = Self.link(path: path, query: base + ["offset": "\(max(0, paging.offset - paging.limit))"])
        }
        if paging.offset + paging.limit < total {
            values["next"] = Self.link(path: path, query: base + ["offset": "\(paging.offset + paging.limit)"])
        }
        self.values = values
    }

    static func link(path: String, query: [String: String]) -> String {
        var components = URLComponents()
        components.path = path
        components.queryItems = query.sorted { $0.key < $1.key }.map { URLQueryItem(name: $0.key, value: $0.value) }
        return components.string ?? path
    }
}

func + (lhs: [String: String], rhs: [String: String]) -> [String: String] {
    lhs.merging(rhs) { _, new in new }
}
