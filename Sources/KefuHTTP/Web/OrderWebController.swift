import Foundation
import Hummingbird
import KefuDomain
import KefuServices

/// The order desk in the browser: the lists that act, phone-order entry with read-back, and the order page.
struct OrderWebController {
    let services: Services
    let pages: Pages

    func addRoutes(to router: Router<KefuRequestContext>) {
        router.get("orders", use: index)
        router.get("orders/new", use: new)
        router.post("orders", use: create)
        router.get("orders/:id", use: show)
        router.post("orders/:id/:action", use: act)
    }

    private func presenter(_ context: KefuRequestContext) throws -> OrderPresenter {
        OrderPresenter(catalog: pages.catalog, language: context.language, formatter: TimeFormatter(language: context.language, timeZone: services.timeZone),
                       permissions: try context.requirePrincipal().permissions, deadlines: services.orders.deadlines, now: services.clock.now)
    }

    // MARK: Lists

    @Sendable func index(_ request: Request, context: KefuRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        let paging = try Paging(request, defaultLimit: 25)
        let query = request.uri.queryParameters
        let list = query["list"].flatMap { OrderFilter.List(rawValue: String($0)) }
        let status = query["status"].flatMap { OrderStatus(rawValue: String($0)) }
        let search = query["q"].map(String.init).flatMap { $0.isEmpty ? nil : $0 }
        let filter = OrderFilter(status: status, query: search, list: list)
        let result = try await services.orders.list(filter, limit: paging.limit, offset: paging.offset, by: principal)
        var tabs: [[String: Any]] = [["href": "/orders", "label": pages.catalog.text("orders.tab.all", context.language), "current": list == nil]]
        let counts = try await services.orders.counts(by: principal)
        for tab in OrderFilter.List.allCases {
            let count = counts[tab] ?? 0
            tabs.append(["href": "/orders?list=\(tab.rawValue)", "label": pages.catalog.text("orders.tab.\(tab.rawValue)", context.language),
                         "count": count, "current": tab == list])
        }
        let presenter = try presenter(context)
        var summary: [[String: Any]] = []
        if list == .unpaid {
            summary = try await services.orders.unpaidSummary(by: principal).map { line in
                ["customer": line.customerName, "phone": line.customerPhone, "orders": line.orders,
                 "outstanding": Money.yuan(line.outstanding), "oldest": presenter.formatter.string(line.oldest)]
            }
        }
        return pages.render(
            "orders/index", titleKey: list.map { "orders.tab.\($0.rawValue)" } ?? "orders.title",
            values: [
                "orders_html": presenter.rowsHTML(result.orders), "has_orders": !result.orders.isEmpty, "total": result.total, "tabs": tabs, "q": search ?? "",
                "list": list?.rawValue ?? "", "statuses": presenter.options(OrderStatus.self, prefix: "order_status", selected: status?.rawValue),
                "can_create": principal.can(.ordersCreate),
                "unpaid_summary": summary, "show_summary": list == .unpaid,
                "pager": Pager(total: result.total, paging: paging, path: "/orders",
                               query: ["list": list?.rawValue, "q": search, "status": status?.rawValue]).values,
            ],
            request: request, context: context, area: "orders")
    }

    // MARK: Entry

    @Sendable func new(_ request: Request, context: KefuRequestContext) async throws -> Response {
        try context.requirePrincipal().require(.ordersCreate)
        return try await entryPage(request, context, form: [:], errors: [])
    }

    private func entryPage(_ request: Request, _ context: KefuRequestContext, form: [String: String], errors: [FieldError],
                           status: HTTPResponse.Status = .ok) async throws -> Response {
        let principal = try context.requirePrincipal()
        let presenter = try presenter(context)
        let products = try await services.catalog.searchProducts("", limit: 200, by: principal).products.filter(\.active)
        let rows = (0..<max(3, (form.keys.compactMap { Self.itemIndex($0) }.max() ?? 0) + 1)).map { index -> [String: Any] in
            ["index": index, "sku": form["items[\(index)][sku]"] ?? "", "quantity": form["items[\(index)][quantity]"] ?? "",
             "unit_price": form["items[\(index)][unit_price]"] ?? ""]
        }
        return pages.render(
            "orders/new", titleKey: "orders.new.title",
            values: pages.errorValues(errors, context.language) + [
                "form": form, "rows": rows,
                "channels": presenter.options(OrderChannel.self, prefix: "channel", selected: form["channel"] ?? "phone"),
                "payment_methods": presenter.options(PaymentMethod.self, prefix: "payment_method", selected: form["payment_method"] ?? "online"),
                "products": products.map { ["sku": $0.sku, "name": $0.name, "price": $0.price, "price_label": Money.yuan($0.price), "stock": $0.stock] },
            ],
            request: request, context: context, status: status, area: "orders")
    }

