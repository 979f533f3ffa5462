import Foundation
import Hummingbird
import KefuDomain
import KefuServices

/// `/api/v1/stockout-requests` and the weekly out-of-stock report (R-ORD-16).
struct StockoutAPIController {
    let services: Services

    func addRoutes(to router: Router<KefuRequestContext>) {
        router.post("api/v1/stockout-requests", use: register)
        router.get("api/v1/stockout-requests", use: list)
        router.post("api/v1/stockout-requests/:id/answer", use: answer)
        router.get("api/v1/reports/stockouts", use: summary)
    }

    struct NewRequest: Decodable {
        var customerName: String?
        var contact: String?
        var product: String?
        var quantity: Int?
        var note: String?
    }

    /// Contacts are masked for callers without `pii.view`.
    struct RequestJSON: Encodable {
        var request: StockoutRequest
        var answerDueAt: Date
        var masked: Bool

        func encode(to encoder: any Encoder) throws {
            var copy = request
            if masked { copy.contact = PII.maskPhone(copy.contact) }
            try copy.encode(to: encoder)
            var container = encoder.container(keyedBy: Keys.self)
            try container.encode(answerDueAt, forKey: .answerDueAt)
        }

        enum Keys: String, CodingKey { case answerDueAt }
    }

    private func json(_ request: StockoutRequest, _ principal: Principal) -> RequestJSON {
        RequestJSON(request: request, answerDueAt: services.stockouts.schedule.answerDue(for: request.registeredAt), masked: !principal.can(.piiView))
    }

    @Sendable func register(_ request: Request, context: KefuRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        var request = request
        let body = try await request.decodeJSON(NewRequest.self, context: context)
        let registered = try await services.stockouts.register(customerName: body.customerName, contact: body.contact, product: body.product,
                                                               quantity: body.quantity, note: body.note, by: principal)
        return try KefuJSON.response(json(registered, principal), status: .created)
    }

    @Sendable func list(_ request: Request, context: KefuRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        let items: [StockoutRequest]
        switch request.uri.queryParameters["list"].map(String.init) ?? "open" {
        case "morning": items = try await services.stockouts.morningList(by: principal)
        case "overdue": items = try await services.stockouts.open(overdueOnly: true, by: principal)
        case "open": items = try await services.stockouts.open(by: principal)
        default: throw RequestError.badParameter(FieldError(field: "list", code: "error.unknown_value"))
        }
        return try KefuJSON.response(ListPage(items: items.map { json($0, principal) }, total: items.count, limit: items.count))
    }

    struct Answer: Decodable {
        var result: String?
        var answer: String?
    }

    @Sendable func answer(_ request: Request, context: KefuRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        let id = try context.parameters.require("id", as: Int64.self)
        var request = request
        let body = try await request.decodeJSON(Answer.self, context: context)
        var errors: [FieldError] = []
        let result = parse(body.result, as: StockoutRequest.Result.self, field: "result", into: &errors)
        guard errors.isEmpty else { throw ServiceError.validation(errors) }
        return try KefuJSON.response(json(try await services.stockouts.answer(id: id, result: result, answer: body.answer, by: principal), principal))
    }

    @Sendable func summary(_ request: Request, context: KefuRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        guard let text = request.uri.queryParameters["week"].map(String.init), let day = LocalDate(text) else {
            throw RequestError.badParameter(FieldError(field: "week", code: "error.date_format"))
        }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = services.timeZone
        let start = calendar.date(from: DateComponents(year: day.year, month: day.month, day: day.day))!
        let lines = try await services.stockouts.weeklySummary(weekStart: start, by: principal)
        return try KefuJSON.response(ListPage(items: lines, total: lines.count, limit: lines.count))
    }
}
