import Foundation
import Hummingbird
import KefuDomain
import KefuServices
import KefuStore

/// `/api/v1/imports`: platform order exports and the column mappings that read them (R-ORD-1).
struct ImportAPIController {
    let services: Services
    let catalog: Catalog

    func addRoutes(to router: Router<KefuRequestContext>) {
        router.post("api/v1/imports/orders", use: importOrders)
        router.get("api/v1/imports/mappings", use: mappings)
        router.post("api/v1/imports/mappings", use: saveMapping)
    }

    @Sendable func importOrders(_ request: Request, context: KefuRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        try principal.require(.ordersCreate)
        let form = try await OrderImportForm.read(request, context: context, services: services, principal: principal)
        let report = try await services.orderImports.importOrders(
            file: form.file, mapping: form.mapping, channel: form.channel, importGoodRows: form.importGoodRows, by: principal)
        let json = OrderImportReportJSON(report, catalog: catalog, language: context.language)
        return try KefuJSON.response(json, status: json.status)
    }

    struct MappingJSON: Encodable {
        var id: Int64
        var name: String
        var channel: OrderChannel
        var mapping: ImportMapping?
        var createdAt: Date

        init(_ saved: SavedImportMapping) {
            id = saved.id
            name = saved.name
            channel = saved.channel
            mapping = try? OrderImportService.decodeMapping(Data(saved.json.utf8))
            createdAt = saved.createdAt
        }
    }

    @Sendable func mappings(_ request: Request, context: KefuRequestContext) async throws -> Response {
        let saved = try await services.orderImports.savedMappings(by: try context.requirePrincipal())
        return try KefuJSON.response(ListPage(items: saved.map(MappingJSON.init), total: saved.count, limit: saved.count))
    }

    struct NewMapping: Decodable {
        var name: String?
        var mapping: ImportMapping?
    }

    @Sendable func saveMapping(_ request: Request, context: KefuRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        var request = request
        let body = try await request.decodeJSON(NewMapping.self, context: context)
        guard let mapping = body.mapping else { throw ServiceError.validation([FieldError(field: "mapping", code: "error.required")]) }
        let saved = try await services.orderImports.saveMapping(name: body.name, mapping: mapping, by: principal)
        return try KefuJSON.response(MappingJSON(saved), status: .created)
    }
}
