import Foundation

/// A callback added by hand (预约回访): the member asked to be called back at a time, or the agent wants to follow
/// something up. It waits in the agent's list like a generated one (R-CB-2), with rest hours and do-not-call
/// applied (R-CB-3).
public struct CallbackScheduleDraft: Sendable, Equatable {
    public var memberID: Int64?
    /// From when the call may be made; now when absent.
    public var notBefore: Date?
    /// By when; ``CallbackSettings/manualDays`` after `notBefore` when absent.
    public var dueBy: Date?
    /// Who calls; the member's own agent when absent, else the one adding it when they make calls.
    public var assigneeID: Int64?
    /// The order the call is about, if any.
    public var orderID: Int64?
    /// What to call about, for whoever makes the call.
    public var note: String?

    public static let noteLimit = 2_000

    public init(memberID: Int64? = nil, notBefore: Date? = nil, dueBy: Date? = nil, assigneeID: Int64? = nil, orderID: Int64? = nil,
                note: String? = nil) {
        self.memberID = memberID
        self.notBefore = notBefore
        self.dueBy = dueBy
        self.assigneeID = assigneeID
        self.orderID = orderID
        self.note = note
    }

    /// What is wrong with the draft as entered, field by field.
    public func problems() -> [FieldError] {
        var problems: [FieldError] = []
        if memberID == nil { problems.append(FieldError(field: "member_id", code: "error.required")) }
        if let notBefore, let dueBy, dueBy <= notBefore { problems.append(FieldError(field: "due_by", code: "error.due_before_start")) }
        if let note, note.count > Self.noteLimit {
            problems.append(FieldError(field: "note", code: "error.too_long", arguments: ["max": "\(Self.noteLimit)"]))
        }
        return problems
    }
}
