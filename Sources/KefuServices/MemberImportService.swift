import Foundation
import KefuDomain
import KefuFiles
import KefuStore

/// Imports members from CSV or XLSX files (issue 5; R-MEM-1, R-MEM-5), shaped like the order import: every row is
/// read and checked by the member rules first and each bad row reported with its line, column and reason; nothing is
/// stored when a row is bad unless the good rows are asked for. A row whose phone or email repeats an earlier row is
/// bad; one that belongs to a stored member is reported, skipped, or updates that member through ``MemberService``
/// with history, as the options say — never a silent second record. New members are written in chunks of 1,000, one
/// transaction each, with a history entry per member and one `member.imported` event per chunk.
public struct MemberImportService: Sendable {
    let database: any Database
    let clock: any Clock
    let service: MemberService
    let members = MemberRepository()
    let events = EventLog()
    static let membersPerChunk = 1000
    static let updatesPerChunk = 200

    public init(database: any Database, clock: any Clock, members: MemberService) {
        self.database = database
        self.clock = clock
        self.service = members
    }

    /// Imports the members in `file`: XLSX when it is a ZIP, else CSV in UTF-8 (with or without BOM), UTF-16,
    /// GBK/GB18030 or Big5. Needs `members.manage`.
    public func importMembers(file: Data, options: MemberImportOptions = MemberImportOptions(), by principal: Principal,
                              progress: (@Sendable (ImportProgress) -> Void)? = nil) async throws -> MemberImportReport {
        try principal.require(.membersManage)
        return try await importMembers(rows: try OrderImportService.readTable(file), options: options, by: principal, progress: progress)
    }

    /// Imports rows whose first row is the header (see ``MemberImportLayout`` for the columns).
    public func importMembers(rows: [TableRow], options: MemberImportOptions = MemberImportOptions(), by principal: Principal,
                              progress: (@Sendable (ImportProgress) -> Void)? = nil) async throws -> MemberImportReport {
        try principal.require(.membersManage)
        guard let header = rows.first else { throw ServiceError.validation([FieldError(field: "file", code: "error.import_no_rows")]) }
        let (layout, headerProblems) = MemberImportLayout.read(header: header.fields)
        guard headerProblems.isEmpty else { throw ServiceError.validation(headerProblems) }
        let data = rows.dropFirst().filter { $0.fields.contains { !$0.trimmingCharacters(in: .whitespaces).isEmpty } }
        guard !data.isEmpty else { throw ServiceError.validation([FieldError(field: "file", code: "error.import_no_rows")]) }

        var plan = try await check(data.map { layout.row($0.fields, line: $0.number) }, options: options)
        plan.report.columns = layout.headers
        plan.report.committed = plan.report.badRows.isEmpty || options.mode == .goodRows
        let total = plan.report.totalRows
        var processed = total - plan.inserts.count - plan.updates.count
        progress?(ImportProgress(processedRows: processed, totalRows: total))
        guard plan.report.committed else { return plan.report }

        let importID = UUID().uuidString.lowercased()
        for start in stride(from: 0, to: plan.inserts.count, by: Self.membersPerChunk) {
            let chunk = Array(plan.inserts[start..<min(start + Self.membersPerChunk, plan.inserts.count)])
            try await insert(chunk, importID: importID, by: principal, into: &plan.report)
            processed += chunk.count
            progress?(ImportProgress(processedRows: processed, totalRows: total))
        }
        for start in stride(from: 0, to: plan.updates.count, by: Self.updatesPerChunk) {
            let chunk = Array(plan.updates[start..<min(start + Self.updatesPerChunk, plan.updates.count)])
            try await update(chunk, by: principal, into: &plan.report)
            processed += chunk.count
            progress?(ImportProgress(processedRows: processed, totalRows: total))
        }
        plan.report.badRows.sort { $0.line < $1.line }
        plan.report.duplicates.sort { ($0.line, $0.memberID) < ($1.line, $1.memberID) }
        return plan.report
    }

    /// A new member to write, with the line it came from.
    struct NewMember: Sendable {
        var line: Int
        var member: Member
    }

    /// A stored member a row updates.
    struct MemberUpdate: Sendable {
        var line: Int
        var memberID: Int64
        var field: String
        var row: MemberImportRow
    }

    /// What checking the file found: the report so far and what to write.
    struct Plan {
        var report: MemberImportReport
        var inserts: [NewMember] = []
        var updates: [MemberUpdate] = []
    }

