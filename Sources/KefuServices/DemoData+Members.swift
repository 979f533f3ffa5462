import Foundation
import KefuDomain
import KefuStore

extension DemoData {
    /// The agents who look after members and make callbacks.
    static let memberAgents = ["zhang.wei", "liu.yang", "chen.jing"]

    /// A few thousand members (R-MEM-1, 2) written set-based as an import writes them, each with a `created` history
    /// entry; the VIPs given to the agents weeks ago (R-MEM-3) with their first calls made, and a dozen more nine days
    /// ago. Their orders and tickets come with the orders (``fillMemberHistory()``). Skipped when there are members.
    func fillMembers() async throws -> [String] {
        let existing = try await services.database.read { try await $0.first("SELECT COUNT(*) AS n FROM members")?.int("n") ?? 0 }
        guard existing == 0 else { return [] }
        let now = services.clock.now
        let year = services.members.currentYear
        let profiles = Self.demoMembers.filter { $0.draft.problems(currentYear: year).isEmpty }
        let repository = MemberRepository(), events = EventLog()
        let members = try await services.database.transaction { connection -> [Member] in
            let ids = try await repository.reserveIDs(count: profiles.count, on: connection)
            let members = zip(profiles, ids).map { profile, id -> Member in
                let registered = now.addingTimeInterval(-TimeInterval(profile.registeredDaysAgo) * 86_400)
                return profile.draft.member(id: id, createdAt: registered, updatedAt: registered)
            }
            try await repository.insert(batch: members, on: connection)
            try await repository.addHistory(batch: members.map {
                MemberHistoryEntry(id: 0, memberID: $0.id, action: "created", changes: $0.creationChanges, changedBy: nil, changedAt: $0.createdAt)
            }, on: connection)
            let linked = try await repository.linkRecords(phones: members.flatMap(\.phones), emails: members.flatMap(\.emails), on: connection)
            try await events.append(Principal.system.event(
                "member.imported", entity: "member_import", id: "demo",
                after: Snapshot.json(["import": "demo", "count": "\(members.count)", "linked": "\(linked)"]), at: now), on: connection)
            return members
        }
        var created = ["\(members.count) members"]
        let agents = try await Self.memberAgents.asyncMap { try await staff($0).user!.id }
        let supervisor = try await staff("li.na")
        // VIPs got their own agent when the member programme started; their first calls were made that week.
        let vips = members.filter { $0.grade >= .platinum }.map(\.id)
        _ = try await services(at: instant(daysAgo: 40, 10)).members.assign(MemberSelection(memberIDs: vips, agentIDs: agents), by: supervisor)
        try await completeFirstContacts(before: instant(daysAgo: 30, 0))
        // A dozen gold members nine days ago: their first calls are due by now, some tried and not reached.
        let gold = members.filter { $0.grade == .gold && !$0.doNotCall }.map(\.id)
        _ = try await services(at: instant(daysAgo: 9, 15, 30)).members.assign(
            MemberSelection(memberIDs: Array(gold.prefix(12)), agentIDs: agents), by: supervisor)
        created.append("\(vips.count + min(12, gold.count)) members with an agent")
        return created
    }

    /// Services whose clock stands at `instant`, so that what the demo did in the past carries the time it happened.
    func services(at instant: Date) -> Services {
        Services(database: services.database, clock: FixedClock(instant), settings: services.settings)
    }

    /// `hour:minute` on the day `daysAgo` days before today, in the business time zone.
    func instant(daysAgo: Int, _ hour: Int, _ minute: Int = 0) -> Date {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = services.timeZone
        let day = calendar.date(byAdding: .day, value: -daysAgo, to: calendar.startOfDay(for: services.clock.now))!
        return day.addingTimeInterval(TimeInterval(hour * 3600 + minute * 60))
    }

    /// A demo staff member acting through the web.
    func staff(_ login: String) async throws -> Principal {
        Principal(user: try await services.users.find(login: login, by: .system), channel: .session)
    }
}
