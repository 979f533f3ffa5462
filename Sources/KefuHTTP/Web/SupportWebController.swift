import Foundation
import Hummingbird
import KefuDomain
import KefuServices

/// The customers' own pages, without an account: the web form (R-TKT-1, channel web), the status page where they
/// follow and answer their ticket, and the satisfaction rating (R-TKT-9). Forms carry a double-submit CSRF token.
struct SupportWebController {
    let services: Services
    let pages: Pages

    /// Where the ticket number goes between the form's POST and the page that shows it.
    static let submittedCookie = "kefu_support_ticket"

    func addRoutes(to router: Router<KefuRequestContext>) {
        router.get("support", use: new)
        router.post("support", use: submit)
        router.get("support/submitted", use: submitted)
        router.get("support/status", use: status)
        router.post("support/status", use: lookUp)
        router.post("support/status/reply", use: reply)
        router.post("support/status/rate", use: rateFromStatus)
        router.get("satisfaction/:token", use: satisfaction)
        router.post("satisfaction/:token", use: rate)
    }

    /// A customer page: the double-submit token is (re)set with it, and `?lang=` switches and remembers the language
    /// (a link back to `back`, the page's address for GET).
    func render(_ template: String, titleKey: String, values: [String: Any], request: Request, context: KefuRequestContext,
                back: String? = nil, status: HTTPResponse.Status = .ok) -> Response {
        var context = context
        let chosen = request.uri.queryParameters["lang"].flatMap { Language(rawValue: String($0)) }
        if let chosen { context.language = chosen }
        let token = request.cookies[CSRFMiddleware.preSessionCookie]?.value.nilIfEmpty ?? Secrets.random(bytes: 24)
        var values = values
        values["support_csrf"] = token
        values["language_link"] = (back ?? request.uri.path) + "?lang=" + (context.language == .zhHans ? Language.en : .zhHans).rawValue
        var response = pages.render("support/\(template)", titleKey: titleKey, values: values, request: request, context: context,
                                    status: status)
        // Long enough to write a complaint in; the login form shares the cookie.
        response.setCookie(.init(name: CSRFMiddleware.preSessionCookie, value: token, maxAge: 12 * 3600, path: "/",
                                 secure: pages.secureCookies, httpOnly: true, sameSite: .lax))
        if let chosen {
            response.setCookie(.init(name: IdentityMiddleware.languageCookie, value: chosen.rawValue, maxAge: 365 * 86400, path: "/",
                                     secure: pages.secureCookies, httpOnly: true, sameSite: .lax))
        }
        return response
    }

    func text(_ key: String, _ context: KefuRequestContext, _ arguments: [String: String] = [:]) -> String {
        pages.catalog.text(key, context.language, arguments)
    }

    /// Field errors named as the forms' fields (`customer.phone` → `customer_phone`).
    func errorValues(_ errors: [FieldError], _ context: KefuRequestContext) -> [String: Any] {
        pages.errorValues(errors.map { error in
            var error = error
            error.field = error.field == "order_id" ? "order_number" : error.field.replacingOccurrences(of: ".", with: "_")
            return error
        }, context.language)
    }

    // MARK: The web form

    @Sendable func new(_ request: Request, context: KefuRequestContext) -> Response {
        formPage(request, context, form: ["type": TicketType.inquiry.rawValue], errors: [])
    }

    func formPage(_ request: Request, _ context: KefuRequestContext, form: [String: String], errors: [FieldError],
                  filesDropped: Bool = false, throttledMinutes: Int? = nil, status: HTTPResponse.Status = .ok) -> Response {
        let types = TicketType.allCases.map { type -> [String: Any] in
            ["value": type.rawValue, "label": text("ticket_type.\(type.rawValue)", context), "selected": type.rawValue == form["type"]]
        }
        var values = errorValues(errors, context) + [
            "form": form, "types": types, "files_dropped": filesDropped && !errors.isEmpty,
            "attachments_hint": text("support.attachments_hint", context,
                                     ["max": "\(SupportUploads.maxFiles)", "size": "\(SupportUploads.maxBytes / 1024 / 1024) MB"]),
        ]
        if let throttledMinutes { values["throttled"] = text("support.throttled", context, ["minutes": "\(throttledMinutes)"]) }
        return render("form", titleKey: "support.title", values: values, request: request, context: context, back: "/support", status: status)
    }

    @Sendable func submit(_ request: Request, context: KefuRequestContext) async throws -> Response {
        var request = request
        let multipart = try await request.multipartForm(upTo: SupportUploads.maxBodySize)
        let fieldNames = ["type", "subject", "body", "customer_name", "customer_phone", "customer_email", "order_number"]
        let form = Dictionary(uniqueKeysWithValues: fieldNames.map { ($0, multipart.text($0) ?? "") })
        // The honeypot: people never see the field, robots fill it in. They are told it worked; nothing is kept.
        if !(multipart.text("website") ?? "").trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
            return pages.redirect(to: "/support/submitted")
        }
        let blank = { (name: String) -> String? in
            let value = (form[name] ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
            return value.isEmpty ? nil : value
        }
        let files = SupportUploads.read(multipart)
        let draft = TicketDraft(
            type: blank("type").flatMap(TicketType.init(rawValue:)) ?? .inquiry, channel: .web, subject: form["subject"], body: form["body"],
            customer: .init(name: form["customer_name"], phone: blank("customer_phone"), email: blank("customer_email")),
            orderID: try await orderID(number: blank("order_number"), context))
        guard files.problems.isEmpty else {
            return formPage(request, context, form: form, errors: draft.problems() + files.problems, filesDropped: true,
                            status: .unprocessableContent)
        }
        do {
            let ticket = try await services.tickets.submitWebForm(draft, uploads: files.uploads, address: context.address)
            var response = pages.redirect(to: "/support/submitted")
            response.setCookie(.init(name: Self.submittedCookie, value: ticket.number, maxAge: 600, path: "/support",
                                     secure: pages.secureCookies, httpOnly: true, sameSite: .lax))
            return response
        } catch ServiceError.validation(let errors) {
            return formPage(request, context, form: form, errors: errors, filesDropped: !files.uploads.isEmpty, status: .unprocessableContent)
        } catch ServiceError.throttled(let until) {
            let seconds = max(1, Int(until.timeIntervalSince(services.clock.now).rounded(.up)))
            var response = formPage(request, context, form: form, errors: [], throttledMinutes: (seconds + 59) / 60,
                                    status: .tooManyRequests)
            response.headers[.retryAfter] = "\(seconds)"
            return response
        }
    }

    /// The order a customer named, when there is one with exactly that number; otherwise none (the form does not
    /// tell strangers which order numbers exist).
    func orderID(number: String?, _ context: KefuRequestContext) async throws -> Int64? {
        guard let number else { return nil }
        let lookup = Principal(user: nil, channel: .system, address: context.address)
        return try await services.orders.list(OrderFilter(query: number), limit: 5, by: lookup).orders
            .first { $0.number.caseInsensitiveCompare(number) == .orderedSame }?.id
    }

    @Sendable func submitted(_ request: Request, context: KefuRequestContext) -> Response {
        let number = request.cookies[Self.submittedCookie]?.value.nilIfEmpty
        return render("submitted", titleKey: "support.submitted.title",
                      values: ["number": number as Any, "status_link": "/support/status" + (number.map { "?number=\($0)" } ?? "")],
                      request: request, context: context)
    }
}

extension String {
    /// nil for an empty string.
    var nilIfEmpty: String? { isEmpty ? nil : self }
}
