import Foundation

/// The complaint closed loop of R-TKT-5 as a pure state machine. Each stage is reached by exactly one
/// action from the stage before it; nothing can be skipped. The validity judgement may close an invalid
/// complaint (with the explanation given to the customer); a supervisor may send a proposed solution
/// back for more investigation.
public enum ComplaintStage: String, Codable, CaseIterable, Sendable {
    /// Created, not yet formally accepted.
    case received
    case accepted, judged, classified, assigned, investigated, proposed, approved, implemented, confirmed
    case followedUp = "followed_up"
    case archived
    /// Judged invalid, explained to the customer and closed.
    case closedInvalid = "closed_invalid"

    public var isFinal: Bool { self == .archived || self == .closedInvalid }
}

/// The actions of the loop, as they appear in `POST /api/v1/tickets/{id}/complaint/{stage}`.
public enum ComplaintAction: String, Codable, CaseIterable, Sendable {
    case accept, judge, classify, assign, investigate, propose, approve, implement, confirm
    case followUp = "follow-up"
    case archive
}

/// Why a complaint action cannot be done now: the stage it met and what can be done instead.
public struct IllegalComplaintStep: Error, Equatable, Sendable {
    public var current: ComplaintStage
    public var action: ComplaintAction
    public var allowed: [ComplaintAction]
}

public enum ComplaintLoop {
    /// The one action that moves a complaint on from `stage` (none at the end).
    public static func allowed(from stage: ComplaintStage) -> [ComplaintAction] {
        switch stage {
        case .received: [.accept]
        case .accepted: [.judge]
        case .judged: [.classify]
        case .classified: [.assign]
        case .assigned: [.investigate]
        case .investigated: [.propose]
        case .proposed: [.approve]
        case .approved: [.implement]
        case .implemented: [.confirm]
        case .confirmed: [.followUp]
        case .followedUp: [.archive]
        case .archived, .closedInvalid: []
        }
    }

    /// The stage after `action`. `valid` is the judgement (only for `judge`); `approved` the supervisor's
    /// decision (only for `approve`: a refused solution goes back to `investigated`).
    public static func apply(_ action: ComplaintAction, to stage: ComplaintStage, valid: Bool = true, approved: Bool = true)
        -> Result<ComplaintStage, IllegalComplaintStep>
    {
        guard allowed(from: stage).contains(action) else {
            return .failure(IllegalComplaintStep(current: stage, action: action, allowed: allowed(from: stage)))
        }
        switch action {
        case .accept: return .success(.accepted)
        case .judge: return .success(valid ? .judged : .closedInvalid)
        case .classify: return .success(.classified)
        case .assign: return .success(.assigned)
        case .investigate: return .success(.investigated)
        case .propose: return .success(.proposed)
        case .approve: return .success(approved ? .approved : .investigated)
        case .implement: return .success(.implemented)
        case .confirm: return .success(.confirmed)
        case .followUp: return .success(.followedUp)
        case .archive: return .success(.archived)
        }
    }

    /// The ticket state category a complaint is in at `stage`: resolved once the customer confirmed the
    /// remedy, closed when archived or judged invalid.
    public static func category(of stage: ComplaintStage) -> TicketStateCategory? {
        switch stage {
        case .confirmed, .followedUp: .resolved
        case .archived, .closedInvalid: .closed
        default: nil
        }
    }

    /// What each action must carry, as field names of its request body.
    public static func requiredFields(for action: ComplaintAction, valid: Bool = true, approved: Bool = true) -> [String] {
        switch action {
        case .accept: ["demand"]
        case .judge: valid ? [] : ["explanation"]
        case .classify: ["category", "severity"]
        case .assign: ["department"]
        case .investigate: ["evidence", "root_cause"]
        case .propose: ["solution"]
        case .approve: approved ? [] : ["reason"]
        case .implement: ["remedy", "detail"]
        case .confirm: ["confirmation"]
        case .followUp: ["outcome"]
        case .archive: []
        }
    }
}

/// How a complaint was put right (R-TKT-5 "implemented (replace, refund, compensate)").
public enum ComplaintRemedy: String, Codable, CaseIterable, Sendable {
    case replace, refund, compensate, repair, apologise, other
}
