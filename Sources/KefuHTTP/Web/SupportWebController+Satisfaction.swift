import Foundation
import Hummingbird
import KefuDomain
import KefuServices

/// `/satisfaction/{token}`: the link sent after resolution (R-TKT-9). The customer rates 1–5 with an optional
/// comment, once; an unknown link is a 404.
extension SupportWebController {
    /// Five stars for 5, one for 1.
    static func stars(_ rating: Int) -> String {
        String(repeating: "★", count: max(0, min(5, rating))) + String(repeating: "☆", count: 5 - max(0, min(5, rating)))
    }

    /// The choices, best first: each a button that sends the form with its rating.
    func ratingChoices(_ context: KefuRequestContext) -> [[String: Any]] {
        (1...5).reversed().map { ["value": $0, "stars": Self.stars($0), "label": text("support.rate.\($0)", context)] }
    }

    @Sendable func satisfaction(_ request: Request, context: KefuRequestContext) async throws -> Response {
        let token = try context.parameters.require("token")
        guard let found = try await services.tickets.satisfaction(token: token) else { return ratingPage(request, context, token, ["not_found": true]) }
        if let rating = found.request.rating {
            return ratingPage(request, context, token, ["already": true, "rated": Self.stars(rating)])
        }
        return ratingPage(request, context, token, ["ticket": ["number": found.ticket.number, "subject": found.ticket.subject],
                                                    "ratings": ratingChoices(context)])
    }

    @Sendable func rate(_ request: Request, context: KefuRequestContext) async throws -> Response {
        let token = try context.parameters.require("token")
        var request = request
        let form = try await request.formFields(context: context)
        do {
            try await services.tickets.rate(token: token, rating: form["rating"].flatMap { Int($0) }, comment: form["comment"],
                                            address: context.address)
            return ratingPage(request, context, token, ["thanks": true])
        } catch ServiceError.notFound {
            return ratingPage(request, context, token, ["not_found": true])
        } catch ServiceError.conflict(let code, _) where code == "error.already_rated" {
            return ratingPage(request, context, token, ["already": true], status: .conflict)
        } catch ServiceError.validation(let errors) {
            guard let found = try await services.tickets.satisfaction(token: token) else { return ratingPage(request, context, token, ["not_found": true]) }
            return ratingPage(request, context, token, errorValues(errors, context) + [
                "ticket": ["number": found.ticket.number, "subject": found.ticket.subject], "ratings": ratingChoices(context),
                "comment": form["comment"] ?? "",
            ], status: .unprocessableContent)
        }
    }

    /// The rating page in one of its states: the form, thanks, already rated, or not found (always a 404).
    private func ratingPage(_ request: Request, _ context: KefuRequestContext, _ token: String, _ values: [String: Any],
                            status: HTTPResponse.Status = .ok) -> Response {
        let notFound = values["not_found"] != nil
        let path = "/satisfaction/" + (token.addingPercentEncoding(withAllowedCharacters: .alphanumerics.union(CharacterSet(charactersIn: "-_"))) ?? "")
        return render("satisfaction", titleKey: notFound ? "support.rate.not_found" : "support.rate.title", values: values + ["action": path],
                      request: request, context: context, back: path, status: notFound ? .notFound : status)
    }
}
