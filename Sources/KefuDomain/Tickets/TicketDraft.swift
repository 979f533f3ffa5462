import Foundation

/// A ticket as an agent, a customer form, the mail gate or an integration sends it. Validation reports
/// every problem at once.
public struct TicketDraft: Codable, Equatable, Sendable {
    public struct Customer: Codable, Equatable, Sendable {
        public var name: String?
        public var phone: String?
        public var email: String?

        public init(name: String?, phone: String? = nil, email: String? = nil) {
            self.name = name
            self.phone = phone
            self.email = email
        }
    }

    public var type: TicketType?
    public var channel: TicketChannel?
    public var subject: String?
    public var body: String?
    public var customer: Customer?
    public var orderID: Int64?
    public var category: String?
    public var priority: TicketPriority?
    public var severity: TicketSeverity?
    /// For a service-attitude complaint: the agent it is about (R-TKT-6).
    public var aboutUserID: Int64?

    public init(type: TicketType?, channel: TicketChannel?, subject: String?, body: String?, customer: Customer?, orderID: Int64? = nil,
                category: String? = nil, priority: TicketPriority? = nil, severity: TicketSeverity? = nil, aboutUserID: Int64? = nil) {
        self.type = type
        self.channel = channel
        self.subject = subject
        self.body = body
        self.customer = customer
        self.orderID = orderID
        self.category = category
        self.priority = priority
        self.severity = severity
        self.aboutUserID = aboutUserID
    }

    static let maxSubject = 200
    static let maxBody = 100_000

    /// Every problem with the draft. A customer needs a name and a way to reach them (phone or email).
    public func problems() -> [FieldError] {
        var errors: [FieldError] = []
        let blank = { (text: String?) in (text ?? "").trimmingCharacters(in: .whitespacesAndNewlines).isEmpty }
        if type == nil { errors.append(FieldError(field: "type", code: "error.required")) }
        if channel == nil { errors.append(FieldError(field: "channel", code: "error.required")) }
        if blank(subject) {
            errors.append(FieldError(field: "subject", code: "error.required"))
        } else if let subject, subject.count > Self.maxSubject {
            errors.append(FieldError(field: "subject", code: "error.too_long", arguments: ["max": "\(Self.maxSubject)"]))
        }
        if blank(body) {
            errors.append(FieldError(field: "body", code: "error.required"))
        } else if let body, body.count > Self.maxBody {
            errors.append(FieldError(field: "body", code: "error.too_long", arguments: ["max": "\(Self.maxBody)"]))
        }
        if blank(customer?.name) { errors.append(FieldError(field: "customer.name", code: "error.required")) }
        if blank(customer?.phone) && blank(customer?.email) {
            errors.append(FieldError(field: "customer.phone", code: "error.contact_required"))
        }
        if let phone = customer?.phone, !blank(phone), !Self.isPhone(phone) {
            errors.append(FieldError(field: "customer.phone", code: "error.phone_format"))
        }
        if let email = customer?.email, !blank(email), !Self.isEmail(email) {
            errors.append(FieldError(field: "customer.email", code: "error.email_format"))
        }
        return errors
    }

    static func isPhone(_ text: String) -> Bool {
        let digits = text.filter { !" -+()".contains($0) }
        return (5...20).contains(digits.count) && digits.allSatisfy(\.isASCII) && digits.allSatisfy(\.isNumber)
    }

    static func isEmail(_ text: String) -> Bool {
        let parts = text.trimmingCharacters(in: .whitespaces).split(separator: "@", omittingEmptySubsequences: false)
        return parts.count == 2 && !parts[0].isEmpty && parts[1].contains(".") && !parts[1].hasPrefix(".") && !text.contains(" ")
    }
}
