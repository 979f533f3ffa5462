import Foundation
import Hummingbird
import KefuDomain
import KefuServices

/// `POST /api/v1/members/import`: members from a CSV or XLSX file with row-level errors (R-MEM-1), duplicates of
/// stored members reported, skipped or updated with history (R-MEM-5). Needs `members.manage`.
struct MemberImportAPIController {
    let services: Services
    let catalog: Catalog

    func addRoutes(to router: Router<KefuRequestContext>) {
        router.post("api/v1/members/import", use: importMembers)
    }

    @Sendable func importMembers(_ request: Request, context: KefuRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        try principal.require(.membersManage)
        let form = try await MemberImportForm.read(request, context: context)
        let report = try await services.memberImports.importMembers(file: form.file, options: form.options, by: principal)
        let json = MemberImportReportJSON(report, catalog: catalog, language: context.language)
        return try KefuJSON.response(json, status: json.status)
    }
}
