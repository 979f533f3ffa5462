import Foundation
import Hummingbird
import KefuDomain
import KefuServices

/// `/members/import`: members from a CSV or XLSX file, through the same service as `POST /api/v1/members/import`.
/// The upload is checked whole; the page then shows the result, or every bad row with its line, column and reason.
/// When rows were bad the file is kept for the person (an hour, this instance's memory) so that "import the good
/// rows", "skip stored members" or "update stored members" run it again without a second upload.
struct MemberImportWebController {
    let services: Services
    let pages: Pages
    let outcomes = MemberImportOutcomes()

    func addRoutes(to router: Router<KefuRequestContext>) {
        router.get("members/import", use: page)
        router.post("members/import", use: upload)
        router.post("members/import/again", use: again)
    }

    @Sendable func page(_ request: Request, context: KefuRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        try principal.require(.membersManage)
        let outcome = await outcomes.last(for: principal.user?.id, now: services.clock.now)
        let language = context.language
        let selected = outcome?.options.duplicates ?? .report
        return pages.render(
            "members/import", titleKey: "member_import.title",
            values: [
                "duplicate_choices": MemberImportOptions.Duplicates.allCases.map {
                    ["value": $0.rawValue, "label": pages.catalog.text("member_import.duplicates.\($0.rawValue)", language),
                     "checked": $0 == selected]
                },
                "outcome": outcome.map { $0.values(pages.catalog, language, TimeFormatter(language: language, timeZone: services.timeZone)) },
            ],
            request: request, context: context, area: "members")
    }

    /// Checks and imports the uploaded file (all or nothing), keeps the outcome and answers 303 to the page.
    @Sendable func upload(_ request: Request, context: KefuRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        try principal.require(.membersManage)
        var request = request
        let form = try await request.multipartForm(upTo: OrderImportForm.maxUploadSize)
        var fields: [String: String] = [:]
        for key in ["mode", "duplicates"] { fields[key] = form.text(key) }
        let options = try MemberImportForm.options(fields)
        let part = form.part("file")
        try await run(file: part?.body ?? Data(), filename: part?.filename, options: options, by: principal)
        return pages.redirect(to: "/members/import")
    }

    /// Runs the person's last file again with other options (`mode`, `duplicates`), named by its `upload` id.
    @Sendable func again(_ request: Request, context: KefuRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        try principal.require(.membersManage)
        var request = request
        let fields = try await request.formFields(context: context)
        let options = try MemberImportForm.options(fields)
        let now = services.clock.now
        guard let last = await outcomes.last(for: principal.user?.id, now: now), last.id == fields["upload"], let file = last.file else {
            var gone = MemberImportOutcome(filename: nil, options: options, at: now)
            gone.errors = [FieldError(field: "file", code: "error.member_import_file_gone")]
            await outcomes.keep(gone, for: principal.user?.id)
            return pages.redirect(to: "/members/import")
        }
        try await run(file: file, filename: last.filename, options: options, by: principal)
        return pages.redirect(to: "/members/import")
    }

    private func run(file: Data, filename: String?, options: MemberImportOptions, by principal: Principal) async throws {
        var outcome = MemberImportOutcome(filename: filename, options: options, at: services.clock.now)
        do {
            guard !file.isEmpty else { throw ServiceError.validation([FieldError(field: "file", code: "error.required")]) }
            let report = try await services.memberImports.importMembers(file: file, options: options, by: principal)
            outcome.report = report
            // Kept only while something is left to decide.
            if !report.committed { outcome.file = file }
        } catch ServiceError.validation(let errors) {
            outcome.errors = errors
        }
        await outcomes.keep(outcome, for: principal.user?.id)
    }
}
