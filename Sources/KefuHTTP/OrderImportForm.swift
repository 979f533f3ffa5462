import Foundation
import Hummingbird
import KefuDomain
import KefuServices

/// An order-import upload as the API and the import page send it: `multipart/form-data` with `file`, one of
/// `preset` / `mapping_id` / `mapping` (JSON), optionally `channel` and `import_good_rows`.
struct OrderImportForm: Sendable {
    /// Uploads are read whole, up to this size (the application's default limit is 1 MB).
    static let maxUploadSize = 50 * 1024 * 1024

    var file: Data
    var mapping: ImportMapping
    var channel: OrderChannel?
    var importGoodRows: Bool

    static func read(_ request: Request, context: KefuRequestContext, services: Services, principal: Principal) async throws -> OrderImportForm {
        var request = request
        let form = try await request.multipartForm(upTo: maxUploadSize)
        var problems: [FieldError] = []
        let file = form.part("file")?.body ?? Data()
        if file.isEmpty { problems.append(FieldError(field: "file", code: "error.required")) }
        var channel: OrderChannel?
        if let text = form.text("channel"), !text.isEmpty {
            channel = OrderChannel(rawValue: text)
            if channel == nil { problems.append(FieldError(field: "channel", code: "error.unknown_value")) }
        }
        var mapping: ImportMapping?
        if let preset = form.text("preset"), !preset.isEmpty {
            mapping = ImportMapping.preset(named: preset)
            if mapping == nil { problems.append(FieldError(field: "preset", code: "error.unknown_value")) }
        } else if let text = form.text("mapping_id"), !text.isEmpty {
            guard let id = Int64(text) else { throw ServiceError.validation(problems + [FieldError(field: "mapping_id", code: "error.wrong_type")]) }
            mapping = try await services.orderImports.mapping(id: id, by: principal)
        } else if let text = form.text("mapping"), !text.isEmpty {
            mapping = try OrderImportService.decodeMapping(Data(text.utf8))
        } else {
            problems.append(FieldError(field: "preset", code: "error.required"))
        }
        guard problems.isEmpty, let mapping else { throw ServiceError.validation(problems) }
        let goodRows = ["true", "on", "1", "yes"].contains(form.text("import_good_rows")?.lowercased() ?? "")
        return OrderImportForm(file: file, mapping: mapping, channel: channel, importGoodRows: goodRows)
    }
}

/// The report as JSON: counts, and each bad row's line with every problem, its catalog code and message.
struct OrderImportReportJSON: Encodable {
    struct Problem: Encodable {
        var field: String
        var code: String
        var message: String
    }

    struct BadRow: Encodable {
        var line: Int
        var errors: [Problem]
    }

    var imported: Int
    var skippedExisting: Int
    var badRows: [BadRow]
    var totalRows: Int
    var orders: Int
    var committed: Bool

    init(_ report: OrderImportReport, catalog: Catalog, language: Language) {
        imported = report.imported
        skippedExisting = report.skippedExisting
        totalRows = report.totalRows
        orders = report.orders
        committed = report.committed
        badRows = Self.badRows(report.badRows, catalog: catalog, language: language)
    }

    /// Bad rows with each problem's message in the reader's language (shared by every import report).
    static func badRows(_ rows: [OrderImportReport.BadRow], catalog: Catalog, language: Language) -> [BadRow] {
        rows.map { row in
            BadRow(line: row.line, errors: row.errors.map { Problem(field: $0.field, code: $0.code, message: catalog.message(for: $0, language)) })
        }
    }

    /// 422 when bad rows stopped the import, 201 when orders were created, else 200 (all already there).
    var status: HTTPResponse.Status { !committed ? .unprocessableContent : imported > 0 ? .created : .ok }
}
