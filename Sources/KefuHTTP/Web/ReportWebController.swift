import Foundation
import Hummingbird
import KefuDomain
import KefuServices

/// `/reports`: the daily close files, produced at 16:30 or on demand, to download (R-ORD-15).
struct ReportWebController {
    let services: Services
    let pages: Pages

    func addRoutes(to router: Router<KefuRequestContext>) {
        router.get("reports", use: index)
        router.post("reports/daily-close", use: produce)
        router.get("reports/daily-close/:id", use: download)
    }

    @Sendable func index(_ request: Request, context: KefuRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        let files = try await services.dailyClose.files(day: nil, by: principal)
        let formatter = TimeFormatter(language: context.language, timeZone: services.timeZone)
        let days = Dictionary(grouping: files, by: \.day).sorted { $0.key > $1.key }.map { day, files -> [String: Any] in
            ["day": day, "files": files.map { file -> [String: Any] in
                ["id": file.id, "filename": file.filename, "kind": pages.catalog.text("daily_close.\(file.kind.rawValue)", context.language),
                 "size": "\(max(1, file.size / 1024)) KB", "created_at": formatter.string(file.createdAt), "by": file.createdBy ?? ""]
            }]
        }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = services.timeZone
        let today = calendar.dateComponents([.year, .month, .day], from: services.clock.now)
        return pages.render(
            "reports", titleKey: "reports.title",
            values: ["days": days, "today": LocalDate(year: today.year ?? 0, month: today.month ?? 0, day: today.day ?? 0)?.description ?? "",
                     "close_at": services.dailyClose.schedule.at.description],
            request: request, context: context, area: "reports")
    }

    @Sendable func produce(_ request: Request, context: KefuRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        var request = request
        let form = try await request.formFields(context: context)
        guard let day = form["date"].flatMap(LocalDate.init) else {
            throw RequestError.badParameter(FieldError(field: "date", code: "error.date_format"))
        }
        try await services.dailyClose.produce(day: day, by: principal)
        return pages.redirect(to: "/reports", flash: "flash.daily_close_done")
    }

    @Sendable func download(_ request: Request, context: KefuRequestContext) async throws -> Response {
        let (file, data) = try await services.dailyClose.download(id: try context.parameters.require("id", as: Int64.self),
                                                                  by: try context.requirePrincipal())
        return ReportAPIController.attachment(file.filename, data)
    }
}
