import Foundation

/// What a department decided about a member's suggestion (R-TKT-7).
public enum SuggestionDecision: String, Codable, CaseIterable, Sendable {
    case adopted
    /// Taken up in part, or later (in a coming season, the next version of the app…).
    case partlyAdopted = "partly_adopted"
    case notAdopted = "not_adopted"

    /// Whether it counts towards the adoption rate.
    public var isAdopted: Bool { self != .notAdopted }
}

/// How far a suggestion has come (R-TKT-7): received (not yet classified and forwarded), forwarded to a
/// department for evaluation, decided by the department, and the member told. Nothing can be skipped.
public enum SuggestionStage: String, Codable, CaseIterable, Sendable {
    case received, forwarded, decided, told

    /// The stage reached by the steps done so far.
    public static func reached(forwarded: Bool, decided: Bool, told: Bool) -> SuggestionStage {
        told ? .told : decided ? .decided : forwarded ? .forwarded : .received
    }
}

/// The actions that move a suggestion on, one per stage.
public enum SuggestionAction: String, Codable, CaseIterable, Sendable {
    case forward, decide, notify
}

/// A suggestion ticket's evaluation (R-TKT-7): its classification, where it was forwarded, the decision with
/// its reason, and when the member was told. The ticket's own owner keeps the ticket throughout.
public struct Suggestion: Equatable, Sendable {
    /// The hand-off that asked the department to evaluate it (R-TKT-3).
    public struct Forwarding: Equatable, Sendable {
        public var handoffID: Int64
        public var department: Department
        public var request: String
        public var dueAt: Date
        public var by: Int64?
        public var at: Date

        public init(handoffID: Int64, department: Department, request: String, dueAt: Date, by: Int64?, at: Date) {
            self.handoffID = handoffID
            self.department = department
            self.request = request
            self.dueAt = dueAt
            self.by = by
            self.at = at
        }
    }

    /// The department's decision: never without a reason (for an adopted one, how it will be done).
    public struct Verdict: Equatable, Sendable {
        public var decision: SuggestionDecision
        public var reason: String
        public var by: Int64?
        public var at: Date

        public init(decision: SuggestionDecision, reason: String, by: Int64?, at: Date) {
            self.decision = decision
            self.reason = reason
            self.by = by
            self.at = at
        }
    }

    /// That the member was told, by whom and when; the reply message when it was sent through the ticket.
    public struct Notice: Equatable, Sendable {
        public var by: Int64?
        public var at: Date
        public var messageID: Int64?

        public init(by: Int64?, at: Date, messageID: Int64?) {
            self.by = by
            self.at = at
            self.messageID = messageID
        }
    }

    public var ticketID: Int64
    /// The suggestion category: a child of the `suggestion` ticket category (product, service, delivery…).
    public var category: String?
    /// When the suggestion reached us (the ticket's creation).
    public var receivedAt: Date
    public var forwarding: Forwarding?
    public var verdict: Verdict?
    public var notice: Notice?

    public init(ticketID: Int64, category: String?, receivedAt: Date, forwarding: Forwarding? = nil, verdict: Verdict? = nil,
                notice: Notice? = nil) {
        self.ticketID = ticketID
        self.category = category
        self.receivedAt = receivedAt
        self.forwarding = forwarding
        self.verdict = verdict
        self.notice = notice
    }

    public var stage: SuggestionStage { .reached(forwarded: forwarding != nil, decided: verdict != nil, told: notice != nil) }
}

/// Why a suggestion action cannot be done now: the stage it met and what can be done instead.
public struct IllegalSuggestionStep: Error, Equatable, Sendable {
    public var current: SuggestionStage
    public var action: SuggestionAction
    public var allowed: [SuggestionAction]

    public init(current: SuggestionStage, action: SuggestionAction, allowed: [SuggestionAction]) {
        self.current = current
        self.action = action
        self.allowed = allowed
    }
}

/// The pure rules of R-TKT-7.
public enum SuggestionRules {
    /// The parent of the ticket categories that classify suggestions.
    public static let categoryParent = "suggestion"
    public static let requestLimit = 2000
    public static let reasonLimit = 2000

    /// The one action that moves a suggestion on from `stage`.
    public static func allowed(from stage: SuggestionStage) -> [SuggestionAction] {
        switch stage {
        case .received: [.forward]
        case .forwarded: [.decide]
        case .decided: [.notify]
        case .told: []
        }
    }

    /// Nil when `action` may be done at `stage`, else why not.
    public static func check(_ action: SuggestionAction, at stage: SuggestionStage) -> IllegalSuggestionStep? {
        allowed(from: stage).contains(action) ? nil : IllegalSuggestionStep(current: stage, action: action, allowed: allowed(from: stage))
    }

    /// What still has to happen before the ticket may be resolved: a forwarded suggestion waits for its decision, a
    /// decided one for the member to be told. Nil when nothing blocks (never forwarded, or the member was told).
    public static func resolutionBlocker(_ stage: SuggestionStage) -> SuggestionAction? {
        switch stage {
        case .forwarded: .decide
        case .decided: .notify
        case .received, .told: nil
        }
    }

    /// The decision's problems: a known decision and a reason are both required, all at once.
    public static func decisionProblems(decision: String?, reason: String?) -> [FieldError] {
        var problems: [FieldError] = []
        let decisionText = trimmed(decision)
        if decisionText.isEmpty {
            problems.append(FieldError(field: "decision", code: "error.required"))
        } else if SuggestionDecision(rawValue: decisionText) == nil {
            problems.append(FieldError(field: "decision", code: "error.unknown_value"))
        }
        let reasonText = trimmed(reason)
        if reasonText.isEmpty {
            problems.append(FieldError(field: "reason", code: "error.reason_required"))
        } else if reasonText.count > reasonLimit {
            problems.append(FieldError(field: "reason", code: "error.too_long", arguments: ["max": "\(reasonLimit)"]))
        }
        return problems
    }

    /// Whether someone may record the decision on a suggestion forwarded to `department`: whoever approves
    /// (supervisors, managers), or a department member of that very department seeing work handed to it.
    public static func mayDecide(permissions: Set<Permission>, userDepartment: Department?, forwardedTo department: Department?) -> Bool {
        if permissions.contains(.ticketsApprove) { return true }
        guard permissions.contains(.handoffsView), let userDepartment else { return false }
        return userDepartment == department
    }

    /// The language to answer a customer in: Chinese when what they wrote has Chinese characters, else English.
    public static func customerLanguage(of text: String) -> Language {
        text.unicodeScalars.contains { (0x4E00...0x9FFF).contains($0.value) } ? .zhHans : .en
    }

    static func trimmed(_ text: String?) -> String { (text ?? "").trimmingCharacters(in: .whitespacesAndNewlines) }
}
