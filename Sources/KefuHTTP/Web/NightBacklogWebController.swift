import Foundation
import Hummingbird
import KefuDomain
import KefuServices

/// `/night-backlog`: the night-shift backlog (R-TKT-11). The evening shift records items (with images) on the page;
/// the list shows them by category, open ones first; the morning shift picks each up with a receipt, then records
/// the result. Without filters the page opens on what is still open from last night.
struct NightBacklogWebController {
    let services: Services
    let pages: Pages
    /// Images one form may carry, so that the whole body stays below ``CSRFMiddleware/maxMultipartSize``.
    static let imagesPerPost = 3
    static let maxBodySize = imagesPerPost * NightBacklogImage.maximumSize + 512 * 1024
    static let fields = ["category", "customer_name", "customer_phone", "order_number", "ticket_number", "description", "todo"]

    func addRoutes(to router: Router<KefuRequestContext>) {
        router.get("night-backlog", use: index)
        router.post("night-backlog", use: record)
        router.post("night-backlog/:id/receipt", use: receipt)
        router.post("night-backlog/:id/done", use: done)
        router.post("night-backlog/:id/images", use: addImages)
        router.get("night-backlog/:id/images/:image_id", use: image)
    }

    private var page: NightBacklogPage { NightBacklogPage(services: services, pages: pages) }

    @Sendable func index(_ request: Request, context: KefuRequestContext) async throws -> Response {
        try await page.render(request, context)
    }

    @Sendable func record(_ request: Request, context: KefuRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        try principal.require(.ticketsManage)
        var request = request
        let multipart = try await request.multipartForm(upTo: Self.maxBodySize)
        let form = Dictionary(uniqueKeysWithValues: Self.fields.map { ($0, multipart.text($0) ?? "") })
        let files = Self.files(multipart, field: "images")
        let draft = NightBacklogDraft(category: form["category"], customerName: form["customer_name"], customerPhone: form["customer_phone"],
                                      orderNumber: form["order_number"], ticketNumber: form["ticket_number"], description: form["description"],
                                      todo: form["todo"])
        do {
            guard files.count <= Self.imagesPerPost else {
                throw ServiceError.validation(draft.problems + [FieldError(field: "images", code: "error.too_many_files", arguments: ["max": "\(Self.imagesPerPost)"])])
            }
            let item = try await services.nightBacklog.record(draft, images: files, by: principal)
            return pages.redirect(to: Self.back(multipart.text("back"), id: item.id), flash: "flash.night_backlog_recorded")
        } catch ServiceError.validation(let errors) {
            // Image errors name their place (`images[1]`); the form has one input.
            let errors = errors.map { $0.field.hasPrefix("images[") ? FieldError(field: "images", code: $0.code, arguments: $0.arguments) : $0 }
            return try await page.render(request, context, list: Self.list(multipart.text("back")), form: form, errors: errors,
                                         values: ["images_again": !files.isEmpty],
                                         status: .unprocessableContent)
        }
    }

    /// The chosen files of `field`; an empty file input sends an empty part without a name: it is no file.
    static func files(_ multipart: MultipartForm, field: String) -> [NightBacklogUpload] {
        multipart.parts.filter { $0.name == field && !($0.body.isEmpty && ($0.filename ?? "").isEmpty) }
            .map { NightBacklogUpload(filename: $0.filename, data: $0.body) }
    }

    @Sendable func receipt(_ request: Request, context: KefuRequestContext) async throws -> Response {
        try await act(request, context, flash: "flash.night_backlog_picked_up") { id, form, principal in
            _ = try await services.nightBacklog.pickUp(id: id, note: form["note"], expectedVersion: form["version"].flatMap { Int64($0) }, by: principal)
        }
    }

    @Sendable func done(_ request: Request, context: KefuRequestContext) async throws -> Response {
        try await act(request, context, flash: "flash.night_backlog_done") { id, form, principal in
            _ = try await services.nightBacklog.complete(id: id, result: form["result"], expectedVersion: form["version"].flatMap { Int64($0) }, by: principal)
        }
    }

    /// Runs a step on one item from its form; a lost race or a stale form shows the list again with the reason on the item.
    private func act(_ request: Request, _ context: KefuRequestContext, flash: String,
                     _ step: (Int64, [String: String], Principal) async throws -> Void) async throws -> Response {
        let principal = try context.requirePrincipal()
        let id = try context.parameters.require("id", as: Int64.self)
        var request = request
        let form = try await request.formFields(context: context)
        do {
            try await step(id, form, principal)
            return pages.redirect(to: Self.back(form["back"], id: id), flash: flash)
        } catch ServiceError.validation(let errors) {
            return try await page.render(request, context, list: Self.list(form["back"]), errors: errors, failed: (id, nil), status: .unprocessableContent)
        } catch ServiceError.conflict(let code, _) {
            let key = code == "error.stale_version" ? "night_backlog.stale" : (code == "error.already_done" ? "error.already_done" : "night_backlog.already_picked_up")
            return try await page.render(request, context, list: Self.list(form["back"]), failed: (id, key), status: .conflict)
        } catch ServiceError.invalidState {
            return try await page.render(request, context, list: Self.list(form["back"]), failed: (id, "night_backlog.not_picked_up"), status: .conflict)
        }
    }

    /// Where a form sends the browser back to: the list it came from (only this page), at the item.
    static func back(_ path: String?, id: Int64) -> String {
        list(path) + "#item-\(id)"
    }

    /// The list a form came from when it is this page with a plain query; else the page's default view.
    static func list(_ path: String?) -> String {
        let safe = CharacterSet(charactersIn: "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.%&=")
        guard let path, path == "/night-backlog" || (path.hasPrefix("/night-backlog?") && path.dropFirst(15).unicodeScalars.allSatisfy(safe.contains))
        else { return "/night-backlog" }
        return path
    }

    @Sendable func addImages(_ request: Request, context: KefuRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        let id = try context.parameters.require("id", as: Int64.self)
        var request = request
        let multipart = try await request.multipartForm(upTo: Self.maxBodySize)
        let files = Self.files(multipart, field: "file")
        do {
            if files.isEmpty { throw ServiceError.validation([FieldError(field: "file", code: "error.required")]) }
            if files.count > Self.imagesPerPost {
                throw ServiceError.validation([FieldError(field: "file", code: "error.too_many_files", arguments: ["max": "\(Self.imagesPerPost)"])])
            }
            for file in files { _ = try await services.nightBacklog.addImage(itemID: id, file, by: principal) }
            return pages.redirect(to: Self.back(multipart.text("back"), id: id), flash: "flash.night_backlog_image_added")
        } catch ServiceError.validation(let errors) {
            return try await page.render(request, context, list: Self.list(multipart.text("back")), errors: errors, failed: (id, nil),
                                         status: .unprocessableContent)
        }
    }

    @Sendable func image(_ request: Request, context: KefuRequestContext) async throws -> Response {
        let (image, data) = try await services.nightBacklog.image(id: try context.parameters.require("image_id", as: Int64.self),
                                                                  itemID: try context.parameters.require("id", as: Int64.self),
                                                                  by: try context.requirePrincipal())
        return NightBacklogAPIController.image(image, data)
    }
}
