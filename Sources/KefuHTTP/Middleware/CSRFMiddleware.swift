import Foundation
import Hummingbird
import KefuServices

/// Every unsafe request made with a session cookie must carry the session's CSRF token, as the `_csrf` form
/// field (of a urlencoded or a multipart form) or the `X-CSRF-Token` header. Before sign-in (the login form) and
/// on the customers' own pages the token is a double-submit cookie.
/// Bearer-token requests carry no ambient credential and need no token.
struct CSRFMiddleware: RouterMiddleware {
    typealias Context = KefuRequestContext
    static let preSessionCookie = "kefu_csrf"

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard ![.get, .head, .options].contains(request.method), context.principal?.channel != .token else {
            return try await next(request, context)
        }
        let isAPI = request.uri.path.hasPrefix("/api/")
        // API calls without any cookie credential are judged by the identity rules alone.
        if isAPI, context.session == nil { return try await next(request, context) }
        guard let expected = context.session?.csrfToken ?? request.cookies[Self.preSessionCookie]?.value, !expected.isEmpty else {
            throw RequestError.csrf
        }
        var request = request
        var presented = request.headers[.xCSRFToken]
        if presented == nil, request.headers[.contentType]?.hasPrefix("application/x-www-form-urlencoded") == true {
            let body = try await request.collectBody(upTo: context.maxUploadSize)
            presented = Self.formValue("_csrf", in: String(buffer: body))
        } else if presented == nil, let boundary = request.headers[.contentType].flatMap(MultipartForm.boundary(contentType:)) {
            // Customers' forms post files with no script to set the header, so the token comes as a field (put first).
            let body = try await request.collectBody(upTo: Self.maxMultipartSize)
            presented = Self.multipartValue("_csrf", in: Array(body.readableBytesView), boundary: boundary)
        }
        guard let presented, Secrets.constantTimeEquals(presented, expected) else { throw RequestError.csrf }
        return try await next(request, context)
    }

    /// The largest `multipart/form-data` body read for its token (the customers' web form: three 5 MB files and text).
    static let maxMultipartSize = 16 * 1024 * 1024

    /// The text field `name` of a multipart body: parts are walked only up to the first one so called.
    static func multipartValue(_ name: String, in bytes: [UInt8], boundary: String) -> String? {
        let delimiter = Array("--\(boundary)".utf8)
        let nextDelimiter = Array("\r\n--\(boundary)".utf8)
        guard var position = MultipartForm.find(delimiter, in: bytes, from: 0) else { return nil }
        position += delimiter.count
        while MultipartForm.matches([0x0D, 0x0A], in: bytes, at: position) {
            let headerStart = position + 2
            guard let headerEnd = MultipartForm.find([0x0D, 0x0A, 0x0D, 0x0A], in: bytes, from: headerStart),
                  let bodyEnd = MultipartForm.find(nextDelimiter, in: bytes, from: headerEnd + 4) else { return nil }
            let headers = MultipartForm.headers(String(decoding: bytes[headerStart..<headerEnd], as: UTF8.self))
            if let disposition = headers["content-disposition"], MultipartForm.parameter("name", in: disposition) == name,
               MultipartForm.parameter("filename", in: disposition) == nil {
                return String(decoding: bytes[(headerEnd + 4)..<bodyEnd], as: UTF8.self)
            }
            position = bodyEnd + nextDelimiter.count
        }
        return nil
    }

    static func formValue(_ name: String, in body: String) -> String? {
        for pair in body.split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1)
            if parts.first == Substring(name) {
                return parts.count > 1 ? String(parts[1]).replacingOccurrences(of: "+", with: " ").removingPercentEncoding : ""
            }
        }
        return nil
    }
}
