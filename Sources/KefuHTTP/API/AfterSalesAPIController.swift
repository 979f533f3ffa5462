import Foundation
import Hummingbird
import KefuDomain
import KefuServices

/// `/api/v1/after-sales`, `/api/v1/deduction-slips`, `/api/v1/reorders` and the re-order report.
struct AfterSalesAPIController {
    let services: Services

    func addRoutes(to router: Router<KefuRequestContext>) {
        router.post("api/v1/after-sales", use: open)
        router.get("api/v1/after-sales", use: list)
        router.get("api/v1/after-sales/:id", use: show)
        router.get("api/v1/after-sales/:id/history", use: history)
        router.post("api/v1/after-sales/:id/status", use: status)
        router.post("api/v1/after-sales/:id/reship", use: reship)
        router.post("api/v1/after-sales/:id/refund", use: refund)
        router.post("api/v1/after-sales/:id/receipt", use: receipt)
        router.post("api/v1/after-sales/:id/payout", use: payout)
        router.get("api/v1/after-sales/:id/photos", use: photos)
        router.post("api/v1/after-sales/:id/photos", use: addPhoto)
        router.get("api/v1/after-sales/:id/photos/:photo", use: photo)
        router.post("api/v1/deduction-slips", use: createSlip)
        router.get("api/v1/deduction-slips/:id", use: showSlip)
        router.post("api/v1/deduction-slips/:id/sign-offs", use: signOff)
        router.post("api/v1/deduction-slips/:id/pay", use: paySlip)
        router.post("api/v1/reorders", use: reorder)
        router.get("api/v1/reports/reorders", use: reorderReport)
    }

    /// Personal data is masked for callers without `pii.view`.
    struct CaseJSON: Encodable {
        var item: AfterSalesCase
        var masked: Bool

        func encode(to encoder: any Encoder) throws {
            var copy = item
            if masked { copy.customerPhone = PII.maskPhone(copy.customerPhone) }
            try copy.encode(to: encoder)
        }
    }

    private func json(_ item: AfterSalesCase, _ principal: Principal, status: HTTPResponse.Status = .ok) throws -> Response {
        try KefuJSON.response(CaseJSON(item: item, masked: !principal.can(.piiView)), status: status, headers: [.eTag: "\"\(item.version)\""])
    }

    struct NewCase: Decodable {
        var orderId: Int64?
        var kind: String?
        var customer: OrderDraft.Contact?
        var problem: String?
        var requiredAction: String?
        var fault: String?
        var details: [String: String]?
        var refundAmount: Int64?
        var cashbackAmount: Int64?
    }

    @Sendable func open(_ request: Request, context: KefuRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        var request = request
        let body = try await request.decodeJSON(NewCase.self, context: context)
        var errors: [FieldError] = []
        let kind = parse(body.kind, as: AfterSalesCase.Kind.self, field: "kind", into: &errors)
        let fault = parse(body.fault, as: AfterSalesCase.Fault.self, field: "fault", into: &errors)
        let draft = AfterSalesDraft(orderID: body.orderId, kind: kind, customerName: body.customer?.name, customerPhone: body.customer?.phone,
                                    problem: body.problem, requiredAction: body.requiredAction, fault: fault, details: body.details,
                                    refundAmount: body.refundAmount, cashbackAmount: body.cashbackAmount)
        errors += draft.problems().filter { problem in !(problem.field == "kind" && errors.contains { $0.field == "kind" }) }
        guard errors.isEmpty else { throw ServiceError.validation(errors) }
        let item = try await services.afterSales.open(draft, by: principal)
        return try json(item, principal, status: .created)
    }

    @Sendable func list(_ request: Request, context: KefuRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        let paging = try Paging(request)
        let query = request.uri.queryParameters
        var errors: [FieldError] = []
        let status = parse(query["status"].map(String.init), as: AfterSalesCase.Status.self, field: "status", into: &errors)
        if let first = errors.first { throw RequestError.badParameter(first) }
        var orderID: Int64?
        if let text = query["order_id"] {
            guard let id = Int64(String(text)) else { throw RequestError.badParameter(FieldError(field: "order_id", code: "error.wrong_type")) }
            orderID = id
        }
        let result = try await services.afterSales.list(status: status, orderID: orderID, payoutDue: query["list"] == "payout_due",
                                                        limit: paging.limit, offset: paging.offset, by: principal)
        let masked = !principal.can(.piiView)
        return try KefuJSON.response(ListPage(items: result.cases.map { CaseJSON(item: $0, masked: masked) }, total: result.total,
                                              limit: paging.limit, offset: paging.offset))
    }

    @Sendable func show(_ request: Request, context: KefuRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        return try json(try await services.afterSales.get(id: try context.parameters.require("id", as: Int64.self), by: principal), principal)
    }

    @Sendable func history(_ request: Request, context: KefuRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        let events = try await services.afterSales.history(id: try context.parameters.require("id", as: Int64.self), by: principal)
        return try KefuJSON.response(ListPage(items: events, total: events.count, limit: events.count))
    }

    struct Step: ActionBody {
        var status: String?
        var version: Int64?
        var carrier: String?
        var trackingNumber: String?
        var amount: Int64?
        var reference: String?
    }

    private func step(_ request: Request, _ context: KefuRequestContext) async throws -> (Principal, Int64, Step) {
        try await request.action(Step.self, context: context)
    }

