import Foundation
import Hummingbird
import KefuDomain
import KefuServices

extension Request {
    /// Holiday feeds are small; several years of Apple's come to a few hundred kilobytes.
    static let maxICSSize = 2 * 1024 * 1024

    /// An uploaded iCalendar file as text: the body itself (`text/calendar`), or the `file` part of a
    /// `multipart/form-data` form. Only people who may change settings get as far as reading it.
    mutating func icsText(context: KefuRequestContext) async throws -> String {
        try context.requirePrincipal().require(.settingsManage)
        let bytes: [UInt8]
        if headers[.contentType]?.lowercased().hasPrefix("multipart/form-data") == true {
            bytes = Array(try await multipartForm(upTo: Self.maxICSSize).part("file")?.body ?? Data())
        } else {
            do { bytes = Array(try await collectBody(upTo: Self.maxICSSize).readableBytesView) } catch { throw RequestError.tooLarge }
        }
        guard !bytes.isEmpty else { throw ServiceError.validation([FieldError(field: "file", code: "error.required")]) }
        // RFC 5545 text is UTF-8.
        guard let text = String(bytes: bytes, encoding: .utf8) else {
            throw ServiceError.validation([FieldError(field: "file", code: "error.ics_encoding")])
        }
        return text
    }
}
