/// Where an order is in its life. Holds are separate (an approved order can be held without losing its place).
public enum OrderStatus: String, Codable, CaseIterable, Sendable {
    /// Entered, waiting for a second person to review it (R-ORD-4).
    case pendingReview = "pending_review"
    /// Sent back to the person responsible with a reason.
    case rejected
    case approved
    case shipped
    case delivered
    case completed
    case archived
    case cancelled
}

/// Something that can be done to an order.
public enum OrderAction: String, Codable, CaseIterable, Sendable {
    case approve, reject, resubmit, hold, release, ship, deliver, complete, archive, cancel
}

/// Why an action cannot be done now: the state it met and what could be done instead.
public struct IllegalTransition: Error, Equatable, Sendable {
    public var current: OrderStatus
    public var held: Bool
    public var action: OrderAction
    public var allowed: [OrderAction]
}

/// The order state machine: pure, exhaustively tested.
public enum OrderStateMachine {
    /// The actions possible from `status`, given whether the order is on hold.
    public static func allowed(from status: OrderStatus, held: Bool) -> [OrderAction] {
        var actions: [OrderAction]
        switch status {
        case .pendingReview: actions = [.approve, .reject, .cancel]
        case .rejected: actions = [.resubmit, .cancel]
        case .approved: actions = [.ship, .cancel]
        case .shipped: actions = [.deliver]
        case .delivered: actions = [.complete]
        case .completed: actions = [.archive]
        case .archived, .cancelled: actions = []
        }
        if [.pendingReview, .approved, .rejected].contains(status) {
            if held {
                // A held order waits: it may be released or cancelled, nothing moves it forward.
                actions = [.release] + actions.filter { $0 == .cancel }
            } else {
                actions.append(.hold)
            }
        }
        return actions
    }

    /// The status and hold flag after `action`, or why it is not possible.
    public static func apply(_ action: OrderAction, to status: OrderStatus, held: Bool) -> Result<(OrderStatus, Bool), IllegalTransition> {
        let allowed = allowed(from: status, held: held)
        guard allowed.contains(action) else {
            return .failure(IllegalTransition(current: status, held: held, action: action, allowed: allowed))
        }
        switch action {
        case .approve: return .success((.approved, held))
        case .reject: return .success((.rejected, held))
        case .resubmit: return .success((.pendingReview, held))
        case .hold: return .success((status, true))
        case .release: return .success((status, false))
        case .ship: return .success((.shipped, held))
        case .deliver: return .success((.delivered, held))
        case .complete: return .success((.completed, held))
        case .archive: return .success((.archived, held))
        case .cancel: return .success((.cancelled, false))
        }
    }
}