    static func itemIndex(_ key: String) -> Int? {
        guard key.hasPrefix("items["), let end = key.firstIndex(of: "]") else { return nil }
        return Int(key[key.index(key.startIndex, offsetBy: 6)..<end])
    }

    @Sendable func create(_ request: Request, context: KefuRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        var request = request
        let form = try await request.formFields(context: context)
        var items: [OrderDraft.Item] = []
        let indices = Set(form.keys.compactMap(Self.itemIndex)).sorted()
        for index in indices {
            let sku = form["items[\(index)][sku]"]?.trimmingCharacters(in: .whitespaces) ?? ""
            let quantity = form["items[\(index)][quantity]"] ?? ""
            let price = form["items[\(index)][unit_price]"] ?? ""
            if sku.isEmpty, quantity.isEmpty, price.isEmpty { continue }
            items.append(OrderDraft.Item(sku: sku, quantity: Int(quantity), unitPrice: Self.fen(price)))
        }
        let draft = OrderDraft(
            channel: form["channel"].flatMap(OrderChannel.init(rawValue:)), externalNumber: form["external_number"],
            customer: .init(name: form["customer_name"], phone: form["customer_phone"]),
            address: .init(recipient: form["recipient"], phone: form["address_phone"], province: form["province"], city: form["city"],
                           district: form["district"], line: form["line"]),
            items: items, paymentMethod: form["payment_method"].flatMap(PaymentMethod.init(rawValue:)))
        do {
            let order = try await services.orders.create(draft, confirmed: form["confirmed"] == "on", by: principal)
            return pages.redirect(to: "/orders/\(order.id)", flash: "flash.order_created")
        } catch ServiceError.validation(let errors) {
            return try await entryPage(request, context, form: form, errors: errors, status: .unprocessableContent)
        }
    }

    /// Parcels typed one per line: `FS-1001×2, JJ-1001×1` (× or x or *; a missing count is 1).
    static func parcels(_ text: String) -> [[OrderSplit.Line]] {
        text.split(whereSeparator: \.isNewline).map { line in
            line.split(whereSeparator: { ",，、;；".contains($0) }).compactMap { part -> OrderSplit.Line? in
                let pieces = part.split(whereSeparator: { "×xX*".contains($0) }).map { $0.trimmingCharacters(in: .whitespaces) }
                guard let sku = pieces.first, !sku.isEmpty else { return nil }
                return OrderSplit.Line(sku: sku, quantity: pieces.count > 1 ? Int(pieces[1]) ?? 0 : 1)
            }
        }.filter { !$0.isEmpty }
    }

    /// "19.99" (yuan, as people type prices) → 1999 fen.
    static func fen(_ text: String) -> Int64? {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        guard !trimmed.isEmpty, let value = Decimal(string: trimmed) else { return nil }
        return NSDecimalNumber(decimal: value * 100).int64Value
    }

    // MARK: The order page

    @Sendable func show(_ request: Request, context: KefuRequestContext) async throws -> Response {
        try await orderPage(request, context, values: [:])
    }

    private func orderPage(_ request: Request, _ context: KefuRequestContext, values: [String: Any], status: HTTPResponse.Status = .ok) async throws -> Response {
        let principal = try context.requirePrincipal()
        let id = try context.parameters.require("id", as: Int64.self)
        let detail = try await services.orders.get(id: id, by: principal)
        let history = try await services.orders.history(id: id, by: principal)
        let presenter = try presenter(context)
        let memberID = principal.can(.membersView) ? try await services.members.member(ofOrder: id, by: principal) : nil
        let member = try await pages.memberPanel(memberID, services: services, principal: principal, language: context.language)
        return pages.render(
            "orders/show", titleKey: "orders.show.title",
            values: values + [
                "order": presenter.detail(detail), "member": member as Any,
                "history": history.map { EventRow($0, formatter: presenter.formatter, catalog: pages.catalog, language: context.language).values },
                "flags": presenter.options(FlagNote.Flag.self, prefix: "flag", selected: nil),
                "payment_kinds": presenter.options(Payment.Method.self, prefix: "payment", selected: nil),
                "tracking_statuses": presenter.options(TrackingEvent.Status.self, prefix: "tracking", selected: nil),
                "case_kinds": AfterSalesCase.Kind.allCases.map { ["value": $0.rawValue, "label": pages.catalog.text("case_kind.\($0.rawValue)", context.language)] },
                "can_review": principal.can(.ordersReview) && detail.order.enteredBy != principal.user?.id,
                "can_ship_orders": principal.can(.ordersShip), "can_edit": principal.can(.ordersCreate),
            ],
            request: request, context: context, status: status, area: "orders")
    }

