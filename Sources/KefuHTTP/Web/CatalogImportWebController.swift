import Foundation
import Hummingbird
import KefuDomain
import KefuServices

/// `/catalog/import`: the supplier or product list from a CSV or XLSX file, through the same service as
/// `POST /api/v1/imports/suppliers|products`. The page's script posts the file with the CSRF header (the
/// CSRF check reads no multipart body) and reloads; the outcome is kept for the person and shown on the page.
struct CatalogImportWebController {
    let services: Services
    let pages: Pages
    let outcomes = CatalogImportOutcomes()

    func addRoutes(to router: Router<KefuRequestContext>) {
        router.get("catalog/import", use: page)
        router.post("catalog/import", use: upload)
    }

    @Sendable func page(_ request: Request, context: KefuRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        try principal.require(.settingsManage)
        let outcome = await outcomes.last(for: principal.user?.id, now: services.clock.now)
        let language = context.language
        let selected = outcome?.kind ?? .products
        return pages.render(
            "catalog/import", titleKey: "catalog.import.title",
            values: [
                "kinds": CatalogImportOutcome.Kind.allCases.map {
                    ["value": $0.rawValue, "label": pages.catalog.text("catalog.import.kind.\($0.rawValue)", language), "selected": $0 == selected]
                },
                "outcome": outcome.map { values($0, language) },
                "can_manage": true, "tab_import": true,
            ],
            request: request, context: context, area: "catalog")
    }

    /// Runs the import and answers 303 to the page, which shows the outcome: the summary, or every bad row.
    @Sendable func upload(_ request: Request, context: KefuRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        try principal.require(.settingsManage)
        var request = request
        let form = try await request.multipartForm(upTo: OrderImportForm.maxUploadSize)
        guard let kind = CatalogImportOutcome.Kind(rawValue: form.text("kind") ?? "") else {
            throw ServiceError.validation([FieldError(field: "kind", code: "error.unknown_value")])
        }
        let file = form.part("file")
        var outcome = CatalogImportOutcome(kind: kind, filename: file?.filename, at: services.clock.now)
        do {
            guard let data = file?.body, !data.isEmpty else { throw ServiceError.validation([FieldError(field: "file", code: "error.required")]) }
            switch kind {
            case .suppliers: outcome.report = try await services.catalogImports.importSuppliers(file: data, by: principal)
            case .products: outcome.report = try await services.catalogImports.importProducts(file: data, by: principal)
            }
        } catch ServiceError.validation(let errors) {
            outcome.errors = errors
        }
        await outcomes.keep(outcome, for: principal.user?.id)
        return pages.redirect(to: "/catalog/import")
    }

    /// Bad rows listed on the page; a file with more says how many were left out.
    static let shownBadRows = 1000

    private func values(_ outcome: CatalogImportOutcome, _ language: Language) -> [String: Any] {
        let catalog = pages.catalog
        let formatter = TimeFormatter(language: language, timeZone: services.timeZone)
        let column = { (field: String) in catalog.has("catalog.column.\(field)") ? catalog.text("catalog.column.\(field)", language) : field }
        var values: [String: Any] = [
            "kind": catalog.text("catalog.import.kind.\(outcome.kind.rawValue)", language), "filename": outcome.filename,
            "at": formatter.string(outcome.at), "failed": !outcome.errors.isEmpty,
            "errors": outcome.errors.map { ["field": column($0.field), "message": catalog.message(for: $0, language)] },
        ]
        if let report = outcome.report {
            let hidden = max(0, report.badRows.count - Self.shownBadRows)
            values["report"] = [
                "committed": report.committed, "total_rows": report.totalRows, "imported": report.imported, "updated": report.updated,
                "unchanged": report.unchanged, "bad_row_count": report.badRows.count, "has_bad_rows": !report.badRows.isEmpty,
                "bad_rows": report.badRows.prefix(Self.shownBadRows).flatMap { row in
                    row.errors.map { ["line": row.line, "field": column($0.field), "reason": catalog.message(for: $0, language)] as [String: Any] }
                },
                "more_bad_rows": hidden > 0 ? catalog.text("catalog.import.more_bad_rows", language, ["count": "\(hidden)"]) : "",
            ] as [String: Any]
        }
        return values
    }
}

/// What one catalogue import from the page came to: a report, or the problems that stopped it before any row.
struct CatalogImportOutcome: Sendable {
    enum Kind: String, CaseIterable, Sendable { case products, suppliers }
    var kind: Kind
    var filename: String?
    var at: Date
    var report: CatalogImportReport?
    var errors: [FieldError] = []
}

/// Each person's last catalogue import, kept in this instance's memory for an hour so the page can show it
/// after the upload (like ``ImportJobs``); what the import wrote is in the store like anything else.
actor CatalogImportOutcomes {
    static let kept: TimeInterval = 3600
    private var outcomes: [Int64: CatalogImportOutcome] = [:]

    func keep(_ outcome: CatalogImportOutcome, for user: Int64?) {
        guard let user else { return }
        outcomes = outcomes.filter { outcome.at.timeIntervalSince($0.value.at) < Self.kept }
        outcomes[user] = outcome
    }

    func last(for user: Int64?, now: Date) -> CatalogImportOutcome? {
        guard let user, let outcome = outcomes[user], now.timeIntervalSince(outcome.at) < Self.kept else { return nil }
        return outcome
    }
}
