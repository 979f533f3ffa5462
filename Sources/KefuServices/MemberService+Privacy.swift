import Foundation
import KefuDomain
import KefuMail
import KefuStore

/// Confidential member data (R-MEM-4, R-SEC-2): masking, the logged full view, reveal, contact-change notices
/// (R-MEM-5) and erasure.
extension MemberService {
    /// The members as `principal` may see them: masked without `pii.view`; in full with it, and then the full view
    /// is logged (R-MEM-4): one `pii.viewed` event per response, whose snapshot lists the ids of the members shown with
    /// personal data (`{"member_ids":"1,2,3"}`); its entity id is that member's when there is one, else none.
    func shown(_ list: [Member], to principal: Principal) async throws -> [Member] {
        guard principal.can(.piiView) else { return list.map { $0.masked() } }
        let personal = list.filter { !$0.phones.isEmpty || !$0.emails.isEmpty || !$0.addresses.isEmpty || $0.idNumber != nil }
        if !personal.isEmpty {
            let now = clock.now
            let ids = personal.map { "\($0.id)" }
            let event = principal.event("pii.viewed", entity: "member", id: ids.count == 1 ? ids[0] : nil,
                                        after: Snapshot.json(["member_ids": ids.joined(separator: ",")]), at: now)
            try await database.statement { try await events.append(event, on: $0) }
        }
        return list
    }

    /// Whether `principal` may reveal the member's contacts: supervisors and above, and whoever holds open work for
    /// the member (a ticket, an order, a callback).
    public func canReveal(id: Int64, by principal: Principal) async throws -> Bool {
        guard principal.can(.membersView) else { return false }
        guard let user = principal.user else { return true }
        if MemberAccess.oversees(user.role) { return true }
        return try await database.read { try await members.hasOpenWork(memberID: id, userID: user.id, on: $0) }
    }

    /// The member's contacts in full, for someone allowed (see ``canReveal(id:by:)``); writes exactly one
    /// `pii.revealed` event. Erased members have nothing to reveal.
    public func reveal(id: Int64, by principal: Principal) async throws -> Member {
        try principal.require(.membersView)
        guard let member = try await database.read({ try await members.find(id: id, on: $0) }) else {
            throw ServiceError.notFound(entity: "member")
        }
        if member.isErased { throw ServiceError.invalidState(current: "erased", allowed: []) }
        guard try await canReveal(id: id, by: principal) else { throw ServiceError.forbidden(.piiView) }
        let now = clock.now
        try await database.transaction { connection in
            try await events.append(principal.event(EventKind.piiRevealed, entity: "member", id: "\(id)", at: now), on: connection)
        }
        return member
    }

    /// Tells the member their contact details changed (R-MEM-5), through a channel they still have: mail to an
    /// email kept (or the old one, when all changed) goes to the outbound queue; with only a phone left, a text
    /// message is recorded as `pending` (no SMS gateway yet: nothing is sent).
    func notifyContactChange(before: Member, after: Member, fields: [String], at now: Date, on connection: any SQLConnection) async throws {
        let text = MemberNotice.contactChanged(name: after.name, fields: fields)
        let keptEmails = after.emails.filter(before.emails.contains)
        let keptPhones = after.phones.filter(before.phones.contains)
        if let email = keptEmails.first ?? before.emails.first {
            let outgoing = OutgoingMail(
                from: MailAddress(name: MemberNotice.sender, address: mail.from), to: [MailAddress(name: after.name, address: email)],
                subject: text.subject, textBody: text.body, messageID: MailComposer.newMessageID(domain: mail.domain), date: now,
                timeZone: timeZone, extraHeaders: [("Auto-Submitted", "auto-generated"), ("X-Kefu-Member", "\(after.id)")])
            let mailID = try await OutboundMailRepository().queue(ticketID: nil, messageID: outgoing.messageID, recipients: [email],
                                                                  content: MailComposer.compose(outgoing), at: now, on: connection)
            try await members.addNotice(memberID: after.id, channel: "email", recipient: email, kind: MemberNotice.kindContactChanged,
                                        body: text.body, status: "queued", outboundMailID: mailID, at: now, on: connection)
        } else if let phone = keptPhones.first ?? before.phones.first {
            try await members.addNotice(memberID: after.id, channel: "sms", recipient: phone, kind: MemberNotice.kindContactChanged,
                                        body: text.body, status: "pending", outboundMailID: nil, at: now, on: connection)
        }
    }

    /// Notices sent or waiting for the member, oldest first; recipients masked without `pii.view`.
    public func notices(id: Int64, by principal: Principal) async throws -> [MemberRepository.Notice] {
        try principal.require(.membersView)
        let list = try await database.read { try await members.notices(memberID: id, on: $0) }
        guard !principal.can(.piiView) else { return list }
        return list.map { notice in
            var notice = notice
            notice.recipient = notice.channel == "sms" ? PII.maskPhone(notice.recipient) : PII.maskEmail(notice.recipient)
            return notice
        }
    }

    /// Erases a member's personal data (PIPL): `anonymousName` replaces the name (e.g. "已注销会员 #12", from the
    /// catalog); contacts, addresses, birthday, ID number, notes, preferences and the values in the history go. The row,
    /// its orders and tickets stay, so statistics keep counting. Needs `members.manage` and a supervisor or above.
    public func erase(id: Int64, anonymousName: String, by principal: Principal) async throws -> Member {
        try principal.require(.membersManage)
        if let user = principal.user, !MemberAccess.oversees(user.role) { throw ServiceError.forbidden(.membersManage) }
        let now = clock.now
        return try await database.transaction { connection in
            try await members.lock(id: id, on: connection)
            guard let before = try await members.find(id: id, on: connection) else { throw ServiceError.notFound(entity: "member") }
            if before.isErased { throw ServiceError.conflict(code: "error.already_done", currentVersion: before.version) }
            var after = before.erased(name: anonymousName, at: now)
            after.version = try await members.update(after, expectedVersion: before.version, at: now, on: connection)
            try await members.scrubPersonalRecords(memberID: id, on: connection)
            try await members.addHistory(MemberHistoryEntry(id: 0, memberID: id, action: "erased", changes: [], changedBy: principal.user?.id,
                                                            changedAt: now), on: connection)
            try await events.append(principal.event("member.erased", entity: "member", id: "\(id)",
                                                    before: Snapshot.json(["version": "\(before.version)"]),
                                                    after: Snapshot.json(["version": "\(after.version)"]), at: now), on: connection)
            return after
        }
    }
}