    /// Checks every row (rules, repeats within the file, stored members) without writing anything.
    func check(_ rows: [MemberImportRow], options: MemberImportOptions) async throws -> Plan {
        let year = service.currentYear
        let now = clock.now
        var plan = Plan(report: MemberImportReport(totalRows: rows.count))
        var candidates: [(row: MemberImportRow, phones: [String], emails: [String])] = []
        var firstLine: [String: Int] = [:]
        for row in rows {
            var problems = row.problems(currentYear: year)
            let contacts = row.contacts
            for (field, values) in [("phone", contacts.phones), ("email", contacts.emails)] {
                for value in values {
                    if let line = firstLine["\(field):\(value)"] {
                        problems.append(FieldError(field: field, code: "error.duplicate_in_file", arguments: ["value": value, "line": "\(line)"]))
                    } else {
                        firstLine["\(field):\(value)"] = row.line
                    }
                }
            }
            if problems.isEmpty { candidates.append((row, contacts.phones, contacts.emails)) } else {
                plan.report.badRows.append(.init(line: row.line, errors: problems))
            }
        }

        let (phones, emails) = (candidates.flatMap(\.phones), candidates.flatMap(\.emails))
        let stored = try await database.read { connection in
            try await members.liveMembers(phones: phones, emails: emails, on: connection)
        }
        var claimed: [Int64: Int] = [:]
        for candidate in candidates {
            let row = candidate.row
            var matches: [(field: String, value: String, id: Int64)] = []
            for phone in candidate.phones { for id in (stored.phones[phone] ?? []).sorted() { matches.append(("phone", phone, id)) } }
            for email in candidate.emails { for id in (stored.emails[email] ?? []).sorted() { matches.append(("email", email, id)) } }
            var ids: [Int64] = []
            for match in matches where !ids.contains(match.id) { ids.append(match.id) }
            let firstMatch = { (id: Int64) in matches.first { $0.id == id }! }
            guard !ids.isEmpty else {
                plan.inserts.append(NewMember(line: row.line, member: row.draft.member(createdAt: now, updatedAt: now)))
                continue
            }
            switch options.duplicates {
            case .report:
                plan.report.badRows.append(.init(line: row.line, errors: ids.map { id in
                    FieldError(field: firstMatch(id).field, code: "error.member_duplicate", arguments: ["value": firstMatch(id).value, "id": "\(id)"])
                }))
                plan.report.duplicates += ids.map { .init(line: row.line, memberID: $0, field: firstMatch($0).field, action: .reported) }
            case .skip:
                plan.report.skipped += 1
                plan.report.duplicates += ids.map { .init(line: row.line, memberID: $0, field: firstMatch($0).field, action: .skipped) }
            case .update:
                let match = firstMatch(ids[0])
                if ids.count > 1 {
                    plan.report.badRows.append(.init(line: row.line, errors: [
                        FieldError(field: match.field, code: "error.member_duplicate_several",
                                   arguments: ["ids": ids.map { "#\($0)" }.joined(separator: ", ")]),
                    ]))
                    plan.report.duplicates += ids.map { .init(line: row.line, memberID: $0, field: firstMatch($0).field, action: .reported) }
                } else if let earlier = claimed[match.id] {
                    plan.report.badRows.append(.init(line: row.line, errors: [
                        FieldError(field: match.field, code: "error.member_duplicate_in_file", arguments: ["id": "\(match.id)", "line": "\(earlier)"]),
                    ]))
                    plan.report.duplicates.append(.init(line: row.line, memberID: match.id, field: match.field, action: .reported))
                } else {
                    claimed[match.id] = row.line
                    plan.updates.append(MemberUpdate(line: row.line, memberID: match.id, field: match.field, row: row))
                }
            }
        }
        try await checkUpdates(&plan, currentYear: year)
        plan.report.badRows.sort { $0.line < $1.line }
        plan.report.duplicates.sort { ($0.line, $0.memberID) < ($1.line, $1.memberID) }
        return plan
    }

    /// Applies each update row to its member as stored now: a result that breaks the member rules is a bad row, one
    /// that changes nothing is counted as unchanged; the rest are planned.
    func checkUpdates(_ plan: inout Plan, currentYear: Int) async throws {
        guard !plan.updates.isEmpty else { return }
        let ids = plan.updates.map(\.memberID)
        let current = try await database.read { connection in
            var found: [Int64: Member] = [:]
            for start in stride(from: 0, to: ids.count, by: 1000) {
                for member in try await members.find(ids: Array(ids[start..<min(start + 1000, ids.count)]), on: connection) {
                    found[member.id] = member
                }
            }
            return found
        }
        var planned: [MemberUpdate] = []
        for update in plan.updates {
            guard let member = current[update.memberID] else {
                plan.report.skipped += 1
                plan.report.duplicates.append(.init(line: update.line, memberID: update.memberID, field: update.field, action: .skipped))
                continue
            }
            let draft = update.row.applied(to: member.draft)
            let problems = draft.problems(currentYear: currentYear).map(MemberImportRow.importField)
            if !problems.isEmpty {
                plan.report.badRows.append(.init(line: update.line, errors: problems))
                plan.report.duplicates.append(.init(line: update.line, memberID: update.memberID, field: update.field, action: .reported))
            } else if draft.member(id: member.id, version: member.version, createdAt: member.createdAt, updatedAt: member.updatedAt)
                .changes(from: member).isEmpty {
                plan.report.unchanged += 1
                plan.report.duplicates.append(.init(line: update.line, memberID: update.memberID, field: update.field, action: .unchanged))
            } else {
                planned.append(update)
                plan.report.duplicates.append(.init(line: update.line, memberID: update.memberID, field: update.field, action: .updated))
            }
        }
        plan.updates = planned
    }
}
