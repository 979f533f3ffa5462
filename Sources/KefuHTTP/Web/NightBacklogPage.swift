import Foundation
import Hummingbird
import KefuDomain
import KefuServices

/// The values of `night-backlog/index`: the filters, the items grouped by category, the form for a new item.
struct NightBacklogPage {
    let services: Services
    let pages: Pages

    /// The list the query string asks for. Without category, state or dates it is the morning shift's view: what is
    /// still open from last night. `state=all` (or empty) is any state; unusable values are left out.
    struct Query {
        var category: NightBacklogItem.Category?
        var state: NightBacklogItem.State?
        var from: LocalDate?
        var to: LocalDate?
        var view: String?

        /// The query of `list` (a path with a query string, as the page links to itself).
        init(_ list: String, backlog: NightBacklogService) {
            var query: [String: String] = [:]
            for item in URLComponents(string: list)?.queryItems ?? [] where query[item.name] == nil { query[item.name] = item.value ?? "" }
            let text = { (name: String) -> String? in query[name].flatMap { $0.isEmpty ? nil : $0 } }
            category = text("category").flatMap(NightBacklogItem.Category.init(rawValue:))
            state = text("state").flatMap(NightBacklogItem.State.init(rawValue:))
            from = text("from").flatMap(LocalDate.init)
            to = text("to").flatMap(LocalDate.init)
            if ["category", "state", "from", "to"].allSatisfy({ query[$0] == nil }) {
                (state, from, to, view) = (.open, backlog.lastNight.from, backlog.lastNight.to, "last_night")
            } else if category == nil, from == nil, to == nil {
                view = state == .open ? "open" : (state == nil ? "all" : nil)
            }
        }

        var values: [String: String?] {
            ["category": category?.rawValue, "state": state?.rawValue ?? "all", "from": from?.description, "to": to?.description]
        }
    }

    /// The page showing the list `list` (a path with its query; the request's own when nil). `failed` names the item
    /// a step failed on and the message key (nil: the field errors in `errors`).
    func render(_ request: Request, _ context: KefuRequestContext, list: String? = nil, form: [String: String] = [:], errors: [FieldError] = [],
                failed: (id: Int64, key: String?)? = nil, values: [String: Any] = [:], status: HTTPResponse.Status = .ok) async throws -> Response {
        let principal = try context.requirePrincipal()
        let language = context.language
        let backlog = services.nightBacklog
        let query = Query(list ?? request.uri.description, backlog: backlog)
        let paging = try Paging(request, defaultLimit: 100)
        let range = NightBacklogFilter.instants(from: query.from, to: query.to, timeZone: backlog.timeZone)
        let filter = NightBacklogFilter(category: query.category, state: query.state, recordedFrom: range.from, recordedBefore: range.before)
        let result = try await backlog.list(filter, limit: paging.limit, offset: paging.offset, by: principal)
        let text = { (key: String) in pages.catalog.text(key, language) }
        let messages = pages.errorValues(errors, language)
        let formErrors = failed == nil ? messages : [:]
        let labels = ["note": "night_backlog.receipt_note", "result": "night_backlog.result", "file": "night_backlog.images"]
        let failure = failed.map { failed in
            failed.key.map { [text($0)] } ?? errors.map { error in
                (labels[error.field].map { text($0) + " " } ?? "") + pages.catalog.message(for: error, language)
            }
        } ?? []
        let row = Row(principal: principal, now: services.clock.now, formatter: TimeFormatter(language: language, timeZone: backlog.timeZone),
                      text: { key, arguments in pages.catalog.text(key, language, arguments) })
        let groups = NightBacklogItem.Category.allCases.compactMap { category -> [String: Any]? in
            let items = result.items.filter { $0.category == category }
            guard !items.isEmpty else { return nil }
            return ["code": category.rawValue, "label": text("night_backlog.category.\(category.rawValue)"), "count": items.count,
                    "open_count": items.filter { $0.state == .open }.count, "has_open": items.contains { $0.state == .open },
                    "items": items.map { row.values($0, failed: $0.id == failed?.id) }]
        }
        let back = query.view == "last_night" ? "/night-backlog" : Pager.link(path: "/night-backlog", query: query.values.compactMapValues { $0 })
        return pages.render(
            "night-backlog/index", titleKey: "night_backlog.title",
            values: values + formErrors + [
                "failure": failure,
                "groups": groups, "has_items": !groups.isEmpty, "total": result.total, "can_write": principal.can(.ticketsManage),
                "view_\(query.view ?? "custom")": true, "back": back,
                "filter": query.values.compactMapValues { $0 },
                "filter_categories": NightBacklogItem.Category.allCases.map {
                    ["value": $0.rawValue, "label": text("night_backlog.category.\($0.rawValue)"), "selected": $0 == query.category]
                },
                "filter_states": [["value": "all", "label": text("night_backlog.state.all"), "selected": query.state == nil]]
                    + NightBacklogItem.State.allCases.map {
                        ["value": $0.rawValue, "label": text("night_backlog.state.\($0.rawValue)"), "selected": $0 == query.state]
                    },
                "form": form,
                "categories": NightBacklogItem.Category.allCases.map {
                    ["value": $0.rawValue, "label": text("night_backlog.category.\($0.rawValue)"), "selected": $0.rawValue == form["category"]]
                },
                "images_hint": pages.catalog.text("night_backlog.images_hint", language, [
                    "size": "\(NightBacklogImage.maximumSize / 1024 / 1024) MB", "max": "\(NightBacklogWebController.imagesPerPost)",
                ]),
                "pager": Pager(total: result.total, paging: paging, path: "/night-backlog", query: query.values).values,
            ],
            request: request, context: context, status: status, area: "night_backlog")
    }

