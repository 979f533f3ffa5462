import Foundation
import Hummingbird
import KefuDomain
import KefuServices

/// After-sales cases in the browser: the case list, payouts due, a case page with its actions, and opening a
/// case from the order page.
struct AfterSalesWebController {
    let services: Services
    let pages: Pages

    func addRoutes(to router: Router<KefuRequestContext>) {
        router.get("after-sales", use: index)
        router.get("after-sales/:id", use: show)
        router.post("after-sales/:id/:action", use: act)
        router.get("after-sales/:id/photos/:photo", use: photo)
        router.post("orders/:id/after-sales", use: open)
    }

    private func text(_ key: String, _ context: KefuRequestContext) -> String { pages.catalog.text(key, context.language) }

    private func row(_ item: AfterSalesCase, _ context: KefuRequestContext, formatter: TimeFormatter, permissions: Set<Permission>) -> [String: Any] {
        [
            "id": item.id, "number": item.number, "order_id": item.orderID, "kind": text("case_kind.\(item.kind.rawValue)", context),
            "status": text("case_status.\(item.status.rawValue)", context), "status_code": item.status.rawValue,
            "customer": item.customerName, "phone": permissions.contains(.piiView) ? item.customerPhone : PII.maskPhone(item.customerPhone),
            "problem": item.problem, "required_action": item.requiredAction, "created_at": formatter.string(item.createdAt),
            "fault": item.fault.map { text("fault.\($0.rawValue)", context) } ?? "",
            "refund": item.refundAmount > 0 ? Money.yuan(item.refundAmount) : "", "cashback": item.cashbackAmount > 0 ? Money.yuan(item.cashbackAmount) : "",
            "receipt_confirmed_at": item.receiptConfirmedAt.map(formatter.string) ?? "",
            "cashback_due_at": item.receiptConfirmedAt.map { formatter.string(CashbackRule().dueAt(receiptConfirmedAt: $0)) } ?? "",
            "paid_out_at": item.paidOutAt.map(formatter.string) ?? "",
            "details": item.details.sorted { $0.key < $1.key }.map { ["name": text("case_detail.\($0.key)", context), "value": $0.value] },
            "handed_over": item.handedOverBy != nil,
        ]
    }

    @Sendable func index(_ request: Request, context: KefuRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        let paging = try Paging(request, defaultLimit: 25)
        let payoutDue = request.uri.queryParameters["list"] == "payout_due"
        let status = request.uri.queryParameters["status"].flatMap { AfterSalesCase.Status(rawValue: String($0)) }
        let result = try await services.afterSales.list(status: status, payoutDue: payoutDue, limit: paging.limit, offset: paging.offset, by: principal)
        let formatter = TimeFormatter(language: context.language, timeZone: services.timeZone)
        return pages.render(
            "after-sales/index", titleKey: payoutDue ? "cases.payout_due" : "cases.title",
            values: [
                "cases": result.cases.map { row($0, context, formatter: formatter, permissions: principal.permissions) }, "total": result.total,
                "payout_due": payoutDue,
                "statuses": AfterSalesCase.Status.allCases.map { ["value": $0.rawValue, "label": text("case_status.\($0.rawValue)", context), "selected": $0 == status] },
                "pager": Pager(total: result.total, paging: paging, path: "/after-sales",
                               query: ["list": payoutDue ? "payout_due" : nil, "status": status?.rawValue]).values,
            ],
            request: request, context: context, area: "orders")
    }

    @Sendable func show(_ request: Request, context: KefuRequestContext) async throws -> Response {
        try await casePage(request, context, values: [:])
    }

