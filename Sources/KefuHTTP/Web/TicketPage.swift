import Foundation
import KefuDomain
import KefuServices
import KefuStore

/// The values of `tickets/show`: the header, clocks, conversation, hand-offs, the forms this person may use,
/// and the complaint loop with the form for its one next step (R-TKT-5).
struct TicketPage {
    let detail: TicketDetail
    let presenter: TicketPresenter
    let principal: Principal
    let categories: [TicketRepository.Category]
    let timeZone: TimeZone
    let now: Date

    var values: [String: Any] {
        let ticket = detail.ticket
        let manage = principal.can(.ticketsManage)
        let done = ticket.stateCategory.isDone
        let complaint = ticket.type == .complaint
        var values: [String: Any] = [
            "ticket": header(ticket),
            "clocks": presenter.clocks(detail.clocks), "has_clocks": !detail.clocks.isEmpty,
            "messages": presenter.messages(detail.messages),
            "handoffs": presenter.handoffs(detail.handoffs), "has_handoffs": !detail.handoffs.isEmpty,
            "can_manage": manage, "can_answer": manage || principal.can(.handoffsView),
            "can_reply": manage && !done, "can_note": manage,
            "can_resolve": manage && !complaint && !done, "can_close": manage && !complaint && ticket.stateCategory == .resolved,
            "can_reopen": manage && !complaint && done, "can_handoff": manage && !done, "can_set_state": manage && !done,
            "departments": presenter.options(Department.self, prefix: "department", selected: nil),
            "assignees": presenter.staff.assignable(excluding: ticket.aboutUserID, selected: ticket.assigneeID),
            "work_states": detail.states.filter { $0.category == .open || $0.category == .pending }.map { state -> [String: Any] in
                ["value": state.code, "label": presenter.stateName(state.code), "selected": state.code == ticket.state]
            },
            "due_default": LocalTimeInput.text(now.addingTimeInterval(2 * 3600), timeZone: timeZone),
            "time_zone": timeZone.identifier,
        ]
        if complaint, let stage = ticket.complaintStage { values["complaint"] = loop(stage) }
        return values
    }

    func header(_ ticket: Ticket) -> [String: Any] {
        let category = categories.first { $0.code == ticket.category }
        return [
            "id": ticket.id, "number": ticket.number, "version": ticket.version, "subject": ticket.subject,
            "type": presenter.text("ticket_type.\(ticket.type.rawValue)"), "type_code": ticket.type.rawValue,
            "channel": presenter.text("ticket_channel.\(ticket.channel.rawValue)"),
            "state": presenter.stateName(ticket.state), "state_code": ticket.state, "state_category": ticket.stateCategory.rawValue,
            "severity": presenter.text("ticket_severity.\(ticket.severity.rawValue)"), "severity_code": ticket.severity.rawValue,
            "priority": presenter.text("ticket_priority.\(ticket.priority.rawValue)"),
            "owner": presenter.staff.name(ticket.ownerID), "assignee": presenter.staff.name(ticket.assigneeID),
            "department": ticket.department.map { presenter.text("department.\($0.rawValue)") } ?? "",
            "category": category.map { presenter.language == .en ? $0.nameEN : $0.name } ?? (ticket.category ?? ""),
            "customer": ["name": ticket.customer.name, "phone": presenter.phone(ticket.customer), "email": ticket.customer.email ?? ""],
            "created_at": presenter.formatter.string(ticket.createdAt),
            "sla_state": ticket.slaState?.rawValue ?? "", "sla_label": ticket.slaState.map { presenter.text("tickets.sla.\($0.rawValue)") } ?? "",
            "follow_up_due": ticket.followUpDueAt.map(presenter.formatter.string) ?? "",
        ]
    }

    // MARK: The complaint loop

    func loop(_ stage: ComplaintStage) -> [String: Any] {
        let order = ComplaintStage.allCases.filter { $0 != .closedInvalid }
        let reached = order.firstIndex(of: stage) ?? order.count
        var values: [String: Any] = [
            "stage": presenter.text("tickets.stage.\(stage.rawValue)"), "stage_code": stage.rawValue, "final": stage.isFinal,
            "stages": order.enumerated().map { index, item -> [String: Any] in
                ["label": presenter.text("tickets.stage.\(item.rawValue)"), "done": index < reached, "current": item == stage]
            },
            "steps": detail.complaintSteps.map { step -> [String: Any] in
                [
                    "action": presenter.text("tickets.step.\(step.action.rawValue)"), "stage": presenter.text("tickets.stage.\(step.stage.rawValue)"),
                    "by": step.byName ?? presenter.staff.name(step.byID), "at": presenter.formatter.string(step.at),
                    "details": step.details.sorted { $0.key < $1.key }.map { key, value -> [String: Any] in
                        ["label": presenter.text("tickets.field.\(key)"), "value": detailValue(key, value)]
                    },
                ]
            },
        ]
        if let next = ComplaintLoop.allowed(from: stage).first {
            let may = principal.can(next == .approve ? .ticketsApprove : .ticketsManage)
            values["next"] = [
                "step": next.rawValue, "label": presenter.text("tickets.step.\(next.rawValue)"),
                "help": presenter.text("tickets.step_help.\(next.rawValue)"),
                "judge": next == .judge, "approve": next == .approve, "fields": fields(for: next),
            ] as [String: Any]
            values["can_step"] = may
            values["awaiting_approval"] = next == .approve && !may
        }
        return values
    }

    /// The inputs of a step: what `ComplaintLoop.requiredFields` asks for, whichever way the decision goes.
    func fields(for action: ComplaintAction) -> [[String: Any]] {
        let names = ComplaintLoop.requiredFields(for: action, valid: false, approved: false)
        return names.map { name -> [String: Any] in
            var field: [String: Any] = ["name": name, "label": presenter.text("tickets.field.\(name)")]
            switch name {
            case "category": field["groups"] = presenter.categoryGroups(categories.filter { $0.code == "complaint" || $0.parent == "complaint" },
                                                                        selected: detail.ticket.category)
            case "severity": field["options"] = presenter.options(TicketSeverity.self, prefix: "ticket_severity", selected: detail.ticket.severity.rawValue)
            case "department": field["options"] = presenter.options(Department.self, prefix: "department", selected: nil)
            case "remedy": field["options"] = presenter.options(ComplaintRemedy.self, prefix: "tickets.remedy", selected: nil)
            default: field["text"] = true
            }
            field["select"] = field["text"] == nil
            field["optional"] = (action == .judge && name == "explanation") || (action == .approve && name == "reason")
            return field
        }
    }

    func detailValue(_ key: String, _ value: String) -> String {
        switch key {
        case "severity": presenter.label("ticket_severity.\(value)", fallback: value)
        case "department": presenter.label("department.\(value)", fallback: value)
        case "remedy": presenter.label("tickets.remedy.\(value)", fallback: value)
        case "category": categories.first { $0.code == value }.map { presenter.language == .en ? $0.nameEN : $0.name } ?? value
        default: value
        }
    }
}