    @Sendable func status(_ request: Request, context: KefuRequestContext) async throws -> Response {
        let (principal, id, body) = try await step(request, context)
        var errors: [FieldError] = []
        guard let status = parse(body.status, as: AfterSalesCase.Status.self, field: "status", into: &errors) else {
            throw ServiceError.validation(errors.isEmpty ? [FieldError(field: "status", code: "error.required")] : errors)
        }
        return try json(try await services.afterSales.move(id: id, to: status, expectedVersion: body.version, by: principal), principal)
    }

    @Sendable func reship(_ request: Request, context: KefuRequestContext) async throws -> Response {
        let (principal, id, body) = try await step(request, context)
        return try json(try await services.afterSales.reship(id: id, carrier: body.carrier, trackingNumber: body.trackingNumber, by: principal), principal)
    }

    @Sendable func refund(_ request: Request, context: KefuRequestContext) async throws -> Response {
        let (principal, id, body) = try await step(request, context)
        return try json(try await services.afterSales.refund(id: id, amount: body.amount, reference: body.reference, by: principal), principal)
    }

    @Sendable func receipt(_ request: Request, context: KefuRequestContext) async throws -> Response {
        let (principal, id, _) = try await step(request, context)
        return try json(try await services.afterSales.confirmReceipt(id: id, by: principal), principal)
    }

    @Sendable func payout(_ request: Request, context: KefuRequestContext) async throws -> Response {
        let (principal, id, _) = try await step(request, context)
        return try json(try await services.afterSales.payOut(id: id, by: principal), principal)
    }

    @Sendable func photos(_ request: Request, context: KefuRequestContext) async throws -> Response {
        let photos = try await services.afterSales.photos(caseID: try context.parameters.require("id", as: Int64.self), by: try context.requirePrincipal())
        return try KefuJSON.response(ListPage(items: photos, total: photos.count, limit: photos.count))
    }

    /// Uploads one photo (`file` part of a multipart form).
    @Sendable func addPhoto(_ request: Request, context: KefuRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        let id = try context.parameters.require("id", as: Int64.self)
        var request = request
        let form = try await request.multipartForm(upTo: EvidencePhoto.maximumSize + 64 * 1024)
        let part = form.part("file")
        let photo = try await services.afterSales.addPhoto(caseID: id, filename: part?.filename, data: part?.body ?? Data(), by: principal)
        return try KefuJSON.response(photo, status: .created, headers: [.location: "/api/v1/after-sales/\(id)/photos/\(photo.id)"])
    }

    @Sendable func photo(_ request: Request, context: KefuRequestContext) async throws -> Response {
        let (photo, data) = try await services.afterSales.photo(id: try context.parameters.require("photo", as: Int64.self),
                                                                caseID: try context.parameters.require("id", as: Int64.self),
                                                                by: try context.requirePrincipal())
        return Self.image(photo, data)
    }

    /// An image response that browsers show but never sniff into something else.
    static func image(_ photo: EvidencePhoto, _ data: Data) -> Response {
        Response(status: .ok, headers: [.contentType: photo.contentType, .cacheControl: "private, max-age=3600",
                                        .contentDisposition: "inline"], body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }

    struct NewSlip: Decodable {
        var orderId: Int64?
        var supplierId: Int64?
        var amount: Int64?
        var reason: String?
    }

    @Sendable func createSlip(_ request: Request, context: KefuRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        var request = request
        let body = try await request.decodeJSON(NewSlip.self, context: context)
        let slip = try await services.deductions.create(orderID: body.orderId, supplierID: body.supplierId, amount: body.amount,
                                                        reason: body.reason, by: principal)
        return try KefuJSON.response(slip, status: .created)
    }

    @Sendable func showSlip(_ request: Request, context: KefuRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        return try KefuJSON.response(try await services.deductions.get(id: try context.parameters.require("id", as: Int64.self), by: principal))
    }

    struct NewSignOff: Decodable {
        var party: String?
        var comment: String?
    }

    @Sendable func signOff(_ request: Request, context: KefuRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        let id = try context.parameters.require("id", as: Int64.self)
        var request = request
        let body = try await request.decodeJSON(NewSignOff.self, context: context)
        var errors: [FieldError] = []
        let party = parse(body.party, as: DeductionSlip.Party.self, field: "party", into: &errors)
        guard errors.isEmpty else { throw ServiceError.validation(errors) }
        return try KefuJSON.response(try await services.deductions.signOff(id: id, party: party, comment: body.comment, by: principal), status: .created)
    }

    @Sendable func paySlip(_ request: Request, context: KefuRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        return try KefuJSON.response(try await services.deductions.pay(id: try context.parameters.require("id", as: Int64.self), by: principal))
    }

    struct NewReorder: Decodable {
        var failedOrderId: Int64?
        var newOrderId: Int64?
        var amount: Int64?
    }

    @Sendable func reorder(_ request: Request, context: KefuRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        var request = request
        let body = try await request.decodeJSON(NewReorder.self, context: context)
        let reorder = try await services.deductions.recordReorder(failedOrderID: body.failedOrderId, newOrderID: body.newOrderId,
                                                                  amount: body.amount, by: principal)
        return try KefuJSON.response(reorder, status: .created)
    }

    @Sendable func reorderReport(_ request: Request, context: KefuRequestContext) async throws -> Response {
        let items = try await services.deductions.reorders(by: try context.requirePrincipal())
        return try KefuJSON.response(ListPage(items: items, total: items.count, limit: items.count))
    }
}
