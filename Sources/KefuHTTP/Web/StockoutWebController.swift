import Foundation
import Hummingbird
import KefuDomain
import KefuServices

/// `/stockouts`: register out-of-stock requests, this morning's list, and answering each customer (R-ORD-16).
struct StockoutWebController {
    let services: Services
    let pages: Pages

    func addRoutes(to router: Router<KefuRequestContext>) {
        router.get("stockouts", use: index)
        router.post("stockouts", use: register)
        router.post("stockouts/:id/answer", use: answer)
    }

    @Sendable func index(_ request: Request, context: KefuRequestContext) async throws -> Response {
        try await page(request, context, values: [:])
    }

    private func page(_ request: Request, _ context: KefuRequestContext, values: [String: Any], status: HTTPResponse.Status = .ok) async throws -> Response {
        let principal = try context.requirePrincipal()
        let morning = request.uri.queryParameters["list"] == "morning"
        let items = morning ? try await services.stockouts.morningList(by: principal) : try await services.stockouts.open(by: principal)
        let formatter = TimeFormatter(language: context.language, timeZone: services.timeZone)
        let now = services.clock.now
        let full = principal.can(.piiView)
        return pages.render(
            "stockouts", titleKey: morning ? "stockouts.morning" : "stockouts.title",
            values: values + [
                "morning": morning,
                "requests": items.map { item -> [String: Any] in
                    let due = services.stockouts.schedule.answerDue(for: item.registeredAt)
                    return ["id": item.id, "customer": item.customerName, "contact": full ? item.contact : PII.maskPhone(item.contact),
                            "product": item.product, "quantity": item.quantity, "note": item.note ?? "",
                            "registered_at": formatter.string(item.registeredAt), "due": formatter.string(due), "overdue": now > due]
                },
                "results": StockoutRequest.Result.allCases.map { ["value": $0.rawValue, "label": pages.catalog.text("stockout_result.\($0.rawValue)", context.language)] },
            ],
            request: request, context: context, status: status, area: "orders")
    }

    @Sendable func register(_ request: Request, context: KefuRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        var request = request
        let form = try await request.formFields(context: context)
        do {
            _ = try await services.stockouts.register(customerName: form["customer_name"], contact: form["contact"], product: form["product"],
                                                      quantity: form["quantity"].flatMap(Int.init), note: form["note"], by: principal)
            return pages.redirect(to: "/stockouts", flash: "flash.saved")
        } catch ServiceError.validation(let errors) {
            return try await page(request, context, values: pages.errorValues(errors, context.language) + ["form": form], status: .unprocessableContent)
        }
    }

    @Sendable func answer(_ request: Request, context: KefuRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        let id = try context.parameters.require("id", as: Int64.self)
        var request = request
        let form = try await request.formFields(context: context)
        do {
            _ = try await services.stockouts.answer(id: id, result: form["result"].flatMap(StockoutRequest.Result.init(rawValue:)),
                                                    answer: form["answer"], by: principal)
            return pages.redirect(to: "/stockouts", flash: "flash.saved")
        } catch ServiceError.validation(let errors) {
            return try await page(request, context, values: pages.errorValues(errors, context.language), status: .unprocessableContent)
        }
    }
}