    /// Every button and small form on the order page posts here; each is one service call.
    @Sendable func act(_ request: Request, context: KefuRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        let id = try context.parameters.require("id", as: Int64.self)
        let action = context.parameters.get("action") ?? ""
        var request = request
        let form = try await request.formFields(context: context)
        let version = form["version"].flatMap(Int64.init)
        let orders = services.orders
        do {
            switch action {
            case "approve", "reject":
                _ = try await orders.review(id: id, approve: action == "approve", reason: form["reason"], expectedVersion: version, by: principal)
            case "resubmit": _ = try await orders.resubmit(id: id, expectedVersion: version, by: principal)
            case "confirm": _ = try await orders.confirm(id: id, by: principal)
            case "payments":
                _ = try await orders.recordPayment(id: id, method: form["method"].flatMap(Payment.Method.init(rawValue:)),
                                                   amount: form["amount"].flatMap(Self.fen), reference: form["reference"], by: principal)
            case "notes": _ = try await orders.addNote(id: id, flag: form["flag"], content: form["content"], handling: form["handling"], by: principal)
            case "hold":
                _ = try await orders.hold(id: id, reason: form["reason"], releaseOn: form["release_on"], ownerID: nil, expectedVersion: version, by: principal)
            case "release": _ = try await orders.release(id: id, expectedVersion: version, by: principal)
            case "ship":
                // Several tracking numbers (one per parcel of a split order) are separated by commas.
                let numbers = (form["tracking_number"] ?? "").split(whereSeparator: { ",，、 ".contains($0) }).map(String.init)
                let shipments = (numbers.isEmpty ? [""] : numbers).map { (carrier: form["carrier"], trackingNumber: Optional($0)) }
                _ = try await orders.ship(id: id, shipments: shipments, expectedVersion: version, by: principal)
            case "remind":
                _ = try await orders.remind(id: id, channel: form["channel"].flatMap(ReminderRules.Channel.init(rawValue:)), note: form["note"], by: principal)
            case "split":
                _ = try await orders.split(id: id, parcels: Self.parcels(form["parcels"] ?? ""), expectedVersion: version, by: principal)
            case "tracking": _ = try await orders.addTrackingEvent(id: id, status: form["status"], description: form["description"], at: nil, by: principal)
            case "deliver": _ = try await orders.deliver(id: id, proof: form["proof"], expectedVersion: version, by: principal)
            case "complete": _ = try await orders.complete(id: id, expectedVersion: version, by: principal)
            case "archive": _ = try await orders.archive(id: id, expectedVersion: version, by: principal)
            case "cancel": _ = try await orders.cancel(id: id, reason: form["reason"], expectedVersion: version, by: principal)
            default: throw HTTPError(.notFound)
            }
            return pages.redirect(to: "/orders/\(id)", flash: "flash.saved")
        } catch ServiceError.validation(let errors) {
            return try await orderPage(request, context, values: pages.errorValues(errors, context.language) + ["failed_action": action],
                                       status: .unprocessableContent)
        } catch ServiceError.conflict {
            return try await orderPage(request, context, values: ["conflict": true], status: .conflict)
        } catch ServiceError.invalidState {
            return try await orderPage(request, context, values: ["invalid_state": true], status: .conflict)
        }
    }
}

extension Request {
    /// The fields of an urlencoded form, as posted (the last value wins for repeated names).
    mutating func formFields(context: KefuRequestContext) async throws -> [String: String] {
        let body = try await collectBody(upTo: context.maxUploadSize)
        var fields: [String: String] = [:]
        for pair in String(buffer: body).split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1).map {
                String($0).replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? String($0)
            }
            guard let name = parts.first, name != "_csrf" else { continue }
            fields[name] = parts.count > 1 ? parts[1] : ""
        }
        return fields
    }
}