    /// One item as a row of its group.
    struct Row {
        let principal: Principal
        let now: Date
        let formatter: TimeFormatter
        let text: (String, [String: String]) -> String

        func values(_ item: NightBacklogItem, failed: Bool) -> [String: Any] {
            let canWrite = principal.can(.ticketsManage)
            return [
                "id": item.id, "version": item.version, "state": text("night_backlog.state.\(item.state.rawValue)", [:]), "state_code": item.state.rawValue,
                "customer": item.customerName, "phone": item.customerPhone.map { PII.phone($0, for: principal.permissions) } as Any,
                "order_number": item.orderNumber as Any, "order_href": item.orderID.map { "/orders/\($0)" } as Any,
                "ticket_number": item.ticketNumber as Any, "ticket_href": item.ticketID.map { "/tickets/\($0)" } as Any,
                "description": item.description, "todo": item.todo, "age": age(item.age(at: now)),
                "recorded_by": item.recordedByName ?? "—", "recorded_at": formatter.string(item.recordedAt),
                "picked_up": item.receiptAt != nil, "receipt_by": item.receiptByName ?? "—", "receipt_at": item.receiptAt.map(formatter.string) as Any,
                "receipt_note": item.receiptNote as Any,
                "done": item.state == .done, "done_by": item.doneByName ?? "—", "done_at": item.doneAt.map(formatter.string) as Any, "result": item.result as Any,
                "images": item.images.map { ["url": "/night-backlog/\(item.id)/images/\($0.id)", "filename": $0.filename] },
                "has_images": !item.images.isEmpty,
                "can_pick_up": canWrite && item.state == .open, "can_finish": canWrite && item.state == .pickedUp,
                "can_upload": canWrite && item.state != .done && item.images.count < NightBacklogImage.maximumPerItem,
                "failed": failed,
            ]
        }

        /// How long an item has waited, in the unit people use: minutes within the hour, hours within two days.
        func age(_ seconds: TimeInterval) -> String {
            let minutes = Int(seconds / 60)
            if minutes < 60 { return text("night_backlog.age.minutes", ["n": "\(minutes)"]) }
            if minutes < 48 * 60 { return text("night_backlog.age.hours", ["n": "\(minutes / 60)"]) }
            return text("night_backlog.age.days", ["n": "\(minutes / 60 / 24)"])
        }
    }
}
