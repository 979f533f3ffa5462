import Foundation
import Hummingbird
import KefuDomain
import KefuServices

/// `/callbacks`: the agent's callback screen (R-CB-1…4). Today's calls in order — callable now, then "not before
/// 14:00" — then the overdue ones marked, the email and SMS tasks of members who are not called, the callbacks whose
/// window opens after today (those added by hand for a later day among them), and the quota bar; supervisors pick
/// whose list to see and get the team's progress. Each task opens `/callbacks/{id}`.
struct CallbackWebController {
    let services: Services
    let pages: Pages

    func addRoutes(to router: Router<KefuRequestContext>) {
        router.get("callbacks", use: index)
        router.get("callbacks/report", use: report)
        router.get("callbacks/:id", use: show)
        router.post("callbacks/:id/attempts", use: attempt)
        router.post("callbacks/:id/outcome", use: outcome)
    }

    /// A callback's values for the templates.
    func row(_ listing: CallbackListing, _ principal: Principal, _ language: Language, now: Date) -> [String: Any] {
        let entry = listing.entry, callback = listing.entry.callback
        let text = { (key: String) in pages.catalog.text(key, language) }
        let formatter = TimeFormatter(language: language, timeZone: services.timeZone)
        let phone = entry.contact.phone.map { principal.can(.piiView) ? $0 : PII.maskPhone($0) }
        return [
            "id": callback.id, "reason": text("callbacks.reason.\(callback.reason.rawValue)"),
            "occasion": callback.occasion.map { text("callbacks.occasion.\($0.rawValue)") } as Any, "occasion_on": callback.occasionOn?.description as Any,
            "name": entry.contact.name, "phone": phone as Any, "channel": text("callbacks.channel.\(entry.channel.rawValue)"),
            "written": entry.channel != .phone, "due_by": formatter.string(callback.dueBy), "callable": listing.availability.callableNow,
            "not_before": listing.availability.from.map { CallbackJSON.local($0, now: now, timeZone: services.timeZone) } as Any,
            "wait": listing.availability.wait.map { text("callbacks.wait.\($0.rawValue)") } as Any, "overdue": listing.overdue,
            "order_number": entry.orderNumber as Any, "order_id": callback.orderID as Any, "source_ticket_number": entry.sourceTicketNumber as Any,
            "source_ticket_id": callback.sourceTicketID as Any, "assignee": entry.assigneeName ?? text("callbacks.unassigned"),
            "state": text("callbacks.state.\(callback.state.rawValue)"), "failed_attempts": callback.failedAttempts,
        ]
    }

    /// The quota of one agent as the progress bar shows it.
    static func quotaValues(_ quota: CallbackQuota) -> [String: Any] {
        ["done": quota.done, "target": quota.target, "percent": quota.percent, "reached": quota.reached, "open": quota.open,
         "name": quota.agentName ?? "", "agent_id": quota.agentID ?? 0]
    }

    @Sendable func index(_ request: Request, context: KefuRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        try principal.require(.callbacksView)
        let language = context.language
        let supervises = principal.can(.reportsView)
        // Whose list: one's own; supervisors may pick an agent or everyone.
        var assignee = principal.user?.id
        let picked = request.uri.queryParameters["assignee"].map(String.init)
        if supervises, let picked {
            assignee = picked == "all" ? nil : Int64(picked) ?? assignee
        }
        let mine = CallbackFilter(assigneeID: assignee)
        var today = mine, overdue = mine, upcoming = mine
        today.due = .today
        overdue.due = .overdue
        upcoming.due = .upcoming
        let now = services.clock.now
        let listed = try await services.callbacks.list(today, limit: 200, by: principal)
        let late = try await services.callbacks.list(overdue, limit: 200, by: principal)
        let later = try await services.callbacks.list(upcoming, limit: 50, by: principal)
        let rows = { (items: [CallbackListing]) in items.map { row($0, principal, language, now: now) } }
        let calls = listed.items.filter { $0.entry.channel == .phone }
        let written = (late.items + listed.items).filter { $0.entry.channel != .phone }
        var values: [String: Any] = [
            "calls": rows(calls), "has_calls": !calls.isEmpty,
            "overdue": rows(late.items.filter { $0.entry.channel == .phone }), "has_overdue": late.items.contains { $0.entry.channel == .phone },
            "written": rows(written), "has_written": !written.isEmpty, "supervises": supervises, "everyone": assignee == nil,
            "upcoming": rows(later.items), "has_upcoming": !later.items.isEmpty, "upcoming_total": later.total,
        ]
        if let assignee {
            values["quota"] = Self.quotaValues(try await services.callbacks.quota(agent: assignee, by: principal))
        }
        if supervises {
            let team = try await services.callbacks.teamQuotas(by: principal)
            values["team"] = team.map { quota -> [String: Any] in
                Self.quotaValues(quota) + ["current": quota.agentID == assignee]
            }
            values["has_team"] = !team.isEmpty
        }
        return pages.render("callbacks/index", titleKey: "callbacks.title", values: values, request: request, context: context, area: "callbacks")
    }

    @Sendable func report(_ request: Request, context: KefuRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        let language = context.language
        let period = try CallbackAPIController.period(request)
        let report = try await services.callbacks.report(from: period.from, to: period.to, by: principal)
        let text = { (key: String) in pages.catalog.text(key, language) }
        let percent = { (share: Double?) in share.map { String(format: "%.1f%%", $0 * 100) } ?? "—" }
        func counts(_ label: String, _ counts: CallbackReport.Counts) -> [String: Any] {
            ["label": label, "due": counts.due, "done_in_time": counts.doneInTime, "done_late": counts.doneLate, "open": counts.open,
             "overdue": counts.overdue, "unreachable": counts.unreachable, "refused": counts.refused, "satisfied": counts.satisfied,
             "neutral": counts.neutral, "unsatisfied": counts.unsatisfied, "share": percent(counts.inTimeShare)]
        }
        let range = "from=\(report.from)&to=\(report.to)"
        let coverage = report.coverage
        return pages.render("callbacks/report", titleKey: "callbacks.report", values: [
            "from": report.from.description, "to": report.to.description, "created": report.created,
            "totals": counts(text("callbacks.report_total"), report.totals),
            "reasons": report.byReason.map { counts(text("callbacks.reason.\($0.reason.rawValue)"), $0.counts) },
            "agents": report.byAgent.map { counts($0.agentName ?? text("callbacks.unassigned"), $0.counts) },
            "has_rows": report.totals.due > 0,
            "coverage": ["orders": coverage.deliveredOrders, "orders_in_time": coverage.ordersInTime, "order_share": percent(coverage.orderShare),
                         "members": coverage.members, "members_in_time": coverage.membersInTime, "member_share": percent(coverage.memberShare),
                         "met": coverage.met],
            "xlsx": "/api/v1/reports/callbacks?\(range)&format=xlsx", "csv": "/api/v1/reports/callbacks?\(range)&format=csv",
        ], request: request, context: context, area: "callbacks")
    }
}
