import Foundation

/// A backlog item as the evening shift writes it, before it is saved (R-TKT-11). The order and ticket are given by
/// their numbers; the service checks they exist.
public struct NightBacklogDraft: Equatable, Sendable {
    public static let customerLimit = 100
    public static let numberLimit = 40
    public static let descriptionLimit = 2000
    public static let todoLimit = 1000
    public static let noteLimit = 1000

    /// The category's code (`carrier`, `after_sales`, `external`, `distribution`); anything else is an error.
    public var category: String?
    public var customerName: String?
    public var customerPhone: String?
    public var orderNumber: String?
    public var ticketNumber: String?
    public var description: String?
    public var todo: String?

    public init(category: String?, customerName: String?, customerPhone: String? = nil, orderNumber: String? = nil,
                ticketNumber: String? = nil, description: String?, todo: String?) {
        self.category = category
        self.customerName = customerName
        self.customerPhone = customerPhone
        self.orderNumber = orderNumber
        self.ticketNumber = ticketNumber
        self.description = description
        self.todo = todo
    }

    /// What is wrong, all at once, by field: category, customer, description and to-do are required; a phone,
    /// when given, must look like one.
    public var problems: [FieldError] {
        var problems: [FieldError] = []
        let category = Self.trimmed(category)
        if category.isEmpty { problems.append(FieldError(field: "category", code: "error.required")) }
        else if NightBacklogItem.Category(rawValue: category) == nil {
            problems.append(FieldError(field: "category", code: "error.unknown_value", arguments: ["value": category]))
        }
        Self.text(customerName, "customer_name", limit: Self.customerLimit, required: true, into: &problems)
        let phone = Self.trimmed(customerPhone)
        if !phone.isEmpty, !OrderDraft.isPhone(phone) { problems.append(FieldError(field: "customer_phone", code: "error.phone_format")) }
        Self.text(orderNumber, "order_number", limit: Self.numberLimit, required: false, into: &problems)
        Self.text(ticketNumber, "ticket_number", limit: Self.numberLimit, required: false, into: &problems)
        Self.text(description, "description", limit: Self.descriptionLimit, required: true, into: &problems)
        Self.text(todo, "todo", limit: Self.todoLimit, required: true, into: &problems)
        return problems
    }

    /// The order number as typed, trimmed and upper-cased (`o-20261123-0001` is that order), or nil when blank.
    public var orderReference: String? { Self.blankIsNil(orderNumber)?.uppercased() }
    public var ticketReference: String? { Self.blankIsNil(ticketNumber)?.uppercased() }

    /// The item to save (id 0, open), text trimmed and blanks made absent. Call only when ``problems`` is empty.
    public func item(orderID: Int64?, ticketID: Int64?, recordedBy: Int64?, at now: Date) -> NightBacklogItem {
        NightBacklogItem(
            id: 0, category: NightBacklogItem.Category(rawValue: Self.trimmed(category)) ?? .carrier, customerName: Self.trimmed(customerName),
            customerPhone: Self.blankIsNil(customerPhone), orderID: orderID, orderNumber: orderID == nil ? nil : orderReference,
            ticketID: ticketID, ticketNumber: ticketID == nil ? nil : ticketReference, description: Self.trimmed(description),
            todo: Self.trimmed(todo), recordedBy: recordedBy, recordedAt: now)
    }

    /// The receipt note or the result, checked: the result is required, the note is not; both have a limit.
    public static func closingProblems(_ text: String?, field: String, required: Bool) -> [FieldError] {
        var problems: [FieldError] = []
        Self.text(text, field, limit: noteLimit, required: required, into: &problems)
        return problems
    }

    static func text(_ value: String?, _ field: String, limit: Int, required: Bool, into problems: inout [FieldError]) {
        let value = trimmed(value)
        if value.isEmpty, required { problems.append(FieldError(field: field, code: "error.required")) }
        else if value.count > limit { problems.append(FieldError(field: field, code: "error.too_long", arguments: ["max": "\(limit)"])) }
    }

    public static func trimmed(_ text: String?) -> String { (text ?? "").trimmingCharacters(in: .whitespacesAndNewlines) }

    public static func blankIsNil(_ text: String?) -> String? { trimmed(text).isEmpty ? nil : trimmed(text) }
}

/// Which backlog items to list (R-TKT-11): by category, state and the day they were recorded.
public struct NightBacklogFilter: Equatable, Sendable {
    public var category: NightBacklogItem.Category?
    public var state: NightBacklogItem.State?
    /// Recorded at or after this instant.
    public var recordedFrom: Date?
    /// Recorded before this instant.
    public var recordedBefore: Date?

    public init(category: NightBacklogItem.Category? = nil, state: NightBacklogItem.State? = nil, recordedFrom: Date? = nil,
                recordedBefore: Date? = nil) {
        self.category = category
        self.state = state
        self.recordedFrom = recordedFrom
        self.recordedBefore = recordedBefore
    }

    /// Business days `from`…`to` (both included) in `timeZone` as a filter's instants; either end may be open.
    public static func instants(from: LocalDate?, to: LocalDate?, timeZone: TimeZone) -> (from: Date?, before: Date?) {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        func start(_ day: LocalDate) -> Date { calendar.date(from: DateComponents(year: day.year, month: day.month, day: day.day))! }
        return (from.map(start), to.map { start($0.adding(days: 1)) })
    }

    /// The morning shift's view: what is still open from last night. The evening shift registers its items before
    /// 23:30 (seed 003), so "last night" is everything recorded since the start of the previous business day.
    public static func lastNight(now: Date, timeZone: TimeZone) -> (from: LocalDate, to: LocalDate) {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        let parts = calendar.dateComponents([.year, .month, .day], from: now)
        let today = LocalDate(year: parts.year!, month: parts.month!, day: parts.day!)!
        return (today.adding(days: -1), today)
    }
}
