import Foundation
import KefuDomain
import KefuServices

/// How orders look on pages: money in yuan, times in the business zone, labels from the catalog,
/// personal data masked for people without `pii.view`.
struct OrderPresenter {
    let catalog: Catalog
    let language: Language
    let formatter: TimeFormatter
    let permissions: Set<Permission>
    let deadlines: OrderDeadlines
    let now: Date

    func text(_ key: String, _ arguments: [String: String] = [:]) -> String { catalog.text(key, language, arguments) }

    func row(_ order: Order) -> [String: Any] {
        let full = permissions.contains(.piiView)
        return [
            "id": order.id, "number": order.number, "channel": text("channel.\(order.channel.rawValue)"),
            "external_number": order.externalNumber ?? "", "status": text("order_status.\(order.status.rawValue)"),
            "status_code": order.status.rawValue, "held": order.held,
            "customer": order.customer.name, "phone": full ? order.customer.phone : PII.maskPhone(order.customer.phone),
            "total": Money.yuan(order.total), "paid": Money.yuan(order.paid), "outstanding": Money.yuan(order.outstanding),
            "has_outstanding": order.outstanding > 0, "overpaid": Money.yuan(order.overpaid), "has_overpaid": order.overpaid > 0,
            "created_at": formatter.string(order.createdAt), "paid_at": order.paidAt.map(formatter.string) ?? "",
            "items_summary": order.items.map { "\($0.name)×\($0.quantity)" }.joined(separator: "、"),
            "ship_by": shipBy(order) as Any,
        ]
    }

    /// The rows of an order list as markup (the `orders/index` table body); the same cells as ``row(_:)``.
    func rowsHTML(_ orders: [Order]) -> String {
        let full = permissions.contains(.piiView)
        let overpaidLabel = text("orders.overpaid"), heldLabel = text("orders.held")
        var html = HTMLBuilder()
        for order in orders {
            html.raw("<tr><td><a href=\"/orders/")
            html.text(order.id)
            html.raw("\">")
            html.text(order.number)
            html.raw("</a><div class=\"muted small\">")
            html.text(order.externalNumber ?? "")
            html.raw("</div></td><td>")
            html.text(text("channel.\(order.channel.rawValue)"))
            html.raw("</td><td>")
            html.text(order.customer.name)
            html.raw("<div class=\"muted small\">")
            html.text(full ? order.customer.phone : PII.maskPhone(order.customer.phone))
            html.raw("</div></td><td>")
            html.text(order.items.map { "\($0.name)×\($0.quantity)" }.joined(separator: "、"))
            html.raw("</td><td class=\"num\">")
            html.text(Money.yuan(order.total))
            html.raw("</td><td class=\"num\">")
            if order.outstanding > 0 { html.text(Money.yuan(order.outstanding)) }
            if order.overpaid > 0 {
                html.raw("<span class=\"badge warn\">")
                html.text(overpaidLabel + " " + Money.yuan(order.overpaid))
                html.raw("</span>")
            }
            html.raw("</td><td><span class=\"badge status-")
            html.text(order.status.rawValue)
            html.raw("\">")
            html.text(text("order_status.\(order.status.rawValue)"))
            html.raw("</span>")
            if order.held {
                html.raw(" <span class=\"badge off\">")
                html.text(heldLabel)
                html.raw("</span>")
            }
            if order.status == .approved, let start = order.shipClockAt {
                let state = deadlines.shipState(paidAt: start, now: now)
                html.raw("<div class=\"small ship-")
                html.text(state.rawValue)
                html.raw("\">")
                html.text(text("ship_state.\(state.rawValue)") + " " + formatter.string(deadlines.shipBy(paidAt: start)))
                html.raw("</div>")
            }
            html.raw("</td><td class=\"nowrap\">")
            html.text(formatter.string(order.createdAt))
            html.raw("</td></tr>")
        }
        return html.html
    }

    /// The ship-by deadline of a paid order still waiting to ship, with its state (R-ORD-12).
    func shipBy(_ order: Order) -> [String: Any]? {
        guard order.status == .approved, let start = order.shipClockAt else { return nil }
        let state = deadlines.shipState(paidAt: start, now: now)
        return ["at": formatter.string(deadlines.shipBy(paidAt: start)), "state": state.rawValue,
                "label": text("ship_state.\(state.rawValue)")]
    }

    func detail(_ detail: OrderDetail) -> [String: Any] {
        let order = detail.order
        let full = permissions.contains(.piiView)
        var values = row(order)
        values["version"] = order.version
        values["payment_method"] = text("payment_method.\(order.paymentMethod.rawValue)")
        values["address"] = [
            "recipient": order.address.recipient, "phone": full ? order.address.phone : PII.maskPhone(order.address.phone),
            "full": full ? order.address.formatted : order.address.province + order.address.city + order.address.district
                + PII.maskAddress(order.address.line, visible: 2),
        ]
        values["rejection_reason"] = order.rejectionReason ?? ""
        // The case form carries the customer's number as it is stored; only people who may see it get it.
        values["customer_phone_full"] = full ? order.customer.phone : ""
        values["confirmed_at"] = order.confirmedAt.map(formatter.string) ?? ""
        values["items"] = order.items.map { item -> [String: Any] in
            ["sku": item.sku, "name": item.name, "quantity": item.quantity, "unit_price": Money.yuan(item.unitPrice), "amount": Money.yuan(item.amount)]
        }
        values["payments"] = detail.payments.map { payment -> [String: Any] in
            ["at": formatter.string(payment.at), "method": text("payment.\(payment.method.rawValue)"), "amount": Money.yuan(payment.amount),
             "reference": payment.reference ?? ""]
        }
        values["notes"] = detail.notes.map { note -> [String: Any] in
            ["at": formatter.string(note.at), "flag": note.flag.rawValue, "flag_label": text("flag.\(note.flag.rawValue)"),
             "content": note.content, "handling": note.handling, "author": note.authorLogin ?? ""]
        }
        values["holds"] = detail.holds.map { hold -> [String: Any] in
            ["reason": hold.reason == OrderHold.noStock ? text("hold.no_stock") : hold.reason, "release_on": hold.releaseOn ?? "",
             "placed_at": formatter.string(hold.placedAt), "released_at": hold.releasedAt.map(formatter.string) ?? ""]
        }
        values["shipments"] = detail.shipments.map { shipment -> [String: Any] in
            ["carrier": shipment.carrier, "tracking_number": shipment.trackingNumber, "shipped_at": formatter.string(shipment.shippedAt),
             "delivered_at": shipment.deliveredAt.map(formatter.string) ?? "", "proof": shipment.proof ?? "",
             "events": shipment.events.map { event -> [String: Any] in
                 ["at": formatter.string(event.at), "status": text("tracking.\(event.status.rawValue)"), "description": event.description,
                  "alert": event.needsFollowUp]
             }]
        }
        let allowed = Set(detail.allowedActions)
        for action in OrderAction.allCases { values["can_\(action.rawValue)"] = allowed.contains(action) }
        values["has_shipments"] = !detail.shipments.isEmpty
        return values
    }

    func options<T: RawRepresentable & CaseIterable>(_ type: T.Type, prefix: String, selected: String?) -> [[String: Any]] where T.RawValue == String {
        T.allCases.map { ["value": $0.rawValue, "label": text("\(prefix).\($0.rawValue)"), "selected": $0.rawValue == selected] }
    }
}
