import Foundation
import Hummingbird
import KefuDomain
import KefuServices

/// `/api/v1/reports/daily-close`: the daily close files (R-ORD-15), produced at 16:30 or on demand.
struct ReportAPIController {
    let services: Services

    func addRoutes(to router: Router<KefuRequestContext>) {
        router.get("api/v1/reports/daily-close", use: list)
        router.post("api/v1/reports/daily-close", use: produce)
        router.get("api/v1/reports/daily-close/files/:id", use: download)
    }

    static func day(_ request: Request, required: Bool) throws -> LocalDate? {
        guard let text = request.uri.queryParameters["date"].map(String.init), !text.isEmpty else {
            if required { throw RequestError.badParameter(FieldError(field: "date", code: "error.required")) }
            return nil
        }
        guard let day = LocalDate(text) else { throw RequestError.badParameter(FieldError(field: "date", code: "error.date_format")) }
        return day
    }

    struct FileJSON: Encodable {
        var file: DailyCloseFile
        var url: String

        func encode(to encoder: any Encoder) throws {
            try file.encode(to: encoder)
            var container = encoder.container(keyedBy: Keys.self)
            try container.encode(url, forKey: .url)
        }

        enum Keys: String, CodingKey { case url }
    }

    private func page(_ files: [DailyCloseFile], status: HTTPResponse.Status = .ok) throws -> Response {
        let items = files.map { FileJSON(file: $0, url: "/api/v1/reports/daily-close/files/\($0.id)") }
        return try KefuJSON.response(ListPage(items: items, total: items.count, limit: items.count), status: status)
    }

    @Sendable func list(_ request: Request, context: KefuRequestContext) async throws -> Response {
        try page(try await services.dailyClose.files(day: try Self.day(request, required: false), by: try context.requirePrincipal()))
    }

    @Sendable func produce(_ request: Request, context: KefuRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        let files = try await services.dailyClose.produce(day: try Self.day(request, required: true)!, by: principal)
        return try page(files, status: .created)
    }

    @Sendable func download(_ request: Request, context: KefuRequestContext) async throws -> Response {
        let (file, data) = try await services.dailyClose.download(id: try context.parameters.require("id", as: Int64.self),
                                                                  by: try context.requirePrincipal())
        return Self.attachment(file.filename, data)
    }

    /// A download with its name in UTF-8 (RFC 6266 / 5987) and an ASCII fallback.
    static func attachment(_ filename: String, _ data: Data) -> Response {
        let type = filename.hasSuffix(".zip") ? "application/zip"
            : filename.hasSuffix(".csv") ? "text/csv; charset=utf-8"
            : "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        let encoded = filename.addingPercentEncoding(withAllowedCharacters: .alphanumerics.union(CharacterSet(charactersIn: "-._"))) ?? "download"
        let ascii = String(filename.unicodeScalars.map { $0.isASCII && $0 != "\"" ? Character($0) : "_" })
        return Response(status: .ok, headers: [
            .contentType: type,
            .contentDisposition: "attachment; filename=\"\(ascii)\"; filename*=UTF-8''\(encoded)",
            .cacheControl: "no-store",
        ], body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }
}
