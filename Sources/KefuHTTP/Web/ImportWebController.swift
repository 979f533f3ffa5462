import Foundation
import Hummingbird
import KefuDomain
import KefuServices

/// `/orders/import`: upload a platform export from the browser. The page posts the file with XMLHttpRequest
/// (upload progress, CSRF token in the header), the import runs as a job, and the page polls the job for
/// rows processed and finally the report.
struct ImportWebController {
    let services: Services
    let pages: Pages
    let jobs = ImportJobs()

    func addRoutes(to router: Router<KefuRequestContext>) {
        router.get("orders/import", use: page)
        router.post("orders/import", use: start)
        router.get("orders/import/jobs/:id", use: job)
    }

    @Sendable func page(_ request: Request, context: KefuRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        try principal.require(.ordersCreate)
        let language = context.language
        let saved = try await services.orderImports.savedMappings(by: principal)
        return pages.render(
            "orders/import", titleKey: "imports.title",
            values: [
                "presets": ImportMapping.presetNames.map { ["value": $0, "label": pages.catalog.text("imports.preset.\($0)", language)] },
                "mappings": saved.map { ["id": $0.id, "name": $0.name] },
                "has_mappings": !saved.isEmpty,
                "channels": OrderChannel.allCases.map { ["value": $0.rawValue, "label": pages.catalog.text("channel.\($0.rawValue)", language)] },
            ],
            request: request, context: context, area: "orders")
    }

    /// Starts the import and answers 202 with the job's address; form problems are a 422 problem document.
    @Sendable func start(_ request: Request, context: KefuRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        try principal.require(.ordersCreate)
        let form = try await OrderImportForm.read(request, context: context, services: services, principal: principal)
        let id = await jobs.start(owner: principal.user?.id, at: services.clock.now)
        let (services, jobs) = (self.services, self.jobs)
        Task {
            do {
                let report = try await services.orderImports.importOrders(
                    file: form.file, mapping: form.mapping, channel: form.channel, importGoodRows: form.importGoodRows, by: principal
                ) { progress in
                    Task { await jobs.progress(id, processed: progress.processedRows, total: progress.totalRows) }
                }
                await jobs.finish(id, report: report)
            } catch ServiceError.validation(let errors) {
                await jobs.fail(id, errors: errors)
            } catch {
                await jobs.fail(id, errors: [FieldError(field: "file", code: "imports.failed")])
            }
        }
        return try KefuJSON.response(["job": id, "status_url": "/orders/import/jobs/\(id)"], status: .accepted,
                                     headers: [.location: "/orders/import/jobs/\(id)"])
    }

    struct JobJSON: Encodable {
        var state: String
        var processedRows: Int
        var totalRows: Int
        var report: OrderImportReportJSON?
        var errors: [OrderImportReportJSON.Problem]
    }

    @Sendable func job(_ request: Request, context: KefuRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        let id = try context.parameters.require("id")
        guard let job = await jobs.job(id, owner: principal.user?.id) else { throw ServiceError.notFound(entity: "import") }
        let catalog = pages.catalog, language = context.language
        return try KefuJSON.response(JobJSON(
            state: job.state.rawValue, processedRows: job.processedRows, totalRows: job.totalRows,
            report: job.report.map { OrderImportReportJSON($0, catalog: catalog, language: language) },
            errors: job.errors.map { .init(field: $0.field, code: $0.code, message: catalog.message(for: $0, language)) }),
            headers: [.cacheControl: "no-store"])
    }
}
