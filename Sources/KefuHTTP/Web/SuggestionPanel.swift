import Foundation
import KefuDomain
import KefuServices
import KefuStore

/// The suggestion panel of the ticket page (R-TKT-7): the classification, where it went, the decision with its reason,
/// whether the member was told, and the one form of the next step for those who may do it.
struct SuggestionPanel {
    let detail: TicketDetail
    let presenter: TicketPresenter
    let principal: Principal
    let categories: [TicketRepository.Category]
    let catalog: Catalog
    let timeZone: TimeZone
    let now: Date

    /// `["suggestion": …]` for a suggestion ticket, nothing for other types.
    var values: [String: Any] {
        guard detail.ticket.type == .suggestion else { return [:] }
        let ticket = detail.ticket
        let suggestion = detail.suggestion ?? Suggestion(ticketID: ticket.id, category: ticket.category, receivedAt: ticket.createdAt)
        let stage = suggestion.stage
        let manage = principal.can(.ticketsManage)
        let open = !ticket.stateCategory.isDone
        var values: [String: Any] = [
            "stage": presenter.text("suggestions.stage.\(stage.rawValue)"), "stage_code": stage.rawValue,
            "category": suggestion.category.map(categoryName) ?? "",
            "can_forward": manage && open && stage == .received,
            "can_notify": manage && stage == .decided,
            "must_tell": stage == .decided,
            "summary_link": principal.can(.reportsView),
        ]
        if let forwarding = suggestion.forwarding {
            values["forwarded"] = [
                "department": presenter.text("department.\(forwarding.department.rawValue)"), "request": forwarding.request,
                "due": presenter.formatter.string(forwarding.dueAt), "by": presenter.staff.name(forwarding.by),
                "at": presenter.formatter.string(forwarding.at),
            ]
        }
        if let verdict = suggestion.verdict {
            values["verdict"] = [
                "decision": presenter.text("suggestions.decision.\(verdict.decision.rawValue)"), "decision_code": verdict.decision.rawValue,
                "reason": verdict.reason, "by": presenter.staff.name(verdict.by), "at": presenter.formatter.string(verdict.at),
            ]
        }
        if let notice = suggestion.notice {
            values["notice"] = ["by": presenter.staff.name(notice.by), "at": presenter.formatter.string(notice.at), "by_reply": notice.messageID != nil]
        }
        if stage == .forwarded {
            let department = suggestion.forwarding?.department
            let may = SuggestionRules.mayDecide(permissions: principal.permissions, userDepartment: principal.user?.department, forwardedTo: department)
            values["can_decide"] = may
            values["decisions"] = presenter.options(SuggestionDecision.self, prefix: "suggestions.decision", selected: nil)
            if !may {
                values["awaiting_decision"] = presenter.text("suggestions.awaiting_decision",
                                                             ["department": department.map { presenter.text("department.\($0.rawValue)") } ?? ""])
            }
        }
        if stage == .received {
            values["categories"] = categories.filter { $0.parent == SuggestionRules.categoryParent }.map { category -> [String: Any] in
                ["value": category.code, "label": presenter.language == .en ? category.nameEN : category.name,
                 "selected": category.code == suggestion.category]
            }
            values["departments"] = presenter.options(Department.self, prefix: "department", selected: nil)
            values["due_default"] = LocalTimeInput.text(now.addingTimeInterval(3 * 86_400), timeZone: timeZone)
        }
        if stage == .decided { values["reply_draft"] = SuggestionReply.draft(detail, suggestion: suggestion, catalog: catalog) ?? "" }
        return ["suggestion": values]
    }

    func categoryName(_ code: String) -> String {
        categories.first { $0.code == code }.map { presenter.language == .en ? $0.nameEN : $0.name } ?? code
    }
}
