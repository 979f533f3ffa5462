import Foundation
import KefuDomain
import KefuStore

extension DemoData {
    /// One thing an agent does on a callback.
    enum CallStep: Sendable {
        case attempt(CallbackAttempt.Result, String?)
        case outcome(CallbackOutcome, String?, TicketType?)
    }

    /// Yesterday's calls, one callback each, in the order they were made (R-CB-2): every outcome, an unsatisfied member
    /// opening a complaint or a suggestion, and the tries that reached no one, the wrong number and the refusal.
    static let yesterdaysCalls: [[CallStep]] = [
        [.attempt(.answered, nil), .outcome(.satisfied, nil, nil)],
        [.attempt(.noAnswer, "无人接听"), .attempt(.answered, nil), .outcome(.satisfied, "希望快递能送货上楼", nil)],
        [.attempt(.answered, nil), .outcome(.neutral, "包装一般，商品本身还可以", nil)],
        [.attempt(.busy, "占线")],
        [.attempt(.answered, nil), .outcome(.unsatisfied, "T恤洗了一次就缩水，要求退货，希望改进面料", .complaint)],
        [.attempt(.answered, nil), .outcome(.satisfied, "建议T恤多出几个颜色", nil)],
        [.attempt(.noAnswer, nil), .attempt(.noAnswer, "两次都无人接听")],
        [.attempt(.answered, nil), .outcome(.neutral, nil, nil)],
        [.attempt(.answered, nil), .outcome(.unsatisfied, "希望能选择晚上送货，白天家里没人", .suggestion)],
        [.attempt(.wrongNumber, "接电话的人说不认识这位客户")],
        [.attempt(.answered, nil), .outcome(.satisfied, "对这次的处理很满意", nil)],
        [.attempt(.refused, "客户说很忙，不需要回访")],
        [.attempt(.answered, nil), .outcome(.unsatisfied, "快递员态度差，把包裹直接扔在门口", .complaint)],
        [.attempt(.answered, nil), .outcome(.satisfied, "客服回访很及时，点赞", nil)],
        [.attempt(.busy, nil), .attempt(.noAnswer, nil), .attempt(.noAnswer, "三次未接通")],
        [.attempt(.answered, nil), .outcome(.satisfied, nil, nil)],
        [.attempt(.noAnswer, nil)],
        [.attempt(.answered, nil), .outcome(.neutral, "价格偏高，等活动再买", nil)],
    ]

    /// Calls members asked for on a later day (manual callbacks): days from today, the member (index into
    /// ``demoMembers``), the agent and what was agreed.
    static let requestedCallbacks: [(inDays: Int, member: Int, agent: String, note: String)] = [
        (1, 5, "chen.jing", "客户要求明天上午回电，确认换货进度"),
        (2, 120, "chen.jing", "会员在外地出差，约好后天上午回电"),
        (3, 333, "zhang.wei", "会员想了解金卡权益，约定大后天下午详细介绍"),
    ]

    /// The first calls of members assigned before `cutoff`, made within their week (set-based: hundreds of rows):
    /// done with an answered call (or the message sent, for members who are not called) and a `callback.completed`
    /// event each, at 16:00-something — outside everyone's rest hours.
    func completeFirstContacts(before cutoff: Date) async throws {
        let people = try await agentsByID()
        try await services.database.transaction { connection in
            let done = try await connection.query(
                """
                UPDATE callbacks SET status = 'done',
                    outcome = CASE WHEN channel = 'phone' THEN (CASE WHEN id % 7 = 0 THEN 'neutral' ELSE 'satisfied' END) END,
                    completed_at = not_before + \(Int64(86_400_000)) * (1 + id % 4) + \(Int64(60_000)) * (360 + id % 60),
                    completed_by = assignee_id, version = version + 1, updated_at = \(cutoff)
                WHERE reason = 'first_contact' AND status = 'open' AND due_by < \(cutoff)
                RETURNING id, assignee_id, outcome, completed_at
                """)
            guard !done.isEmpty else { return }
            let ids = try done.map { try $0.int("id") }
            try await connection.query(
                """
                INSERT INTO callback_attempts (callback_id, result, note, by_id, at)
                SELECT id, CASE WHEN channel = 'phone' THEN 'answered' ELSE 'sent' END, NULL, assignee_id, completed_at
                FROM callbacks WHERE id IN \(list: ids)
                """)
            try await EventLog().append(all: try done.map { row in
                let principal = row.optionalInt("assignee_id").flatMap { people[$0] } ?? .system
                return principal.event("callback.completed", entity: "callback", id: "\(try row.int("id"))",
                                       after: Snapshot.json(["outcome": row.optionalString("outcome")]), at: try row.date("completed_at"))
            }, on: connection)
        }
    }

    /// Yesterday: the morning's generation run, then the agents' calls (``yesterdaysCalls``) on every other open
    /// callback, and one member who is not called sent a message instead.
    func fillCallbackHistory() async throws {
        _ = try await services(at: instant(daysAgo: 1, 9, 5)).callbacks.generate()
        let people = try await agentsByID()
        let open = try await openCallbacks()
        // Every other call still within its window, and two already late (the 15th and 16th).
        let evening = instant(daysAgo: 1, 20)
        let phone = open.filter { $0.channel == .phone && people[$0.assignee ?? 0] != nil }
        let timely = stride(from: 0, to: phone.count, by: 2).map { phone[$0] }.filter { $0.dueBy > evening }
        let late = phone.filter { $0.dueBy <= instant(daysAgo: 1, 9) }.suffix(2)
        let picks = Array(timely.prefix(14) + late + timely.dropFirst(14))
        try await makeCalls(Self.yesterdaysCalls, on: picks, from: instant(daysAgo: 1, 9, 30), every: 17 * 60, people: people)
        if let message = open.first(where: { $0.channel != .phone }), let agent = people[message.assignee ?? 0] {
            _ = try await services(at: instant(daysAgo: 1, 10, 12)).callbacks.recordAttempt(
                id: message.id, result: .sent, note: "已发送回访短信", by: agent)
        }
    }

