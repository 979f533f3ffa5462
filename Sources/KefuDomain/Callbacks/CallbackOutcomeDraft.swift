import Foundation

/// What the agent records when the member was reached (R-CB-2): how they felt, what they suggest, and whether a
/// ticket is to be opened. An unsatisfied member always gets a ticket: a complaint unless an improvement
/// (suggestion) is asked for.
public struct CallbackOutcomeDraft: Equatable, Sendable {
    public static let suggestionsLimit = 2000
    /// The ticket types an outcome may open.
    public static let ticketTypes: [TicketType] = [.complaint, .suggestion]

    public var outcome: CallbackOutcome?
    public var suggestions: String?
    /// The type of ticket asked for, as sent (checked against ``ticketTypes``).
    public var ticketType: String?

    public init(outcome: CallbackOutcome?, suggestions: String? = nil, ticketType: String? = nil) {
        self.outcome = outcome
        self.suggestions = suggestions
        self.ticketType = ticketType
    }

    /// The suggestions, trimmed; nil when blank.
    public var trimmedSuggestions: String? {
        let text = (suggestions ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        return text.isEmpty ? nil : text
    }

    /// The ticket to open: the one asked for, else a complaint for an unsatisfied member, else none.
    public var ticketToOpen: TicketType? {
        if let ticketType, let type = TicketType(rawValue: ticketType), Self.ticketTypes.contains(type) { return type }
        return outcome == .unsatisfied ? .complaint : nil
    }

    /// Everything wrong, at once. A ticket needs the member's words: suggestions are then required.
    public var problems: [FieldError] {
        var problems: [FieldError] = []
        if outcome == nil { problems.append(FieldError(field: "outcome", code: "error.required")) }
        if let ticketType, !Self.ticketTypes.map(\.rawValue).contains(ticketType) {
            problems.append(FieldError(field: "ticket.type", code: "error.unknown_value"))
        }
        let suggestions = trimmedSuggestions
        if let suggestions, suggestions.count > Self.suggestionsLimit {
            problems.append(FieldError(field: "suggestions", code: "error.too_long", arguments: ["max": "\(Self.suggestionsLimit)"]))
        }
        if suggestions == nil, outcome != nil, ticketToOpen != nil {
            problems.append(FieldError(field: "suggestions", code: "error.callback_suggestions_for_ticket"))
        }
        return problems
    }
}

extension Callback {
    /// The callback once the member was reached: done now, with the outcome and suggestions.
    public func completed(_ outcome: CallbackOutcome, suggestions: String?, at now: Date, by user: Int64?) -> Callback {
        var done = self
        done.state = .done
        done.outcome = outcome
        done.suggestions = suggestions
        done.completedAt = now
        done.completedBy = user
        done.nextAttemptAt = nil
        done.needsNumber = false
        if done.assigneeID == nil { done.assigneeID = user }
        return done
    }
}
