import Foundation
import Hummingbird
import KefuDomain
import KefuServices

/// `/handovers`: shift handovers (R-TKT-12). The outgoing shift writes one with its items (rows added with
/// `handovers.js`; three rows without it); the list shows open handovers first, each item with who acknowledged it
/// and when, or a button for the incoming shift.
struct HandoverWebController {
    let services: Services
    let pages: Pages
    /// Item rows the form shows at least, so that it works without JavaScript.
    static let blankRows = 3

    func addRoutes(to router: Router<KefuRequestContext>) {
        router.get("handovers", use: index)
        router.post("handovers", use: write)
        router.post("handovers/:id/items/:item/acknowledge", use: acknowledge)
    }

    @Sendable func index(_ request: Request, context: KefuRequestContext) async throws -> Response {
        try await page(request, context, form: [:], items: [], errors: [])
    }

    private func page(_ request: Request, _ context: KefuRequestContext, form: [String: String], items: [HandoverDraft.Item],
                      errors: [FieldError], values: [String: Any] = [:], status: HTTPResponse.Status = .ok) async throws -> Response {
        let principal = try context.requirePrincipal()
        let language = context.language
        let paging = try Paging(request, defaultLimit: 20)
        let openOnly = request.uri.queryParameters["open"] == "true"
        let result = try await services.handovers.list(openOnly: openOnly, limit: paging.limit, offset: paging.offset, by: principal)
        let formatter = TimeFormatter(language: language, timeZone: services.timeZone)
        let canWrite = principal.can(.ticketsManage)
        let me = principal.user?.id
        let messages = pages.errorValues(errors, language)
        let byField = messages["errors"] as? [String: String] ?? [:]
        let rows = items + Array(repeating: HandoverDraft.Item(content: nil), count: max(0, Self.blankRows - items.count))
        return pages.render(
            "handovers/index", titleKey: "handovers.title",
            values: values + messages + [
                "handovers": result.handovers.map { handover -> [String: Any] in
                    let own = handover.writtenBy != nil && handover.writtenBy == me
                    return [
                        "id": handover.id, "shift": handover.shift, "note": handover.note, "written_by": handover.writtenByName ?? "—",
                        "written_at": formatter.string(handover.writtenAt), "complete": handover.isComplete,
                        "acknowledged_count": handover.items.filter(\.isAcknowledged).count, "item_count": handover.items.count,
                        "items": handover.items.map { item -> [String: Any] in
                            ["id": item.id, "handover_id": handover.id, "position": item.position, "content": item.content, "reference": item.reference,
                             "reference_href": item.reference.flatMap(Self.link), "acknowledged": item.isAcknowledged,
                             "acknowledged_by": item.acknowledgedByName ?? "—", "acknowledged_at": item.acknowledgedAt.map(formatter.string),
                             "can_acknowledge": canWrite && !own && !item.isAcknowledged, "awaiting": !item.isAcknowledged && (own || !canWrite)]
                        },
                    ]
                },
                "has_handovers": !result.handovers.isEmpty, "open_only": openOnly, "can_write": canWrite,
                "pager": Pager(total: result.total, paging: paging, path: "/handovers", query: ["open": openOnly ? "true" : nil]).values,
                "form": form,
                "rows": rows.enumerated().map { index, row -> [String: Any] in
                    ["index": index, "number": index + 1, "content": row.content, "reference": row.reference,
                     "error_content": byField["items[\(index)].content"], "error_reference": byField["items[\(index)].reference"]]
                },
                "shifts": ["morning", "day", "evening", "night"].map { pages.catalog.text("handovers.shift.\($0)", language) },
            ],
            request: request, context: context, status: status, area: "handovers")
    }

    /// Where a reference leads when it is a number Kefu knows: an order number opens the order search.
    static func link(_ reference: String) -> String? {
        guard reference.range(of: #"^O-\d{8}-\d{4,}$"#, options: .regularExpression) != nil else { return nil }
        return Pager.link(path: "/orders", query: ["q": reference])
    }

    @Sendable func write(_ request: Request, context: KefuRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        var request = request
        let form = try await request.formFields(context: context)
        let items = Self.items(form).filter { !HandoverDraft.isBlank($0) }
        do {
            let handover = try await services.handovers.write(HandoverDraft(shift: form["shift"], note: form["note"], items: items), by: principal)
            return pages.redirect(to: "/handovers#handover-\(handover.id)", flash: "flash.handover_written")
        } catch ServiceError.validation(let errors) {
            return try await page(request, context, form: form, items: items, errors: errors, status: .unprocessableContent)
        }
    }

    /// The item rows of the form (`items[0].content`, `items[0].reference`, …) in row order.
    static func items(_ form: [String: String]) -> [HandoverDraft.Item] {
        var rows: [Int: HandoverDraft.Item] = [:]
        for (name, value) in form {
            guard name.hasPrefix("items["), let close = name.firstIndex(of: "]"),
                  let index = Int(name[name.index(name.startIndex, offsetBy: 6)..<close]), (0..<500).contains(index) else { continue }
            var row = rows[index] ?? HandoverDraft.Item(content: nil)
            switch name[close...] {
            case "].content": row.content = value
            case "].reference": row.reference = value
            default: continue
            }
            rows[index] = row
        }
        return rows.keys.sorted().map { rows[$0]! }
    }

    @Sendable func acknowledge(_ request: Request, context: KefuRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        let id = try context.parameters.require("id", as: Int64.self)
        let item = try context.parameters.require("item", as: Int64.self)
        do {
            _ = try await services.handovers.acknowledge(handover: id, item: item, by: principal)
            return pages.redirect(to: "/handovers#handover-\(id)", flash: "flash.handover_acknowledged")
        } catch ServiceError.conflict {
            return try await page(request, context, form: [:], items: [], errors: [], values: ["acknowledge_conflict": true], status: .conflict)
        }
    }
}