    /// This morning: ten gold members given to 陈静 (their first calls due within the week, R-MEM-3), today's
    /// generation run, the calls she has made so far (quota progress, R-CB-4) and the calls members asked for on
    /// later days. Skipped when there are no members or manual callbacks exist.
    func fillCallbacks() async throws -> [String] {
        let state = try await services.database.read { connection in
            (try await connection.first("SELECT COUNT(*) AS n FROM members")?.int("n") ?? 0,
             try await connection.first("SELECT COUNT(*) AS n FROM callbacks WHERE reason = 'manual'")?.int("n") ?? 0)
        }
        guard state.0 > 0, state.1 == 0 else { return [] }
        let supervisor = try await staff("li.na")
        let agent = try await staff("chen.jing")
        let fresh = try await services.members.unassigned(MemberFilter(grade: .gold), limit: 10, by: supervisor).members.map(\.id)
        _ = try await services.members.assign(MemberSelection(memberIDs: fresh, agentIDs: [agent.user!.id]), by: supervisor)
        _ = try await services.callbacks.generate()
        let people = try await agentsByID()
        let hers = try await openCallbacks().filter { $0.assignee == agent.user!.id && $0.channel == .phone && $0.notBefore < instant(daysAgo: 0, 9) }
        let morning: [[CallStep]] = Array(repeating: [.attempt(.answered, nil), .outcome(.satisfied, nil, nil)], count: 4)
        try await makeCalls(morning, on: hers, from: instant(daysAgo: 0, 9, 10), every: 9 * 60, people: people)
        let now = services.clock.now
        let members = MemberRepository(), callbacks = CallbackRepository(), events = EventLog()
        for request in Self.requestedCallbacks {
            let by = try await staff(request.agent)
            try await services.database.transaction { connection in
                let member = try await members.soleMember(phone: Self.demoMembers[request.member].phone, on: connection)
                let callback = Callback(reason: .manual, memberID: member, assigneeID: by.user!.id,
                                        notBefore: instant(daysAgo: -request.inDays, 10), dueBy: instant(daysAgo: -request.inDays, 18),
                                        note: request.note, createdAt: now)
                let id = try await callbacks.insert(callback, createdBy: supervisor.user!.id, on: connection)
                try await events.append(supervisor.event("callback.added", entity: "callback", id: "\(id)",
                                                         after: Snapshot.json(["reason": "manual", "assignee": "\(by.user!.id)"]), at: now),
                                        on: connection)
            }
        }
        let total = try await services.database.read { try await $0.first("SELECT COUNT(*) AS n FROM callbacks")?.int("n") ?? 0 }
        return ["\(total) callbacks"]
    }

    /// Runs `calls` in turn, each on the next of `callbacks`, the first from `start` and each later one `every`
    /// seconds on, outside the standard rest hours and never after now. A step refused (the member's own rest hours,
    /// the next try not due) ends that callback's calls.
    func makeCalls(_ calls: [[CallStep]], on callbacks: [OpenCallback], from start: Date, every: TimeInterval,
                   people: [Int64: Principal]) async throws {
        let latest = services.clock.now.addingTimeInterval(-120)
        let rest = QuietHours.standard
        var cursor = start
        for (calls, callback) in zip(calls, callbacks) {
            guard let agent = people[callback.assignee ?? 0] else { continue }
            var at = rest.nextAllowed(from: cursor, in: services.timeZone) ?? cursor
            cursor = at.addingTimeInterval(every)
            steps: for step in calls {
                guard at < latest else { break steps }
                let desk = services(at: at).callbacks
                do {
                    switch step {
                    case .attempt(let result, let note):
                        let detail = try await desk.recordAttempt(id: callback.id, result: result, note: note, by: agent)
                        at = max(at.addingTimeInterval(4 * 60), detail.listing.entry.callback.nextAttemptAt ?? at)
                    case .outcome(let outcome, let words, let type):
                        _ = try await desk.recordOutcome(id: callback.id, CallbackOutcomeDraft(outcome: outcome, suggestions: words,
                                                                                              ticketType: type?.rawValue), by: agent)
                    }
                } catch ServiceError.validation {
                    break steps
                }
                at = rest.nextAllowed(from: at.addingTimeInterval(60), in: services.timeZone) ?? at
            }
        }
    }

    /// An open callback as the demo picks them.
    struct OpenCallback: Sendable {
        var id: Int64
        var assignee: Int64?
        var channel: Callback.Channel
        var notBefore: Date
        var dueBy: Date
    }

    func openCallbacks() async throws -> [OpenCallback] {
        try await services.database.read { connection in
            try await connection.query("SELECT id, assignee_id, channel, not_before, due_by FROM callbacks WHERE status = 'open' ORDER BY id").map {
                OpenCallback(id: try $0.int("id"), assignee: $0.optionalInt("assignee_id"), channel: try $0.value("channel"),
                             notBefore: try $0.date("not_before"), dueBy: try $0.date("due_by"))
            }
        }
    }

    /// The member agents as principals, by user id.
    func agentsByID() async throws -> [Int64: Principal] {
        Dictionary(uniqueKeysWithValues: try await Self.memberAgents.asyncMap { try await staff($0) }.map { ($0.user!.id, $0) })
    }
}
