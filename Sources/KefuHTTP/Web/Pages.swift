import Foundation
import Hummingbird
import KefuDomain
import Mustache

/// Renders server-side pages: one layout, per-language messages, navigation per permission, CSRF token, flash.
struct Pages: Sendable {
    let library: MustacheLibrary
    let catalog: Catalog
    let secureCookies: Bool

    static let flashCookie = "kefu_flash"

    static func load(catalog: Catalog, secureCookies: Bool) async throws -> Pages {
        let directory = KefuResources.url("templates").path
        return Pages(library: try await MustacheLibrary(directory: directory), catalog: catalog, secureCookies: secureCookies)
    }

    /// A full page. `values` are the template's own; the layout's come from the request.
    func render(
        _ template: String, titleKey: String, values: [String: Any] = [:], request: Request, context: KefuRequestContext,
        status: HTTPResponse.Status = .ok, area: String? = nil
    ) -> Response {
        let language = context.language
        var all = values
        all["title"] = catalog.text(titleKey, language)
        all["lang"] = language.rawValue
        all["other_lang"] = language == .zhHans ? Language.en.rawValue : Language.zhHans.rawValue
        all["other_lang_label"] = catalog.text(language == .zhHans ? "language.en" : "language.zh-Hans", language)
        all["csrf"] = context.session?.csrfToken ?? ""
        all["path"] = request.uri.path
        if let user = context.principal?.user {
            all["me"] = [
                "display_name": user.displayName, "login": user.login,
                "role": catalog.text("role.\(user.role.rawValue)", language),
            ]
            all["nav"] = NavigationArea.visible(to: user.permissions).map { area_ -> [String: Any] in
                var item: [String: Any] = [
                    "href": area_.path, "label": catalog.text("nav.\(area_.key)", language),
                    "current": area_.key == area, "shortcut": String(area_.shortcut),
                ]
                if let badge = context.navigationBadges[area_.key], badge > 0 { item["badge"] = badge }
                return item
            }
        }
        var clearFlash = false
        if let key = request.cookies[Self.flashCookie]?.value, catalog.has(key) {
            all["flash"] = catalog.text(key, language)
            clearFlash = true
        }
        // The messages go in after compacting: they have no empty values, and walking a thousand of them per page cost a sixth of it.
        var page = Self.compacted(all)
        page["t"] = catalog.table(for: language)
        let html = library.render(page, withTemplate: template) ?? "template \(template) missing"
        var response = Response(
            status: status, headers: [.contentType: "text/html; charset=utf-8", .cacheControl: "no-store"],
            body: .init(byteBuffer: ByteBuffer(string: html))
        )
        if clearFlash {
            response.setCookie(.init(name: Self.flashCookie, value: "", maxAge: 0, path: "/", secure: secureCookies, httpOnly: true, sameSite: .lax))
        }
        return response
    }

    /// Drops empty strings and absent optionals (recursively) so that `{{#value}}…{{/value}}` means "when there
    /// is a value": swift-mustache treats both as truthy.
    static func compacted(_ values: [String: Any]) -> [String: Any] {
        var result: [String: Any] = [:]
        result.reserveCapacity(values.count)
        for (key, value) in values {
            switch value {
            case let text as String: if !text.isEmpty { result[key] = text }
            case let nested as [String: Any]: result[key] = compacted(nested)
            case let list as [[String: Any]]: result[key] = list.map(compacted)
            // An absent optional put in as `Any` is still a value to Mustache; leave it out.
            case let optional as any AnyOptional:
                guard let wrapped = optional.wrappedValue else { continue }
                result[key] = compacted(["_": wrapped])["_"]
            default: result[key] = value
            }
        }
        return result
    }

    /// A 303 redirect, optionally leaving a flash message (a catalog key) for the next page.
    func redirect(to location: String, flash: String? = nil) -> Response {
        var response = Response(status: .seeOther, headers: [.location: location])
        if let flash {
            response.setCookie(.init(name: Self.flashCookie, value: flash, maxAge: 60, path: "/", secure: secureCookies, httpOnly: true, sameSite: .lax))
        }
        return response
    }

    /// Field errors as the templates show them: `errors.<field>` → message, plus a list.
    func errorValues(_ errors: [FieldError], _ language: Language) -> [String: Any] {
        var byField: [String: String] = [:]
        for error in errors where byField[error.field] == nil {
            byField[error.field] = catalog.message(for: error, language)
        }
        return [
            "errors": byField,
            "error_list": errors.map { ["field": $0.field, "message": catalog.message(for: $0, language)] },
            "has_errors": !errors.isEmpty,
        ]
    }
}

/// An optional seen through `Any`, without reflection.
private protocol AnyOptional {
    var wrappedValue: Any? { get }
}

extension Optional: AnyOptional {
    var wrappedValue: Any? { self.map { $0 as Any } }
}