    private func casePage(_ request: Request, _ context: KefuRequestContext, values: [String: Any], status: HTTPResponse.Status = .ok) async throws -> Response {
        let principal = try context.requirePrincipal()
        let id = try context.parameters.require("id", as: Int64.self)
        let item = try await services.afterSales.get(id: id, by: principal)
        let history = try await services.afterSales.history(id: id, by: principal)
        let photos = try await services.afterSales.photos(caseID: id, by: principal)
        let formatter = TimeFormatter(language: context.language, timeZone: services.timeZone)
        let moves = AfterSalesStateMachine.allowed(from: item.status)
        return pages.render(
            "after-sales/show", titleKey: "cases.show.title",
            values: values + [
                "case": row(item, context, formatter: formatter, permissions: principal.permissions), "version": item.version,
                "moves": moves.map { ["value": $0.rawValue, "label": text("case_status.\($0.rawValue)", context)] },
                "can_manage": principal.can(.afterSalesManage) && item.status != .closed,
                "can_receipt": item.receiptConfirmedAt == nil, "can_payout": item.cashbackAmount > 0 && item.receiptConfirmedAt != nil && item.paidOutAt == nil,
                "photos": photos.map { ["url": "/after-sales/\(id)/photos/\($0.id)", "filename": $0.filename] },
                "photo_upload": "/api/v1/after-sales/\(id)/photos", "has_photos": !photos.isEmpty,
                "history": history.map { EventRow($0, formatter: formatter, catalog: pages.catalog, language: context.language).values },
            ],
            request: request, context: context, status: status, area: "orders")
    }

    @Sendable func act(_ request: Request, context: KefuRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        let id = try context.parameters.require("id", as: Int64.self)
        var request = request
        let form = try await request.formFields(context: context)
        let cases = services.afterSales
        do {
            switch context.parameters.get("action") ?? "" {
            case "status":
                guard let status = form["status"].flatMap(AfterSalesCase.Status.init(rawValue:)) else {
                    throw ServiceError.validation([FieldError(field: "status", code: "error.required")])
                }
                _ = try await cases.move(id: id, to: status, expectedVersion: form["version"].flatMap(Int64.init), by: principal)
            case "reship": _ = try await cases.reship(id: id, carrier: form["carrier"], trackingNumber: form["tracking_number"], by: principal)
            case "refund": _ = try await cases.refund(id: id, amount: form["amount"].flatMap(OrderWebController.fen), reference: form["reference"], by: principal)
            case "receipt": _ = try await cases.confirmReceipt(id: id, by: principal)
            case "payout": _ = try await cases.payOut(id: id, by: principal)
            default: throw HTTPError(.notFound)
            }
            return pages.redirect(to: "/after-sales/\(id)", flash: "flash.saved")
        } catch ServiceError.validation(let errors) {
            return try await casePage(request, context, values: pages.errorValues(errors, context.language), status: .unprocessableContent)
        } catch ServiceError.conflict {
            return try await casePage(request, context, values: ["conflict": true], status: .conflict)
        } catch ServiceError.invalidState {
            return try await casePage(request, context, values: ["invalid_state": true], status: .conflict)
        }
    }

    @Sendable func photo(_ request: Request, context: KefuRequestContext) async throws -> Response {
        let (photo, data) = try await services.afterSales.photo(id: try context.parameters.require("photo", as: Int64.self),
                                                                caseID: try context.parameters.require("id", as: Int64.self),
                                                                by: try context.requirePrincipal())
        return AfterSalesAPIController.image(photo, data)
    }

    /// Opens a case from the order page; pre-sales agents hand it over (R-AS-6).
    @Sendable func open(_ request: Request, context: KefuRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        let orderID = try context.parameters.require("id", as: Int64.self)
        var request = request
        let form = try await request.formFields(context: context)
        var details: [String: String] = [:]
        for (name, value) in form where name.hasPrefix("details.") && !value.trimmingCharacters(in: .whitespaces).isEmpty {
            details[String(name.dropFirst("details.".count))] = value
        }
        let draft = AfterSalesDraft(
            orderID: orderID, kind: form["kind"].flatMap(AfterSalesCase.Kind.init(rawValue:)), customerName: form["customer_name"],
            customerPhone: form["customer_phone"], problem: form["problem"], requiredAction: form["required_action"],
            fault: form["fault"].flatMap(AfterSalesCase.Fault.init(rawValue:)), details: details,
            cashbackAmount: form["cashback_amount"].flatMap(OrderWebController.fen))
        do {
            let item = try await services.afterSales.open(draft, by: principal)
            return pages.redirect(to: "/after-sales/\(item.id)", flash: "flash.case_opened")
        } catch ServiceError.validation(let errors) {
            return pages.render("error", titleKey: "problem.validation",
                                values: ["status": 422, "message": pages.catalog.text("problem.validation", context.language)]
                                    + pages.errorValues(errors, context.language),
                                request: request, context: context, status: .unprocessableContent)
        }
    }
}
