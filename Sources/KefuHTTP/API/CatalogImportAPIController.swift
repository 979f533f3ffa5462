import Foundation
import Hummingbird
import KefuDomain
import KefuServices

/// `/api/v1/imports/suppliers` and `/api/v1/imports/products`: the catalogue from CSV or XLSX files.
struct CatalogImportAPIController {
    let services: Services
    let catalog: Catalog

    func addRoutes(to router: Router<KefuRequestContext>) {
        router.post("api/v1/imports/suppliers", use: importSuppliers)
        router.post("api/v1/imports/products", use: importProducts)
    }

    @Sendable func importSuppliers(_ request: Request, context: KefuRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        try principal.require(.settingsManage)
        let report = try await services.catalogImports.importSuppliers(file: try await Self.file(request), by: principal)
        return try KefuJSON.response(CatalogImportReportJSON(report, catalog: catalog, language: context.language),
                                     status: report.committed ? .created : .unprocessableContent)
    }

    @Sendable func importProducts(_ request: Request, context: KefuRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        try principal.require(.settingsManage)
        let report = try await services.catalogImports.importProducts(file: try await Self.file(request), by: principal)
        return try KefuJSON.response(CatalogImportReportJSON(report, catalog: catalog, language: context.language),
                                     status: report.committed ? .created : .unprocessableContent)
    }

    /// The `file` part of a `multipart/form-data` upload (up to the order import's limit).
    static func file(_ request: Request) async throws -> Data {
        var request = request
        let form = try await request.multipartForm(upTo: OrderImportForm.maxUploadSize)
        guard let file = form.part("file")?.body, !file.isEmpty else {
            throw ServiceError.validation([FieldError(field: "file", code: "error.required")])
        }
        return file
    }
}

/// A catalogue import report as JSON: counts, and each bad row's line with every problem, its code and message.
struct CatalogImportReportJSON: Encodable {
    var imported: Int
    var updated: Int
    var unchanged: Int
    var badRows: [OrderImportReportJSON.BadRow]
    var totalRows: Int
    var committed: Bool

    init(_ report: CatalogImportReport, catalog: Catalog, language: Language) {
        imported = report.imported
        updated = report.updated
        unchanged = report.unchanged
        totalRows = report.totalRows
        committed = report.committed
        badRows = OrderImportReportJSON.badRows(report.badRows, catalog: catalog, language: language)
    }
}
