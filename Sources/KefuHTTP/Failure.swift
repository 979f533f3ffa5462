import Foundation
import Hummingbird
import KefuDomain
import KefuServices
import KefuStore

/// Errors that come from reading the request itself.
enum RequestError: Error {
    /// The body is not valid JSON / form data, or a value has the wrong type.
    case malformedBody(field: String?, detail: String)
    /// The body is larger than allowed.
    case tooLarge
    /// A query or path parameter is not usable.
    case badParameter(FieldError)
    /// The CSRF token is missing or wrong.
    case csrf
}

/// Any error, classified once into what the API and the web pages show for it.
struct Failure {
    var status: HTTPResponse.Status
    /// Catalog key of the title, e.g. `problem.validation`.
    var titleKey: String
    var detail: String?
    var fieldErrors: [FieldError] = []
    var headers: HTTPFields = [:]
    var currentVersion: Int64?
    var currentState: String?
    var allowedActions: [String]?

    init(_ error: any Error, clock: any Clock) {
        switch error {
        case let error as ServiceError:
            switch error {
            case .unauthenticated:
                self.init(status: .unauthorized, titleKey: "problem.unauthenticated")
                headers[.wwwAuthenticate] = "Bearer"
            case .badCredentials:
                self.init(status: .unauthorized, titleKey: "problem.bad_credentials")
            case .invalidState(let current, let allowed):
                self.init(status: .conflict, titleKey: "problem.invalid_state", detail: current)
                currentState = current
                allowedActions = allowed
            case .forbidden(let permission):
                self.init(status: .forbidden, titleKey: "problem.forbidden", detail: permission?.rawValue)
            case .notFound(let entity):
                self.init(status: .notFound, titleKey: "problem.not_found", detail: entity)
            case .validation(let errors):
                self.init(status: .unprocessableContent, titleKey: "problem.validation")
                fieldErrors = errors
            case .conflict(let code, let version):
                self.init(status: .conflict, titleKey: code)
                currentVersion = version
            case .throttled(let until):
                self.init(status: .tooManyRequests, titleKey: "problem.throttled")
                headers[.retryAfter] = "\(max(1, Int(until.timeIntervalSince(clock.now).rounded(.up))))"
            }
        case let error as RequestError:
            switch error {
            case .malformedBody(let field, let detail):
                self.init(status: .badRequest, titleKey: "problem.malformed")
                self.detail = detail
                if let field { fieldErrors = [FieldError(field: field, code: "error.wrong_type")] }
            case .tooLarge:
                self.init(status: .contentTooLarge, titleKey: "problem.too_large")
            case .badParameter(let fieldError):
                self.init(status: .badRequest, titleKey: "problem.bad_parameter")
                fieldErrors = [fieldError]
            case .csrf:
                self.init(status: .forbidden, titleKey: "problem.csrf")
            }
        case StoreError.staleVersion(_, _, let current):
            self.init(status: .conflict, titleKey: "error.stale_version")
            currentVersion = current
        case let error as HTTPError:
            switch error.status {
            case .notFound: self.init(status: .notFound, titleKey: "problem.not_found")
            case .methodNotAllowed: self.init(status: .methodNotAllowed, titleKey: "problem.method_not_allowed")
            case .contentTooLarge: self.init(status: .contentTooLarge, titleKey: "problem.too_large")
            case .badRequest: self.init(status: .badRequest, titleKey: "problem.malformed", detail: error.body)
            default: self.init(status: error.status, titleKey: "problem.internal")
            }
        default:
            self.init(status: .internalServerError, titleKey: "problem.internal")
        }
    }

    init(status: HTTPResponse.Status, titleKey: String, detail: String? = nil) {
        self.status = status
        self.titleKey = titleKey
        self.detail = detail
    }

    var isInternal: Bool { status == .internalServerError }

    /// The RFC 9457 document for the API.
    func problem(_ catalog: Catalog, _ language: Language) -> Problem {
        Problem(
            type: "urn:kefu:problem:" + titleKey.replacingOccurrences(of: "problem.", with: "").replacingOccurrences(of: "error.", with: ""),
            title: catalog.text(titleKey, language),
            status: Int(status.code),
            detail: detail,
            errors: fieldErrors.isEmpty ? nil : fieldErrors.map {
                Problem.FieldProblem(field: $0.field, code: $0.code, message: catalog.message(for: $0, language))
            },
            currentVersion: currentVersion,
            currentState: currentState,
            allowedActions: allowedActions
        )
    }
}
