import Foundation
import KefuDomain
import KefuStore

/// Writing a checked member import: new members in batches, updates through ``MemberService``.
extension MemberImportService {
    /// Writes one chunk of new members in one transaction: members, contacts, search terms, a history entry each
    /// (`imported`), links to their orders and tickets, and one `member.imported` event. A row whose phone or email
    /// was stored by someone else since the file was checked is skipped and listed, never saved twice.
    func insert(_ chunk: [NewMember], importID: String, by principal: Principal, into report: inout MemberImportReport) async throws {
        let now = clock.now
        let members = self.members, events = self.events
        let (written, clashes) = try await database.transaction { connection -> (Int, [MemberImportReport.Duplicate]) in
            let stored = try await members.liveMembers(phones: chunk.flatMap(\.member.phones), emails: chunk.flatMap(\.member.emails),
                                                       on: connection)
            var fresh: [NewMember] = []
            var clashes: [MemberImportReport.Duplicate] = []
            for new in chunk {
                let phone = new.member.phones.lazy.compactMap { stored.phones[$0]?.min() }.first
                let email = new.member.emails.lazy.compactMap { stored.emails[$0]?.min() }.first
                if let id = phone ?? email {
                    clashes.append(.init(line: new.line, memberID: id, field: phone != nil ? "phone" : "email", action: .skipped))
                } else {
                    fresh.append(new)
                }
            }
            guard !fresh.isEmpty else { return (0, clashes) }
            let ids = try await members.reserveIDs(count: fresh.count, on: connection)
            let saved = zip(fresh, ids).map { new, id -> Member in
                var member = new.member
                member.id = id
                return member
            }
            try await members.insert(batch: saved, on: connection)
            try await members.addHistory(batch: saved.map {
                MemberHistoryEntry(id: 0, memberID: $0.id, action: "imported", changes: $0.creationChanges, changedBy: principal.user?.id,
                                   changedAt: now)
            }, on: connection)
            let linked = try await members.linkRecords(phones: saved.flatMap(\.phones), emails: saved.flatMap(\.emails), on: connection)
            // Events are kept for ever and cannot be erased: they name the members, never personal values.
            try await events.append(principal.event(
                "member.imported", entity: "member_import", id: importID,
                after: Snapshot.json(["import": importID, "count": "\(saved.count)", "linked": "\(linked)",
                                      "ids": saved.map { String($0.id) }.joined(separator: ",")]), at: now), on: connection)
            return (saved.count, clashes)
        }
        report.imported += written
        report.skipped += clashes.count
        report.duplicates += clashes
    }

    /// Updates the stored members of one chunk in one transaction, each through ``MemberService`` (checks, history,
    /// event, contact-change notice: R-MEM-5).
    func update(_ chunk: [MemberUpdate], by principal: Principal, into report: inout MemberImportReport) async throws {
        let now = clock.now
        let year = service.currentYear
        let service = self.service
        let outcomes = try await database.transaction { connection -> [(MemberUpdate, MemberService.ImportUpdate)] in
            var outcomes: [(MemberUpdate, MemberService.ImportUpdate)] = []
            for update in chunk {
                let row = update.row
                let outcome = try await service.importUpdate(id: update.memberID, by: principal, at: now, currentYear: year, on: connection) {
                    $0 = row.applied(to: $0)
                }
                outcomes.append((update, outcome))
            }
            return outcomes
        }
        var positions: [Int: Int] = [:]
        for (index, duplicate) in report.duplicates.enumerated() where duplicate.action == .updated { positions[duplicate.line] = index }
        for (update, outcome) in outcomes {
            let index = positions[update.line]
            let action: MemberImportReport.Duplicate.Action
            switch outcome {
            case .changed:
                report.updated += 1
                action = .updated
            case .unchanged:
                report.unchanged += 1
                action = .unchanged
            case .problems(let problems):
                report.badRows.append(.init(line: update.line, errors: problems.map(MemberImportRow.importField)))
                action = .reported
            case .gone:
                report.skipped += 1
                action = .skipped
            }
            if let index { report.duplicates[index].action = action } else {
                report.duplicates.append(.init(line: update.line, memberID: update.memberID, field: update.field, action: action))
            }
        }
    }
}
