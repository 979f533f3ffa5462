import Foundation

/// One field's value before and after a change, as text for the history (R-MEM-5).
public struct MemberFieldChange: Codable, Equatable, Sendable {
    public var field: String
    public var before: String?
    public var after: String?

    public init(field: String, before: String?, after: String?) {
        self.field = field
        self.before = before
        self.after = after
    }

    /// Phones, emails, addresses and the ID number: masked in the history for roles without `pii.view`.
    public var isPersonal: Bool { Member.personalFields.contains(field) }

    /// Contacts the member is told about when they change (R-MEM-5).
    public var isContact: Bool { field == "phones" || field == "emails" }
}

/// A recorded change of a member: what was done, the fields, by whom and when.
public struct MemberHistoryEntry: Codable, Equatable, Sendable {
    public var id: Int64
    public var memberID: Int64
    /// `created`, `updated`, `merged_into`, `merged_from`, `erased`.
    public var action: String
    public var changes: [MemberFieldChange]
    public var changedBy: Int64?
    public var changedByName: String?
    public var changedAt: Date

    public init(id: Int64, memberID: Int64, action: String, changes: [MemberFieldChange], changedBy: Int64?,
                changedByName: String? = nil, changedAt: Date) {
        self.id = id
        self.memberID = memberID
        self.action = action
        self.changes = changes
        self.changedBy = changedBy
        self.changedByName = changedByName
        self.changedAt = changedAt
    }

    /// The entry as someone without `pii.view` sees it.
    public func visible(to permissions: Set<Permission>) -> MemberHistoryEntry {
        guard !permissions.contains(.piiView) else { return self }
        var copy = self
        copy.changes = changes.map { change in
            guard change.isPersonal else { return change }
            return MemberFieldChange(field: change.field, before: change.before.map { _ in "****" }, after: change.after.map { _ in "****" })
        }
        return copy
    }
}

extension Member {
    static let personalFields: Set<String> = ["phones", "emails", "addresses", "id_number"]

    /// The profile fields as text, keyed like the API.
    public var fieldTexts: [(String, String?)] {
        [
            ("name", name), ("gender", gender.rawValue), ("birth_year", birthYear.map(String.init)), ("birthday", birthday),
            ("id_number", idNumber), ("phones", phones.joined(separator: ", ")), ("emails", emails.joined(separator: ", ")),
            ("addresses", addresses.map { "\($0.recipient) \($0.phone) \($0.formatted)" }.joined(separator: "; ")),
            ("grade", grade.rawValue), ("tags", tags.joined(separator: ", ")), ("registration_channel", registrationChannel),
            ("preferences", preferences), ("notes", notes), ("do_not_call", doNotCall ? "true" : "false"), ("rest_hours", restHours),
        ]
    }

    /// The fields that differ from `other` (the state before), blank text counting as absent.
    public func changes(from before: Member) -> [MemberFieldChange] {
        let old = Dictionary(uniqueKeysWithValues: before.fieldTexts)
        return fieldTexts.compactMap { field, value in
            let was = old[field] ?? nil
            let now = value
            func blankIsNil(_ text: String?) -> String? { (text ?? "").isEmpty ? nil : text }
            return blankIsNil(was) == blankIsNil(now) ? nil : MemberFieldChange(field: field, before: blankIsNil(was), after: blankIsNil(now))
        }
    }

    /// The fields of a new member, each as a change from nothing.
    public var creationChanges: [MemberFieldChange] {
        fieldTexts.compactMap { field, value in
            (value ?? "").isEmpty ? nil : MemberFieldChange(field: field, before: nil, after: value)
        }
    }

    /// The member with every personal detail removed (PIPL erasure): name replaced with `name`, contacts, addresses,
    /// birthday, ID number, notes and preferences gone; grade, gender, birth year, channel and the id kept for statistics.
    public func erased(name: String, at now: Date) -> Member {
        var copy = self
        copy.name = name
        copy.birthday = nil
        copy.idNumber = nil
        copy.phones = []
        copy.emails = []
        copy.addresses = []
        copy.tags = []
        copy.notes = ""
        copy.preferences = ""
        copy.restHours = nil
        copy.doNotCall = true
        copy.erasedAt = now
        copy.updatedAt = now
        copy.version += 1
        return copy
    }
}
