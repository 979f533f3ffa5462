import Foundation
import Hummingbird
import KefuDomain
import KefuServices

/// A member-import upload as the API takes it: `multipart/form-data` with a `file` part, or the file itself as the
/// body (`text/csv`, an XLSX type, `application/octet-stream`). `mode` (`all_or_nothing` | `good_rows`) and
/// `duplicates` (`report` | `skip` | `update`) come from the query string, or from form fields of those names.
struct MemberImportForm: Sendable {
    var file: Data
    var filename: String?
    var options: MemberImportOptions

    static func read(_ request: Request, context: KefuRequestContext) async throws -> MemberImportForm {
        var request = request
        var query: [String: String] = [:]
        for (key, value) in request.uri.queryParameters { query[String(key)] = String(value) }
        var file = Data()
        var filename: String?
        if request.headers[.contentType].flatMap(MultipartForm.boundary(contentType:)) != nil {
            let form = try await request.multipartForm(upTo: OrderImportForm.maxUploadSize)
            let part = form.part("file")
            file = part?.body ?? Data()
            filename = part?.filename
            for key in ["mode", "duplicates"] where query[key] == nil { query[key] = form.text(key) }
        } else {
            let buffer: ByteBuffer
            do { buffer = try await request.collectBody(upTo: OrderImportForm.maxUploadSize) } catch { throw RequestError.tooLarge }
            file = Data(buffer.readableBytesView)
        }
        let options = try Self.options(query)
        guard !file.isEmpty else { throw ServiceError.validation([FieldError(field: "file", code: "error.required")]) }
        return MemberImportForm(file: file, filename: filename, options: options)
    }

    /// The options named in `values`; blank ones take their defaults, unknown ones are a 400 naming the parameter.
    static func options(_ values: [String: String]) throws -> MemberImportOptions {
        var options = MemberImportOptions()
        if let text = values["mode"], !text.isEmpty {
            guard let mode = MemberImportOptions.Mode(rawValue: text) else {
                throw RequestError.badParameter(FieldError(field: "mode", code: "error.unknown_value", arguments: ["value": text]))
            }
            options.mode = mode
        }
        if let text = values["duplicates"], !text.isEmpty {
            guard let duplicates = MemberImportOptions.Duplicates(rawValue: text) else {
                throw RequestError.badParameter(FieldError(field: "duplicates", code: "error.unknown_value", arguments: ["value": text]))
            }
            options.duplicates = duplicates
        }
        return options
    }
}

/// The report as the API returns it: counts, every problem as `{row, field, column, code, message}` in the reader's
/// language, and every row matching a stored member as `{row, member_id, field, action}`.
struct MemberImportReportJSON: Encodable {
    struct Problem: Encodable {
        var row: Int
        var field: String
        /// The header the file used for the field, when it has one.
        var column: String?
        var code: String
        var message: String
    }

    struct Duplicate: Encodable {
        var row: Int
        var memberId: Int64
        var field: String
        var action: String
    }

    var imported: Int
    var updated: Int
    var unchanged: Int
    var skipped: Int
    var totalRows: Int
    var committed: Bool
    var errors: [Problem]
    var duplicates: [Duplicate]

    init(_ report: MemberImportReport, catalog: Catalog, language: Language) {
        imported = report.imported
        updated = report.updated
        unchanged = report.unchanged
        skipped = report.skipped
        totalRows = report.totalRows
        committed = report.committed
        let layout = MemberImportLayout(positions: [:], headers: report.columns)
        errors = report.badRows.flatMap { row in
            row.errors.map {
                Problem(row: row.line, field: $0.field, column: layout.column(for: $0.field), code: $0.code,
                        message: catalog.message(for: $0, language))
            }
        }
        duplicates = report.duplicates.map { Duplicate(row: $0.line, memberId: $0.memberID, field: $0.field, action: $0.action.rawValue) }
    }

    /// 422 when bad rows stopped the import, 201 when members were created, else 200.
    var status: HTTPResponse.Status { !committed ? .unprocessableContent : imported > 0 ? .created : .ok }
}
